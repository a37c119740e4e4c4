# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 69adbf13819575c0); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

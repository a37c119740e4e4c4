# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 e35e16e67c691e80); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

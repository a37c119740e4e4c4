# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 239f40da34fdc5fb); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

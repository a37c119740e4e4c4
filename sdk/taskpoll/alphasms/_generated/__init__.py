# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 cd7431a0d1e350a7); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

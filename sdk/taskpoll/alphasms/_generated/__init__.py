# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 1036e3930ff7a5ac); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

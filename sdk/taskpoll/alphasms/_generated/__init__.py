# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 bd7d4ebb411e75c0); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

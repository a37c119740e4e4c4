# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 be7a07ae8d7c95c9); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

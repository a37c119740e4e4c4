# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 b73557add45c62fc); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

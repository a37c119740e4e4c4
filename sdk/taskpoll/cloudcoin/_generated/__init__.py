# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 03bb03e8957af50d); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

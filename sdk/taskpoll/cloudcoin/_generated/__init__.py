# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 687fdf15740f3bbf); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

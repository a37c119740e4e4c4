# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 2f4afc7e88d2daf8); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 48692502e7a54f78); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 223cc0e154f1b1f4); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

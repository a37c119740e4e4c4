# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 66d0edf6249b2abe); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

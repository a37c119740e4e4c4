# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 e1e236f68c972a03); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

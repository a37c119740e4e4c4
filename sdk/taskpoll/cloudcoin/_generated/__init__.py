# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 5843d60e3700e5d2); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

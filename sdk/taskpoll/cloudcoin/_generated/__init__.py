# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 0c9e588f631ff627); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

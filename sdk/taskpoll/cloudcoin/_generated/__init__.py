# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 7fde285032f290df); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

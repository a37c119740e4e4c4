# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 8e78266fe6b3d6a4); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 d49d376615fa7253); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

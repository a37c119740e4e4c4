# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 d5d604009aeb2598); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

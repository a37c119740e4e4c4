# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 b86d7350366fa83b); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

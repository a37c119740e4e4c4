# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 8f7693c3b7ebe077); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 603ffffcbab1ef53); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 b0661f026811e50d); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

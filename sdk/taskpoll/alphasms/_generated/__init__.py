# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 acb614aa49ed8dea); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

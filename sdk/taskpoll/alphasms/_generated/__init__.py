# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 126257fcdc4f1f94); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

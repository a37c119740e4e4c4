# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 fee7375ddd0e0d6e); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

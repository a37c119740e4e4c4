# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 e4a749780160f78a); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

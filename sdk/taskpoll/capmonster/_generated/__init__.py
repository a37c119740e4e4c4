# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 168d337bb0eb80fb); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 53f2d86db9e6573e); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

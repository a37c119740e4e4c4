# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 25b5fd708490f20e); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

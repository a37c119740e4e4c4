# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 acaa533075bbcee8); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

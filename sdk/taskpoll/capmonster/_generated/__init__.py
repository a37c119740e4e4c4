# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 e07e72971069a7a1); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 e8b3117da96008a4); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

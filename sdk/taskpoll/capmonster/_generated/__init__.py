# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 2a7f5a458634fbe9); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

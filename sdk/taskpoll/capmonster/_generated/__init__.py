# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 84be9912040bbff8); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 ac0cd9eeb3d46f2b); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

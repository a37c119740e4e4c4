# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 5d344f4f66d35cb8); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 d3c2faed787e6b71); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 701bcc04044b4a31); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

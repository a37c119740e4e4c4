# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 60ab128726b83394); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 356108c04fced02b); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

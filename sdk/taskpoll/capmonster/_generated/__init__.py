# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 d120b81b60701257); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/assemblyai.openapi.yml (sha256 467d600007082f5b); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

# generated — do not edit.
# Source: specs/assemblyai.openapi.yml (sha256 919d8d027d713704); regenerate with `make generate`.
"""Generated from the spec; see the package above for the API."""

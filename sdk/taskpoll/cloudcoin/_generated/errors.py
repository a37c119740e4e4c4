# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 e1e236f68c972a03); regenerate with `make generate`.
"""The error codes of cloudcoin.openapi.yaml, from its x-taskpoll-errors."""

from __future__ import annotations

from typing import Final

from ...errorcodes import ErrorCode, ErrorTable

ERRORS: Final = ErrorTable(
    code="payload.code",
    message="payload.message",
    when=("status", ("error",)),
    default="ApiError",
    default_for_task=None,
    codes={
        4105: ErrorCode("TaskNotFoundError", "Task does not exist"),
        4121: ErrorCode("ApiError", "Validation error. Id: must be a valid UUID v4."),
        4154: ErrorCode("ApiError", "Service Not Found. Invalid URL"),
        4110: ErrorCode("ApiError", "Failed to parse Input JSON"),
    },
)

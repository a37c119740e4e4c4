# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 0c9e588f631ff627); regenerate with `make generate`.
"""The error codes of cloudcoin.openapi.yaml, from its x-taskpoll-errors."""

from __future__ import annotations

from typing import Final

from ..._wire.errortables import ErrorCode, ErrorTable

__all__ = [
    "BAD_JSON",
    "ERRORS",
    "RAIDA_QUORUM",
    "TASK_NOT_FOUND",
    "TASK_TIMED_OUT",
    "UNKNOWN_URL",
    "VALIDATION_ERROR",
]

TASK_NOT_FOUND: Final = 4105
VALIDATION_ERROR: Final = 4121
UNKNOWN_URL: Final = 4154
BAD_JSON: Final = 4110
RAIDA_QUORUM: Final = 4104
TASK_TIMED_OUT: Final = 4106

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
    task_codes={
        4104: ErrorCode("TaskFailedError", "Failed to get enough responses from RAIDA servers"),
        4106: ErrorCode("TaskFailedError", "Task timed out"),
    },
)

# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 acaa533075bbcee8); regenerate with `make generate`.
"""The error codes of capmonster.openapi.yaml, from its x-taskpoll-errors."""

from __future__ import annotations

from typing import Final

from ..._wire.errortables import ErrorCode, ErrorTable

__all__ = ["ERRORS"]


ERRORS: Final = ErrorTable(
    code="errorCode",
    message="errorDescription",
    when=("errorId", (1,)),
    default="ApiError",
    default_for_task="TaskFailedError",
    codes={
        "CAPTCHA_NOT_READY": ErrorCode(None, "Captcha is not ready yet"),
        "ERROR_KEY_DOES_NOT_EXIST": ErrorCode(
            "AccountError", "Account authorization key not found"
        ),
        "ERROR_ZERO_BALANCE": ErrorCode("AccountError", "Account has zero balance"),
        "ERROR_IP_NOT_ALLOWED": ErrorCode(
            "AccountError", "Request from this IP address is not allowed for this key"
        ),
        "ERROR_IP_BANNED": ErrorCode(
            "AccountError", "The IP address is banned for too many requests with a wrong key"
        ),
        "ERROR_IP_BLOCKED": ErrorCode(
            "AccountError", "The IP address is blocked after too many failed requests"
        ),
        "ERROR_NO_SUCH_CAPCHA_ID": ErrorCode("TaskNotFoundError", "Task not found or expired"),
        "WRONG_CAPTCHA_ID": ErrorCode(
            "TaskNotFoundError", "The task id does not exist or its storage has expired"
        ),
        "ERROR_TOO_MUCH_REQUESTS": ErrorCode("RateLimitedError", "Too many requests for this task"),
        "ERROR_NO_SLOT_AVAILABLE": ErrorCode(
            "RateLimitedError", "No idle workers are available at the moment"
        ),
        "ERROR_CAPTCHA_UNSOLVABLE": ErrorCode("TaskFailedError", "Captcha unsolvable"),
        "ERROR_TASK_ABSENT": ErrorCode("ApiError", "Task is absent or invalid JSON"),
        "ERROR_TASK_NOT_SUPPORTED": ErrorCode("ApiError", "Task type is not supported"),
    },
    task_codes={},
)

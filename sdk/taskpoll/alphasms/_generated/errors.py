# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 b86d7350366fa83b); regenerate with `make generate`.
"""The error codes of alphasms.openapi.yaml, from its x-taskpoll-errors."""

from __future__ import annotations

from typing import Final

from ..._wire.errortables import ErrorCode, ErrorTable

__all__ = ["ERRORS"]


ERRORS: Final = ErrorTable(
    code="error",
    message=None,
    when=None,
    default="ApiError",
    default_for_task=None,
    codes={
        200: ErrorCode("ApiError", "unknown error"),
        201: ErrorCode("ApiError", "the request document was refused as malformed"),
        202: ErrorCode("AccountError", "authorisation failed: check the API key"),
        205: ErrorCode("AccountError", "the user account is disabled"),
        209: ErrorCode(
            "AccountError",
            "the API is disabled for this account (enable it in the cabinet's API settings)",
        ),
        210: ErrorCode("AccountError", "this IP address is not on the account's allow-list"),
        212: ErrorCode(
            "RateLimitedError", "too many requests: throttled", message_meaning="send rate exceeded"
        ),
    },
    task_codes={},
)

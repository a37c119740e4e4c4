"""The one error hierarchy every taskpoll failure belongs to.

Catch :class:`TaskpollError` to catch everything the SDK raises.  Errors carry
what a caller needs to act or to report: the task id, the last response (a
:class:`~taskpoll.transport.Response` or a decoded model), and, for waits,
how many requests were made and how long it took.  No message ever contains
an API key: keys live in :class:`~taskpoll.secret.Secret` and bodies are
excerpted through the transport's redaction.
"""

from __future__ import annotations

from typing import Any

from ._secret import redact_live

_MAX_MESSAGE = 1000

__all__ = [
    "AccountError",
    "ApiError",
    "CertificateError",
    "ConstraintError",
    "DecodeError",
    "HTTPStatusError",
    "LedgerError",
    "RateLimitedError",
    "RequestBudgetExceededError",
    "ResponseTooLargeError",
    "StateError",
    "TaskFailedError",
    "TaskNotFoundError",
    "TaskpollError",
    "TransportError",
    "WaitCancelledError",
    "WaitError",
    "WaitTimeoutError",
]


class ConstraintError(ValueError):
    """An argument outside what the API's spec allows (its pattern, length or
    range), refused before anything is sent.  A :class:`ValueError`, as every
    bad argument is; its own class so a decoder can quote its message."""


class TaskpollError(Exception):
    """Base of every error taskpoll raises.

    Attributes are filled where known and ``None`` otherwise; the poller
    fills ``task_id``, ``attempts`` and ``elapsed`` on any error it lets out
    of a wait.
    """

    def __init__(
        self,
        message: str,
        *,
        task_id: str | None = None,
        response: Any = None,
        attempts: int | None = None,
        elapsed: float | None = None,
    ) -> None:
        # Messages quote what servers said: a server may echo the key, or
        # send a description of a megabyte.
        message = redact_live(message)
        if len(message) > _MAX_MESSAGE:
            message = message[:_MAX_MESSAGE] + f"… ({len(message) - _MAX_MESSAGE} more characters)"
        super().__init__(message)
        self.message = message
        self.task_id = task_id
        self.response = response
        self.attempts = attempts
        self.elapsed = elapsed

    def __str__(self) -> str:
        extra = []
        if self.task_id is not None:
            extra.append(f"task {self.task_id}")
        if self.attempts is not None:
            extra.append(f"{self.attempts} request(s)")
        if self.elapsed is not None:
            extra.append(f"{self.elapsed:.1f}s")
        return f"{self.message} ({', '.join(extra)})" if extra else self.message


class TransportError(TaskpollError):
    """The request could not be sent or its response not read completely
    (connection refused or dropped, timeout, TLS failure)."""


class CertificateError(TransportError):
    """The server's TLS certificate was refused (untrusted issuer, wrong
    host name, expired).  Final: trying again cannot change the certificate."""


class HTTPStatusError(TaskpollError):
    """The server answered with an HTTP status the operation does not accept."""

    def __init__(self, message: str, *, status: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.status = status


class DecodeError(TaskpollError):
    """The response body is not what the spec says: malformed JSON or XML,
    a missing required field, a value of the wrong type, a hostile document."""


class ResponseTooLargeError(DecodeError):
    """The body was larger than the transport's cap; it was not read whole."""


class ApiError(TaskpollError):
    """The API answered, and the answer is an error.

    ``code`` is the API's own error code (a string for CapMonster, a number
    for CloudCoin and AlphaSMS) and ``message`` its description.
    """

    def __init__(self, message: str, *, code: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.code = code

    def __str__(self) -> str:
        text = super().__str__()
        if self.code is None:
            return text
        # A hostile server can send a 4,000-digit "code"; a message stays short.
        code = str(self.code)
        return f"[{code if len(code) <= 40 else code[:40] + '…'}] {text}"


class AccountError(ApiError):
    """An account-level refusal (bad key, no balance, IP not allowed, API
    disabled): retrying cannot help, and no further task will succeed."""


class RateLimitedError(ApiError):
    """The server asked us to slow down (HTTP 429, throttling codes)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class TaskNotFoundError(ApiError):
    """The task id is unknown to the server, or its result has expired."""


class TaskFailedError(ApiError):
    """The task finished, and it finished with a failure."""


class WaitError(TaskpollError):
    """A wait ended without the task finishing."""


class WaitTimeoutError(WaitError, TimeoutError):
    """The wait's deadline passed before the task finished."""


class WaitCancelledError(WaitError):
    """The wait was cancelled through its ``threading.Event``."""


class StateError(TaskpollError):
    """A saved wait state (or a ledger) cannot be used: corrupt, truncated,
    foreign, written by a newer taskpoll, locked or unreadable.  The message
    names the file; nothing is reset or guessed."""


class LedgerError(StateError):
    """The request ledger cannot be opened, read or written (or stayed locked
    past its timeout).  The request it was asked about was not sent."""


class RequestBudgetExceededError(WaitError):
    """Sending one more request for this task would break the API's
    per-task request limit, so it was not sent."""

    @classmethod
    def refusing(cls, key: str, spent: int, limit: int) -> RequestBudgetExceededError:
        """The refusal of request ``spent + 1`` against a ledger ``key``
        (``scope:task_id``) whose limit is ``limit``."""
        return cls(
            f"refusing request {spent + 1}: the API allows {limit} per task",
            task_id=key.rsplit(":", 1)[-1],
        )

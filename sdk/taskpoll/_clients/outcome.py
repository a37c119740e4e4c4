"""How a finished task is reported, the same from the command line, Celery
workers and the demo: an exit code, a status, a line, a JSON object.

Exit codes: 0 the task succeeded; 1 it failed (the API says it failed, or
does not know it); 3 the wait gave up (deadline passed, or the per-task
request limit is spent); 4 an API, account, transport or decode error.  The
command line adds 2 for a usage error.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Final

import attrs

from .._waiting.policy import PollEvent
from .._wire.models import to_json
from ..errors import (
    ApiError,
    RequestBudgetExceededError,
    TaskFailedError,
    TaskNotFoundError,
    TaskpollError,
    WaitCancelledError,
    WaitError,
    WaitTimeoutError,
)
from .registry import Api

__all__ = [
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "Outcome",
    "error_json",
    "exit_code",
    "label",
]


EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_TIMEOUT: Final = 3
EXIT_ERROR: Final = 4


def exit_code(error: TaskpollError) -> int:
    """The exit code one task's error stands for."""
    if isinstance(error, TaskFailedError | TaskNotFoundError):
        return EXIT_FAILED
    if isinstance(error, WaitError):
        return EXIT_TIMEOUT
    return EXIT_ERROR


def label(error: TaskpollError) -> str:
    kinds: list[tuple[type[TaskpollError], str]] = [
        (TaskFailedError, "failed"),
        (TaskNotFoundError, "not found"),
        (WaitTimeoutError, "timed out"),
        (RequestBudgetExceededError, "gave up"),
        (WaitCancelledError, "cancelled"),
    ]
    for kind, label in kinds:
        if isinstance(error, kind):
            return label
    return "error"


def error_json(error: TaskpollError) -> dict[str, Any]:
    response = error.response
    return {
        "type": type(error).__name__,
        "code": error.code if isinstance(error, ApiError) else None,
        "message": error.message,
        "attempts": error.attempts,
        "elapsed": None if error.elapsed is None else round(error.elapsed, 3),
        "response": to_json(response) if attrs.has(type(response)) else None,
    }


@attrs.frozen
class Outcome:
    """How one finished task is reported: its exit code, status, a line, a JSON object."""

    api: Api
    task_id: Hashable
    ok: bool
    code: int
    #: The API's last status for a result ("ready", "COMPLETE"), or what became
    #: of the wait ("failed", "timed out", …); the JSON's ``state``.
    status: str
    detail: str
    data: dict[str, Any]

    @classmethod
    def of(
        cls,
        api: Api,
        task_id: Hashable,
        outcome: object,
        status: str = "done",
        response: object = None,
    ) -> Outcome:
        """``outcome`` is what ``wait_many`` yielded for the task: a result or an
        error; ``status`` and ``response`` what its last poll said (the
        :class:`~taskpoll.PollEvent`'s ``status`` and ``outcome``)."""
        if isinstance(outcome, TaskpollError):
            return cls(
                api, task_id, False, exit_code(outcome), label(outcome), str(outcome),
                {"error": error_json(outcome)},
            )  # fmt: skip
        response = outcome if response is None else response
        return cls(
            api, task_id, True, EXIT_OK, status, api.summary(outcome),
            {"result": to_json(response)},
        )  # fmt: skip

    @classmethod
    def after(
        cls, api: Api, task_id: Hashable, outcome: object, last: PollEvent[Any, Any] | None
    ) -> Outcome:
        """:meth:`of`, with the status and response of the task's ``last`` poll
        event (``None`` for a wait that ended before it polled)."""
        said = (last.status, last.outcome) if last is not None else ()
        return cls.of(api, task_id, outcome, *said)

    @property
    def text(self) -> str:
        return f"{self.task_id}  {self.status}  {self.detail}"

    def as_json(self) -> dict[str, Any]:
        """The JSON object of the command line's ``--json`` and the Celery tasks:
        ``api``, ``task_id``, ``ok``, ``state``, and ``result`` or ``error``."""
        return {
            "api": self.api.name,
            "task_id": self.task_id,
            "ok": self.ok,
            "state": self.status,  # the name the command line's JSON has always used
            **self.data,
        }

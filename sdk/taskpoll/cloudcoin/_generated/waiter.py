# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 48692502e7a54f78); regenerate with `make generate`.
"""The waiting rules of cloudcoin.openapi.yaml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import Final, Generic, TypeVar

import attrs

from ..._waiting.policy import Backoff, WaitPolicy
from ..._waiting.waiters import Acceptor, Waiter
from ..._wire.constraints import Constraint
from .models import Task, TaskStatus

# What the waiting operation's task id must be; the generated client checks
# path parameters with the same rule against this constant.
TASK_ID: Final = Constraint(
    "id",
    str,
    pattern="^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
    description=(
        "the server only accepts lowercase dashed UUIDv4 ids such as "
        "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71, not the docs' 32-hex "
        "GUIDs"
    ),
)

WAITER: Final = Waiter(
    acceptors=(
        Acceptor("success", path="status", equals=("completed",)),
        Acceptor("failure", path="status", equals=("error",)),
    ),
    policy=WaitPolicy(
        max_wait=660.0, backoff=Backoff(first=2.0, min=1.5, max=4.0, factor=1.2, jitter=0.2)
    ),
    status_field="status",
    percent="progress",
    retry_statuses=frozenset([429, 500, 502, 503, 504]),
    max_requests=None,
    result_lifetime=None,
    task_id=TASK_ID,
)

D = TypeVar("D")


@attrs.frozen
class CompletedTask(Generic[D]):
    """A finished Task, its ``data`` structured as a wait's ``result_type`` asks."""

    #: The Task exactly as the last poll decoded it (``data`` raw).
    task: Task
    data: D

    @property
    def id(self) -> str:
        """The Task's ``id``."""
        return self.task.id

    @property
    def status(self) -> TaskStatus:
        """The Task's ``status``."""
        return self.task.status

    @property
    def progress(self) -> float:
        """Percent done, a float rounded to 2 decimals (the docs say integer)."""
        return self.task.progress

    @property
    def started(self) -> int | None:
        """Unix time the task was created (absent from the Gen B examples)."""
        return self.task.started

    @property
    def finished(self) -> int | None:
        """Unix time the task ended; 0 while running."""
        return self.task.finished

    @property
    def message(self) -> str | None:
        """ "Command Completed", "Error Occured", or a progress note."""
        return self.task.message

"""CloudCoin's local task servers: start RAIDA tasks and wait for their results.

>>> from taskpoll import cloudcoin
>>> v2 = cloudcoin.Client()                      # /api/v1/tasks/{id} on localhost:8006
>>> done = v2.wait(v2.echo(), max_wait=60.0)     # a CompletedTask[EchoResult]
>>> done.data.online                                                  # doctest: +SKIP
25

:class:`LegacyClient` is the same client on the older server's route
(``/api/v1/task/{id}``, localhost:8004).
"""

from ..errors import TaskpollError
from ._generated.errors import (
    BAD_JSON,
    RAIDA_QUORUM,
    TASK_NOT_FOUND,
    TASK_TIMED_OUT,
    UNKNOWN_URL,
    VALIDATION_ERROR,
)
from ._generated.models import (
    BackupResult,
    CoinResult,
    EchoResult,
    EnvelopeStatus,
    HealthResult,
    ProgramError,
    Task,
    TaskEnvelope,
    TaskErrorData,
    TaskStatus,
)
from ._generated.waiter import CompletedTask, StartedTask
from .client import (
    Client,
    LegacyClient,
    RawData,
    Route,
    TaskClient,
    TaskFailed,
    TasksClient,
)

#: The docs call the health output a "Detect task" result; it is one shape.
DetectResult = HealthResult

__all__ = [
    "BAD_JSON",
    "RAIDA_QUORUM",
    "TASK_NOT_FOUND",
    "TASK_TIMED_OUT",
    "UNKNOWN_URL",
    "VALIDATION_ERROR",
    "BackupResult",
    "Client",
    "CoinResult",
    "CompletedTask",
    "DetectResult",
    "EchoResult",
    "EnvelopeStatus",
    "HealthResult",
    "LegacyClient",
    "ProgramError",
    "RawData",
    "Route",
    "StartedTask",
    "Task",
    "TaskClient",
    "TaskEnvelope",
    "TaskErrorData",
    "TaskFailed",
    "TaskStatus",
    "TaskpollError",
    "TasksClient",
]

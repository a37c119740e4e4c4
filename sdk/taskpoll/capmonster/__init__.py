"""CapMonster Cloud (https://api.capmonster.cloud): create tasks and wait for their solutions.

>>> from taskpoll import capmonster
>>> client = capmonster.Client("…")                                 # doctest: +SKIP
>>> task = capmonster.TurnstileTask(website_url="https://example.com", website_key="0x4AAA…")
>>> done = client.wait(client.create_task(task))
>>> done.solution.token                       # a capmonster.TurnstileSolution

Every task type of the spec is exported here (its request and solution
models, :data:`TaskRequest`, :data:`Solution`, and :data:`TASK_TYPES`, each
accepted ``type`` name → its models).
"""

from ..errors import TaskpollError
from ._generated.models import (
    CreateTaskResponse,
    ErrorId,
    GetBalanceResponse,
    GetTaskResultResponse,
    TaskStatus,
)
from ._generated.tasks import *  # noqa: F403 (every task type: the spec says which)
from ._generated.tasks import __all__ as _task_types
from ._generated.waiter import SolvedTask
from .client import MAX_RESULT_REQUESTS, Client, CreatedTask

__all__ = [
    "MAX_RESULT_REQUESTS",
    "Client",
    "CreateTaskResponse",
    "CreatedTask",
    "ErrorId",
    "GetBalanceResponse",
    "GetTaskResultResponse",
    "SolvedTask",
    "TaskStatus",
    "TaskpollError",
]
__all__ += _task_types  # noqa: PLE0605 (the spec's task types, listed there)

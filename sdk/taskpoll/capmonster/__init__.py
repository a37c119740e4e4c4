"""CapMonster Cloud (https://api.capmonster.cloud): create tasks and wait for their solutions.

>>> from taskpoll import capmonster
>>> client = capmonster.Client(client_key="…")                      # doctest: +SKIP
>>> done = client.wait(client.create_task({"type": "ImageToTextTask", "body": b64}).task_id)
"""

from ..errors import TaskpollError
from ._generated.models import (
    CreateTaskResponse,
    ErrorId,
    GetBalanceResponse,
    GetTaskResultResponse,
    TaskStatus,
)
from .client import MAX_RESULT_REQUESTS, Client

__all__ = [
    "MAX_RESULT_REQUESTS",
    "Client",
    "CreateTaskResponse",
    "ErrorId",
    "GetBalanceResponse",
    "GetTaskResultResponse",
    "TaskStatus",
    "TaskpollError",
]

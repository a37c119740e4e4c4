"""CapMonster Cloud: what its answers mean, and how to wait on a task.

Facts this layer is built on (docs/apis/capmonster.md):

* every answer is HTTP 200 with ``errorId`` 0, or 1 plus an ``errorCode``;
* ``CAPTCHA_NOT_READY`` is "still processing", not an error, and the
  official .NET/JS/Go clients treat HTTP 503 (Python: 500) on
  getTaskResult the same way;
* getTaskResult is limited to **120 requests per task**, after which the
  account may be locked: this client never sends request 121 for a task id;
* the docs ask for polls no closer than 2 s; results live about 5 minutes.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Unpack

import attrs

from .._clients.client import BaseClient, ClientOptions
from .._durable.ledger import RequestBudget
from .._secret import Secret
from .._wire.models import compact, structure
from ._generated.client import CapmonsterApi, ClientCommands
from ._generated.errors import ERRORS
from ._generated.models import CreateTaskResponse, GetTaskResultResponse, TaskRequest
from ._generated.tasks import TASK_TYPES
from ._generated.waiter import WAITER

__all__ = ["MAX_RESULT_REQUESTS", "Client"]

#: The API's documented cap on getTaskResult requests per task.
MAX_RESULT_REQUESTS: Final = WAITER.max_requests or 120

#: Codes that ask us to slow down (from the spec's x-taskpoll-errors).
THROTTLE_CODES: Final = ERRORS.throttles()
#: How many typed tasks' solution types a client remembers (oldest forgotten first).
REMEMBERED_TYPES: Final = 65536


def raise_for_error(response: Any, *, task_id: int | None = None) -> None:
    """Raise the :class:`ApiError` subclass an ``errorId: 1`` answer stands for
    (generated methods already do; this is for answers decoded elsewhere)."""
    ERRORS.check(response, task_id=None if task_id is None else str(task_id))


class Client(ClientCommands, BaseClient[int, GetTaskResultResponse, GetTaskResultResponse]):
    """A CapMonster Cloud client.

    >>> client = Client(client_key="…")                       # doctest: +SKIP
    >>> task_id = client.create_task(ImageToTextTask(body=b64)).task_id
    >>> client.wait(task_id, max_wait=60).solution.text

    A task created from a typed request (a model of :data:`TaskRequest`)
    waits to its typed solution (:class:`ImageToTextSolution`, …); one
    created from a dict, or elsewhere, to a dict, unless the wait is given
    ``result_type=`` a solution model.

    Direct calls raise :class:`~taskpoll.errors.ApiError` subclasses for
    ``errorId: 1``.  Every getTaskResult request, direct or from a wait,
    counts toward the 120-per-task budget of this client.

    :meth:`wait` returns the ``ready`` response, or raises
    :class:`~taskpoll.errors.TaskFailedError` (unsolvable, proxy and task
    errors), :class:`~taskpoll.errors.TaskNotFoundError`,
    :class:`~taskpoll.errors.AccountError`,
    :class:`~taskpoll.errors.WaitTimeoutError` (default 180 s),
    :class:`~taskpoll.errors.RequestBudgetExceededError` before a 121st
    request, or :class:`~taskpoll.errors.WaitCancelledError`.
    """

    waiter = WAITER
    api_name: ClassVar[str] = "capmonster"
    title: ClassVar[str] = "CapMonster Cloud"
    key_env: ClassVar[str | None] = "CAPMONSTER_CLIENT_KEY"
    typed_results = True

    def __init__(
        self,
        client_key: str | Secret,
        *,
        base_url: str = CapmonsterApi.DEFAULT_BASE_URL,
        soft_id: int | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        key = Secret.of(client_key)
        super().__init__(CapmonsterApi, base_url, key=key, **options)
        self.operations = CapmonsterApi(self._session, client_key=key)
        self.soft_id = soft_id
        #: The one place the 120-per-task limit is kept, for waits and direct calls.
        self.budget = RequestBudget(
            MAX_RESULT_REQUESTS,
            lifetime=WAITER.result_lifetime,
            ledger=self.ledger,
            # task ids are a server's own: an emulator's 7654321 is not the service's
            scope=f"capmonster@{self.base_url}",
        )
        self._solution_types: collections.OrderedDict[int, type] = collections.OrderedDict()
        self._types_lock = threading.Lock()  # create_task may be called from many threads

    def create_task(
        self,
        task: TaskRequest | dict[str, Any],
        *,
        callback_url: str | None = None,
        timeout: float | None = None,
    ) -> CreateTaskResponse:
        """Create a task: a typed request such as ``TurnstileTask(website_url=...,
        website_key=...)``, or a dict with ``type`` and the type's parameters."""
        kind = TASK_TYPES.of(task)  # a model whose type names another model fails here
        if isinstance(task, Mapping) and not isinstance(task.get("type"), str):
            raise ValueError("task must have a string 'type'")
        created = self.operations.create_task(
            task=task,
            callback_url=callback_url,
            soft_id=self.soft_id,
            timeout=timeout,
        )
        if kind is not None and not isinstance(task, Mapping) and created.task_id:
            with self._types_lock:
                self._solution_types[created.task_id] = kind.result
                if len(self._solution_types) > REMEMBERED_TYPES:
                    self._solution_types.popitem(last=False)
        return created

    def get_task_result(
        self, task_id: int, *, timeout: float | None = None
    ) -> GetTaskResultResponse:
        """One getTaskResult request (counted against the 120-per-task budget).

        Returns the response while ``processing`` (or ``CAPTCHA_NOT_READY``)
        and once ``ready``; raises for every other error.
        """
        self.budget.spend(self._check_id(task_id))
        return self.operations.get_task_result(task_id=task_id, timeout=timeout)

    def _probe(self, task_id: int, timeout: float) -> GetTaskResultResponse:
        return self.get_task_result(task_id, timeout=timeout)

    @classmethod
    def summary(cls, result: GetTaskResultResponse) -> str:
        return f"solution {compact(result.solution)}"

    def _result(
        self, task_id: int, response: GetTaskResultResponse, result_type: type[Any] | None
    ) -> GetTaskResultResponse:
        with self._types_lock:
            wanted = result_type or self._solution_types.get(task_id)
        if wanted is None or not isinstance(response.solution, dict):
            return response
        solution: Any = structure(response.solution, wanted, task_id=str(task_id))
        return attrs.evolve(response, solution=solution)

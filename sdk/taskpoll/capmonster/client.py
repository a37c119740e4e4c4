"""CapMonster Cloud: what its answers mean, and how to wait on a task.

Facts this layer is built on (https://taskpoll.readthedocs.io/apis/capmonster/):

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
from typing import Any, ClassVar, Final, TypeVar, Unpack, overload

import attrs

from .._clients.client import BaseClient, ClientOptions
from .._clients.renamed import take
from .._clients.started import Started
from .._durable.ledger import RequestBudget
from .._secret import Secret
from .._wire.models import compact, structure
from .._wire.tasktypes import Solves
from ..errors import DecodeError
from ._generated.client import CapmonsterApi, ClientCommands
from ._generated.errors import ERRORS
from ._generated.models import CreateTaskResponse, GetTaskResultResponse
from ._generated.tasks import TASK_TYPES
from ._generated.waiter import WAITER, SolvedTask, Waits

__all__ = ["MAX_RESULT_REQUESTS", "Client", "CreatedTask"]

S = TypeVar("S")

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


@attrs.frozen(kw_only=True)
class CreatedTask(Started[int, S]):
    """A task createTask started: ``task_id``, and the solution type ``S`` a
    wait on it gives (``dict[str, object]`` for a task created from a dict)."""

    #: The createTask answer.
    response: CreateTaskResponse


class Client(ClientCommands, Waits, BaseClient[int, GetTaskResultResponse, SolvedTask[Any]]):
    """A CapMonster Cloud client.

    >>> client = Client("…")                                  # doctest: +SKIP
    >>> created = client.create_task(ImageToTextTask(body=b64))
    >>> client.wait(created, max_wait=60).solution.text

    A task created from a typed request (a model of :data:`TaskRequest`)
    waits to a :class:`SolvedTask` of its typed solution
    (:class:`ImageToTextSolution`, …); one created from a dict, or an id
    from elsewhere, to a dict, unless the wait is given ``result_type=`` a
    solution model.

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

    @overload
    def __init__(
        self,
        key: str | Secret,
        *,
        base_url: str | None = None,
        soft_id: int | None = None,
        **options: Unpack[ClientOptions],
    ) -> None: ...
    @overload
    def __init__(
        self,
        *,
        client_key: str | Secret,
        base_url: str | None = None,
        soft_id: int | None = None,
        **options: Unpack[ClientOptions],
    ) -> None: ...
    def __init__(
        self,
        key: str | Secret | None = None,
        *,
        base_url: str | None = None,
        soft_id: int | None = None,
        client_key: str | Secret | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """Connect with the account's ``key`` (``client_key=`` is its deprecated name)."""
        given = {} if client_key is None else {"client_key": client_key}
        key = take(given, "client_key", "key", key, known=("client_key",))
        if key is None:
            raise TypeError("capmonster.Client needs the account's key")
        secret = Secret.of(key)
        super().__init__(CapmonsterApi, base_url, key=secret, **options)
        self.operations: CapmonsterApi = CapmonsterApi(self._session, client_key=secret)
        #: The software id sent with every createTask (``None``: none).
        self.soft_id: int | None = soft_id
        #: The one place the 120-per-task limit is kept, for waits and direct calls.
        self.budget: RequestBudget = RequestBudget(
            MAX_RESULT_REQUESTS,
            lifetime=WAITER.result_lifetime,
            ledger=self.ledger,
            # task ids are a server's own: an emulator's 7654321 is not the service's
            scope=f"capmonster@{self.base_url}",
        )
        self._solution_types: collections.OrderedDict[int, type] = collections.OrderedDict()
        self._types_lock = threading.Lock()  # create_task may be called from many threads

    @overload
    def create_task(
        self, task: Solves[S], *, callback_url: str | None = None, timeout: float | None = None
    ) -> CreatedTask[S]: ...
    @overload
    def create_task(
        self,
        task: dict[str, Any],
        *,
        callback_url: str | None = None,
        timeout: float | None = None,
    ) -> CreatedTask[dict[str, object]]: ...
    def create_task(
        self,
        task: Solves[Any] | dict[str, Any],
        *,
        callback_url: str | None = None,
        timeout: float | None = None,
    ) -> CreatedTask[Any]:
        """Create a task: a typed request such as ``TurnstileTask(website_url=...,
        website_key=...)``, whose wait gives its typed solution, or a dict with
        ``type`` and the type's parameters, whose wait gives a dict."""
        kind = TASK_TYPES.of(task)  # a model whose type names another model fails here
        if isinstance(task, Mapping) and not isinstance(task.get("type"), str):
            raise ValueError("task must have a string 'type'")
        answer = self.operations.create_task(
            task=task,  # type: ignore[arg-type]  # TASK_TYPES.of checked it is a request
            callback_url=callback_url,
            soft_id=self.soft_id,
            timeout=timeout,
        )
        if not isinstance(answer.task_id, int):
            raise DecodeError("createTask answered without a taskId", response=answer)
        typed = kind.result if kind is not None and not isinstance(task, Mapping) else None
        if typed is not None:
            with self._types_lock:
                self._solution_types[answer.task_id] = typed
                if len(self._solution_types) > REMEMBERED_TYPES:
                    self._solution_types.popitem(last=False)
        return CreatedTask(task_id=answer.task_id, result_type=typed, response=answer)

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
    def summary(cls, result: SolvedTask[Any]) -> str:
        """The solution, as one short line."""
        return f"solution {compact(result.solution)}"

    def _result(
        self, task_id: int, response: GetTaskResultResponse, result_type: type[Any] | None
    ) -> SolvedTask[Any]:
        with self._types_lock:
            wanted = result_type or self._solution_types.get(task_id)
        if wanted is None or not isinstance(response.solution, dict):
            return SolvedTask(response=response, solution=response.solution)
        solution: Any = structure(response.solution, wanted, task_id=str(task_id))
        return SolvedTask(response=response, solution=solution)

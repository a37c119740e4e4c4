"""CloudCoin's local task servers: what their answers mean, and how to wait on a task.

Facts this layer is built on (from the CoinManager Go source, which the docs'
examples match; sources for each: https://taskpoll.readthedocs.io/apis/cloudcoin/):

* every answer is ``{"payload": …, "status": "success"|"error"}``; an error
  envelope comes with **HTTP 200**: 4105 the task does not exist, 4121
  validation error (a malformed id), 4154 unknown URL, 4110 unparsable JSON;
* a task that fails is still a *success* envelope: its status is ``error``,
  its message the useless "Error Occured" and its ``data``
  ``{code, message, details}`` (4104 RAIDA quorum, 4106 timed out);
* while a task runs ``data`` is null or a 25-digit per-RAIDA counter string,
  so a string there is progress, never a result; ``progress`` is a float;
* tasks are kept until the server restarts, and time out after 600 s
  without progress (4106).

Task ids are checked client-side against the server's own rule, a lowercase
dashed UUIDv4 (govalidator's regex), not the docs' "32-hex GUID": the
server mints ids with ``uuid.NewV4()`` and answers 4121 for anything else,
so a failing check only saves a round trip, and in a wait it turns a typo
into an immediate :class:`ValueError` instead of a failed poll.  Pass
``validate_ids=False`` for a server that mints other ids; ids are then only
checked for path safety and percent-encoded (``../wallets`` stays one path
segment either way).

The two documented server generations differ only in the status route:
:class:`Client` is the current one (``/api/v1/tasks/{id}``, docs on port
8006, also CoinManager's), :class:`LegacyClient` the older one
(``/api/v1/task/{id}``, docs on port 8004); the same class with another
default :class:`Route` and base URL.  ``TasksClient`` and ``TaskClient``
are their deprecated names.
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Iterable
from typing import Any, ClassVar, TypeAlias, Unpack

from .._clients.client import BaseClient, ClientOptions
from .._waiting.waiters import Acceptor
from .._wire.models import UNSET, compact, structure
from .._wire.session import answer
from ..errors import DecodeError, TaskFailedError, TaskpollError
from ._generated.client import ClientCommands, CloudcoinApi
from ._generated.errors import ERRORS
from ._generated.models import DetectItem, HealthResult, Task, TaskEnvelope, TaskErrorData
from ._generated.waiter import WAITER, CompletedTask, StartedTask, Waits

#: A completed task's ``data`` when no result type is asked for.
RawData: TypeAlias = dict[str, Any] | str | None


class Route(enum.StrEnum):
    """The status routes; each names an operation of the generated client."""

    #: Gen A (docs on port 8004).
    TASK = "/api/v1/task/{id}"
    #: Gen B (docs on port 8006).
    TASKS = "/api/v1/tasks/{id}"
    #: Gen B's alias as the docs write it ...
    ALIAS = "/get-task-status/{id}"
    #: ... and read relative to ``/api/v1`` like the rest of that page.
    API_ALIAS = "/api/v1/get-task-status/{id}"


class TaskFailed(TaskFailedError):
    """The task ended with status ``error``.

    ``code`` and ``message`` come from the task's error data (4106 "Task
    timed out", …), ``task`` is the failed task and ``error`` its error data,
    or ``None`` when the server sent none.
    """

    def __init__(
        self, message: str, *, task: Task, error: TaskErrorData | None, **kwargs: Any
    ) -> None:
        super().__init__(message, response=task, task_id=task.id, **kwargs)
        self.task = task
        self.error = error


def unwrap(envelope: TaskEnvelope, *, task_id: str | None = None) -> Task:
    """The task in a success envelope; the :class:`ApiError` an error envelope
    stands for (the spec's x-taskpoll-errors says which)."""
    ERRORS.check(envelope, task_id=task_id)
    return answer(envelope, ("payload",), Task, task_id=task_id)


def task_failure(task: Task) -> TaskFailed:
    """The error a task with status ``error`` stands for."""
    error: TaskErrorData | None = None
    if isinstance(task.data, dict):
        try:
            error = structure(task.data, TaskErrorData, task_id=task.id)
        except DecodeError:
            error = None  # keep the raw data on .task; the message still says what we know
    if error is not None:
        return TaskFailed(error.message, code=error.code, task=task, error=error)
    return TaskFailed(task.message or "task failed", task=task, error=None)


class _CloudCoinClient(ClientCommands, Waits, BaseClient[str, Task, CompletedTask[Any]]):
    """Everything both server generations share; subclasses set only the defaults.

    ``wait(v2.echo())`` returns the completed task with its ``data``
    structured as the started task says (an :class:`EchoResult`), as does
    ``wait(task_id, result_type=EchoResult)`` (raw JSON without one), or
    raises :class:`TaskFailed` (status ``error``),
    :class:`~taskpoll.errors.TaskNotFoundError`,
    :class:`~taskpoll.errors.DecodeError` (the result is not a
    ``result_type``), :class:`~taskpoll.errors.WaitTimeoutError` (default
    660 s), :class:`~taskpoll.errors.WaitCancelledError`, and
    :class:`ValueError` for a malformed id, before any request.
    """

    DEFAULT_BASE_URL: ClassVar[str]
    DEFAULT_ROUTE: ClassVar[Route]
    waiter = WAITER
    typed_results = True

    def __init__(
        self,
        *,
        base_url: str | None = None,
        route: Route | str | None = None,
        validate_ids: bool = True,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(CloudcoinApi, base_url or self.DEFAULT_BASE_URL, **options)
        self.operations: CloudcoinApi = CloudcoinApi(self._session, validate=validate_ids)
        #: The status route this client polls.
        self.route: Route = Route(route) if route is not None else self.DEFAULT_ROUTE
        self.validate_ids: bool = validate_ids
        self._fetch = {
            Route.TASK: self.operations.get_task_v1,
            Route.TASKS: self.operations.get_task,
            Route.ALIAS: self.operations.get_task_status,
            Route.API_ALIAS: self.operations.get_task_status_v1,
        }[self.route]

    def __repr__(self) -> str:
        text = super().__repr__()
        return (
            text if self.route is self.DEFAULT_ROUTE else f"{text[:-1]}, route={self.route.name})"
        )

    # -- one request each --------------------------------------------------

    def get_task(self, task_id: str, *, timeout: float | None = None) -> Task:
        """The task's current state (one status request on this client's route).

        Raises :class:`~taskpoll.errors.TaskNotFoundError` (4105) and
        :class:`~taskpoll.errors.ApiError` for other error envelopes; a task
        whose status is ``error`` is returned, not raised (``wait`` raises).
        A ``progress`` outside 0-100 is clamped, with a warning.
        """
        return self._fetch(task_id, timeout=timeout)

    def detect(
        self, paths: Iterable[str], *, fix: bool | None = None, timeout: float | None = None
    ) -> StartedTask[HealthResult]:
        """Start authenticating coin files (paths on the server's machine); the
        task's data is a :class:`HealthResult`."""
        items = [DetectItem(data=path) for path in paths]
        return StartedTask.of(
            self.operations.detect(items=items, fix=fix, timeout=timeout), HealthResult
        )

    # -- waiting: wait(v2.echo()) -> CompletedTask[EchoResult] ----------------

    def _probe(self, task_id: str, timeout: float) -> Task:
        return self.get_task(task_id, timeout=timeout)

    def _result(
        self, task_id: str, task: Task, result_type: type[Any] | None
    ) -> CompletedTask[Any]:
        raw = None if task.data is UNSET else task.data
        data = raw if result_type is None else structure(raw, result_type, task_id=task.id)
        return CompletedTask(task=task, data=data)

    @classmethod
    def summary(cls, result: CompletedTask[Any]) -> str:
        """The task's data, as one short line."""
        return f"data {compact(result.data)}"

    def _failure(self, task_id: str, acceptor: Acceptor, task: Task) -> TaskpollError:
        return task_failure(task)


class Client(_CloudCoinClient):
    """A client of the current server: status at ``/api/v1/tasks/{id}``
    (docs on port 8006; CoinManager's too).

    >>> v2 = Client()                                            # doctest: +SKIP
    >>> v2.wait(v2.echo(), max_wait=60.0).data.online

    ``route=Route.ALIAS`` (or ``Route.API_ALIAS``) polls the alias instead.
    """

    # The spec's second server; the generated client only names the first.
    DEFAULT_BASE_URL: ClassVar[str] = "http://localhost:8006"
    DEFAULT_ROUTE: ClassVar[Route] = Route.TASKS
    api_name: ClassVar[str] = "cloudcoin"
    title: ClassVar[str] = "CloudCoin /api/v1/tasks/{id}"


class LegacyClient(_CloudCoinClient):
    """A client of the older server: status at ``/api/v1/task/{id}`` (docs on port 8004)."""

    DEFAULT_BASE_URL: ClassVar[str] = CloudcoinApi.DEFAULT_BASE_URL
    DEFAULT_ROUTE: ClassVar[Route] = Route.TASK
    api_name: ClassVar[str] = "cloudcoin-v1"
    title: ClassVar[str] = "CloudCoin /api/v1/task/{id}"


def _renamed(new: type[_CloudCoinClient], old: str) -> type[_CloudCoinClient]:
    """``new`` under its old name, which took ``base_url`` positionally: warns."""

    def __init__(self: _CloudCoinClient, base_url: str | None = None, **kwargs: Any) -> None:
        warnings.warn(
            f"cloudcoin.{old} is deprecated; use cloudcoin.{new.__name__}"
            " (renamed in taskpoll 0.2)",
            DeprecationWarning,
            stacklevel=2,
        )
        new.__init__(self, base_url=base_url, **kwargs)

    return type(old, (new,), {"__init__": __init__, "__doc__": f"Deprecated: {new.__name__}."})


#: Deprecated names (taskpoll 0.1), kept for one release.
TasksClient: type[_CloudCoinClient] = _renamed(Client, "TasksClient")
TaskClient: type[_CloudCoinClient] = _renamed(LegacyClient, "TaskClient")

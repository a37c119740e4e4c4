"""An emulator of CapMonster Cloud's task API (createTask, getTaskResult, getBalance).

Faithful to what clients depend on (https://taskpoll.readthedocs.io/apis/capmonster/): HTTP 200
with ``errorId`` 0/1 and string ``errorCode``s, ``processing`` responses with
``errorCode``/``errorDescription`` null, solutions shaped per task type,
results forgotten after 5 minutes, and the 120-requests-per-task limit,
counted and enforced (request 121 and later get ``ERROR_TOO_MUCH_REQUESTS``
and are recorded in :attr:`CapmonsterApp.over_limit`).  Responses are built
from the generated models, so the emulator speaks exactly the spec.

Unscripted tasks solve after :attr:`CapmonsterApp.default_solve_time`
seconds; :meth:`CapmonsterApp.script` sets the next tasks' fates, including
``errorId: 1`` answers to a task's first polls (``CAPTCHA_NOT_READY``, which
the real service sends while solving, or a throttling code).
"""

from __future__ import annotations

import collections
import itertools
import json
from collections.abc import Callable
from typing import Any, Final, Protocol, TypeVar

import attrs

from .._wire.models import CONVERTER
from ..capmonster._generated.errors import ERRORS
from ..capmonster._generated.models import (
    CreateTaskRequest,
    CreateTaskResponse,
    ErrorId,
    GetBalanceRequest,
    GetBalanceResponse,
    GetTaskResultRequest,
    GetTaskResultResponse,
    TaskStatus,
)
from ..capmonster._generated.tasks import TASK_TYPES
from .scripted import AppEmulator, Route, TaskApp
from .server import Clock, Reply, Request

__all__ = ["CapmonsterApp", "CapmonsterEmulator", "Script"]

LIMIT: Final = 120
RESULT_LIFETIME: Final = 300.0


class _Keyed(Protocol):
    @property
    def client_key(self) -> str: ...


M = TypeVar("M", bound=_Keyed)


@attrs.frozen
class Script:
    """The fate of one task: solved after ``solve_after`` seconds with
    ``solution`` (the type's shape when None), or failed with ``error``.

    ``interim_codes`` answer the task's first getTaskResult requests, one
    code (with ``errorId: 1``) per request, before it answers as scripted.
    """

    solve_after: float = 1.0
    solution: dict[str, Any] | None = None
    error: str | None = None
    #: The answer's errorDescription (default: the spec's description of ``error``).
    description: str | None = None
    interim_codes: tuple[str, ...] = ()


@attrs.define
class _Task:
    task_type: str
    created: float
    script: Script
    polls: int = 0


class CapmonsterApp(TaskApp[Script, int, _Task]):
    """The API's behaviour.  Thread-safe; all time comes from :attr:`clock`.

    :attr:`polls` counts getTaskResult requests, beyond the limit too.
    """

    def __init__(
        self,
        *,
        keys: set[str] | None = None,
        default_solve_time: float = 1.0,
        balance: float = 345.678,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(clock)
        self.keys = keys
        self.default_solve_time = default_solve_time
        self.balance: float = balance
        self._ids = itertools.count(7654321)
        #: Task ids that received more than 120 getTaskResult requests.
        self.over_limit: set[int] = set()
        #: The ``task`` objects of the latest createTask requests, as sent.
        self.created: collections.deque[dict[str, Any]] = collections.deque(maxlen=1000)
        self._routes = {
            "/createTask": self._method(CreateTaskRequest, CreateTaskResponse, self._create_task),
            "/getTaskResult": self._method(
                GetTaskResultRequest, GetTaskResultResponse, self._get_task_result
            ),
            "/getBalance": self._method(GetBalanceRequest, GetBalanceResponse, self._get_balance),
        }

    def add_task(self, task_type: str = "ImageToTextTask", script: Script | None = None) -> int:
        """Create a task directly (as if by createTask) and return its id."""
        with self._lock:
            return self._create(task_type, script)

    def describe(self, request: Request) -> str:
        """The request's JSON without its ``clientKey``, cut to 120 characters."""
        try:
            data = json.loads(request.body)
        except ValueError:
            return "(unparsable body)"
        if not isinstance(data, dict):
            return "(not an object)"
        shown = {k: v for k, v in data.items() if k != "clientKey"}
        return json.dumps(shown, sort_keys=True)[:120]

    def _method(
        self, request_model: type[M], response_model: type, answer: Callable[[M], Reply]
    ) -> Route:
        """A route that decodes the body as ``request_model`` and checks its key."""

        def route(request: Request) -> Reply:
            try:
                body = CONVERTER.structure(json.loads(request.body), request_model)
            except Exception:
                return _error("ERROR_TASK_ABSENT", response_model)
            if self.keys is not None and body.client_key not in self.keys:
                return _error("ERROR_KEY_DOES_NOT_EXIST", response_model)
            return answer(body)

        return Route(frozenset({"POST"}), route)

    def _default_script(self) -> Script:
        return Script(solve_after=self.default_solve_time)

    def _create(self, task_type: str, script: Script | None) -> int:
        task_id = next(self._ids)
        self._tasks[task_id] = _Task(task_type, self.clock.now(), self._script_for(script))
        return task_id

    def _create_task(self, body: CreateTaskRequest) -> Reply:
        # The spec's task types: every name maintained clients send, each
        # checked against its request model and answered with its solution.
        task = body.task
        assert isinstance(task, dict)  # the request union decodes any object as a dict first
        self.created.append(task)
        task_type = task.get("type")
        if not isinstance(task_type, str) or TASK_TYPES.named(task_type) is None:
            return _error("ERROR_TASK_NOT_SUPPORTED", CreateTaskResponse, task_id=0)
        try:
            TASK_TYPES.parse(task)
        except ValueError as exc:
            return _error("ERROR_TASK_ABSENT", CreateTaskResponse, description=str(exc), task_id=0)
        if self.balance <= 0:
            return _error("ERROR_ZERO_BALANCE", CreateTaskResponse, task_id=0)
        with self._lock:
            task_id = self._create(task_type, None)
            self.balance = round(self.balance - 0.0003, 6)
        return _reply(CreateTaskResponse(error_id=ErrorId.OK, task_id=task_id))

    def _get_task_result(self, body: GetTaskResultRequest) -> Reply:
        now = self.clock.now()
        count, task = self._poll(body.task_id)
        if count > LIMIT:
            self.over_limit.add(body.task_id)
            return _error("ERROR_TOO_MUCH_REQUESTS", GetTaskResultResponse)
        if task is None or now - task.created > task.script.solve_after + RESULT_LIFETIME:
            return _error("ERROR_NO_SUCH_CAPCHA_ID", GetTaskResultResponse)
        with self._lock:
            interim = task.polls < len(task.script.interim_codes)
            code = task.script.interim_codes[task.polls] if interim else ""
            task.polls += 1
        if interim:
            return _error(code, GetTaskResultResponse)
        if now - task.created < task.script.solve_after:
            return _reply(
                GetTaskResultResponse(
                    error_id=ErrorId.OK,
                    error_code=None,
                    error_description=None,
                    status=TaskStatus.PROCESSING,
                )
            )
        if task.script.error is not None:
            return _error(
                task.script.error, GetTaskResultResponse, description=task.script.description
            )
        known = TASK_TYPES.named(task.task_type)
        solution = task.script.solution or dict(known.example if known else {})
        return _reply(
            GetTaskResultResponse(error_id=ErrorId.OK, status=TaskStatus.READY, solution=solution)
        )

    def _get_balance(self, _: GetBalanceRequest) -> Reply:
        return _reply(GetBalanceResponse(error_id=ErrorId.OK, balance=self.balance))


def _reply(model: object) -> Reply:
    return Reply(body=json.dumps(CONVERTER.unstructure(model)).encode())


def _error(code: str, model: type, *, description: str | None = None, **extra: Any) -> Reply:
    """An ``errorId: 1`` answer, described as the spec's error table describes ``code``."""
    text = description or ERRORS.describe(code)
    return _reply(model(error_id=ErrorId.ERROR, error_code=code, error_description=text, **extra))


class CapmonsterEmulator(AppEmulator[CapmonsterApp]):
    """A CapMonster Cloud emulator on loopback; ``.app`` scripts it, ``.faults`` breaks it."""

    def _new_app(self, **options: Any) -> CapmonsterApp:
        return CapmonsterApp(**options)

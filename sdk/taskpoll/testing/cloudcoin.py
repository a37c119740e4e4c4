"""An emulator of CloudCoin's local task servers (both documented generations).

Built for what the real server does (from the CoinManager Go source; see
https://taskpoll.readthedocs.io/apis/cloudcoin/), not only for the docs' happy path:

* every application error is an HTTP **200** envelope
  ``{"payload":{"code":…,"message":…,"details":null},"status":"error"}``:
  4105 unknown task, 4121 malformed id (anything but a lowercase dashed
  UUIDv4) or blank field, 4154 unknown URL (an empty id included), 4110
  unparsable JSON; a wrong method on a known path is a 405 with an empty body;
* ids are minted as lowercase dashed UUIDv4;
* a kickoff (GET /api/v1/echo, POST /api/v1/detect, /backup, /join) returns
  the fresh task: running, progress 0, ``finished`` 0, message "", data null;
* while running, each RAIDA packet adds ``100/steps`` to a float ``progress``
  rounded to 2 decimals (33.33), ``data`` becomes the 25-digit per-RAIDA
  counter string and ``message`` "Last received response was from Raida N";
* a completed task has progress 100, "Command Completed" and its result; a
  failed one status ``error``, "Error Occured" (sic), progress 100 and
  ``data`` ``{code, message, details}``; 600 s without a packet fails the
  task with 4106 "Task timed out";
* tasks are never forgotten (the server's cleanup never fires);
* bodies are compact JSON plus a newline, keys in Go's struct order, numbers
  as Go prints them (``100``, not ``100.0``).

All four status routes are served on every instance: ``/api/v1/task/{id}``
(Gen A), ``/api/v1/tasks/{id}`` (Gen B) and the Gen B alias both as the docs
write it (``/get-task-status/{id}``) and relative to ``/api/v1``.  Path
segments are matched still percent-encoded, so ``..%2Fwallets`` is one
(invalid) id; the real router decodes first and would redirect instead.

Task bodies are built from the generated models.  Unscripted tasks finish
after :attr:`CloudCoinApp.default_duration` seconds with the kind's default
result; :meth:`CloudCoinApp.script` sets the next tasks' fates and
:meth:`CloudCoinApp.add_task` creates one directly.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import unquote

import attrs

from .._wire.models import CONVERTER
from ..cloudcoin._generated.errors import ERRORS, TASK_TIMED_OUT
from ..cloudcoin._generated.models import (
    EnvelopeStatus,
    ProgramError,
    Task,
    TaskEnvelope,
    TaskStatus,
)

# The spec's rule for ids (the server's own UUIDv4 check), the one the client applies.
from ..cloudcoin._generated.waiter import TASK_ID
from .scripted import AppEmulator, Route, TaskApp
from .server import Clock, Reply, Request

__all__ = ["DEFAULT", "CloudCoinApp", "CloudCoinEmulator", "Script", "default_result"]

TASK_TIMEOUT: Final = 600.0
RAIDAS: Final = 25

#: The server's error messages, by code: the spec's error table, and the
#: task-level codes a failed task's data carries.
MESSAGES: Final[Mapping[int, str]] = {
    int(code): known.description for code, known in {**ERRORS.codes, **ERRORS.task_codes}.items()
}

STATUS_ROUTES: Final = (
    "/api/v1/task/",
    "/api/v1/tasks/",
    "/get-task-status/",
    "/api/v1/get-task-status/",
)


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


#: "The kind's documented result" as a :class:`Script`'s ``data``.
DEFAULT: Final[Any] = _Default()


@attrs.frozen
class Script:
    """The fate of one task.

    It runs ``duration`` seconds, receiving ``steps`` RAIDA packets evenly
    spread over it (each adds ``100/steps`` percent), then completes with
    ``data`` (the kind's documented result when :data:`DEFAULT`) or, when
    ``error`` is a code, fails with that code, ``error_message`` and
    ``details``.  ``stall_after`` stops the packets after that many, so the
    server's 600 s no-progress timeout fails the task.
    """

    duration: float = 1.0
    steps: int = RAIDAS
    data: Any = DEFAULT
    error: int | None = None
    error_message: str | None = None
    details: list[Any] | None = None
    stall_after: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.duration < 0 or self.steps < 1:
            raise ValueError("need duration >= 0 and steps >= 1")


@attrs.define
class _Task:
    id: str
    kind: str
    created: float
    started: int
    script: Script
    result: Any


_LATENCIES: Final = """
    1104 1104 1417 1407 1397 1416 1405 1412 1397 1407 1406 1397 1413
    1412 1405 1398 1413 1398 1414 1397 1410 1404 1403 1415 1113
"""


def _echo_result() -> dict[str, Any]:
    return {
        "online": RAIDAS,
        "pownstring": "p" * RAIDAS,
        "pownarray": [1] * RAIDAS,
        # The docs' example, in milliseconds per RAIDA.
        "latencies": [int(ms) for ms in _LATENCIES.split()],
    }


def _health_result(coins: int) -> dict[str, Any]:
    return {
        "TotalCoins": coins,
        "TotalCheckedCoins": coins,
        "TotalAuthentic": coins,
        "TotalAlreadyFracked": 0,
        "TotalAlreadyLimbo": 0,
        "TotalFracked": 0,
        "TotalCounterfeit": 0,
        "TotalLimbo": 0,
        "TotalErrors": 0,
        "Details": None,
        "Coins": [
            {"sn": 16 + n, "pownstring": "p" * RAIDAS, "result": "Authentic"} for n in range(coins)
        ],
    }


def default_result(
    kind: str, *, coins: int = 3, name: str = "Default", folder: str = "/backups"
) -> Any:
    """What a completed task of ``kind`` (echo, detect, health, backup, join) holds."""
    if kind in {"detect", "health"}:
        return _health_result(coins)
    if kind == "backup":
        return {"TotalCoins": 20, "FileName": f"{folder}/{name}-backup.zip"}
    if kind == "join":
        return "OK"
    return _echo_result()


class _Invalid(Exception):
    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message or MESSAGES[code]


class CloudCoinApp(TaskApp[Script, str, _Task]):
    """The servers' behaviour.  Thread-safe; all durations come from :attr:`clock`.

    :attr:`polls` counts status requests on any of the status routes.
    """

    def __init__(
        self, *, default_duration: float = 1.0, clock: Clock | None = None, seed: int | None = None
    ) -> None:
        super().__init__(clock)
        self.default_duration = default_duration
        # Wall-clock seconds for ``started``/``finished``, moving with the clock.
        self._epoch = time.time() - self.clock.now()
        self._random = random.Random(seed)
        # Matched exactly: unlike the status routes, a kickoff with a trailing slash is unknown.
        self._routes = {
            "/api/v1/echo": self._kickoff("GET", self._echo),
            "/api/v1/detect": self._kickoff("POST", self._detect),
            "/api/v1/backup": self._kickoff("POST", self._backup),
            "/api/v1/join": self._kickoff("POST", self._join),
        }
        self._status_route = Route(frozenset({"GET"}), self._status)
        self._root_route = Route(
            frozenset({"GET"}), lambda _: _json_reply({"payload": {}, "status": "success"})
        )

    # -- for tests, demos and the CLI -----------------------------------------

    def add_task(
        self,
        kind: str = "echo",
        script: Script | None = None,
        *,
        task_id: str | None = None,
        result: Any = DEFAULT,
    ) -> str:
        """Start a task directly (as a kickoff would) and return its id.

        ``result`` is the kind's default result when ``script.data`` is
        :data:`DEFAULT`; ``task_id`` fixes the id (it must be a UUIDv4).
        """
        if task_id is not None:
            TASK_ID.check(task_id)
        if result is DEFAULT:
            result = default_result(kind)
        with self._lock:
            return self._create(kind, script, result, task_id).id

    def task(self, task_id: str) -> Task | None:
        """The task as a status request would see it now."""
        with self._lock:
            task = self._tasks.get(task_id)
        return None if task is None else self._view(task, self.clock.now())

    # -- HTTP ----------------------------------------------------------------

    # The server's router answers an unknown URL with its own error, a wrong method empty.
    def _not_found(self) -> Reply:
        return _error(4154)

    def _wrong_method(self) -> Reply:
        return Reply(status=405)

    def _route(self, path: str) -> Route | None:
        for prefix in STATUS_ROUTES:
            if path.startswith(prefix) and "/" not in path[len(prefix) :] and path != prefix:
                return self._status_route
        if path.rstrip("/") == "/api/v1":
            return self._root_route
        return self._routes.get(path)

    def _kickoff(self, method: str, start: Callable[[dict[str, Any]], tuple[str, Any]]) -> Route:
        """A route that starts a task of the kind, with the result, that ``start`` names."""

        def route(request: Request) -> Reply:
            body: dict[str, Any] = {}
            if method == "POST":
                try:
                    parsed = json.loads(request.body)
                except ValueError:
                    return _error(4110)
                if not isinstance(parsed, dict):
                    return _error(4110)
                body = parsed
            try:
                kind, result = start(body)
            except _Invalid as exc:
                return _error(exc.code, exc.message)
            with self._lock:
                task = self._create(kind, None, result, None)
            return _task_reply(self._view(task, self.clock.now()))

        return Route(frozenset({method}), route)

    def _status(self, request: Request) -> Reply:
        # _route matched a status prefix with no "/" after it: the id is the last segment.
        task_id = unquote(request.path.rpartition("/")[2])
        if TASK_ID.problem(task_id) is not None:
            return _error(4121)
        _, task = self._poll(task_id)
        if task is None:
            return _error(4105)
        return _task_reply(self._view(task, self.clock.now()))

    # -- kickoffs: validate the body, say what the task will produce ---------

    def _echo(self, _: dict[str, Any]) -> tuple[str, Any]:
        return "echo", default_result("echo")

    def _detect(self, body: dict[str, Any]) -> tuple[str, Any]:
        items = body.get("items")
        if items is not None and not isinstance(items, list):
            raise _Invalid(4110)  # Go's decoder cannot put this in a slice
        if not items:
            raise _Invalid(4121, "Validation error. Items: cannot be blank.")
        if not all(isinstance(i, dict) and isinstance(i.get("data"), str) for i in items):
            raise _Invalid(4110)
        return "detect", default_result("detect", coins=len(items))

    def _backup(self, body: dict[str, Any]) -> tuple[str, Any]:
        name, folder = _text(body, "name"), _text(body, "folder")
        return "backup", default_result("backup", name=name, folder=folder)

    def _join(self, body: dict[str, Any]) -> tuple[str, Any]:
        _text(body, "name")
        return "join", default_result("join")

    # -- tasks ---------------------------------------------------------------

    def _default_script(self) -> Script:
        return Script(duration=self.default_duration)

    def _create(self, kind: str, script: Script | None, result: Any, task_id: str | None) -> _Task:
        script = self._script_for(script)
        if task_id is None:
            task_id = str(uuid.UUID(int=self._random.getrandbits(128), version=4))
        now = self.clock.now()
        task = _Task(task_id, kind, now, int(self._epoch + now), script, result)
        self._tasks[task_id] = task
        return task

    def _view(self, task: _Task, now: float) -> Task:
        """The task's state ``now``: a pure function of its script and its age."""
        script = task.script
        age = now - task.created
        step = script.duration / script.steps
        packets = script.steps if age >= script.duration else min(script.steps, int(age / step))
        if script.stall_after is not None:
            packets = min(packets, script.stall_after)
        last_packet = task.created + packets * step
        if age >= script.duration and packets == script.steps:
            return self._ended(task, task.created + script.duration)
        if now - last_packet >= TASK_TIMEOUT:
            return self._failed(
                task, last_packet + TASK_TIMEOUT, TASK_TIMED_OUT, MESSAGES[TASK_TIMED_OUT], None
            )
        return Task(
            id=task.id,
            status=TaskStatus.RUNNING,
            progress=round(packets * 100 / script.steps, 2),
            started=task.started,
            finished=0,
            message=f"Last received response was from Raida {(packets - 1) % RAIDAS}"
            if packets
            else "",
            data=_counters(packets) if packets else None,
        )

    def _ended(self, task: _Task, at: float) -> Task:
        script = task.script
        if script.error is not None:
            message = script.error_message or MESSAGES.get(script.error, "Task failed")
            return self._failed(task, at, script.error, message, script.details)
        return Task(
            id=task.id,
            status=TaskStatus.COMPLETED,
            progress=100,
            started=task.started,
            finished=int(self._epoch + at),
            message="Command Completed",
            data=task.result if script.data is DEFAULT else script.data,
        )

    def _failed(
        self, task: _Task, at: float, code: int, message: str, details: list[Any] | None
    ) -> Task:
        return Task(
            id=task.id,
            status=TaskStatus.ERROR,
            progress=100,
            started=task.started,
            finished=int(self._epoch + at),
            message="Error Occured",
            data={"code": code, "message": message, "details": details},
        )


def _counters(packets: int) -> str:
    """The per-RAIDA response counters after ``packets`` round-robin packets."""
    rounds, extra = divmod(packets, RAIDAS)
    return "".join(str(min(9, rounds + (i < extra))) for i in range(RAIDAS))


def _text(body: dict[str, Any], field: str) -> str:
    value = body.get(field)
    if value is None or value == "":
        raise _Invalid(4121, f"Validation error. {field.capitalize()}: cannot be blank.")
    if not isinstance(value, str):
        raise _Invalid(4110)
    return value


def _go_numbers(value: Any) -> Any:
    """Floats as Go's encoding/json prints float64: ``100``, ``33.33``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _go_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_numbers(v) for v in value]
    return value


def _json_reply(data: object) -> Reply:
    # json.Encoder: compact, one trailing newline.
    body = json.dumps(_go_numbers(data), separators=(",", ":"), ensure_ascii=False) + "\n"
    return Reply(body=body.encode())


def _task_reply(task: Task) -> Reply:
    envelope = TaskEnvelope(payload=task, status=EnvelopeStatus.SUCCESS)
    return _json_reply(CONVERTER.unstructure(envelope))


def _error(code: int, message: str | None = None) -> Reply:
    envelope = TaskEnvelope(
        payload=ProgramError(code=code, message=message or MESSAGES[code], details=None),
        status=EnvelopeStatus.ERROR,
    )
    data = CONVERTER.unstructure(envelope)
    # The converter omits fields at their default; the server always sends details.
    data["payload"].setdefault("details", None)
    return _json_reply(data)


class CloudCoinEmulator(AppEmulator[CloudCoinApp]):
    """A CloudCoin task server on loopback; ``.app`` scripts it, ``.faults`` breaks it.

    ``port=8004`` or ``8006`` serves where the docs (and the clients'
    defaults) expect; two emulators may share one ``app``.
    """

    def _new_app(self, **options: Any) -> CloudCoinApp:
        return CloudCoinApp(**options)

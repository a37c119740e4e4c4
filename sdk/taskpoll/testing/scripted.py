"""What the emulated APIs have in common above the HTTP server: a queue of
scripts that says how the next requests or tasks go, routes, and tasks
looked up and counted by id.

:class:`ScriptedApp` is an :class:`~taskpoll.testing.server.App` whose
scripts are whatever the API needs (a task's fate, a request's error code);
:class:`TaskApp` adds the tasks those scripts drive; :class:`AppEmulator`
serves one on loopback.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

import attrs

from .server import App, Clock, EmulatorServer, Reply, Request

__all__ = ["AppEmulator", "Route", "ScriptedApp", "TaskApp"]

S = TypeVar("S")
K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
A = TypeVar("A", bound=App)

NOT_FOUND = Reply(status=404, body=b"Not Found", content_type="text/plain")
WRONG_METHOD = Reply(status=405, body=b"Method Not Allowed", content_type="text/plain")


@attrs.frozen
class Route:
    """Who answers one path, and the methods it answers."""

    methods: frozenset[str]
    answer: Callable[[Request], Reply]


class ScriptedApp(Generic[S]):
    """An emulated API whose next requests or tasks follow queued scripts.

    One lock guards the queue and whatever state a subclass keeps, so that a
    script is taken and acted on atomically; :attr:`clock` is the only time.
    """

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock: Clock = clock or Clock()
        self._lock = threading.Lock()
        self._scripts: collections.deque[S] = collections.deque()
        # Keyed as the API matches paths (see :meth:`_route`).
        self._routes: dict[str, Route] = {}

    def _queue(self, scripts: Iterable[S]) -> None:
        with self._lock:
            self._scripts.extend(scripts)

    def _next_script(self) -> S | None:
        """The oldest queued script, taken off the queue; the caller holds the lock."""
        return self._scripts.popleft() if self._scripts else None

    def _route(self, path: str) -> Route | None:
        # Most APIs ignore a trailing slash; one that does not overrides this.
        return self._routes.get(path.rstrip("/"))

    def handle(self, request: Request) -> Reply:
        """The answer of the path's route; 404 for an unknown path, 405 for a method
        the route does not take."""
        route = self._route(request.path)
        if route is None:
            return self._not_found()
        if request.method not in route.methods:
            return self._wrong_method()
        return route.answer(request)

    def _not_found(self) -> Reply:
        return NOT_FOUND

    def _wrong_method(self) -> Reply:
        return WRONG_METHOD

    def describe(self, request: Request) -> str:
        """The body's first 120 bytes as text: an app whose bodies carry a key
        overrides this."""
        if not request.body:
            return ""
        return request.body[:120].decode("utf-8", "replace")


class TaskApp(ScriptedApp[S], Generic[S, K, T]):
    """A :class:`ScriptedApp` whose scripts are the fates of the tasks it
    creates, each task kept by its id and every status request for it counted."""

    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__(clock)
        self._tasks: dict[K, T] = {}
        #: Status requests per task id, every one counted (unknown ids too).
        self.polls: collections.Counter[K] = collections.Counter()

    def script(self, *scripts: S) -> None:
        """The next created tasks follow these scripts, in order."""
        self._queue(scripts)

    def max_polls(self) -> int:
        """The most status requests any one task id has had (0 before the first)."""
        with self._lock:
            return max(self.polls.values(), default=0)

    def _default_script(self) -> S:
        """The fate of a task nobody scripted."""
        raise NotImplementedError

    def _script_for(self, script: S | None) -> S:
        """``script``, else the next queued one, else the default; the caller holds the lock."""
        if script is not None:
            return script
        queued = self._next_script()
        return self._default_script() if queued is None else queued

    def _poll(self, task_id: K) -> tuple[int, T | None]:
        """Count a status request for ``task_id``: its count so far, and the task."""
        with self._lock:
            self.polls[task_id] += 1
            return self.polls[task_id], self._tasks.get(task_id)


class AppEmulator(EmulatorServer, Generic[A]):
    """Serves an app built from the keyword ``options`` (or a given ``app``,
    which several emulators may share) on loopback; ``.app`` scripts it,
    ``.faults`` breaks it."""

    app: A

    def __init__(
        self,
        *,
        port: int = 0,
        app: A | None = None,
        latency: float = 0.0,
        latency_jitter: float = 0.0,
        **options: Any,
    ) -> None:
        super().__init__(
            self._new_app(**options) if app is None else app,
            port=port,
            latency=latency,
            latency_jitter=latency_jitter,
        )

    def _new_app(self, **options: Any) -> A:
        raise NotImplementedError

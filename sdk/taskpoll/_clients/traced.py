"""The spans of one call's waits, when a client traces (the otel extra).

:meth:`~taskpoll._clients.client.BaseClient.wait_many` (and so ``wait``)
begins one span per task when the scheduler starts, under the context its
caller was in when it called; each poll's probe runs inside its wait's
span on the worker thread that sends it, so the request's span is the
wait's child; each poll reports the task's status; each outcome ends its
span.  Waits the caller stops iterating end as cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from .._waiting.policy import PollEvent
from .._waiting.scheduler import Job
from .._waiting.tracing import WaitSpan, WaitSpans
from ..errors import WaitCancelledError

__all__ = ["TracedWaits"]

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class TracedWaits(Generic[K, T]):
    """The open wait spans of one call, by task id."""

    def __init__(self, spans: WaitSpans, api: str, probe: Callable[[K, float], T]) -> None:
        self._spans = spans
        self._api = api
        self._probe = probe
        self._open: dict[K, WaitSpan] = {}

    def probe(self, task_id: K, timeout: float) -> T:
        """The client's probe, inside the wait's span (on the worker's thread)."""
        span = self._open.get(task_id)
        if span is None:
            return self._probe(task_id, timeout)
        with span.current():
            return self._probe(task_id, timeout)

    def begin(self, jobs: Iterable[Job[K, Any, Any]]) -> None:
        for job in jobs:
            resumed = job.resume is not None
            self._open[job.task_id] = self._spans.begin(self._api, job.task_id, resumed=resumed)

    def polled(self, job: Job[K, Any, Any], event: PollEvent[Any, Any]) -> None:
        self._open[job.task_id].polled(event.status, event.percent, event.attempts)

    def ended(self, task_id: K, outcome: object) -> None:
        self._open.pop(task_id).ended(outcome)

    def abandon(self, *, paused: bool = False) -> None:
        """The caller stopped iterating: the waits still open end as cancelled,
        or, ``paused``, as going on elsewhere (a slice's end)."""
        for task_id, span in self._open.items():
            if paused:
                span.paused()
            else:
                span.ended(WaitCancelledError("the caller stopped waiting", task_id=str(task_id)))
        self._open.clear()

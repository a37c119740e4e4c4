"""The one scheduler: many tasks, any APIs, up to ``max_in_flight`` polls at once.

The caller's thread keeps all the scheduling: one heap of next poll times,
every task's deadline, backoff, server hints, garbled-response count and
pacing.  Only the blocking request leaves it, to a small pool of worker
threads (never more than ``max_in_flight``, never one per task), so at a
round trip of r seconds the scheduler sends up to ``max_in_flight / r``
polls per second instead of ``1 / r``.  With ``max_in_flight=1`` there are no
threads at all: each poll runs on the caller's thread, in heap order.

Each :class:`Job` carries its own API's probe, rules, policy and pacer, so
one call can wait on tasks of several APIs.  Whatever ends a wait early (the
cancel event, Ctrl-C, the consumer dropping the iterator) breaks off the
requests in flight and joins the workers before control returns: no thread
or request outlives the call.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Final, Generic, TypeVar

import attrs

from .._http.pacing import Pacer
from ..errors import (
    TaskpollError,
    WaitCancelledError,
)
from .policy import Channel, Decision, PollEvent, Timing, WaitPolicy
from .state import WaitState, begin, finish, is_throttle, prepare, settle

__all__ = ["DEFAULT_MAX_IN_FLIGHT", "Job", "poll_many", "schedule"]

log: logging.Logger = logging.getLogger("taskpoll.scheduler")

#: Polls outstanding at once by default (chosen in https://taskpoll.readthedocs.io/benchmarks/,
#: "Over a real round trip"): enough for 1,000 tasks at 100 ms, well under
#: what one process's CPU can drive.
DEFAULT_MAX_IN_FLIGHT: Final = 64
# How often a wait with a cancel event looks at it while polls are in flight.
_CANCEL_CHECK: Final = 0.05

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen(eq=False)
class Job(Generic[K, T, R]):
    """One task to wait on, with everything its API decides about it."""

    task_id: K
    probe: Callable[[K, float], T]
    rules: Callable[[K, T | TaskpollError], Decision[R]]
    policy: WaitPolicy
    #: The account's pacing, shared with the client's other requests.
    pacer: Pacer | None = None
    #: The connections the probe uses: sized to the polls in flight, and
    #: broken off when the wait ends early.
    channel: Channel | None = None
    #: The API's name, recorded in the wait's state.
    api: str = ""
    #: Where an earlier wait on this task stood (on the scheduler's clock):
    #: the wait resumes from it instead of starting afresh.
    resume: WaitState | None = None


@attrs.define(eq=False)
class _Waiting(Generic[K, T, R]):
    job: Job[K, T, R]
    state: WaitState
    last: object = None
    #: The last poll's error, the cause of a timeout that ends the wait.
    last_error: TaskpollError | None = None
    prepaid: bool = False  # a pacing token is reserved for its next poll


Outcome = Any  # a probe's result, or the TaskpollError it raised


def schedule(
    jobs: Iterable[Job[Any, Any, Any]],
    *,
    max_in_flight: int = 1,
    cancel: threading.Event | None = None,
    on_poll: Callable[[Job[Any, Any, Any], PollEvent[Any, Any]], None] | None = None,
    timing: Timing | None = None,
    on_state: Callable[[Job[Any, Any, Any], WaitState], None] | None = None,
    until: float | None = None,
) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
    """Wait on every job, yielding ``(job, result or TaskpollError)`` as each finishes.

    Each job's deadline is its policy's timeout from now (or its ``resume``
    state's); a wait ends by its deadline plus at most the policy's
    ``min_request_timeout``.  ``on_state`` sees every job's state after each
    of its polls (to save it), before the result is yielded.

    With ``until`` (on the timing's clock), no poll is launched at or after
    it: the run ends once the polls in flight then have settled, and the
    waits still unfinished are not yielded (``on_state`` has their states),
    so that a slice of many waits can be handed on.
    """
    if max_in_flight < 1:
        raise ValueError("max_in_flight must be at least 1")
    scheduler = _Scheduler(list(jobs), max_in_flight, cancel, timing or Timing())
    scheduler.until = float("inf") if until is None else until
    scheduler.on_poll, scheduler.on_state = on_poll, on_state
    return scheduler.run()


class _Scheduler:
    def __init__(
        self,
        jobs: list[Job[Any, Any, Any]],
        max_in_flight: int,
        cancel: threading.Event | None,
        timing: Timing,
    ) -> None:
        self.cancel = cancel
        self.on_poll: Callable[[Job[Any, Any, Any], PollEvent[Any, Any]], None] | None = None
        self.on_state: Callable[[Job[Any, Any, Any], WaitState], None] | None = None
        self.clock, self.random = timing.clock, timing.random
        self.nap = timing.sleep or (cancel.wait if cancel is not None else time.sleep)
        self.start = self.clock()
        self.until = float("inf")
        self.counter = itertools.count()
        self.heap: list[tuple[float, int, _Waiting[Any, Any, Any]]] = []
        for job in jobs:
            state = job.resume or begin(job.api, job.task_id, job.policy, self.start)
            self.heap.append((state.next_poll, next(self.counter), _Waiting(job, state)))
        heapq.heapify(self.heap)
        self.max_in_flight = min(max_in_flight, max(len(jobs), 1))
        self.pool: _Inline | _Threads = (
            _Inline() if self.max_in_flight == 1 else _Threads(self.max_in_flight, cancel)
        )
        if self.max_in_flight > 1:
            _reserve_connections(jobs, self.max_in_flight)

    def run(self) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
        try:
            while self._due_in_slice() or self.pool.in_flight:
                if self.cancel is not None and self.cancel.is_set():
                    yield from self._cancel_all()
                    return
                yield from self._launch_due()
                if self.pool.in_flight:
                    for waiting, outcome in self.pool.collect(self._time_to_next_launch()):
                        yield from self._settle(waiting, outcome)
                elif self._due_in_slice():
                    pause = self.heap[0][0] - self.clock()
                    if pause > 0:
                        self.nap(pause)
        finally:
            self.pool.close()

    def _due_in_slice(self) -> bool:
        return bool(self.heap) and self.heap[0][0] < self.until

    def _time_to_next_launch(self) -> float | None:
        if not self._due_in_slice() or self.pool.in_flight >= self.max_in_flight:
            return None
        return max(0.0, self.heap[0][0] - self.clock())

    def _launch_due(self) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
        while self.heap and self.pool.in_flight < self.max_in_flight:
            due, _, waiting = self.heap[0]
            now = self.clock()
            if due > now or due >= self.until:
                return
            heapq.heappop(self.heap)
            timeout = prepare(waiting.state, waiting.job.policy, now)
            if isinstance(timeout, TaskpollError):
                yield self._finish(waiting, timeout)
                continue
            pacer = waiting.job.pacer
            if pacer is not None and not waiting.prepaid:
                pause = pacer.reserve(now)
                if pause > 0:
                    waiting.prepaid = True
                    heapq.heappush(self.heap, (now + pause, next(self.counter), waiting))
                    continue
            waiting.prepaid = False
            self.pool.launch(waiting, timeout)

    def _settle(
        self, waiting: _Waiting[Any, Any, Any], outcome: Outcome
    ) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
        job = waiting.job
        failed = isinstance(outcome, TaskpollError)
        waiting.last = outcome.response if failed else outcome
        waiting.last_error = outcome if failed else None
        now = self.clock()
        if job.pacer is not None and is_throttle(outcome):
            # reported here, on the scheduler's clock: the session leaves
            # throttles of prepaid requests to their scheduler
            job.pacer.throttled(now)
        decision = job.rules(job.task_id, outcome)
        step = settle(waiting.state, outcome, decision, job.policy, now=now, rand=self.random)
        waiting.state = step.state
        if self.on_state is not None:
            self.on_state(job, step.state)
        if self.on_poll is not None:
            event: PollEvent[Any, Any] = PollEvent(
                job.task_id,
                outcome,
                decision.status,
                decision.percent,
                step.state.attempts,
                now - step.state.started,
            )
            self.on_poll(job, event)
        if step.error is not None:
            yield job, step.error
        elif step.done:
            yield job, step.result
        else:
            log.debug(
                "task %s: %s, next poll at %.2f", job.task_id, decision.status, step.state.next_poll
            )
            heapq.heappush(self.heap, (step.state.next_poll, next(self.counter), waiting))

    def _cancel_all(self) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
        stopped = self.pool.close()
        for waiting in [*stopped, *(entry[2] for entry in sorted(self.heap))]:
            yield self._finish(waiting, WaitCancelledError("wait cancelled"))
        self.heap.clear()

    def _finish(
        self, waiting: _Waiting[Any, Any, Any], error: TaskpollError
    ) -> tuple[Job[Any, Any, Any], TaskpollError]:
        return waiting.job, finish(
            error,
            waiting.state,
            self.clock(),
            last_response=waiting.last,
            last_error=waiting.last_error,
        )


def _reserve_connections(jobs: list[Job[Any, Any, Any]], max_in_flight: int) -> None:
    """Pool as many connections per channel as polls can be in flight on it."""
    per_channel: dict[int, tuple[Channel, int]] = {}
    for job in jobs:
        if job.channel is not None:
            _, count = per_channel.get(id(job.channel), (job.channel, 0))
            per_channel[id(job.channel)] = (job.channel, count + 1)
    for channel, count in per_channel.values():
        channel.reserve(min(count, max_in_flight))


def _poll(waiting: _Waiting[Any, Any, Any], timeout: float) -> Outcome:
    job = waiting.job
    paid = job.pacer.prepaid() if job.pacer is not None else contextlib.nullcontext()
    try:
        with paid:
            return job.probe(job.task_id, timeout)
    except TaskpollError as exc:
        return exc


class _Inline:
    """``max_in_flight=1``: each poll on the caller's thread, as soon as it is due."""

    def __init__(self) -> None:
        self.in_flight = 0
        self._done: list[tuple[_Waiting[Any, Any, Any], Outcome]] = []

    def launch(self, waiting: _Waiting[Any, Any, Any], timeout: float) -> None:
        self._done.append((waiting, _poll(waiting, timeout)))
        self.in_flight += 1

    def collect(self, timeout: float | None) -> list[tuple[_Waiting[Any, Any, Any], Outcome]]:
        done, self._done, self.in_flight = self._done, [], 0
        return done

    def close(self) -> list[_Waiting[Any, Any, Any]]:
        return []


class _Threads:
    """Up to ``size`` polls at once on as many worker threads, started on demand."""

    def __init__(self, size: int, cancel: threading.Event | None) -> None:
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=size, thread_name_prefix="taskpoll-poll"
        )
        self._cancel = cancel
        self._results: queue.SimpleQueue[tuple[_Waiting[Any, Any, Any], Any, bool]] = (
            queue.SimpleQueue()
        )
        self._running: dict[
            int, tuple[concurrent.futures.Future[None], _Waiting[Any, Any, Any]]
        ] = {}
        self._workers: set[int] = set()
        self._closed = False

    @property
    def in_flight(self) -> int:
        return len(self._running)

    def launch(self, waiting: _Waiting[Any, Any, Any], timeout: float) -> None:
        future = self._executor.submit(self._work, waiting, timeout)
        self._running[id(waiting)] = (future, waiting)

    def _work(self, waiting: _Waiting[Any, Any, Any], timeout: float) -> None:
        self._workers.add(threading.get_ident())
        if self._closed:
            return
        try:
            self._results.put((waiting, _poll(waiting, timeout), True))
        except BaseException as exc:  # a bug in a probe: re-raised on the caller's thread
            self._results.put((waiting, exc, False))

    def collect(self, timeout: float | None) -> list[tuple[_Waiting[Any, Any, Any], Outcome]]:
        """Wait up to ``timeout`` (``None``: no limit) for polls; returns those that finished."""
        try:
            first = self._results.get(timeout=self._slice(timeout))
        except queue.Empty:
            return []
        done = [first]
        with contextlib.suppress(queue.Empty):
            while True:
                done.append(self._results.get_nowait())
        finished = []
        for waiting, outcome, ok in done:
            del self._running[id(waiting)]
            if not ok:
                raise outcome
            finished.append((waiting, outcome))
        return finished

    def _slice(self, timeout: float | None) -> float | None:
        if self._cancel is None:
            return timeout
        return _CANCEL_CHECK if timeout is None else min(timeout, _CANCEL_CHECK)

    def close(self) -> list[_Waiting[Any, Any, Any]]:
        """Break off what is in flight, join the workers; returns the polls broken off."""
        self._closed = True
        stopped = [waiting for _, waiting in self._running.values()]
        pending = {future for future, _ in self._running.values()}
        channels = {id(w.job.channel): w.job.channel for w in stopped if w.job.channel is not None}
        while pending:
            for channel in channels.values():
                channel.abort(self._workers)
            _, pending = concurrent.futures.wait(pending, timeout=_CANCEL_CHECK)
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._running.clear()
        return stopped


def poll_many(
    task_ids: Iterable[K],
    probe: Callable[[K, float], T],
    rules: Callable[[K, T | TaskpollError], Decision[R]],
    policy: WaitPolicy,
    *,
    cancel: threading.Event | None = None,
    on_poll: Callable[[PollEvent[K, T]], None] | None = None,
    timing: Timing | None = None,
    max_in_flight: int = 1,
    pacer: Pacer | None = None,
    channel: Channel | None = None,
) -> Iterator[tuple[K, R | TaskpollError]]:
    """Poll every task until it finishes, yielding ``(task_id, result or error)``
    in completion order.

    ``probe(task_id, timeout)`` makes one request with at most ``timeout``
    seconds; ``rules`` judges its outcome.  All tasks share one deadline.
    A duplicate id is polled once and reported once.  With ``max_in_flight``
    above 1, up to that many probes run at once on worker threads (see
    :func:`taskpoll.scheduler.schedule`).
    """

    jobs = [
        Job(task_id, probe, rules, policy, pacer=pacer, channel=channel)
        for task_id in dict.fromkeys(task_ids)
    ]

    def report(_: Job[K, T, R], event: PollEvent[K, T]) -> None:
        assert on_poll is not None
        on_poll(event)

    for job, outcome in schedule(
        jobs,
        max_in_flight=max_in_flight,
        cancel=cancel,
        on_poll=report if on_poll is not None else None,
        timing=timing,
    ):
        yield job.task_id, outcome

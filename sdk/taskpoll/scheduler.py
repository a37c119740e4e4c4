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

from .errors import (
    HTTPStatusError,
    RateLimitedError,
    RequestBudgetExceededError,
    TaskpollError,
    WaitCancelledError,
    WaitTimeoutError,
)
from .pacing import Pacer
from .poller import Channel, Decision, PollEvent, Timing, WaitPolicy

__all__ = ["DEFAULT_MAX_IN_FLIGHT", "Job", "schedule"]

log = logging.getLogger("taskpoll.scheduler")

#: Polls outstanding at once by default (chosen in docs/benchmarks.md,
#: "over a real round trip"): enough for 1,000 tasks at 100 ms, well under
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


@attrs.define(eq=False)
class _Waiting(Generic[K, T, R]):
    job: Job[K, T, R]
    deadline: float
    attempts: int = 0
    garbled: int = 0
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
) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
    """Wait on every job, yielding ``(job, result or TaskpollError)`` as each finishes.

    Each job's deadline is its policy's timeout from now; a wait ends by its
    deadline plus at most the policy's ``min_request_timeout``.
    """
    if max_in_flight < 1:
        raise ValueError("max_in_flight must be at least 1")
    return _Scheduler(list(jobs), max_in_flight, cancel, on_poll, timing or Timing()).run()


class _Scheduler:
    def __init__(
        self,
        jobs: list[Job[Any, Any, Any]],
        max_in_flight: int,
        cancel: threading.Event | None,
        on_poll: Callable[[Job[Any, Any, Any], PollEvent[Any, Any]], None] | None,
        timing: Timing,
    ) -> None:
        self.cancel = cancel
        self.on_poll = on_poll
        self.clock, self.random = timing.clock, timing.random
        self.nap = timing.sleep or (cancel.wait if cancel is not None else time.sleep)
        self.start = self.clock()
        self.counter = itertools.count()
        self.heap: list[tuple[float, int, _Waiting[Any, Any, Any]]] = []
        for job in jobs:
            deadline = self.start + job.policy.timeout
            waiting = _Waiting(job, deadline)
            first = min(self.start + job.policy.backoff.first, deadline)
            self.heap.append((first, next(self.counter), waiting))
        heapq.heapify(self.heap)
        self.max_in_flight = min(max_in_flight, max(len(jobs), 1))
        self.pool: _Inline | _Threads = (
            _Inline() if self.max_in_flight == 1 else _Threads(self.max_in_flight, cancel)
        )
        if self.max_in_flight > 1:
            _reserve_connections(jobs, self.max_in_flight)

    def run(self) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
        try:
            while self.heap or self.pool.in_flight:
                if self.cancel is not None and self.cancel.is_set():
                    yield from self._cancel_all()
                    return
                yield from self._launch_due()
                if self.pool.in_flight:
                    for waiting, outcome in self.pool.collect(self._time_to_next_launch()):
                        yield from self._settle(waiting, outcome)
                elif self.heap:
                    pause = self.heap[0][0] - self.clock()
                    if pause > 0:
                        self.nap(pause)
        finally:
            self.pool.close()

    def _time_to_next_launch(self) -> float | None:
        if not self.heap or self.pool.in_flight >= self.max_in_flight:
            return None
        return max(0.0, self.heap[0][0] - self.clock())

    def _launch_due(self) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
        while self.heap and self.pool.in_flight < self.max_in_flight:
            due, _, waiting = self.heap[0]
            now = self.clock()
            if due > now:
                return
            heapq.heappop(self.heap)
            policy = waiting.job.policy
            if policy.max_requests is not None and waiting.attempts >= policy.max_requests:
                yield self._finish(
                    waiting,
                    RequestBudgetExceededError(
                        f"gave up: the wait's limit of {policy.max_requests} requests is spent"
                    ),
                )
                continue
            # Last polls after the deadline share one request timeout: N tasks
            # stalled in turn must not each add a whole one.
            hard_end = waiting.deadline + policy.min_request_timeout
            timeout = max(waiting.deadline - now, min(policy.min_request_timeout, hard_end - now))
            if timeout <= 0:
                yield self._finish(
                    waiting,
                    WaitTimeoutError(
                        f"not finished within {policy.timeout:g}s (no time left for a last poll)"
                    ),
                )
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
        job, policy = waiting.job, waiting.job.policy
        if not isinstance(outcome, RequestBudgetExceededError):
            waiting.attempts += 1  # a refused request never left
        failed = isinstance(outcome, TaskpollError)
        waiting.last = outcome.response if failed else outcome
        waiting.last_error = outcome if failed else None
        now = self.clock()
        if job.pacer is not None and _is_throttle(outcome):
            job.pacer.throttled(now)
        decision = job.rules(job.task_id, outcome)
        if self.on_poll is not None:
            event: PollEvent[Any, Any] = PollEvent(
                job.task_id,
                outcome,
                decision.state,
                decision.percent,
                waiting.attempts,
                now - self.start,
            )
            self.on_poll(job, event)
        if decision.finished:
            error = decision.error
            yield (job, decision.result) if error is None else self._finish(waiting, error)
            return
        waiting.garbled = waiting.garbled + 1 if decision.garbled else 0
        if decision.garbled and waiting.garbled >= policy.max_decode_errors:
            assert decision.error is not None
            yield self._finish(waiting, decision.error)
            return
        pause = policy.backoff.delay(waiting.attempts, self.random())
        hint = decision.retry_after or 0.0
        # The last poll may fall on the deadline, but never closer than the
        # minimum spacing to the previous one, nor before a server hint.
        if now + max(policy.backoff.min, hint) > waiting.deadline:
            yield self._finish(
                waiting,
                WaitTimeoutError(
                    f"not finished within {policy.timeout:g}s (last state: {decision.state})"
                ),
            )
            return
        pause = max(pause, hint)
        log.debug("task %s: %s, next poll in %.2fs", job.task_id, decision.state, pause)
        heapq.heappush(self.heap, (min(now + pause, waiting.deadline), next(self.counter), waiting))

    def _cancel_all(self) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
        stopped = self.pool.close()
        for waiting in [*stopped, *(entry[2] for entry in sorted(self.heap))]:
            yield self._finish(waiting, WaitCancelledError("wait cancelled"))
        self.heap.clear()

    def _finish(
        self, waiting: _Waiting[Any, Any, Any], error: TaskpollError
    ) -> tuple[Job[Any, Any, Any], TaskpollError]:
        error.task_id = str(waiting.job.task_id)
        error.attempts = waiting.attempts
        error.elapsed = self.clock() - self.start
        if error.response is None:
            error.response = waiting.last
        if error.__cause__ is None and waiting.last_error not in (None, error):
            error.__cause__ = waiting.last_error  # why the last polls did not succeed
        return waiting.job, error


def _is_throttle(outcome: Outcome) -> bool:
    if isinstance(outcome, HTTPStatusError):
        return outcome.status == 429
    return isinstance(outcome, RateLimitedError)


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

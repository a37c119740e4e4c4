"""The one waiting loop every API uses.

An API contributes *rules*: a function that looks at one poll's outcome (a
decoded response, or the :class:`~taskpoll.errors.TaskpollError` the poll
raised) and returns a :class:`Decision`: done (with the result), failed
(with the error to raise), or keep polling (optionally not before a server
hint).  Everything else lives here, once:

* an overall deadline on a monotonic clock, separate from request timeouts;
* jittered exponential backoff between a minimum and maximum delay, clamped
  to the time left, with a last poll at the deadline;
* server hints (``Retry-After``) as a floor on the next delay;
* a cap on requests per task;
* cancellation through a :class:`threading.Event`, a progress callback;
* injectable clock, sleep and random, so tests run in virtual time.

:func:`poll_many` hands many tasks of one API to the scheduler
(:mod:`taskpoll.scheduler`), which keeps one heap of next poll times on the
caller's thread and up to ``max_in_flight`` polls outstanding.  A single
``wait()`` is ``poll_many`` with one task, so both share every rule.
"""

from __future__ import annotations

import logging
import random as _random
import threading
import time
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import attrs

if TYPE_CHECKING:
    from .ledger import Ledger
    from .pacing import Pacer
    from .scheduler import Job

from .errors import (
    CertificateError,
    DecodeError,
    HTTPStatusError,
    RateLimitedError,
    TaskpollError,
    TransportError,
)

__all__ = [
    "Backoff",
    "Channel",
    "Decision",
    "PollEvent",
    "RequestBudget",
    "Timing",
    "WaitPolicy",
    "done",
    "failed",
    "keep_polling",
    "poll_many",
    "transient",
]

log = logging.getLogger("taskpoll.poller")

K = TypeVar("K", bound=Hashable)  # a task id (CapMonster's are ints, others' strings)
T = TypeVar("T")  # what one poll returns
R = TypeVar("R")  # what a finished wait returns


@attrs.frozen
class Backoff:
    """Delays between polls, in seconds.

    The first poll happens ``first`` seconds after the wait starts.  After
    the n-th poll the next one comes ``min * factor**(n-1)`` seconds later,
    capped at ``max``, spread by ±``jitter`` (a fraction) so that many
    waiters do not poll in lockstep, and never below ``min``.
    """

    first: float = 1.0
    min: float = 2.0
    max: float = 30.0
    factor: float = 1.5
    jitter: float = 0.2

    def __attrs_post_init__(self) -> None:
        if not (self.first >= 0 and 0 < self.min <= self.max):
            raise ValueError("need 0 <= first and 0 < min <= max")
        if self.factor < 1 or not 0 <= self.jitter < 1:
            raise ValueError("need factor >= 1 and 0 <= jitter < 1")

    def delay(self, polls: int, rand: float) -> float:
        """The pause after ``polls`` polls (``polls >= 1``); ``rand`` is uniform in [0, 1)."""
        base = min(self.max, self.min * self.factor ** min(polls - 1, 64))
        spread = base * (1 + self.jitter * (2 * rand - 1))
        return min(self.max, max(self.min, spread))


@attrs.frozen
class WaitPolicy:
    """How long and how often to wait.

    ``timeout`` is the overall deadline in seconds (always finite).
    ``max_requests`` caps polls per task.  ``min_request_timeout`` is the
    least time a poll is given even when the deadline is nearer, so the last
    poll at the deadline can still complete: a wait ends by its deadline
    plus at most that.  ``max_decode_errors`` is how many garbled responses
    in a row are tolerated before the wait gives up with the
    :class:`~taskpoll.errors.DecodeError`.
    """

    timeout: float
    backoff: Backoff = Backoff()
    max_requests: int | None = None
    min_request_timeout: float = 2.0
    max_decode_errors: int = 3

    def __attrs_post_init__(self) -> None:
        if not 0 < self.timeout < float("inf"):
            raise ValueError("timeout must be positive and finite")
        if self.max_requests is not None and self.max_requests < 1:
            raise ValueError("max_requests must be at least 1")

    def with_timeout(self, timeout: float) -> WaitPolicy:
        return attrs.evolve(self, timeout=timeout)


@attrs.frozen
class Timing:
    """Where the poller gets time and chance; tests substitute virtual ones.

    ``sleep=None`` means real sleep, interruptible by the wait's cancel event.
    """

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] | None = None
    random: Callable[[], float] = _random.random
    #: The wall clock saved wait states are kept on (deadlines survive restarts).
    wall: Callable[[], float] = time.time


@attrs.frozen
class Decision(Generic[R]):
    """What one poll means.  Build with :func:`done`, :func:`failed`, :func:`keep_polling`."""

    result: R | None = None
    error: TaskpollError | None = None
    finished: bool = False
    retry_after: float | None = None
    #: Percent complete, where the API reports it.
    percent: float | None = None
    #: The task's state as the API names it ("processing", "RUNNING", …).
    state: str = ""
    #: A garbled response: counts toward ``max_decode_errors``.
    garbled: bool = False


def done(result: R, *, state: str = "done", percent: float | None = 100.0) -> Decision[R]:
    return Decision(result=result, finished=True, percent=percent, state=state)


def failed(error: TaskpollError, *, state: str = "failed") -> Decision[R]:
    return Decision(error=error, finished=True, state=state)


def keep_polling(
    *, state: str, percent: float | None = None, retry_after: float | None = None
) -> Decision[R]:
    return Decision(state=state, percent=percent, retry_after=retry_after)


def transient(error: TaskpollError, *, retry_statuses: frozenset[int]) -> Decision[R]:
    """The shared verdict on errors no API rule claimed.

    Connection trouble and the given HTTP statuses are worth another poll
    (polls are idempotent); throttling waits for its hint; a garbled body is
    retried a few times; anything else ends the wait.
    """
    if isinstance(error, CertificateError):
        return failed(error)  # no retry storm: the next poll gets the same certificate
    if isinstance(error, TransportError):
        return keep_polling(state="transport error")
    if isinstance(error, HTTPStatusError) and error.status in retry_statuses:
        hint = error.response.retry_after() if error.response is not None else None
        return keep_polling(state=f"HTTP {error.status}", retry_after=hint)
    if isinstance(error, RateLimitedError):
        return keep_polling(state="rate limited", retry_after=error.retry_after)
    if isinstance(error, DecodeError):
        return Decision(error=error, state="garbled response", garbled=True)
    return failed(error)


@attrs.frozen
class PollEvent(Generic[K, T]):
    """What a progress observer sees after each poll."""

    task_id: K
    outcome: object
    state: str
    percent: float | None
    attempts: int
    elapsed: float


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
    from .scheduler import Job, schedule

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


class Channel(Protocol):
    """What the scheduler needs of the connection a task's requests use."""

    def reserve(self, connections: int) -> None:
        """Keep at least this many connections pooled (one per poll in flight)."""

    def abort(self, threads: Collection[int]) -> None:
        """Break off the requests these threads have in progress."""


class RequestBudget:
    """A per-task request limit of one API, kept in a ledger.

    :meth:`spend` is called before each request and raises
    :class:`~taskpoll.errors.RequestBudgetExceededError` instead of letting
    request ``limit + 1`` leave.  This is the one place an API's per-task
    limit is enforced, for waits and direct calls alike.  With the default
    :class:`~taskpoll.ledger.MemoryLedger` it holds for one client; with a
    shared ledger, for every process that uses the ledger.  Thread-safe.

    A task's count is forgotten ``lifetime`` seconds after its last request
    (``None``: never), once the API can no longer have the task, so a
    long-running process does not keep one entry per task forever.
    """

    def __init__(
        self,
        limit: int,
        *,
        lifetime: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        ledger: Ledger | None = None,
        scope: str = "task",
    ) -> None:
        from .ledger import MemoryLedger

        self.limit = limit
        self.lifetime = lifetime
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger(clock=clock)
        self._scope = scope

    def __len__(self) -> int:
        return len(self.ledger)  # type: ignore[arg-type]

    def spend(self, task_id: Hashable) -> int:
        """Count one request for ``task_id``; returns how many remain after it."""
        return self.ledger.spend(f"{self._scope}:{task_id}", self.limit, self.lifetime)

    def spent(self, task_id: Hashable) -> int:
        return self.ledger.spent(f"{self._scope}:{task_id}")

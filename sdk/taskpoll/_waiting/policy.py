"""What a wait is made of: its policy, its clocks, and what one poll means.

:class:`WaitPolicy` (with :class:`Backoff`) says how long and how often a
wait polls; :class:`Timing` is where it gets time and chance (tests pass
virtual ones); a :class:`Decision` is an API's verdict on one poll's outcome
(built with :func:`done`, :func:`failed`, :func:`keep_polling`, or
:func:`transient` for errors no rule claimed); a :class:`PollEvent` is what
a progress observer sees.  :class:`Channel` is what the scheduler
(:mod:`.scheduler`, the one waiting loop) needs of a task's connection.
Values only: nothing here sends a request or reads a clock.
"""

from __future__ import annotations

import logging
import random as _random
import time
import warnings
from collections.abc import Callable, Collection, Hashable
from typing import Generic, Protocol, TypeVar, overload

import attrs

from ..errors import (
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
    "Timing",
    "WaitPolicy",
    "done",
    "failed",
    "keep_polling",
    "transient",
]

log: logging.Logger = logging.getLogger("taskpoll.poller")

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


_DEFAULT_BACKOFF = Backoff()


@attrs.frozen(init=False)
class WaitPolicy:
    """How long and how often to wait.

    ``max_wait`` is how long the wait may take, in seconds (always finite).
    ``max_requests`` caps polls per task.  ``min_request_timeout`` is the
    least time a poll is given even when the deadline is nearer, so the last
    poll at the deadline can still complete: a wait ends by its deadline
    plus at most that.  ``max_decode_errors`` is how many garbled responses
    in a row are tolerated before the wait gives up with the
    :class:`~taskpoll.errors.DecodeError`.
    """

    max_wait: float
    backoff: Backoff = _DEFAULT_BACKOFF
    max_requests: int | None = None
    min_request_timeout: float = 2.0
    max_decode_errors: int = 3

    @overload
    def __init__(
        self,
        max_wait: float,
        backoff: Backoff = ...,
        max_requests: int | None = ...,
        min_request_timeout: float = ...,
        max_decode_errors: int = ...,
    ) -> None: ...

    @overload
    def __init__(
        self,
        *,
        timeout: float,
        backoff: Backoff = ...,
        max_requests: int | None = ...,
        min_request_timeout: float = ...,
        max_decode_errors: int = ...,
    ) -> None: ...

    def __init__(
        self,
        max_wait: float | None = None,
        backoff: Backoff = _DEFAULT_BACKOFF,
        max_requests: int | None = None,
        min_request_timeout: float = 2.0,
        max_decode_errors: int = 3,
        *,
        timeout: float | None = None,
    ) -> None:
        if timeout is not None:
            if max_wait is not None:
                raise TypeError("pass max_wait= only (timeout= is its deprecated name)")
            warn_renamed("WaitPolicy(timeout=)", "WaitPolicy(max_wait=)")
            max_wait = timeout
        if max_wait is None:
            raise TypeError("WaitPolicy needs max_wait")
        self.__attrs_init__(max_wait, backoff, max_requests, min_request_timeout, max_decode_errors)

    def __attrs_post_init__(self) -> None:
        if not 0 < self.max_wait < float("inf"):
            raise ValueError("max_wait must be positive and finite")
        if self.max_requests is not None and self.max_requests < 1:
            raise ValueError("max_requests must be at least 1")

    @property
    def timeout(self) -> float:
        """Deprecated: :attr:`max_wait` (renamed in taskpoll 0.2)."""
        warn_renamed("WaitPolicy.timeout", "WaitPolicy.max_wait")
        return self.max_wait

    def with_max_wait(self, max_wait: float) -> WaitPolicy:
        """This policy with another ``max_wait``."""
        return WaitPolicy(
            max_wait,
            self.backoff,
            self.max_requests,
            self.min_request_timeout,
            self.max_decode_errors,
        )

    def with_timeout(self, timeout: float) -> WaitPolicy:
        """Deprecated: :meth:`with_max_wait` (renamed in taskpoll 0.2)."""
        warn_renamed("WaitPolicy.with_timeout()", "WaitPolicy.with_max_wait()")
        return self.with_max_wait(timeout)


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
    #: The task's status as the API names it ("processing", "RUNNING", …).
    status: str = ""
    #: A garbled response: counts toward ``max_decode_errors``.
    garbled: bool = False


def done(result: R, *, status: str = "done", percent: float | None = 100.0) -> Decision[R]:
    return Decision(result=result, finished=True, percent=percent, status=status)


def failed(error: TaskpollError, *, status: str = "failed") -> Decision[R]:
    return Decision(error=error, finished=True, status=status)


def keep_polling(
    *, status: str, percent: float | None = None, retry_after: float | None = None
) -> Decision[R]:
    return Decision(status=status, percent=percent, retry_after=retry_after)


def transient(error: TaskpollError, *, retry_statuses: frozenset[int]) -> Decision[R]:
    """The shared verdict on errors no API rule claimed.

    Connection trouble and the given HTTP statuses are worth another poll
    (polls are idempotent); throttling waits for its hint; a garbled body is
    retried a few times; anything else ends the wait.
    """
    if isinstance(error, CertificateError):
        return failed(error)  # no retry storm: the next poll gets the same certificate
    if isinstance(error, TransportError):
        return keep_polling(status="transport error")
    if isinstance(error, HTTPStatusError) and error.status in retry_statuses:
        hint = error.response.retry_after() if error.response is not None else None
        return keep_polling(status=f"HTTP {error.status}", retry_after=hint)
    if isinstance(error, RateLimitedError):
        return keep_polling(status="rate limited", retry_after=error.retry_after)
    if isinstance(error, DecodeError):
        return Decision(error=error, status="garbled response", garbled=True)
    return failed(error)


@attrs.frozen
class PollEvent(Generic[K, T]):
    """What a progress observer sees after each poll."""

    task_id: K
    #: The poll's decoded response, or the :class:`TaskpollError` it raised.
    outcome: object
    #: The task's status as the API names it ("processing", "RUNNING", …).
    status: str
    percent: float | None
    attempts: int
    elapsed: float

    @property
    def state(self) -> str:
        """Deprecated: :attr:`status` (renamed in taskpoll 0.2)."""
        warn_renamed("PollEvent.state", "PollEvent.status")
        return self.status


class Channel(Protocol):
    """What the scheduler needs of the connection a task's requests use."""

    def reserve(self, connections: int) -> None:
        """Keep at least this many connections pooled (one per poll in flight)."""

    def abort(self, threads: Collection[int]) -> None:
        """Break off the requests these threads have in progress."""


def warn_renamed(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated; use {new} (renamed in taskpoll 0.2)",
        DeprecationWarning,
        stacklevel=3,
    )

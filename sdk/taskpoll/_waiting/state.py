"""A wait as one small value, and the pure step that moves it on.

:class:`WaitState` is everything a wait knows: which task, its deadline, its
next poll, how many requests it made, how many garbled answers came in a
row (the backoff position is the attempt count).  :func:`prepare` says what
the next poll may take (or why there is none), :func:`advance` turns one
poll's :class:`~taskpoll.poller.Decision` into a :class:`Step`: done,
failed, or poll again at a time.  Neither does I/O nor reads a clock; the
scheduler (``wait``, ``wait_many``), ``client.poll_once`` and any job system
a user writes drive the same two functions, so there is one set of waiting
rules.

States serialise to versioned JSON (:meth:`WaitState.to_json`), with
wall-clock times so a resumed wait ends when the original would have; no
pickle, and never a key.  https://taskpoll.readthedocs.io/durable-waits/ describes the format.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, Final, Generic, TypeVar

import attrs

from ..errors import (
    HTTPStatusError,
    RateLimitedError,
    RequestBudgetExceededError,
    StateError,
    TaskpollError,
    WaitTimeoutError,
)
from .policy import Decision, WaitPolicy, warn_renamed

__all__ = [
    "FORMAT",
    "VERSION",
    "Step",
    "WaitState",
    "advance",
    "begin",
    "finish",
    "is_throttle",
    "prepare",
    "settle",
]

#: The ``format`` field every state document carries.
FORMAT: Final = "taskpoll.wait-state"
#: The version this code writes; it reads this one and every earlier one.
VERSION: Final = 1

R = TypeVar("R")
_ID_MAX: Final = 256


@attrs.frozen
class WaitState:
    """Where one wait stands.  Times are seconds on one clock: the scheduler's
    while it runs, the wall clock (Unix time) in a saved document."""

    api: str
    task_id: str | int
    #: When the wait began, and the time by which it must end.
    started: float
    deadline: float
    #: When the next poll is due.
    next_poll: float
    #: The policy's ``max_wait``, kept for messages ("not finished within
    #: 180s"); the saved document's ``timeout``.
    max_wait: float
    #: Requests made; also the backoff position.
    attempts: int = 0
    #: Garbled responses in a row.
    garbled: int = 0
    #: The status the API last reported ("processing", "RUNNING", …); the
    #: saved document's ``last_state``.
    last_status: str = ""

    @property
    def last_state(self) -> str:
        """Deprecated: :attr:`last_status` (renamed in taskpoll 0.2)."""
        warn_renamed("WaitState.last_state", "WaitState.last_status")
        return self.last_status

    @property
    def timeout(self) -> float:
        """Deprecated: :attr:`max_wait` (renamed in taskpoll 0.2)."""
        warn_renamed("WaitState.timeout", "WaitState.max_wait")
        return self.max_wait

    def shifted(self, offset: float) -> WaitState:
        """The same state on a clock ``offset`` seconds ahead of this one's."""
        return attrs.evolve(
            self,
            started=self.started + offset,
            deadline=self.deadline + offset,
            next_poll=self.next_poll + offset,
        )

    def to_json(self) -> str:
        """This state as a versioned JSON document (https://taskpoll.readthedocs.io/durable-waits/).
        Times are written as they are: shift a state to the wall clock before
        saving it."""
        fields = attrs.asdict(self)
        fields["last_state"] = fields.pop("last_status")  # format 1's names
        fields["timeout"] = fields.pop("max_wait")
        document = {"format": FORMAT, "version": VERSION, **fields}
        return json.dumps(document, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes, *, source: str = "state") -> WaitState:
        """Decode a saved state, or raise :class:`~taskpoll.errors.StateError`
        naming ``source`` and what is wrong (never a default, never a reset)."""
        try:
            document = json.loads(text)
        except (ValueError, RecursionError, UnicodeError) as exc:
            raise StateError(
                f"{source}: not a taskpoll wait state ({type(exc).__name__})"
            ) from None
        return cls.from_document(document, source=source)

    @classmethod
    def from_document(cls, document: object, *, source: str = "state") -> WaitState:
        """:meth:`from_json` for a document already parsed (one of a state file's waits);
        the same :class:`~taskpoll.errors.StateError` naming ``source``."""
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise StateError(f"{source}: not a taskpoll wait state")
        check_version(document, source)
        try:
            return _decode_v1(document)
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"{source}: a damaged wait state ({exc})") from None


def check_version(document: dict[str, Any], source: str) -> int:
    """The document's format version, if this code can read it; else StateError."""
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StateError(f"{source}: no valid format version")
    if version > VERSION:
        raise StateError(
            f"{source}: written by a newer taskpoll (format version {version}; this one "
            f"reads up to {VERSION}); upgrade taskpoll to resume it"
        )
    return version


def _decode_v1(doc: dict[str, Any]) -> WaitState:
    task_id = doc["task_id"]
    if isinstance(task_id, bool) or not isinstance(task_id, str | int):
        raise TypeError("task_id must be a string or an integer")
    if isinstance(task_id, str) and not 0 < len(task_id) <= _ID_MAX:
        raise ValueError("task_id must be 1 to 256 characters")
    api = doc["api"]
    if not isinstance(api, str) or not 0 < len(api) <= 64:
        raise TypeError("api must be a short string")
    times = {name: _number(doc[name], name) for name in ("started", "deadline", "next_poll")}
    state = WaitState(
        api=api,
        task_id=task_id,
        max_wait=_number(doc["timeout"], "timeout"),
        attempts=_count(doc["attempts"], "attempts"),
        garbled=_count(doc["garbled"], "garbled"),
        last_status=str(doc.get("last_state", ""))[:200],
        **times,
    )
    if not state.started <= state.deadline or state.max_wait <= 0:
        raise ValueError("its deadline is before its start")
    return state


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError(f"{name} must be a finite number")
    return float(value)


def _count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**9:
        raise TypeError(f"{name} must be a count")
    return value


@attrs.frozen
class Step(Generic[R]):
    """What one poll did to a wait: ``done`` with its result, ``failed`` with
    its error, or neither, to poll again at ``state.next_poll``."""

    state: WaitState
    result: R | None = None
    error: TaskpollError | None = None
    done: bool = False
    #: The task's status as the API names it, and the poll's decoded response
    #: (both as :meth:`BaseClient.poll_once` saw them; empty where no poll was made).
    status: str = ""
    response: object = attrs.field(default=None, repr=False)

    @property
    def label(self) -> str:
        """Deprecated: :attr:`status` (renamed in taskpoll 0.2)."""
        warn_renamed("Step.label", "Step.status")
        return self.status

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def finished(self) -> bool:
        return self.done or self.error is not None


def begin(api: str, task_id: str | int, policy: WaitPolicy, now: float) -> WaitState:
    """A new wait, started at ``now``."""
    deadline = now + policy.max_wait
    return WaitState(
        api=api,
        task_id=task_id,
        started=now,
        deadline=deadline,
        next_poll=min(now + policy.backoff.first, deadline),
        max_wait=policy.max_wait,
    )


def prepare(state: WaitState, policy: WaitPolicy, now: float) -> float | TaskpollError:
    """The time the next poll may take, or the error that ends the wait instead."""
    if policy.max_requests is not None and state.attempts >= policy.max_requests:
        return RequestBudgetExceededError(
            f"gave up: the wait's limit of {policy.max_requests} requests is spent"
        )
    # Last polls after the deadline share one request timeout: N tasks
    # stalled in turn must not each add a whole one.
    hard_end = state.deadline + policy.min_request_timeout
    timeout = max(state.deadline - now, min(policy.min_request_timeout, hard_end - now))
    if timeout <= 0:
        return WaitTimeoutError(
            f"not finished within {state.max_wait:g}s (no time left for a last poll)"
        )
    return timeout


def advance(
    state: WaitState,
    decision: Decision[R],
    policy: WaitPolicy,
    now: float,
    rand: Callable[[], float],
    *,
    sent: bool = True,
) -> Step[R]:
    """Where a wait stands after a poll ``decision`` taken at ``now``.

    ``rand()`` (uniform in [0, 1)) jitters the next delay, and is called
    only when there is one; ``sent=False`` means the request was refused
    before leaving (it is not counted).
    """
    attempts = state.attempts + sent
    if decision.finished:
        state = attrs.evolve(state, attempts=attempts, last_status=decision.status)
        if decision.error is not None:
            return Step(state, error=decision.error)
        return Step(state, result=decision.result, done=True)
    garbled = state.garbled + 1 if decision.garbled else 0
    state = attrs.evolve(state, attempts=attempts, garbled=garbled, last_status=decision.status)
    if decision.garbled and garbled >= policy.max_decode_errors:
        assert decision.error is not None
        return Step(state, error=decision.error)
    jitter = rand()  # drawn where the scheduler always drew it, so seeded runs repeat
    hint = decision.retry_after or 0.0
    # The last poll may fall on the deadline, but never closer than the
    # minimum spacing to the previous one, nor before a server hint.
    if now + max(policy.backoff.min, hint) > state.deadline:
        return Step(
            state,
            error=WaitTimeoutError(
                f"not finished within {state.max_wait:g}s (last status: {decision.status})"
            ),
        )
    pause = max(policy.backoff.delay(attempts, jitter), hint)
    return Step(attrs.evolve(state, next_poll=min(now + pause, state.deadline)))


def finish(
    error: TaskpollError,
    state: WaitState,
    now: float,
    *,
    last_response: object = None,
    last_error: TaskpollError | None = None,
) -> TaskpollError:
    """``error``, as it leaves a wait: with the task id, the attempts, the
    time taken, the last response, and the last poll's error as its cause."""
    error.task_id = str(state.task_id)
    error.attempts = state.attempts
    error.elapsed = now - state.started
    if error.response is None:
        error.response = last_response
    if error.__cause__ is None and last_error is not None and last_error is not error:
        error.__cause__ = last_error  # why the last polls did not succeed
    return error


def settle(
    state: WaitState,
    outcome: object,
    decision: Decision[R],
    policy: WaitPolicy,
    *,
    now: float,
    rand: Callable[[], float],
) -> Step[R]:
    """What one poll's ``outcome`` (its decoded response, or the
    :class:`TaskpollError` it raised), judged as ``decision``, does to the
    wait ``state`` at ``now``: the one step ``wait``, ``wait_many``,
    ``poll_once`` and the Celery task all take.

    A request the budget refused never left, so it is not counted; an error
    that ends the wait leaves it through :func:`finish`, carrying the last
    response and, as its cause, the last poll's error.
    """
    sent = not isinstance(outcome, RequestBudgetExceededError)
    step = advance(state, decision, policy, now, rand, sent=sent)
    step = attrs.evolve(step, status=decision.status, response=outcome)
    if step.error is not None:
        last = outcome if isinstance(outcome, TaskpollError) else None
        response = last.response if last is not None else outcome
        finish(step.error, step.state, now, last_response=response, last_error=last)
    return step


def is_throttle(outcome: object) -> bool:
    """Whether a poll's outcome is the server saying "too many requests"."""
    if isinstance(outcome, HTTPStatusError):
        return bool(outcome.status == 429)
    return isinstance(outcome, RateLimitedError)

"""Waiters as data: what each poll's outcome means, read from the spec.

Each API's status operation carries an ``x-taskpoll-waiter`` extension; the
generator turns it into a :class:`Waiter` in ``<api>/_generated/waiter.py``
(ordered :class:`Acceptor` values, where the state and the percent are, the
default policy, the per-task request limit), and :meth:`Waiter.decide` is
the one interpreter every API uses, modelled on botocore's waiter model and
Smithy's ``@waitable``:

* acceptors are tried in order and the first that matches wins: ``success``
  ends the wait with the result, ``failure`` and ``not-found`` with a
  :class:`~taskpoll.errors.TaskFailedError` / ``TaskNotFoundError``,
  ``retry`` polls again (with a hint, when it gives one);
* a matcher compares a response field (``equals`` one of its values), the
  HTTP status of an error, or the class of an error;
* an unmatched error gets the shared verdict of
  :func:`~taskpoll.poller.transient` (connection trouble and the retry
  statuses poll again, anything else fails); an unmatched response keeps
  polling (a state a newer server adds must not end a wait).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any, Final, Literal, TypeVar

import attrs

from .. import errors
from .._http.transport import Response
from .._wire.constraints import Constraint
from .._wire.models import plain, read, replaced
from ..errors import TaskpollError
from .policy import Decision, WaitPolicy, done, failed, keep_polling, transient

__all__ = ["Acceptor", "Waiter"]

log: logging.Logger = logging.getLogger("taskpoll.waiters")

R = TypeVar("R")
#: What a matching acceptor says of the wait (a spec acceptor's ``state``, in Smithy's words).
Verdict = Literal["success", "failure", "not-found", "retry"]
_ERRORS: Final = {"failure": errors.TaskFailedError, "not-found": errors.TaskNotFoundError}


@attrs.frozen
class Acceptor:
    """One rule: if the outcome matches, the wait's ``verdict`` is this.

    Exactly one matcher is set: ``path`` (a response field, by its wire
    name, dotted for nested ones) with ``equals`` (any of these values),
    ``http_status`` (an error's HTTP status, any of these), or ``error`` (an
    error class of :mod:`taskpoll.errors`, subclasses included).
    """

    verdict: Verdict
    path: str | None = None
    equals: tuple[str | int, ...] = ()
    http_status: tuple[int, ...] = ()
    error: str | None = None
    #: The wait's error message for ``failure``/``not-found`` (``{task_id}``
    #: is filled in); the API's code may give a better one.
    message: str = ""
    #: ``retry``: poll again no sooner than this many seconds.
    retry_after: float | None = None
    #: ``retry``: honour the error response's ``Retry-After``.
    honour_retry_after: bool = False
    #: The status to report when this acceptor matches (else the response's).
    label: str = ""

    def matches(self, outcome: object) -> bool:
        """Whether this rule applies to ``outcome`` (a response, or the error a poll raised)."""
        if isinstance(outcome, TaskpollError):
            if self.http_status:
                return getattr(outcome, "status", None) in self.http_status
            if self.error is not None:
                return isinstance(outcome, getattr(errors, self.error))
            return False
        if self.path is None:
            return False
        return plain(read(outcome, self.path)) in self.equals


@attrs.frozen
class Waiter:
    """One API's waiting rules, as its spec states them."""

    acceptors: tuple[Acceptor, ...]
    policy: WaitPolicy
    #: The response fields holding the task's status, and its percent done.
    status_field: str | None = None
    percent: str | None = None
    #: HTTP statuses an unmatched error polls again on.
    retry_statuses: frozenset[int] = frozenset()
    #: The API's limit on status requests per task, and how long it keeps a task.
    max_requests: int | None = None
    result_lifetime: float | None = None
    #: What the status operation's task id must be (type and facets).
    task_id: Constraint | None = None

    def clamped(self, response: R, task_id: str) -> R:
        """``response`` with its percent inside 0-100, as a percent must be.

        Clamped with a warning, not refused: progress only informs, and
        refusing it would count the poll as garbled and could fail a wait on a
        task that is fine.
        """
        value = read(response, self.percent) if self.percent else None
        if not isinstance(value, int | float) or 0 <= value <= 100:
            return response
        log.warning("task %s: progress %s is outside 0-100; clamped", task_id, value)
        bounded = type(value)(min(100, max(0, value)))  # a float stays a float
        return replaced(response, self.percent or "", bounded)

    def pause(self, error: str) -> float:
        """The seconds the ``retry`` acceptor of ``error`` (a class name) waits; 0 if none."""
        return next((a.retry_after or 0.0 for a in self.acceptors if a.error == error), 0.0)

    def decide(
        self,
        task_id: Hashable,
        outcome: object,
        *,
        result: Callable[[Any], Any] | None = None,
        failure: Callable[[Acceptor, Any], TaskpollError | None] | None = None,
    ) -> Decision[Any]:
        """What ``outcome`` (a response, or the error a poll raised) means.

        ``result`` turns a successful response into the wait's result (the
        response itself by default; a :class:`TaskpollError` it raises fails
        the wait); ``failure`` builds the error of a ``failure``/``not-found``
        acceptor where the API can say more (``None``: the default error).
        """
        acceptor = next((a for a in self.acceptors if a.matches(outcome)), None)
        if acceptor is None:
            if isinstance(outcome, TaskpollError):
                return transient(outcome, retry_statuses=self.retry_statuses)
            state = self._state(outcome)
            log.debug("task %s: no acceptor matches state %r; polling on", task_id, state)
            return keep_polling(status=state, percent=self._percent(outcome))
        state = acceptor.label or self._state(outcome)
        if acceptor.verdict == "success":
            try:
                # an API that reports no percent (CapMonster) is not shown one when done
                finished = outcome if result is None else result(outcome)
                return done(finished, status=state, percent=100.0 if self.percent else None)
            except TaskpollError as exc:  # a finished task's result will not change
                return failed(exc, status=state)
        if acceptor.verdict in _ERRORS:
            error = failure(acceptor, outcome) if failure is not None else None
            if error is not None:
                return failed(error, status=state)
            message = acceptor.message.format(task_id=task_id) or state
            code = self._state(outcome)
            return failed(
                _ERRORS[acceptor.verdict](message, code=code, response=outcome), status=state
            )
        return keep_polling(
            status=state,
            percent=self._percent(outcome),
            retry_after=self._hint(acceptor, outcome),
        )

    def _state(self, outcome: object) -> str:
        if isinstance(outcome, TaskpollError):
            status = getattr(outcome, "status", None)
            return f"HTTP {status}" if status is not None else type(outcome).__name__
        value = plain(read(outcome, self.status_field)) if self.status_field else None
        return "" if value is None else str(value)

    def _percent(self, outcome: object) -> float | None:
        if self.percent is None or isinstance(outcome, TaskpollError):
            return None
        value = read(outcome, self.percent)
        return float(value) if isinstance(value, int | float) else None

    @staticmethod
    def _hint(acceptor: Acceptor, outcome: object) -> float | None:
        hint = acceptor.retry_after
        if acceptor.honour_retry_after and isinstance(outcome, TaskpollError):
            response = outcome.response
            sent = response.retry_after() if isinstance(response, Response) else None
            hint = sent if hint is None or (sent is not None and sent > hint) else hint
        return hint

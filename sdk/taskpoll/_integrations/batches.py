"""Many waits per message: :func:`wait_later_many` and the worker's slices.

One execution of the ``taskpoll.wait_batch`` task drives every wait its
message carries with the scheduler of ``wait_many`` (polls in flight on the
worker's threads, each wait's own backoff, deadline and budget) for a slice
of ``slice_seconds``; it stores each finished wait's result under that
wait's own id in the result backend as it finishes (so each wait has its
own ``AsyncResult``, as with ``wait_later``), and then re-schedules the
unfinished ones, with their states, as one message due at the earliest
next poll among them.  A poll on a worker then costs about what one in
``wait_many`` costs with the same ledger (https://taskpoll.readthedocs.io/benchmarks/, section 7),
instead of a message per poll.

At least once stays safe: a slice is claimed in the ledger (one key per
message and hop) before it polls, so a message delivered twice while the
first delivery runs, or again later, polls each task once per step; a
redelivery whose first holder died is polled.  A result the backend cannot
take travels on in the next message until it can: nothing is lost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, Final, NoReturn

from celery import Celery, signature
from celery.exceptions import Ignore
from celery.result import AsyncResult
from celery.utils import uuid

from .._clients.outcome import Outcome
from .._clients.registry import Api
from .._clients.registry import api as _api
from .._durable.ledger import Ledger
from .._waiting.state import Step, WaitState
from .chains import Chains, first_deadline
from .worker import (
    EARLY,
    Clients,
    WaitFailed,
    countdown,
    linked,
    next_kwargs,
    redelivered,
    send_or_requeue,
    trace_origin,
)

__all__ = ["BATCH_TASK_NAME", "Slices", "wait_later_many"]

log: logging.Logger = logging.getLogger("taskpoll.celery")

#: The name of the batch task :func:`~taskpoll.celery.register` adds.
BATCH_TASK_NAME: Final = "taskpoll.wait_batch"
#: How soon a result the backend refused is offered again.
_RETRY_STORE: Final = 1.0


def wait_later_many(
    app: Celery,
    api: str,
    task_ids: Iterable[str | int],
    *,
    base_url: str | None = None,
    key_env: str | None = None,
    max_wait: float | None = None,
    link: Any = None,
    batch_size: int = 500,
) -> list[AsyncResult]:
    """Start waiting on every one of ``task_ids`` of ``api`` on the app's
    workers, ``batch_size`` waits to a message; returns one ``AsyncResult``
    per id, in order (an id given twice is waited on once), whose ``.get()``
    is what :func:`~taskpoll.celery.wait_later`'s gives.

    Arguments are as for :func:`~taskpoll.celery.wait_later`; ``link`` is
    called with each successful wait's result.  Results go to the app's
    result backend by id, so it must be one that stores them (Redis, a
    database), not ``rpc://``.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if str(app.conf.result_backend or "").startswith("rpc"):
        raise ValueError("wait_later_many needs a result backend that stores results, not rpc://")
    spec = _api(api)
    ids = list(dict.fromkeys(str(task_id) for task_id in task_ids))
    for task_id in ids:
        spec.parse_id(task_id)  # a malformed id fails here, not on a worker
    result_ids = {task_id: uuid() for task_id in ids}
    common: dict[str, Any] = {
        "api": api,
        "base_url": base_url,
        "key_env": key_env or spec.key_env,
        "max_wait": max_wait,
        "queued": time.time(),
        "link": dict(link) if link is not None else None,
        "finished": [],
    }
    origin = trace_origin()
    if origin is not None:
        common["traced"] = origin
    chains = Chains.of(app)
    for start in range(0, len(ids), batch_size):
        waits = [
            [task_id, result_ids[task_id], None] for task_id in ids[start : start + batch_size]
        ]
        kwargs, message_id = {**common, "waits": waits}, uuid()
        if chains is not None:
            deadline = first_deadline(common["queued"], max_wait)
            chains.keep_first(BATCH_TASK_NAME, message_id, kwargs, deadline, None)
        app.send_task(BATCH_TASK_NAME, kwargs=kwargs, task_id=message_id)
    return [app.AsyncResult(result_ids[str(task_id)]) for task_id in task_ids]


class Slices:
    """The worker's side of :data:`BATCH_TASK_NAME`: one slice per execution."""

    def __init__(
        self, clients: Clients, chains: Chains, *, claim_ttl: float, seconds: float
    ) -> None:
        self.clients = clients
        self.chains = chains
        self.claim_ttl = claim_ttl
        self.seconds = seconds

    def run(
        self,
        task: Any,
        *,
        api: str,
        base_url: str | None,
        key_env: str | None,
        max_wait: float | None,
        queued: float,
        waits: list[list[Any]],
        finished: list[list[Any]],
        link: dict[str, Any] | None,
        resent: bool = False,  # read by redelivered()
        traced: dict[str, str] | None = None,
    ) -> None:
        spec = _api(api)
        client = self.clients.get(spec, base_url, key_env)
        policy = self.clients.policies.get(api)
        held: dict[str, tuple[str, WaitState]] = {}
        for task_id, result_id, state in waits:
            held[task_id] = (
                result_id,
                self._state(client, spec, task_id, state, queued=queued, max_wait=max_wait),
            )
        due = min((state.next_poll for _, state in held.values()), default=0.0)
        if not finished and due - time.time() > EARLY:  # a countdown cut short: wait on
            send_or_requeue(lambda: self._later(task, held, finished, due))
        hops = _Hops(client.ledger, task, held, self.claim_ttl)
        everything = len(held)
        if redelivered(task):
            held = hops.take_over()
        results = _Results(task, link)
        results.store(finished)
        going_on: dict[str, tuple[str, WaitState]] = {}
        states = [state for _, state in held.values()]
        ended = 0
        about = {"taskpoll.api": api, "taskpoll.waits": len(states)}
        with linked(client, f"taskpoll.slice {api}", traced, about):
            # each result is stored as its wait finishes, not at the slice's end
            until = time.time() + self.seconds
            for step in client.poll_slice(states, until=until, policy=policy):
                task_id = str(step.state.task_id)
                result_id = held[task_id][0]
                if not hops.hand_on(task_id):
                    continue  # another delivery of this slice has handed it on
                if step.finished:
                    ended += 1
                    if results.store([[result_id, *_outcome(spec, step)]]):
                        hops.done(task_id)
                else:
                    going_on[task_id] = (result_id, step.state)
        if going_on or results.pending:
            due = min((s.next_poll for _, s in going_on.values()), default=time.time())
            if results.pending:
                due = min(due, time.time() + _RETRY_STORE)
            hops.hand_over(lambda: self._later(task, going_on, results.pending, due))
        if ended == everything:  # not when another delivery carries some on
            self.chains.end(task)

    def _state(
        self,
        client: Any,
        spec: Api,
        task_id: str,
        state: str | None,
        *,
        queued: float,
        max_wait: float | None,
    ) -> WaitState:
        if state is not None:
            return WaitState.from_json(state, source="the batch's message")
        policy = self.clients.policies.get(spec.name)
        begun: WaitState = client.begin_wait(
            spec.parse_id(task_id), max_wait=max_wait, started=queued, policy=policy
        )
        return begun

    def _later(
        self,
        task: Any,
        going_on: dict[str, tuple[str, WaitState]],
        pending: list[list[Any]],
        due: float,
    ) -> Any:
        """The retry that carries the unfinished waits on, leased first (:mod:`.chains`)."""
        waits = [[t, r, s.to_json()] for t, (r, s) in going_on.items()]
        kwargs = next_kwargs(task, waits=waits, finished=pending)
        wait = countdown(due)
        deadline = max((s.deadline for _, s in going_on.values()), default=due)
        self.chains.keep(task, kwargs, wait, deadline)
        return task.retry(countdown=wait, kwargs=kwargs, max_retries=None)


def _outcome(spec: Api, step: Step[Any]) -> list[Any]:
    """A finished wait's ``[ok, JSON]``: the result object, or the error's details."""
    task_id = spec.parse_id(str(step.state.task_id))
    if step.error is not None:
        return [False, Outcome.of(spec, task_id, step.error).as_json()["error"]]
    return [True, Outcome.of(spec, task_id, step.result, step.status, step.response).as_json()]


class _Hops:
    """Which delivery of a slice hands each of its waits on (ledger claims).

    A slice is claimed once (its message id and hop) before it polls: a
    second delivery while the first runs, or later, polls nothing.  A
    redelivery (its holder died, or lost its connection and still runs)
    polls anyway, and each wait then goes on from whichever delivery claims
    it first, ``hop:<result id>:<attempts at the slice's start>``: a wait is
    never handed on twice, so waits never fork into two chains of messages.
    Claims last as long as any of the slice's waits may.
    """

    def __init__(
        self, ledger: Ledger, task: Any, held: dict[str, tuple[str, WaitState]], ttl: float
    ) -> None:
        lasts = max((state.deadline - time.time() for _, state in held.values()), default=0.0)
        self.ledger, self.held, self.ttl = ledger, held, max(ttl, lasts)
        self.taken: set[str] = set()
        self.mine: dict[str, str] = {}  # claims of waits this delivery still holds
        key = f"slice:{task.request.id}:{task.request.retries}"
        if not ledger.claim(key, self.ttl) and not redelivered(task):
            log.info("%s delivered twice; polled once", key)
            raise Ignore()

    def hand_on(self, task_id: str) -> bool:
        """Whether this delivery goes on with the wait (the first to ask does)."""
        if task_id in self.taken:
            return True
        result_id, state = self.held[task_id]
        key = f"hop:{result_id}:{state.attempts}"
        if not self.ledger.claim(key, self.ttl):
            return False
        self.mine[task_id] = key
        return True

    def done(self, task_id: str) -> None:
        """The wait ended, its result stored: its claim stays, for good."""
        self.mine.pop(task_id, None)

    def hand_over(self, send: Callable[[], Any]) -> NoReturn:
        """``send`` the next slice; if the broker cannot take it, give up the
        claims of the waits it carries, so that this message, back at the
        broker, is delivered again with them."""

        def give_up() -> None:
            for key in self.mine.values():
                self.ledger.release(key)

        send_or_requeue(send, give_up)

    def take_over(self) -> dict[str, tuple[str, WaitState]]:
        """A redelivery's waits: those no other delivery has handed on yet."""
        for task_id in self.held:
            if self.hand_on(task_id):
                self.taken.add(task_id)
        return {task_id: self.held[task_id] for task_id in self.taken}


class _Results:
    """Finished waits' results on their way to the result backend; those it
    could not take stay ``pending``, for the next message to carry."""

    def __init__(self, task: Any, link: dict[str, Any] | None) -> None:
        self.task, self.link = task, link
        self.pending: list[list[Any]] = []

    def store(self, results: list[list[Any]]) -> bool:
        """Whether every one of ``results`` was stored (the rest are ``pending``)."""
        stored = True
        for result_id, ok, data in results:
            if self.pending or not self._stored(result_id, ok, data):
                self.pending.append([result_id, ok, data])  # the backend is down: try later
                stored = False
        return stored

    def _stored(self, result_id: str, ok: bool, data: dict[str, Any]) -> bool:
        backend = self.task.backend
        try:
            if ok:
                backend.mark_as_done(result_id, data, request=None)
            else:
                backend.mark_as_failure(result_id, WaitFailed(data), traceback=None)
        except Exception as exc:  # any backend's error: the result travels on
            log.warning("result %s not stored (%s): it goes with the next message", result_id, exc)
            return False
        if ok and self.link is not None:
            signature(self.link, app=self.task.app).apply_async((data,))
        return True

"""Waits polled by a fleet of Celery workers (``pip install taskpoll[celery]``).

Each execution of the ``taskpoll.wait`` task makes **one** poll through
``client.poll_once`` and then does one of three things:

* returns the result, as the JSON object ``taskpoll wait --json`` prints;
* raises :class:`WaitFailed`, whose ``details`` are the error's ``type``,
  ``code``, ``message``, ``attempts`` and ``elapsed``;
* re-schedules itself (``retry`` with ``countdown`` set to the step's next
  delay, so the caller's ``AsyncResult`` stays the same) carrying the new
  :class:`~taskpoll.state.WaitState`, as JSON.

No worker sleeps through a wait, and no message holds a secret: the key is
read from the worker's own environment, by the variable name the message
carries (``key_env``).

Delivery is at least once (``acks_late``: a worker killed mid-poll loses no
wait).  What keeps that safe lives in the ledger, not in the message: the
request budget (a step delivered twice is counted by the ledger, and never
passes CapMonster's 120), and a claim on each step, so that a step delivered
twice while the first delivery is still running is polled once.  The
wall-clock deadline in the state ends a wait even if its messages sat in a
queue past it.  For fleets use a :class:`~taskpoll.redis.RedisLedger`
(``TASKPOLL_LEDGER=redis://…`` on every worker); README, "Scale-out on Celery".
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Final, Unpack

from celery import Celery
from celery.exceptions import Ignore
from celery.result import AsyncResult

from .._clients.outcome import Outcome
from .._clients.registry import Api
from .._clients.registry import api as _api
from .._clients.renamed import RenamedWaitArgs, take
from .._durable.ledger import Ledger, ledger_from_env
from .._waiting.policy import WaitPolicy
from .._waiting.state import WaitState

__all__ = ["TASK_NAME", "WaitFailed", "register", "wait_later"]

log: logging.Logger = logging.getLogger("taskpoll.celery")

#: The name of the task :func:`register` adds.
TASK_NAME: Final = "taskpoll.wait"


class WaitFailed(Exception):
    """A wait ended with an error.  ``details`` is the error as JSON: ``type``,
    ``code``, ``message``, ``attempts``, ``elapsed`` (and ``response``)."""

    def __init__(self, details: dict[str, Any]) -> None:
        super().__init__(details)
        self.details = details

    def __str__(self) -> str:
        return f"{self.details.get('type')}: {self.details.get('message')}"


def wait_later(
    app: Celery,
    api: str,
    task_id: str | int,
    *,
    base_url: str | None = None,
    key_env: str | None = None,
    max_wait: float | None = None,
    link: Any = None,
    **renamed: Unpack[RenamedWaitArgs],
) -> AsyncResult:
    """Start waiting on ``task_id`` of ``api`` on the app's workers, for at
    most ``max_wait`` seconds (default: the API's).

    ``key_env`` names the environment variable *on the workers* that holds the
    key (default: the command line's, such as ``CAPMONSTER_CLIENT_KEY``).
    The wait's deadline starts now, however long its first message queues.
    (``timeout=`` is the deprecated name of ``max_wait=``.)
    """
    max_wait = take(renamed, "timeout", "max_wait", max_wait, known=("timeout",))
    spec = _api(api)
    spec.parse_id(str(task_id))  # a malformed id fails here, not on a worker
    kwargs = {
        "api": api,
        "task_id": str(task_id),
        "base_url": base_url,
        "key_env": key_env or spec.key_env,
        "max_wait": max_wait,
        "queued": time.time(),
        "state": None,
    }
    return app.send_task(TASK_NAME, kwargs=kwargs, link=link)


def register(
    app: Celery,
    *,
    ledger: Ledger | Callable[[], Ledger] | None = None,
    claim_ttl: float = 60.0,
    policies: Mapping[str, WaitPolicy] | None = None,
    connections: int = 64,
) -> Any:
    """Add the ``taskpoll.wait`` task to ``app`` (on the workers; callers only
    need :func:`wait_later`).

    ``ledger`` (or a function making one, called once per worker process) is
    where request counts, pacing and step claims live; default: what
    ``TASKPOLL_LEDGER`` names.  ``claim_ttl`` is how long a delivered step is
    held against a second delivery: longer than one poll can take, shorter
    than the broker's visibility timeout (so a step whose worker died is
    taken up again when the broker redelivers it).  ``policies`` replaces an
    API's default :class:`~taskpoll.poller.WaitPolicy` (by API name) on these
    workers; ``connections`` is how many each client keeps pooled, for the
    worker's threads (at least its ``--concurrency``).
    """
    clients = _Clients(ledger, dict(policies or {}), connections)

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK_NAME,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=None,
        ignore_result=False,
    )
    def wait(self: Any, **kwargs: Any) -> dict[str, Any]:
        return _step(self, clients, claim_ttl, **kwargs)

    return wait


def _step(
    task: Any,
    clients: _Clients,
    claim_ttl: float,
    *,
    api: str,
    task_id: str,
    base_url: str | None,
    key_env: str | None,
    queued: float,
    state: str | None,
    max_wait: float | None = None,
    timeout: float | None = None,  # what messages sent by taskpoll 0.1 carry
) -> dict[str, Any]:
    spec = _api(api)
    client = clients.get(spec, base_url, key_env)
    parsed = spec.parse_id(task_id)
    policy = clients.policies.get(api)
    current = (
        WaitState.from_json(state, source="the task's message")
        if state is not None
        else client.begin_wait(parsed, max_wait=max_wait or timeout, started=queued, policy=policy)
    )
    if not client.ledger.claim(f"step:{api}:{task_id}:{current.attempts}", claim_ttl):
        log.info("%s %s: step %d delivered twice; polled once", api, task_id, current.attempts)
        raise Ignore()
    step = client.poll_once(current, policy=policy)
    if step.done:
        return Outcome.of(spec, parsed, step.result, step.status, step.response).as_json()
    if step.error is not None:
        raise WaitFailed(Outcome.of(spec, parsed, step.error).as_json()["error"])
    delay = max(0.0, step.state.next_poll - time.time())
    retry_kwargs = {**task.request.kwargs, "state": step.state.to_json()}
    raise task.retry(countdown=delay, kwargs=retry_kwargs, max_retries=None)


class _Clients:
    """One client per API, base URL and key variable in each worker process."""

    def __init__(
        self,
        ledger: Ledger | Callable[[], Ledger] | None,
        policies: dict[str, WaitPolicy],
        connections: int,
    ) -> None:
        self.policies = policies
        self._connections = connections
        self._make_ledger = ledger
        self._ledger: Ledger | None = None
        self._clients: dict[tuple[str, str | None, str | None], Any] = {}
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def get(self, spec: Api, base_url: str | None, key_env: str | None) -> Any:
        with self._lock:
            if os.getpid() != self._pid:  # forked: connections and ledgers are not shared
                self._clients.clear()
                self._ledger, self._pid = None, os.getpid()
            key = (spec.name, base_url, key_env)
            if key not in self._clients:
                self._clients[key] = self._connect(spec, base_url, key_env)
            return self._clients[key]

    def _connect(self, spec: Api, base_url: str | None, key_env: str | None) -> Any:
        secret = None
        if spec.key_env is not None:
            name = key_env or spec.key_env
            secret = os.environ.get(name)
            if not secret:
                raise WaitFailed(
                    {
                        "type": "ConfigurationError",
                        "code": None,
                        "message": f"the worker has no {name} in its environment",
                        "attempts": 0,
                        "elapsed": None,
                    }
                )
        client = spec.connect(base_url, secret, ledger=self._shared_ledger())
        client.reserve_connections(self._connections)
        return client

    def _shared_ledger(self) -> Ledger:
        if self._ledger is None:
            made = self._make_ledger
            self._ledger = made() if callable(made) else made or ledger_from_env()
        return self._ledger

"""Waits polled by a fleet of Celery workers (``pip install taskpoll[celery]``).

:func:`wait_later_many` sends many waits to a message, and each execution
of the ``taskpoll.wait_batch`` task drives them for a slice of time with the
scheduler of ``wait_many`` (:mod:`taskpoll._integrations.batches`): the
way to wait on many tasks.  :func:`wait_later` sends one wait, and each
execution of the ``taskpoll.wait`` task makes **one** poll through
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
wait).  How soon a killed worker's waits come back is the broker's:
RabbitMQ requeues a dead connection's unacknowledged messages at once; Redis
only after its ``visibility_timeout``, which :func:`register` bounds (a
step's countdown is at most :data:`MAX_COUNTDOWN` and its poll at most
``step_timeout``, so the timeout can be short:
https://taskpoll.readthedocs.io/guides/fleet/).  A message Redis lost comes
back when its lease in the ledger runs out (:mod:`taskpoll._integrations.chains`).

What keeps at-least-once safe lives in the ledger, not in the message: the
request budget (a step delivered twice is counted by the ledger, and never
passes CapMonster's 120), and a claim on each step, so that a step
delivered twice while the first delivery is still running is polled once
(a redelivery, whose first holder died, is polled).  The wall-clock
deadline in the state ends a wait even if its messages sat in a queue past
it.  For fleets use a :class:`~taskpoll.redis.RedisLedger`
(``TASKPOLL_LEDGER=redis://…`` on every worker);
https://taskpoll.readthedocs.io/guides/fleet/.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Final, Unpack

from celery import Celery
from celery.exceptions import Ignore
from celery.result import AsyncResult
from celery.signals import worker_ready
from celery.utils import uuid

from .._clients.outcome import Outcome
from .._clients.registry import api as _api
from .._clients.renamed import RenamedWaitArgs, take
from .._durable.ledger import Ledger
from .._waiting.policy import WaitPolicy
from .._waiting.state import WaitState
from .batches import BATCH_TASK_NAME, Slices, wait_later_many
from .chains import Chains, first_deadline
from .worker import (
    EARLY,
    MAX_COUNTDOWN,
    Clients,
    WaitFailed,
    countdown,
    linked,
    next_kwargs,
    redelivered,
    send_or_requeue,
    trace_origin,
)

__all__ = [
    "BATCH_TASK_NAME",
    "MAX_COUNTDOWN",
    "TASK_NAME",
    "WaitFailed",
    "register",
    "wait_later",
    "wait_later_many",
]

log: logging.Logger = logging.getLogger("taskpoll.celery")

#: The name of the task :func:`register` adds.
TASK_NAME: Final = "taskpoll.wait"
#: How long Redis waits to redeliver on top of the visibility timeout: kombu's
#: sweep for unacknowledged messages runs every this many seconds.
RESTORE_INTERVAL: Final = 5


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
    queued = time.time()
    kwargs: dict[str, Any] = {
        "api": api,
        "task_id": str(task_id),
        "base_url": base_url,
        "key_env": key_env or spec.key_env,
        "max_wait": max_wait,
        "queued": queued,
        "state": None,
    }
    origin = trace_origin()
    if origin is not None:
        kwargs["traced"] = origin
    message_id = uuid()
    chains = Chains.of(app)
    if chains is not None:
        deadline = first_deadline(queued, max_wait)
        chains.keep_first(TASK_NAME, message_id, kwargs, deadline, link)
    return app.send_task(TASK_NAME, kwargs=kwargs, link=link, task_id=message_id)


def register(
    app: Celery,
    *,
    ledger: Ledger | Callable[[], Ledger] | None = None,
    claim_ttl: float | None = None,
    policies: Mapping[str, WaitPolicy] | None = None,
    connections: int = 64,
    step_timeout: float = 20.0,
    slice_seconds: float = 10.0,
) -> Any:
    """Add the ``taskpoll.wait`` task to ``app`` (on the workers; callers only
    need :func:`wait_later`), and bound how long a killed worker's waits stay
    away (call it after configuring the broker).

    ``ledger`` (or a function making one, called once per worker process) is
    where request counts, pacing and step claims live; default: what
    ``TASKPOLL_LEDGER`` names.  ``step_timeout`` caps one poll's request on
    these workers (below each API's own limit).  ``claim_ttl`` is how long a
    delivered step is held against a second delivery (default: the step's
    limit and 10 s more, and a lease's hold, so that a step sent again by
    the lease sweep finds the claim).  ``policies`` replaces an API's default
    :class:`~taskpoll.WaitPolicy` (by API name) on these workers;
    ``connections`` is how many each client keeps pooled, for the worker's
    threads (at least its ``--concurrency``).  ``slice_seconds`` is how long
    one execution of the batch task (:func:`wait_later_many`) starts polls
    before it hands its unfinished waits on.

    Each message a wait sends on is leased in the ledger for ``slice_seconds``
    + ``step_timeout`` + 5 s after its countdown, and each worker sends
    again, every 5 s, a message whose lease ran out: one the broker lost
    (:mod:`taskpoll._integrations.chains`).

    On Redis, the broker's ``visibility_timeout`` is set to the longest a
    message is held (:data:`MAX_COUNTDOWN` + ``slice_seconds`` +
    ``step_timeout`` + 5 s) and
    its sweep to every :data:`RESTORE_INTERVAL` s, unless already set: a
    setting of yours wins, with a warning when it makes steps run twice
    (shorter) or waits come back late (over a minute).
    """
    hold = slice_seconds + step_timeout + 5.0
    claim = step_timeout + 10.0 + hold if claim_ttl is None else claim_ttl
    _bound_recovery(app, MAX_COUNTDOWN + hold)
    clients = Clients(ledger, dict(policies or {}), connections, step_timeout)
    chains = Chains(clients.ledger, hold)
    chains.attach(app)
    slices = Slices(clients, chains, claim_ttl=claim + slice_seconds, seconds=slice_seconds)

    @worker_ready.connect(weak=False)  # type: ignore[untyped-decorator]
    def sweep(sender: Any = None, **_: Any) -> None:
        if getattr(sender, "app", None) is app:
            chains.start_sweeping(app)

    @app.task(name=BATCH_TASK_NAME, ignore_result=True, **_AT_LEAST_ONCE)  # type: ignore[untyped-decorator]
    def wait_batch(self: Any, **kwargs: Any) -> None:
        slices.run(self, **kwargs)

    @app.task(name=TASK_NAME, ignore_result=False, **_AT_LEAST_ONCE)  # type: ignore[untyped-decorator]
    def wait(self: Any, **kwargs: Any) -> dict[str, Any]:
        return _step(self, clients, chains, claim, **kwargs)

    return wait


#: Both tasks: acknowledged after they run, so a killed worker's messages come
#: back; retried without limit (each wait's deadline ends it).
_AT_LEAST_ONCE: Final[dict[str, Any]] = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": None,
}


def _bound_recovery(app: Celery, held: float) -> None:
    """Set (or check) the Redis transport options that bound redelivery:
    messages are held at most ``held`` seconds by a live worker."""
    url = str(app.conf.broker_url or "")
    if not url.startswith(("redis://", "rediss://", "redis+socket://", "sentinel://")):
        return  # RabbitMQ requeues a dead worker's messages at once
    options = dict(app.conf.broker_transport_options or {})
    given = options.get("visibility_timeout")
    if given is None:
        options["visibility_timeout"] = held
    elif float(given) < held:
        log.warning(
            "visibility_timeout %ss is shorter than a step can be held (%ss): "
            "steps will be delivered twice (the ledger's claims poll them once)",
            given,
            held,
        )
    elif float(given) + RESTORE_INTERVAL > 60.0:
        log.warning(
            "visibility_timeout %ss: a killed worker's waits come back only after "
            "%ss (taskpoll's default: %ss)",
            given,
            float(given) + RESTORE_INTERVAL,
            held,
        )
    options.setdefault("unacked_restore_interval", RESTORE_INTERVAL)
    options.setdefault("unacked_restore_throttle", 1)
    app.conf.broker_transport_options = options


def _step(
    task: Any,
    clients: Clients,
    chains: Chains,
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
    resent: bool = False,  # read by redelivered()
    traced: dict[str, str] | None = None,
) -> dict[str, Any]:
    spec = _api(api)
    client = clients.get(spec, base_url, key_env)
    parsed = spec.parse_id(task_id)
    policy = clients.policies.get(api)
    if state is not None:
        current = WaitState.from_json(state, source="the task's message")
        if current.next_poll - time.time() > EARLY:  # a countdown cut short: wait on
            send_or_requeue(lambda: _later(task, chains, current))
    else:
        current = client.begin_wait(
            parsed, max_wait=max_wait or timeout, started=queued, policy=policy
        )
    claimed = client.ledger.claim(f"step:{api}:{task_id}:{current.attempts}", claim_ttl)
    if not claimed and not redelivered(task):
        log.info("%s %s: step %d delivered twice; polled once", api, task_id, current.attempts)
        raise Ignore()
    about = {"taskpoll.api": api, "taskpoll.task_id": task_id}
    with linked(client, f"taskpoll.step {api}", traced, about):
        step = client.poll_once(current, policy=policy)
    if step.done or step.error is not None:
        chains.end(task)
    if step.done:
        return Outcome.of(spec, parsed, step.result, step.status, step.response).as_json()
    if step.error is not None:
        raise WaitFailed(Outcome.of(spec, parsed, step.error).as_json()["error"])
    send_or_requeue(lambda: _later(task, chains, step.state))


def _later(task: Any, chains: Chains, state: WaitState) -> Any:
    """The retry that carries ``state`` to its next poll, in countdowns of at
    most :data:`MAX_COUNTDOWN` seconds, leased first (:mod:`.chains`)."""
    retry_kwargs = next_kwargs(task, state=state.to_json())
    wait = countdown(state.next_poll)
    chains.keep(task, retry_kwargs, wait, state.deadline)
    return task.retry(countdown=wait, kwargs=retry_kwargs, max_retries=None)

"""What the Celery tasks share on a worker: its clients, the error a wait
ends with, and how far ahead a message may be scheduled."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Final, NoReturn

from celery.exceptions import Reject

from .._clients.registry import Api
from .._clients.telemetry import otel_integration
from .._durable.ledger import Ledger, ledger_from_env
from .._http.transport import Timeout
from .._waiting.policy import WaitPolicy

log: logging.Logger = logging.getLogger("taskpoll.celery")

__all__ = [
    "EARLY",
    "MAX_COUNTDOWN",
    "RESENT",
    "Clients",
    "WaitFailed",
    "countdown",
    "linked",
    "next_kwargs",
    "redelivered",
    "send_or_requeue",
    "trace_origin",
]

#: The longest a step's message waits for its countdown, in seconds: a poll due
#: later is reached by steps that only re-schedule.  Workers hold countdown
#: messages unacknowledged, so this bounds how long a message is legitimately
#: held, and with it the broker's redelivery timeout.
MAX_COUNTDOWN: Final = 10.0
#: A message that wakes less than this before its first poll is due polls now.
EARLY: Final = 0.05


def countdown(next_poll: float) -> float:
    """The countdown of a message for a poll due at ``next_poll`` (Unix time)."""
    return min(max(0.0, next_poll - time.time()), MAX_COUNTDOWN)


#: The argument a message carries when the lease sweep sent it again.
RESENT: Final = "resent"


def redelivered(task: Any) -> bool:
    """Whether the broker gave this message again because its holder died
    (RabbitMQ when the holder's connection drops, Redis past a visibility
    timeout longer than any message is held), or the lease sweep sent it
    again because no worker ran it in time: the claims on its waits may be
    a dead worker's, and dropping the delivery would lose them."""
    if (task.request.delivery_info or {}).get("redelivered"):
        return True
    return bool((task.request.kwargs or {}).get(RESENT))


def next_kwargs(task: Any, **changes: Any) -> dict[str, Any]:
    """The arguments of this message's successor: a successor is never sent again."""
    kwargs = {k: v for k, v in task.request.kwargs.items() if k != RESENT}
    return {**kwargs, **changes}


def send_or_requeue(
    send: Callable[[], Any], give_up: Callable[[], None] = lambda: None
) -> NoReturn:
    """``send`` the next message of a wait (Celery's retry, which raises
    ``Retry``).  When the broker cannot take it, Celery raises
    ``Reject(requeue=False)``, which would drop this message and the waits
    it carries: ``give_up`` runs (to release their claims) and this message
    goes back to the broker instead, to be delivered again."""
    try:
        send()
    except Reject as exc:
        give_up()
        log.warning("next message not sent (%s): this one goes back to the broker", exc.reason)
        raise Reject(exc.reason, requeue=True) from exc
    raise AssertionError("a retry raises")  # pragma: no cover


def trace_origin() -> dict[str, str] | None:
    """The caller's current span as W3C trace context (ids only), for a
    message's ``traced`` argument, which every step or slice of the wait
    then links to; ``None`` without OpenTelemetry or a current span."""
    otel = otel_integration()
    if otel is None:
        return None
    found: dict[str, str] | None = otel.origin()
    return found


def linked(
    client: Any, name: str, origin: Mapping[str, str] | None, attributes: Mapping[str, object]
) -> AbstractContextManager[None]:
    """The span of one execution on a worker, linked to the wait's caller (a
    no-op unless the worker's client traces)."""
    tracing = getattr(client, "_tracing", None)
    if tracing is None:
        return contextlib.nullcontext()
    span: AbstractContextManager[None] = tracing.linked(name, origin, attributes)
    return span


class WaitFailed(Exception):
    """A wait ended with an error.  ``details`` is the error as JSON: ``type``,
    ``code``, ``message``, ``attempts``, ``elapsed`` (and ``response``)."""

    def __init__(self, details: dict[str, Any]) -> None:
        super().__init__(details)
        self.details = details

    def __str__(self) -> str:
        return f"{self.details.get('type')}: {self.details.get('message')}"


class Clients:
    """One client per API, base URL and key variable in each worker process."""

    def __init__(
        self,
        ledger: Ledger | Callable[[], Ledger] | None,
        policies: dict[str, WaitPolicy],
        connections: int,
        step_timeout: float,
    ) -> None:
        self.policies = policies
        self._connections = connections
        self._step_timeout = step_timeout
        self._make_ledger = ledger
        self._ledger: Ledger | None = None
        self._clients: dict[tuple[str, str | None, str | None], Any] = {}
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def get(self, spec: Api, base_url: str | None, key_env: str | None) -> Any:
        with self._lock:
            self._forget_if_forked()
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
        own: Timeout = client.timeout
        if own.total > self._step_timeout:  # a step must end well inside the broker's timeout
            limit = self._step_timeout
            capped = Timeout(min(own.connect, limit), min(own.read, limit), limit)
            client = spec.connect(base_url, secret, ledger=self._shared_ledger(), timeout=capped)
        client.reserve_connections(self._connections)
        return client

    def ledger(self) -> Ledger:
        """This process's ledger (made on first use)."""
        with self._lock:
            self._forget_if_forked()
            return self._shared_ledger()

    def _forget_if_forked(self) -> None:
        if os.getpid() != self._pid:  # forked: connections and ledgers are not shared
            self._clients.clear()
            self._ledger, self._pid = None, os.getpid()

    def _shared_ledger(self) -> Ledger:
        if self._ledger is None:
            made = self._make_ledger
            self._ledger = made() if callable(made) else made or ledger_from_env()
        return self._ledger

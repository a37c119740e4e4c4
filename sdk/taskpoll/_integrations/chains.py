"""A wait's chain of messages, sent again when the broker loses one.

kombu's Redis transport takes a message off its queue (``BRPOP``) and
records it as unacknowledged in a second command; a worker killed between
the two loses the message, and the waits it carried with it (celery/celery
issue 7950; RabbitMQ has no such window).  So before a wait's next message
is sent, the message is leased in the ledger until it must have run: its
countdown, then ``hold`` seconds (a slice, a poll's limit and a margin).
The next message replaces the lease with its own successor's, and the
chain's last ends it.  Every worker sweeps: a lease that ran out is a
message no worker ran, and is sent again, with the same task id and
retry count.

Sending again is safe because the claims decide who polls.  A copy is
taken as a redelivery (its first holder, if any, may have died holding the
claims): it polls, and each wait of a slice goes on from whichever delivery
claims its hop first, so a slice's waits never fork; a single step polled
twice is handed on once, since the next step's claim admits one of the two.

Leases need a shared ledger that keeps them (:class:`~taskpoll.redis.RedisLedger`,
:class:`~taskpoll.SqliteLedger`); with the in-memory one, which a killed
worker takes with it, there are none.  A caller's first message is leased
when the caller registered the app and has the workers' ``TASKPOLL_LEDGER``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Final

from celery import Celery

from .._durable.ledger import Leases, Ledger
from .worker import RESENT

__all__ = ["SWEEP_EVERY", "Chains", "first_deadline"]

log: logging.Logger = logging.getLogger("taskpoll.celery")

#: How often each worker looks for leases that ran out, in seconds.
SWEEP_EVERY: Final = 5.0


#: A first message's lease outlives its wait by at most this when the caller
#: gives no ``max_wait`` (the worker's policy decides, which a caller does not see).
_DAY: Final = 86400.0
_OF_APP: weakref.WeakKeyDictionary[Celery, Chains] = weakref.WeakKeyDictionary()


def first_deadline(queued: float, max_wait: float | None) -> float:
    """When a wait started at ``queued`` must have ended, as far as a caller knows."""
    return queued + (max_wait if max_wait is not None else _DAY)


class Chains:
    """Leases on the next message of each chain, and the sweep that re-sends."""

    @staticmethod
    def of(app: Celery) -> Chains | None:
        """Those :func:`~taskpoll.celery.register` made for ``app`` in this process."""
        return _OF_APP.get(app)

    def attach(self, app: Celery) -> None:
        """Callers that registered ``app`` lease first messages too."""
        _OF_APP[app] = self

    def __init__(self, ledger: Callable[[], Ledger], hold: float) -> None:
        self._ledger = ledger
        self.hold = hold
        self._sweeping: threading.Thread | None = None

    def keep(self, task: Any, kwargs: dict[str, Any], countdown: float, deadline: float) -> None:
        """Lease the message ``task.retry`` is about to send (``kwargs``, due in
        ``countdown`` s), for a wait (or waits) that ends by ``deadline``."""
        request = task.request
        message = {"name": task.name, "id": request.id, "retries": request.retries + 1}
        self._lease({**message, "kwargs": kwargs, "link": request.callbacks}, countdown, deadline)

    def keep_first(
        self, name: str, message_id: str, kwargs: dict[str, Any], deadline: float, link: Any
    ) -> None:
        """Lease a chain's first message, about to be sent by a caller."""
        message = {"name": name, "id": message_id, "retries": 0, "kwargs": kwargs}
        self._lease({**message, "link": [link] if link else None}, 0.0, deadline)

    def _lease(self, message: dict[str, Any], countdown: float, deadline: float) -> None:
        leases = self._leases()
        if leases is None:
            return
        now = time.time()
        until = now + countdown + self.hold
        # past the deadline a copy would only report the timeout: keep the
        # lease one hold beyond it, so that a lost last message still does
        last = max(deadline, until) + self.hold
        text = json.dumps({**message, "eta": now + countdown})
        leases.lease(_key(message["id"]), text, until, last)

    def end(self, task: Any) -> None:
        """The chain ended: nothing of it to send again."""
        leases = self._leases()
        if leases is not None:
            leases.end_lease(_key(task.request.id))

    def sweep(self, app: Celery) -> int:
        """Send again every message whose lease ran out; returns how many."""
        leases = self._leases()
        if leases is None:
            return 0
        now = time.time()
        sent = 0
        for text in leases.expired_leases(now, self.hold):
            message = json.loads(text)
            log.warning(
                "message %s (hop %d) did not run in time: sent again",
                message["id"],
                message["retries"],
            )
            app.send_task(
                message["name"],
                kwargs={**message["kwargs"], RESENT: True},
                task_id=message["id"],
                retries=message["retries"],
                countdown=max(0.0, message["eta"] - now),
                link=message["link"],
            )
            sent += 1
        return sent

    def start_sweeping(self, app: Celery) -> None:
        """Sweep every :data:`SWEEP_EVERY` s on a daemon thread (once per process)."""
        if self._sweeping is not None and self._sweeping.is_alive():
            return
        self._sweeping = threading.Thread(
            target=self._sweep_forever, args=(app,), name="taskpoll-sweep", daemon=True
        )
        self._sweeping.start()

    def _sweep_forever(self, app: Celery) -> None:
        while True:
            time.sleep(SWEEP_EVERY)
            try:
                self.sweep(app)
            except Exception as exc:  # the ledger or broker is down: try next time
                log.warning("lease sweep failed (%s); trying again in %gs", exc, SWEEP_EVERY)

    def _leases(self) -> Leases | None:
        ledger = self._ledger()
        return ledger if isinstance(ledger, Leases) else None


def _key(message_id: str) -> str:
    return f"chain:{message_id}"

"""The Celery app bench/celery_scale.py's worker processes run (``celery -A bench.celery_app``).

The broker, result backend and ledger are one real ``redis-server`` on
loopback (``TASKPOLL_BENCH_BROKER``; the workers also get
``TASKPOLL_LEDGER`` pointing at it), or the broker is a real
``rabbitmq-server`` and ``TASKPOLL_BENCH_BACKEND`` names the Redis.  Transport options are Celery's
defaults but for the JSON serializers, and the prefetch multiplier the
tests use.

Two bench-only hooks, both set up from the environment:

* ``TASKPOLL_BENCH_INTERVAL``: the workers' CapMonster policy polls at that
  fixed interval (the section's FAST policy), through ``register``'s
  ``policies``.
* ``TASKPOLL_BENCH_LATE``: a directory where each worker writes, once a
  second, ``(now, now - next_poll)`` for every step it starts, taken from
  the state in the step's message: how late against its schedule a poll
  began.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from celery import Celery
from celery.signals import task_prerun

import taskpoll.celery
from bench.celery_scale import fast_policy

BROKER = os.environ["TASKPOLL_BENCH_BROKER"]
#: The result backend: the Redis that is also the ledger (the broker may be RabbitMQ).
BACKEND = os.environ.get("TASKPOLL_BENCH_BACKEND", BROKER)

app = Celery("taskpoll-bench", broker=BROKER, backend=BACKEND)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=600,
    broker_connection_retry_on_startup=True,
    worker_prefetch_multiplier=4,
)

_interval = os.environ.get("TASKPOLL_BENCH_INTERVAL")
taskpoll.celery.register(
    app, policies={"capmonster": fast_policy(float(_interval))} if _interval else None
)

_late: list[tuple[float, float]] = []
_lock = threading.Lock()


@task_prerun.connect
def _note_lateness(kwargs: dict[str, object] | None = None, **_: object) -> None:
    state = (kwargs or {}).get("state")
    if isinstance(state, str):
        now = time.time()
        late = now - float(json.loads(state)["next_poll"])
        with _lock:
            _late.append((now, late))


def _flush(directory: Path) -> None:
    path = directory / f"{os.getpid()}.jsonl"
    while True:
        time.sleep(1.0)
        with _lock:
            batch, _late[:] = list(_late), []
        if batch:
            with path.open("a", encoding="ascii") as out:
                out.write(json.dumps(batch) + "\n")


if os.environ.get("TASKPOLL_BENCH_LATE"):
    threading.Thread(
        target=_flush,
        args=(Path(os.environ["TASKPOLL_BENCH_LATE"]),),
        name="bench-late",
        daemon=True,
    ).start()

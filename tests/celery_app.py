"""The Celery app the scale-out tests' worker processes run (``celery -A celery_app``).

Configured from the environment the test gives each worker: the broker (a
real ``redis-server`` on loopback), the visibility timeout and the claim
time, so a killed worker's messages come back within the test.
"""

from __future__ import annotations

import os

import redis
from celery import Celery

import taskpoll.celery

BROKER = os.environ["TASKPOLL_TEST_BROKER"]

app = Celery("taskpoll-tests", broker=BROKER, backend=BROKER)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=600,
    broker_connection_retry_on_startup=True,
    broker_transport_options={
        "visibility_timeout": float(os.environ.get("TASKPOLL_TEST_VISIBILITY", "3600")),
        # kombu sweeps for unacked messages every interval x throttle seconds
        # (100 s by default): with a short visibility timeout, sweep every second.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    },
    result_backend_transport_options={"retry_policy": {"timeout": 5.0}},
    worker_prefetch_multiplier=4,
)
taskpoll.celery.register(app, claim_ttl=float(os.environ.get("TASKPOLL_TEST_CLAIM_TTL", "60")))


@app.task(name="tests.record")
def record(result: dict[str, object]) -> None:
    """A wait's ``link``: one line per result that arrived, to count them."""
    redis.Redis.from_url(BROKER).rpush("tests:results", str(result["task_id"]))

"""The Celery app the scale-out tests' worker processes run (``celery -A celery_app``).

Configured as the README configures one, from the environment the test gives
each worker: the broker (a real ``redis-server`` or ``rabbitmq-server`` on
loopback), the result backend and ledger (Redis), and only what a test asks
for beyond that.  Every step a worker starts is recorded in Redis
(``tests:steps``: worker, task id, time), so a test can tell which worker
held which wait.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import redis
from celery import Celery
from celery.signals import task_prerun

import taskpoll.celery
from taskpoll import Backoff, WaitPolicy

BROKER = os.environ["TASKPOLL_TEST_BROKER"]
BACKEND = os.environ.get("TASKPOLL_TEST_BACKEND", BROKER)
#: Where steps and linked results are recorded (a test may stop the backend).
RECORDS = os.environ.get("TASKPOLL_TEST_RECORDS", BACKEND)

JSON_ONLY = {"task_serializer": "json", "result_serializer": "json", "accept_content": ["json"]}
app = Celery("taskpoll-tests", broker=BROKER, backend=BACKEND, config_source=JSON_ONLY)
app.conf.update(
    result_expires=600,
    broker_connection_retry_on_startup=True,
    result_backend_transport_options={"retry_policy": {"timeout": 5.0}},
    worker_prefetch_multiplier=4,
)
if "TASKPOLL_TEST_VISIBILITY" in os.environ:  # a test of a user's own setting
    app.conf.broker_transport_options = {
        "visibility_timeout": float(os.environ["TASKPOLL_TEST_VISIBILITY"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
#: Polls every 0.1 s, so a never-finishing task reaches its 120 requests in a test
#: (within 100 s: Redis gives a killed worker's waits back after about 50 s).
QUICK = WaitPolicy(max_wait=100.0, backoff=Backoff(first=0.0, min=0.1, max=0.1, jitter=0.0))
#: Polls every second, no jitter: a wait that forked into two chains shows
#: as twice the polls.
STEADY = WaitPolicy(max_wait=120.0, backoff=Backoff(first=0.0, min=1.0, max=1.0, jitter=0.0))
POLICIES = {"": None, "quick": {"capmonster": QUICK}, "steady": {"capmonster": STEADY}}
taskpoll.celery.register(
    app,
    claim_ttl=float(os.environ["TASKPOLL_TEST_CLAIM_TTL"])
    if "TASKPOLL_TEST_CLAIM_TTL" in os.environ
    else None,
    policies=POLICIES[os.environ.get("TASKPOLL_TEST_POLICY", "")],
    slice_seconds=float(os.environ.get("TASKPOLL_TEST_SLICE", "10")),
    step_timeout=float(os.environ.get("TASKPOLL_TEST_STEP_TIMEOUT", "20")),
)


if os.environ.get("TASKPOLL_TEST_SPANS"):  # every span this worker ends, in the records Redis
    from opentelemetry import trace
    from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

    def _ids(context: Any) -> list[str]:
        return [f"{context.trace_id:032x}", f"{context.span_id:016x}"]

    class _ToRecords(SpanExporter):
        def export(self, spans: Any) -> SpanExportResult:
            lines = [json.dumps(_recorded(span)) for span in spans]
            redis.Redis.from_url(RECORDS).rpush("tests:spans", *lines)
            return SpanExportResult.SUCCESS

    def _recorded(span: ReadableSpan) -> dict[str, Any]:
        return {
            "name": span.name,
            "ids": _ids(span.context),
            "parent": _ids(span.parent) if span.parent is not None else None,
            "links": [_ids(link.context) for link in span.links],
            "attributes": dict(span.attributes or {}),
            "events": [[e.name, dict(e.attributes or {})] for e in span.events],
        }

    _provider = TracerProvider()
    _provider.add_span_processor(SimpleSpanProcessor(_ToRecords()))
    trace.set_tracer_provider(_provider)


@app.task(name="tests.record")
def record(result: dict[str, object]) -> None:
    """A wait's ``link``: one line per result that arrived, to count them."""
    redis.Redis.from_url(RECORDS).rpush("tests:results", str(result["task_id"]))


@task_prerun.connect
def _record_step(task: Any = None, kwargs: Any = None, **_: Any) -> None:
    """One line per wait a step or slice carries (a slice's also in ``tests:slices``)."""
    if task is None or task.name not in {
        taskpoll.celery.TASK_NAME,
        taskpoll.celery.BATCH_TASK_NAME,
    }:
        return
    db = redis.Redis.from_url(RECORDS)
    ids = [w[0] for w in kwargs["waits"]] if "waits" in kwargs else [kwargs["task_id"]]
    now = time.time()
    if ids:
        db.rpush("tests:steps", *(json.dumps([task.request.hostname, i, now]) for i in ids))
    if "waits" in kwargs:
        db.rpush("tests:slices", json.dumps([task.request.hostname, len(ids), now]))

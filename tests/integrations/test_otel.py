"""Waits and requests as OpenTelemetry spans, seen through the SDK's own
in-memory exporter: real clients, real emulators on loopback, a real
``TracerProvider``.  Each client gets the provider as ``tracer_provider=``;
the global provider (which a process can set once) is tested in a
subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk", reason="the otel test dependencies (make install)")

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode

from keys import ALPHASMS_KEY, KEY
from netservers import closed_port
from paths import ROOT
from taskpoll import Backoff, WaitPolicy, alphasms, capmonster, cloudcoin
from taskpoll.errors import (
    AccountError,
    TaskFailedError,
    TransportError,
    WaitCancelledError,
    WaitTimeoutError,
)
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from taskpoll.testing.cloudcoin import CloudCoinEmulator


class Traces:
    """A tracer provider whose finished spans are kept in memory."""

    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.provider = TracerProvider()
        self.provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.tracer = self.provider.get_tracer("tests")

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def named(self, prefix: str) -> list[ReadableSpan]:
        return [s for s in self.spans() if s.name.startswith(prefix)]

    def children(self, parent: ReadableSpan) -> list[ReadableSpan]:
        assert parent.context is not None
        return [
            s
            for s in self.spans()
            if s.parent is not None and s.parent.span_id == parent.context.span_id
        ]

    def text(self) -> str:
        """Every name, attribute and event of every span, as one string."""
        return "\n".join(
            json.dumps(
                [
                    s.name,
                    dict(s.attributes or {}),
                    [[e.name, dict(e.attributes or {})] for e in s.events],
                    s.status.description,
                ],
                default=str,
            )
            for s in self.spans()
        )


@pytest.fixture
def traces() -> Iterator[Traces]:
    found = Traces()
    yield found
    found.provider.shutdown()


#: A poll every 0.2 s, the first at once.
QUICK = WaitPolicy(max_wait=10.0, backoff=Backoff(first=0.0, min=0.2, max=0.2, jitter=0.0))


def _capmonster(emulator: CapmonsterEmulator, traces: Traces) -> capmonster.Client:
    return capmonster.Client(KEY, base_url=emulator.url, tracer_provider=traces.provider)


def test_a_wait_is_a_span_whose_polls_are_its_client_spans(traces: Traces) -> None:
    with CapmonsterEmulator(keys={KEY}) as emulator:
        task = emulator.app.add_task(script=Script(solve_after=0.3))
        client = _capmonster(emulator, traces)
        with traces.tracer.start_as_current_span("job") as job:
            client.get_balance()
            client.wait(task, policy=QUICK)
        polls = emulator.app.polls[task]
    [caller] = traces.named("job")
    [balance, wait] = traces.children(caller)
    assert job.get_span_context().span_id == caller.context.span_id  # type: ignore[union-attr]
    assert (balance.name, balance.kind) == ("POST", SpanKind.CLIENT)  # a direct call
    assert wait.name == "taskpoll.wait capmonster" and wait.kind == SpanKind.INTERNAL
    assert dict(wait.attributes or {}) == {
        "taskpoll.api": "capmonster",
        "taskpoll.task_id": str(task),
        "taskpoll.attempts": polls,
        "taskpoll.outcome": "done",
    }
    requests = traces.children(wait)
    assert len(requests) == polls >= 2
    host, port = emulator.url.removeprefix("http://").split(":")
    for request in requests:
        assert request.kind == SpanKind.CLIENT and request.name == "POST"
        assert dict(request.attributes or {}) == {
            "http.request.method": "POST",
            "server.address": host,
            "server.port": int(port),
            "url.full": f"{emulator.url}/getTaskResult",
            "http.response.status_code": 200,
        }
    statuses = [dict(e.attributes or {}) for e in wait.events]
    assert [e.name for e in wait.events] == ["taskpoll.poll"] * polls
    assert statuses[-1] == {"taskpoll.status": "ready"}
    assert {"taskpoll.status": "processing"} in statuses


def test_wait_many_gives_each_task_a_span_under_the_caller_across_threads(
    traces: Traces,
) -> None:
    with CapmonsterEmulator(keys={KEY}, latency=0.02) as emulator:
        tasks = [emulator.app.add_task(script=Script(solve_after=0.2)) for _ in range(6)]
        client = _capmonster(emulator, traces)
        with traces.tracer.start_as_current_span("batch"):
            results = dict(client.wait_many(tasks, policy=QUICK, max_in_flight=4))
        polls = dict(emulator.app.polls)
    assert results.keys() == set(tasks)
    [caller] = traces.named("batch")
    waits = traces.children(caller)
    assert sorted(int(w.attributes["taskpoll.task_id"]) for w in waits) == sorted(tasks)  # type: ignore[index, arg-type]
    for wait in waits:
        task = int(wait.attributes["taskpoll.task_id"])  # type: ignore[index, arg-type]
        assert len(traces.children(wait)) == polls[task] == wait.attributes["taskpoll.attempts"]  # type: ignore[index]
    assert len(traces.named("POST")) == sum(polls.values())  # no poll without its wait


def test_taskpoll_wait_many_across_apis_traces_each_wait_under_the_caller(
    traces: Traces,
) -> None:
    import taskpoll

    with (
        CapmonsterEmulator(keys={KEY}) as captchas,
        CloudCoinEmulator(default_duration=0.5, seed=5) as coins,
    ):
        solver = _capmonster(captchas, traces)
        coin = cloudcoin.Client(base_url=coins.url, tracer_provider=traces.provider)
        handles = [
            solver.task(captchas.app.add_task(script=Script(solve_after=0.5))),
            coin.task(coin.echo()),
        ]
        with traces.tracer.start_as_current_span("both"):
            outcomes = taskpoll.wait_many(handles)
        done = list(outcomes)
    assert len(done) == 2 and not any(isinstance(o, Exception) for _, o in done)
    [caller] = traces.named("both")
    waits = traces.children(caller)
    assert sorted(w.name for w in waits) == ["taskpoll.wait capmonster", "taskpoll.wait cloudcoin"]
    for wait in waits:
        polls = traces.children(wait)
        assert polls and len(polls) == (wait.attributes or {})["taskpoll.attempts"]
        assert {p.kind for p in polls} == {SpanKind.CLIENT}


def test_waits_belong_to_the_call_and_end_when_the_caller_stops_iterating(
    traces: Traces,
) -> None:
    """The spans begin under the context of the call to wait_many, though the
    caller iterates later, elsewhere; waits the caller walked away from end
    as cancelled rather than staying open."""
    with CapmonsterEmulator(keys={KEY}) as emulator:
        quick = emulator.app.add_task(script=Script(solve_after=0.0))
        never = [emulator.app.add_task(script=Script(solve_after=3600.0)) for _ in range(2)]
        client = _capmonster(emulator, traces)
        with traces.tracer.start_as_current_span("caller"):
            outcomes = client.wait_many([quick, *never], policy=QUICK)
        with traces.tracer.start_as_current_span("elsewhere"):
            first = next(outcomes)
            outcomes.close()
    assert first[0] == quick
    [caller] = traces.named("caller")
    waits = traces.children(caller)
    assert len(waits) == 3 and traces.children(traces.named("elsewhere")[0]) == []
    ends = Counter((w.attributes or {})["taskpoll.outcome"] for w in waits)
    assert ends == {"done": 1, "cancelled": 2}


def test_a_failed_task_a_timeout_and_a_cancel_end_their_spans_as_errors(traces: Traces) -> None:
    with CapmonsterEmulator(keys={KEY}) as emulator:
        failed = emulator.app.add_task(
            script=Script(solve_after=0.1, error="ERROR_CAPTCHA_UNSOLVABLE", description="no")
        )
        slow = emulator.app.add_task(script=Script(solve_after=3600.0))
        client = _capmonster(emulator, traces)
        with pytest.raises(TaskFailedError):
            client.wait(failed, policy=QUICK)
        with pytest.raises(WaitTimeoutError):
            client.wait(slow, max_wait=0.5)
        cancel = threading.Event()
        with pytest.raises(WaitCancelledError):
            client.wait(slow, on_progress=lambda _: cancel.set(), cancel=cancel)
    ends = {(w.attributes or {})["taskpoll.outcome"]: w for w in traces.named("taskpoll.wait")}
    assert ends.keys() == {"failed", "timed_out", "cancelled"}
    assert ends["failed"].attributes["error.type"] == "TaskFailedError"  # type: ignore[index]
    assert ends["timed_out"].attributes["error.type"] == "WaitTimeoutError"  # type: ignore[index]
    assert ends["cancelled"].attributes["error.type"] == "WaitCancelledError"  # type: ignore[index]
    assert all(w.status.status_code is StatusCode.ERROR for w in ends.values())
    assert ends["cancelled"].attributes["taskpoll.attempts"] == 1  # type: ignore[index]


def test_a_resumed_wait_says_so(traces: Traces, tmp_path: Path) -> None:
    store = tmp_path / "waits.json"
    with CapmonsterEmulator(keys={KEY}) as emulator:
        task = emulator.app.add_task(script=Script(solve_after=1.0))
        client = _capmonster(emulator, traces)
        cancel = threading.Event()
        with pytest.raises(WaitCancelledError):
            client.wait(
                task, policy=QUICK, on_progress=lambda _: cancel.set(), cancel=cancel, store=store
            )
        client.wait(task, policy=QUICK, store=store)
    first, again = traces.named("taskpoll.wait")
    assert "taskpoll.resumed" not in (first.attributes or {})
    assert (again.attributes or {})["taskpoll.resumed"] is True
    assert (again.attributes or {})["taskpoll.outcome"] == "done"


def test_a_refused_connect_is_resent_and_fails_as_a_client_span(traces: Traces) -> None:
    with closed_port() as port:
        client = capmonster.Client(
            KEY, base_url=f"http://127.0.0.1:{port}", tracer_provider=traces.provider
        )
        with pytest.raises(TransportError):
            client.get_balance()
    [request] = traces.named("POST")
    attributes = dict(request.attributes or {})
    assert attributes["http.request.resend_count"] == 2  # the transport's two connect retries
    assert attributes["error.type"] == "TransportError"
    assert "http.response.status_code" not in attributes
    assert request.status.status_code is StatusCode.ERROR


def test_no_key_in_any_span_of_any_api(traces: Traces) -> None:
    """CapMonster's key travels in the JSON body, AlphaSMS's in the XML body
    (and is XML-special); CloudCoin has none.  A wrong key is refused with the
    server's own words too."""
    with CapmonsterEmulator(keys={KEY}) as emulator:
        client = _capmonster(emulator, traces)
        client.wait(emulator.app.add_task(script=Script(solve_after=0.1)), policy=QUICK)
        with pytest.raises(AccountError):
            capmonster.Client(
                "0" * 32, base_url=emulator.url, tracer_provider=traces.provider
            ).get_balance()
    with AlphasmsEmulator(keys={ALPHASMS_KEY}, queue_time=0.1, time_per_message=0.05) as sms_server:
        sms = alphasms.Client(
            ALPHASMS_KEY, base_url=sms_server.url, tracer_provider=traces.provider
        )
        message = alphasms.Message(recipient="380971234567", sender="Shop", text="shipped")
        sms.wait(sms.send_async([message]))
    with CloudCoinEmulator(default_duration=0.2, seed=5) as coin_server:
        coin = cloudcoin.Client(base_url=coin_server.url, tracer_provider=traces.provider)
        coin.wait(coin.echo())
    apis = Counter((s.attributes or {})["taskpoll.api"] for s in traces.named("taskpoll.wait"))
    assert apis == {"capmonster": 1, "alphasms": 1, "cloudcoin": 1}
    text = traces.text()
    for secret in (KEY, ALPHASMS_KEY, "0" * 32):
        assert secret not in text
        assert json.dumps(secret)[1:-1] not in text


def test_urllib3_instrumentation_does_not_trace_a_poll_twice(traces: Traces) -> None:
    import urllib3
    from opentelemetry.instrumentation.urllib3 import URLLib3Instrumentor

    instrumentor = URLLib3Instrumentor()
    instrumentor.instrument(tracer_provider=traces.provider)
    try:
        with CapmonsterEmulator(keys={KEY}) as emulator:
            urllib3.PoolManager().request("GET", emulator.url + "/")  # traced by it
            client = _capmonster(emulator, traces)
            client.wait(emulator.app.add_task(script=Script(solve_after=0.1)), policy=QUICK)
    finally:
        instrumentor.uninstrument()
    scopes = Counter(s.instrumentation_scope.name for s in traces.spans())  # type: ignore[union-attr]
    assert scopes["opentelemetry.instrumentation.urllib3"] == 1  # the plain request only
    assert scopes["taskpoll"] == 1 + len(traces.named("POST"))


def _run(case: str) -> dict[str, Any]:
    code = f"""
import json, sys
case = {case!r}
if case == "absent":
    sys.modules["opentelemetry"] = None  # as if the extra were not installed
spans = []
if case == "global":
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
from taskpoll import capmonster
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
with CapmonsterEmulator(keys={{{KEY!r}}}) as emulator:
    client = capmonster.Client({KEY!r}, base_url=emulator.url)
    client.wait(emulator.app.add_task(script=Script(solve_after=0.1)))
if case == "global":
    spans = [s.name for s in exporter.get_finished_spans()]
print(json.dumps({{
    "otel_imported": "opentelemetry.trace" in sys.modules,
    "integration_imported": "taskpoll._integrations.otel" in sys.modules,
    "spans": spans,
}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_without_a_provider_or_the_extra_nothing_is_traced_or_imported() -> None:
    assert _run("absent") == {"otel_imported": False, "integration_imported": False, "spans": []}
    unset = _run("unset")  # the API is installed, no provider was set
    assert unset["spans"] == [] and unset["integration_imported"] is True


def test_a_no_op_provider_costs_no_tracing_work() -> None:
    """Its spans would record nothing: the client does not trace at all."""
    from opentelemetry.trace import NoOpTracerProvider

    client = capmonster.Client(KEY, tracer_provider=NoOpTracerProvider())
    assert client._tracing is None


def test_the_global_provider_traces_a_client_given_none() -> None:
    spans = _run("global")["spans"]
    assert spans.count("taskpoll.wait capmonster") == 1 and "POST" in spans

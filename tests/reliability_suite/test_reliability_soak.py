"""The fault soak: many waits on every status endpoint while the emulators
misbehave at fixed rates, over real HTTP on loopback.

Every wait must end with its task's own result or the error its fate calls
for (none lost, none wrong), by its deadline, and no CapMonster task may see
more than 120 getTaskResult requests, counted by the server (faulted
requests included).  ``make test`` runs 160 waits; ``make soak`` 1,000.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import attrs
import pytest

from reliability.adapters import ADAPTERS, Adapter, CountingCapmonster, Started
from reliability.figures import SOAK_WAITS, report
from taskpoll import Backoff, WaitPolicy
from taskpoll.capmonster import MAX_RESULT_REQUESTS
from taskpoll.errors import TaskpollError
from taskpoll.testing.server import Fault


def fault_rates(garbage: bytes) -> list[tuple[float, Fault]]:
    """The issue's mix: 20% 503, 10% dropped, 5% 429 (half with a seconds
    Retry-After, half with an HTTP date), 5% malformed or truncated, 3% slow."""
    return [
        (0.20, Fault("status", status=503)),
        (0.10, Fault("drop")),
        (0.025, Fault("rate_limit", retry_after=1)),
        (0.025, Fault("rate_limit", retry_after=1, http_date=True)),
        (0.025, Fault("malformed", body=garbage)),
        (0.025, Fault("truncated", body=garbage)),
        (0.03, Fault("slow", delay=0.05)),
    ]


#: Fast polling, as a test can afford; five garbled bodies in a row end a
#: wait (at 2.5% malformed that happens once in ~10^8 polls).
POLICY: Final = WaitPolicy(
    max_wait=60.0,
    backoff=Backoff(first=0.02, min=0.05, max=0.25, factor=1.5, jitter=0.2),
    min_request_timeout=2.0,
    max_decode_errors=5,
)
#: For tasks that never finish: spend the 120 requests quickly.
BUDGET_POLICY: Final = attrs.evolve(POLICY, backoff=Backoff(first=0.0, min=0.005, max=0.01))


def fate_of(adapter: Adapter, n: int) -> str:
    if "budget" in adapter.fates and n % 50 == 7:
        return "budget"
    return {0: "failed", 1: "missing"}.get(n % 10, "done")


@attrs.define
class Run:
    adapter: Adapter
    started: dict[Hashable, Started]
    outcomes: dict[Hashable, list[object]] = attrs.Factory(lambda: collections.defaultdict(list))
    seconds: float = 0.0


def soak(adapter: Adapter, server: Any, count: int) -> Run:
    client = adapter.client(server.url)
    started: dict[Hashable, Started] = {}
    for n in range(count):
        duration = 0.05 + (n * 37 % 100) / 100 * 0.8
        task = adapter.start(server, fate_of(adapter, n), n, duration)
        started[task.task_id] = task
    run = Run(adapter, started)
    server.faults.at_rates(fault_rates(adapter.garbage))
    begin = time.monotonic()
    with client:
        for policy, ids in (
            (BUDGET_POLICY, [i for i, t in started.items() if t.fate == "budget"]),
            (POLICY, [i for i, t in started.items() if t.fate != "budget"]),
        ):
            for task_id, outcome in client.wait_many(ids, policy=policy):
                run.outcomes[task_id].append(outcome)
    run.seconds = time.monotonic() - begin
    server.faults.clear()
    return run


@pytest.mark.slow  # over 15 s: make test-all (CI) runs it
def test_soak_every_wait_ends_right_under_faults() -> None:
    per_adapter = SOAK_WAITS // len(ADAPTERS)
    servers = [adapter.emulator().start() for adapter in ADAPTERS]
    try:
        with ThreadPoolExecutor(len(ADAPTERS)) as pool:
            runs = list(
                pool.map(lambda pair: soak(*pair, per_adapter), zip(ADAPTERS, servers, strict=True))
            )
    finally:
        for server in servers:
            server.stop()

    totals: collections.Counter[str] = collections.Counter()
    lines = []
    problems = []
    for run, server in zip(runs, servers, strict=True):
        name = run.adapter.name
        lost = [i for i in run.started if i not in run.outcomes]
        twice = [i for i, seen in run.outcomes.items() if len(seen) != 1]
        wrong = [
            (i, seen[0])
            for i, seen in run.outcomes.items()
            if i not in run.started or not run.started[i].right(seen[0])
        ]
        late = [
            (i, o.elapsed)
            for i, (o, *_) in run.outcomes.items()
            if isinstance(o, TaskpollError)
            and o.elapsed is not None
            and o.elapsed > POLICY.max_wait + POLICY.min_request_timeout
        ]
        fates = collections.Counter(t.fate for t in run.started.values())
        errors = collections.Counter(
            type(seen[0]).__name__ for seen in run.outcomes.values() if seen
        )
        injected = dict(server.faults.injected)
        totals.update(waits=len(run.started), requests=server.requests, lost=len(lost))
        totals.update(wrong=len(wrong))
        totals.update({f"fault {kind}": n for kind, n in injected.items()})
        line: dict[str, Any] = {
            "api": name,
            "endpoint": run.adapter.endpoint,
            "waits": len(run.started),
            "fates": dict(fates),
            "outcomes": dict(errors),
            "requests": server.requests,
            "faults_injected": injected,
            "lost": len(lost),
            "wrong": len(wrong),
            "seconds": round(run.seconds, 2),
        }
        if isinstance(server, CountingCapmonster):
            line["max_get_task_result_per_task"] = max(server.seen.values(), default=0)
            line["app_over_limit"] = len(server.app.over_limit)
            totals["max capmonster requests per task"] = line["max_get_task_result_per_task"]
            if line["max_get_task_result_per_task"] > MAX_RESULT_REQUESTS or server.app.over_limit:
                problems.append(f"{name}: over 120 requests for a task")
        lines.append(line)
        if lost or twice or wrong or late:
            problems.append(f"{name}: lost {lost[:5]}, twice {twice[:5]}, wrong {wrong[:5]}")
            problems.append(f"{name}: late {late[:5]}")
    for line in lines:
        report("soak", **line)
    report("soak total", **dict(totals))
    assert not problems, problems
    assert totals["waits"] == per_adapter * len(ADAPTERS)
    # the mix really was injected, every kind of it
    for kind in ("503", "drop", "rate_limit", "malformed", "truncated", "slow"):
        assert totals[f"fault {kind}"] > 0, kind

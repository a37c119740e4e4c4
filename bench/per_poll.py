"""Figure 1: what one status request + decode costs the client.

The canned server runs in its own process; the client's CPU time is this
process's ``process_time``, so the server's work is not in it.  The three
contenders run in interleaved rounds (floor, taskpoll, opc, then the next
round in rotated order) so that noise from a shared machine hits all of them
alike.  Each figure is the best round (as ``timeit`` advises: on a shared
machine the slower rounds measure the neighbours, not the code).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import attrs

from bench.apis import Api

ROUNDS = 11
CALLS = 800
WARMUP = 300


@attrs.frozen
class Cost:
    wall_us: float
    cpu_us: float


@attrs.frozen
class PerPoll:
    api: str
    body_bytes: int
    costs: dict[str, Cost]
    note: str = ""


def start_canned(routes: dict[str, tuple[str, str]]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.canned", json.dumps(routes)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}"


def _run(poll: Callable[[int], Any], start: int, calls: int) -> tuple[float, float]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for i in range(start, start + calls):
        poll(i)
    return time.perf_counter() - wall0, time.process_time() - cpu0


def measure(api: Api, opc_package: str | None) -> PerPoll:
    routes = api.canned()
    body = next(iter(routes.values()))[1]
    proc, url = start_canned(routes)
    note = ""
    try:
        contenders: dict[str, Callable[[int], Any]] = {
            "floor": api.floor(url),
            "taskpoll": api.taskpoll(url),
        }
        opc = api.opc(opc_package, url) if opc_package else None
        if opc is not None:
            contenders["opc"] = opc
        else:
            note = "openapi-python-client cannot generate a client for this API"
        for name, poll in contenders.items():
            api.check(name, poll(0))
        counter = 1
        for poll in contenders.values():
            _run(poll, counter, WARMUP)
            counter += WARMUP
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
        names = list(contenders)
        for r in range(ROUNDS):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                wall, cpu = _run(contenders[name], counter, CALLS)
                counter += CALLS
                samples[name].append((wall, cpu))
    finally:
        proc.terminate()
        proc.wait()
    costs = {
        name: Cost(
            wall_us=min(w for w, _ in runs) / CALLS * 1e6,
            cpu_us=min(c for _, c in runs) / CALLS * 1e6,
        )
        for name, runs in samples.items()
    }
    return PerPoll(api.name, len(body.encode()), costs, note)

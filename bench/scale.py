"""Figure 3: ``wait_many`` on one thread, 1,000 and 10,000 emulated CapMonster tasks.

Three processes, so each number is clean: the CapMonster emulator
(``taskpoll.testing.capmonster``, real HTTP on loopback) in one, the waiting
client in another (its peak RSS is the figure), this orchestrator in a
third.  The client imports, builds its client and reports its RSS, *then*
the emulator creates the tasks (durations uniform in 0.5–3 s) and the wait
starts at once, so the ideal wall time is the longest task plus one poll
interval (the default policy's minimum spacing).

``python -m bench.scale serve SEED`` and ``python -m bench.scale wait`` are
the two children; they talk JSON lines on stdin/stdout.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time

import attrs

from bench.children import ask

SHORTEST, LONGEST = 0.5, 3.0


@attrs.frozen
class Scale:
    tasks: int
    wall: float
    ideal: float
    requests_per_task: float
    peak_rss_mb: float
    #: The client process's CPU seconds during the wait.
    cpu: float
    rss_before_mb: float
    ready: int
    failed: int
    over_limit: int


def _serve(seed: int) -> None:
    from taskpoll.testing.capmonster import CapmonsterEmulator, Script

    rng = random.Random(seed)
    with CapmonsterEmulator() as emulator:
        print(json.dumps({"url": emulator.url}), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            if command["do"] == "create":
                ids = [
                    emulator.app.add_task(script=Script(solve_after=rng.uniform(SHORTEST, LONGEST)))
                    for _ in range(command["n"])
                ]
                print(json.dumps({"ids": ids}), flush=True)
            elif command["do"] == "stats":
                polls = emulator.app.polls
                print(
                    json.dumps(
                        {"polls": sum(polls.values()), "over_limit": len(emulator.app.over_limit)}
                    ),
                    flush=True,
                )
                return


def _memory_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process.

    Not ``getrusage``: on Linux its ``ru_maxrss`` survives ``exec`` and would
    report the (larger) parent's peak for a child that never reached it.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _wait() -> None:
    from taskpoll import capmonster
    from taskpoll.errors import TaskpollError

    url = json.loads(sys.stdin.readline())["url"]
    client = capmonster.Client("bench-key", base_url=url)
    print(json.dumps({"rss_before": _memory_mb("VmRSS")}), flush=True)
    ids = json.loads(sys.stdin.readline())["ids"]
    started, cpu = time.monotonic(), time.process_time()
    ready = failed = 0
    for _, outcome in client.wait_many(ids, max_wait=120.0):
        if isinstance(outcome, TaskpollError):
            failed += 1
        else:
            ready += 1
    wall, cpu = time.monotonic() - started, time.process_time() - cpu
    print(
        json.dumps(
            {"wall": wall, "cpu": cpu, "ready": ready, "failed": failed, "rss": _memory_mb("VmHWM")}
        ),
        flush=True,
    )


def _child(mode: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.scale", mode, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def measure(tasks: int, seed: int = 1) -> Scale:
    from taskpoll import capmonster

    interval = capmonster.Client.default_policy.backoff.min
    server = _child("serve", str(seed))
    client = _child("wait")
    try:
        url = ask(server)["url"]
        before = ask(client, {"url": url})["rss_before"]
        ids = ask(server, {"do": "create", "n": tasks})["ids"]
        result = ask(client, {"ids": ids})
        stats = ask(server, {"do": "stats"})
    finally:
        for proc in (client, server):
            proc.kill()
            proc.wait()
    return Scale(
        tasks=tasks,
        wall=result["wall"],
        ideal=LONGEST + interval,
        requests_per_task=stats["polls"] / tasks,
        peak_rss_mb=result["rss"],
        cpu=result["cpu"],
        rss_before_mb=before,
        ready=result["ready"],
        failed=result["failed"],
        over_limit=stats["over_limit"],
    )


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        _serve(int(sys.argv[2]))
    else:
        _wait()

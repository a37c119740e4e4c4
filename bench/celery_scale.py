"""Figure 7: scale-out on Celery against in-process ``wait_many``.

Processes per row: the CapMonster emulator (``CapmonsterEmulator(latency=0.02)``,
its own process), a real ``redis-server`` on loopback (broker, result backend
and ledger; started once for the section, emptied between rows), and either
one waiting client (``client.wait_many``) or 1–2 Celery worker processes
(``celery -A bench.celery_app worker --pool threads``) running
``taskpoll.wait``; plus this orchestrator, which creates the tasks, sends the
Celery messages and measures.

Every task never becomes ready and every wait polls on the FAST policy
(the CapMonster default with a fixed :data:`INTERVAL`), far faster than the
machine can serve :data:`TASKS` tasks, so the rate achieved is the ceiling.
Polls are counted by the emulator over a steady window after a warm-up;
CPU is each process's ``utime + stime`` over the same window, from
``/proc``; the Redis commands per poll come from ``INFO commandstats``.

One more worker row keeps each worker's ledger in its memory (no fleet-wide
budget), to price the Redis ledger; two light-load rows (a few tasks, well
under either ceiling) give the wall time the broker adds per poll.

``python -m bench.celery_scale`` runs this section alone and splices it into
docs/benchmarks.md.  The children are ``python -m bench.celery_scale serve``
and ``python -m bench.celery_scale wait``; they talk JSON lines.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

from bench.children import ask
from bench.docs import footer, log, publish

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## 7. Scale-out on Celery"
BATCHES = "Celery batches (`wait_later_many`), Redis ledger"
BATCHES_AMQP = "Celery batches (`wait_later_many`), RabbitMQ broker, Redis ledger"

LATENCY = 0.02
INTERVAL = 0.05
#: Far more than either mode serves (demand TASKS / INTERVAL polls/s), and few enough
#: that one worker's first round of polls (~100 polls/s) ends within this section's budget.
TASKS = 2_000
#: Light load: well under one worker's ceiling.
LIGHT_TASKS = 4
#: The window starts after this many polls per task (the first round is over).
FIRST_PASS = 1.2
#: Long enough that no wait ends inside a row.
TIMEOUT = 600.0
CONCURRENCY = 32
#: Batches: waits to a message, and worker threads (each slice runs up to 64
#: polls in flight on threads of its own).  More messages than two workers
#: prefetch, so both get slices.
BATCH_SIZE, BATCH_CONCURRENCY = 100, 4
WARMUP, WINDOW = 2.0, 8.0
LIGHT_WARMUP, LIGHT_WINDOW = 2.0, 5.0
KEY = "bench-key"
KEY_ENV = "CAPMONSTER_CLIENT_KEY"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def fast_policy(interval: float = INTERVAL, timeout: float = TIMEOUT) -> Any:
    """The CapMonster default policy polling every ``interval`` s (first poll at once)."""
    from taskpoll import capmonster
    from taskpoll._waiting.policy import Backoff

    policy = attrs.evolve(
        capmonster.Client.default_policy,
        backoff=Backoff(first=0.0, min=interval, max=interval, factor=1.0, jitter=0.0),
    )
    return policy.with_max_wait(timeout)


# -- children ------------------------------------------------------------------------


def _serve() -> None:
    from taskpoll.testing.capmonster import CapmonsterEmulator, Script

    with CapmonsterEmulator(latency=LATENCY) as emulator:
        app = emulator.app
        print(json.dumps({"url": emulator.url}), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            if command["do"] == "create":
                app.polls.clear()
                ids = [
                    app.add_task(script=Script(solve_after=1e6)) for _ in range(command["tasks"])
                ]
                print(json.dumps({"ids": ids}), flush=True)
            elif command["do"] == "count":
                print(
                    json.dumps(
                        {"polls": sum(app.polls.values()), "over_limit": len(app.over_limit)}
                    ),
                    flush=True,
                )


def _wait() -> None:
    from taskpoll import capmonster

    order = json.loads(sys.stdin.readline())
    client = capmonster.Client(KEY, base_url=order["url"])
    ids = order["ids"]
    client.get_task_result(ids[0])  # one-time costs (connection, decoders) before the wait
    print(json.dumps({"started": True}), flush=True)
    for _ in client.wait_many(ids, policy=fast_policy(order["interval"])):
        pass


# -- measuring -----------------------------------------------------------------------


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` and every process in its group."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the name: state ppid pgrp ... utime (12th) stime (13th)
        if int(entry) == pid or int(fields[2]) == pid:
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def commandstats(url: str) -> dict[str, int]:
    import redis

    client = redis.Redis.from_url(url)
    try:
        info = client.info("commandstats")
    finally:
        client.close()
    return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in info.items()}


def _child(mode: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.celery_scale", mode],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TASKPOLL_LEDGER"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "sdk")])
    return env


@attrs.frozen
class Row:
    label: str
    tasks: int
    workers: int  # 0: in-process
    polls: int
    window: float
    cpu: float  # the client's, or all workers' together
    emulator_cpu: float
    redis_cpu: float | None
    commands: dict[str, int]
    ledger: bool
    late_p50: float | None
    late_p95: float | None
    pool_full: int
    errors: int
    over_limit: int
    load: float

    @property
    def rate(self) -> float:
        return self.polls / self.window

    @property
    def cpu_per_poll(self) -> float:
        return self.cpu / self.polls

    @property
    def commands_per_poll(self) -> float:
        return sum(self.commands.values()) / self.polls


def measure(
    label: str,
    tasks: int,
    workers: int,
    redis: tuple[str, subprocess.Popen[bytes]],
    scratch: Path,
    *,
    ledger: bool = False,
    light: bool = False,
    batched: bool = False,
    broker: str | None = None,
) -> Row:
    """One row: ``workers=0`` is ``wait_many`` in one process, else that many
    Celery worker processes; with the Redis ledger if ``ledger`` (else each
    process keeps its own in memory), and ``broker`` (RabbitMQ) instead of
    the Redis as the broker if given."""
    import redis as redis_py

    url, server = redis
    warmup, window = (LIGHT_WARMUP, LIGHT_WINDOW) if light else (WARMUP, WINDOW)
    db = redis_py.Redis.from_url(url)
    db.flushall()
    db.close()
    load = os.getloadavg()[0]
    late_dir = scratch / f"late-{label.replace(' ', '-')}-{workers}-{tasks}"
    late_dir.mkdir()
    emulator = _child("serve")
    procs: list[subprocess.Popen[Any]] = []
    logs: list[Path] = []
    try:
        base_url = ask(emulator)["url"]
        ids = ask(emulator, {"do": "create", "tasks": tasks})["ids"]
        if workers == 0:
            env = _base_env()
            if ledger:
                env["TASKPOLL_LEDGER"] = url
            client = _child("wait", env)
            procs.append(client)
            ask(client, {"url": base_url, "ids": ids, "interval": INTERVAL})
        else:
            _enqueue(broker or url, base_url, ids, batched=batched)
            env = {
                **_base_env(),
                "TASKPOLL_BENCH_BROKER": broker or url,
                "TASKPOLL_BENCH_BACKEND": url,
                "TASKPOLL_BENCH_INTERVAL": repr(INTERVAL),
                "TASKPOLL_BENCH_LATE": str(late_dir),
                KEY_ENV: KEY,
            }
            if ledger:
                env["TASKPOLL_LEDGER"] = url
            for n in range(workers):
                logs.append(late_dir / f"worker{n}.log")
                concurrency = BATCH_CONCURRENCY if batched else CONCURRENCY
                procs.append(_worker(n, env, logs[-1], concurrency))
        # the window starts once the first round of polls is over (for workers:
        # once re-scheduled steps, not first messages, are what they run)
        deadline = time.monotonic() + 90
        while ask(emulator, {"do": "count"})["polls"] < FIRST_PASS * tasks:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(f"{label}: the first round of polls did not end; see {late_dir}")
            time.sleep(0.2)
        time.sleep(warmup)
        pids = [p.pid for p in procs]

        def snapshot() -> tuple[Any, float, float, float, dict[str, int], float, float]:
            return (
                ask(emulator, {"do": "count"}),
                sum(cpu_of(pid) for pid in pids),
                cpu_of(emulator.pid),
                cpu_of(server.pid),
                commandstats(url),
                time.time(),
                time.monotonic(),
            )

        before = snapshot()
        time.sleep(window)
        after = snapshot()
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"a {label} process ended during the window; see {late_dir}")
        if workers:
            time.sleep(1.2)  # the workers' last lateness samples reach their files
    finally:
        for p in procs:
            _kill(p)
        _kill(emulator)
    commands = {
        name: calls - before[4].get(name, 0)
        for name, calls in after[4].items()
        if name != "info" and calls - before[4].get(name, 0) > 0
    }
    lates = [
        late
        for path in late_dir.glob("*.jsonl")
        for line in path.read_text().splitlines()
        for at, late in json.loads(line)
        if before[5] <= at <= after[5]
    ]
    pool_full = sum(path.read_text().count("Connection pool is full") for path in logs)
    errors = sum(path.read_text().count("ERROR/") for path in logs)
    return Row(
        label=label,
        tasks=tasks,
        workers=workers,
        polls=after[0]["polls"] - before[0]["polls"],
        window=after[6] - before[6],
        cpu=after[1] - before[1],
        emulator_cpu=after[2] - before[2],
        redis_cpu=after[3] - before[3] if workers or ledger else None,
        ledger=ledger,
        commands=commands,
        late_p50=statistics.median(lates) if lates else None,
        late_p95=statistics.quantiles(lates, n=20)[18] if len(lates) > 1 else None,
        pool_full=pool_full,
        errors=errors,
        over_limit=after[0]["over_limit"],
        load=load,
    )


def _worker(
    n: int, env: dict[str, str], log_path: Path, concurrency: int
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "celery", "-A", "bench.celery_app", "worker"]
    command += ["--pool", "threads", "-c", str(concurrency), "-l", "warning"]
    command += ["-n", f"bench{n}@localhost", "--without-gossip", "--without-mingle"]
    command += ["--without-heartbeat"]
    with log_path.open("wb") as err:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )


def _enqueue(url: str, base_url: str, ids: list[int], *, batched: bool) -> None:
    """What ``wait_later`` (or ``wait_later_many``) sends, by hand: its messages
    name no policy either way."""
    from celery import Celery

    sender = Celery("taskpoll-bench-sender", broker=url)  # no backend: nothing subscribes
    sender.conf.update(task_serializer="json", accept_content=["json"])
    queued = time.time()
    if batched:
        for start in range(0, len(ids), BATCH_SIZE):
            waits = [[str(i), f"bench-{i}", None] for i in ids[start : start + BATCH_SIZE]]
            sender.send_task(
                "taskpoll.wait_batch",
                kwargs={
                    "api": "capmonster", "base_url": base_url, "key_env": KEY_ENV,
                    "max_wait": TIMEOUT, "queued": queued, "link": None, "finished": [],
                    "waits": waits,
                },
            )  # fmt: skip
        sender.close()
        return
    with sender.producer_or_acquire() as producer:
        for task_id in ids:
            sender.send_task(
                "taskpoll.wait",
                kwargs={
                    "api": "capmonster",
                    "task_id": str(task_id),
                    "base_url": base_url,
                    "key_env": KEY_ENV,
                    "timeout": TIMEOUT,
                    "queued": queued,
                    "state": None,
                },
                producer=producer,
            )
    sender.close()


# -- the section ---------------------------------------------------------------------


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms"


def section() -> list[str]:
    from bench import rtt

    started = time.monotonic()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    missing = [
        what
        for what, absent in (
            (
                "`redis-server` (Debian's `redis-server` package)",
                shutil.which("redis-server") is None,
            ),
            ("the `celery` package", importlib.util.find_spec("celery") is None),
            ("the `redis` package", importlib.util.find_spec("redis") is None),
        )
        if absent
    ]
    if missing:
        return [HEADING, "", "Not run: missing " + " and ".join(missing) + ".", ""]
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from netservers import rabbitmq_server, redis_server  # the tests' loopback servers
    finally:
        sys.path.remove(str(ROOT / "tests"))
    rows: list[Row] = []
    amqp_rows: list[Row] = []
    light: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="taskpoll-celery-bench-") as tmp:
        scratch = Path(tmp)
        redis_dir = scratch / "redis"
        redis_dir.mkdir()
        with redis_server(redis_dir) as redis:
            plan = [
                ("in-process `wait_many`", 0, False),
                ("in-process `wait_many`, Redis ledger", 0, True),
                ("Celery, Redis ledger", 1, True),
                ("Celery, Redis ledger", 2, True),
                ("Celery, a memory ledger per worker", 1, False),
                (BATCHES, 1, True),
                (BATCHES, 2, True),
            ]
            for label, workers, ledger in plan:
                log(f"celery scale: {label}, {workers} workers, {TASKS:,} tasks")
                rows.append(
                    measure(
                        label, TASKS, workers, redis, scratch, ledger=ledger,
                        batched=label == BATCHES,
                    )
                )  # fmt: skip
            if shutil.which("rabbitmq-server") is not None:
                with rabbitmq_server() as amqp:
                    for workers in (1, 2):
                        log(f"celery scale: {BATCHES_AMQP}, {workers} workers, {TASKS:,} tasks")
                        amqp_rows.append(
                            measure(
                                BATCHES_AMQP, TASKS, workers, redis, scratch, ledger=True,
                                batched=True, broker=amqp,
                            )
                        )  # fmt: skip
            for label, workers in (("in-process `wait_many`", 0), ("Celery, Redis ledger", 1)):
                log(f"celery scale: {label}, {LIGHT_TASKS} tasks (light load)")
                light.append(
                    measure(
                        label, LIGHT_TASKS, workers, redis, scratch, ledger=workers > 0, light=True
                    )
                )
    log("celery scale: default-policy demand per task (section 6's baseline)")
    b = rtt.baseline(LATENCY)
    per_task = b.requests_per_task / (statistics.fmean(rtt.READY) + b.lag_mean)

    inproc, inproc_redis, one, two, one_memory, batch_one, batch_two = rows
    rows += amqp_rows
    lines = [
        HEADING,
        "",
        f"{TASKS:,} CapMonster tasks that never become ready, on the emulator",
        f"(`CapmonsterEmulator(latency={LATENCY:g})`, its own process), every wait polling on",
        f"FAST: the CapMonster default policy with `Backoff(first=0, min={INTERVAL:g}, "
        f"max={INTERVAL:g})`:",
        f"{TASKS / INTERVAL:,.0f} polls/s of demand, far past what either mode serves, so each",
        "row's rate is its ceiling (2,000 rather than more tasks so that one worker's first",
        "round of polls ends within this section's time budget).  Rows: in-process",
        "`client.wait_many(ids, policy=FAST)` (default `max_in_flight`, the default in-memory",
        "ledger; and with the Redis ledger, to separate the ledger's cost from Celery's), and",
        f"the `taskpoll.wait` task on Celery worker processes (`--pool threads -c {CONCURRENCY}`,",
        "`TASKPOLL_LEDGER=redis://…` as a fleet needs; once with each worker's own memory",
        "ledger, which keeps no fleet-wide budget, to price the ledger), fed the messages",
        "`wait_later` sends.  One real `redis-server` on loopback is broker, result backend",
        "and ledger.",
        "",
        "- FAST through Celery: the bench's worker app (`bench/celery_app.py`) registers the",
        "  task with `policies={'capmonster': FAST}`.",
        f"- `-c {CONCURRENCY}`: polls in flight = rate × time per poll (Little's law); at"
        f" {LATENCY * 1000:.0f} ms plus",
        "  the step's Redis round trips, 32 threads cover about 1,000 polls/s per process,",
        "  more than a process reaches in section 6, and more threads only add GIL contention",
        "  (section 6's 256-in-flight row).  A worker reached the same rate with `-c 8`",
        "  (checked outside this run): it is CPU-bound, not short of threads.",
        f"- Polls/s: the emulator's request count over a {WINDOW:g} s window that starts"
        f" {WARMUP:g} s after the",
        f"  first round of polls (after {FIRST_PASS:g} polls per task, so that workers run"
        " re-scheduled steps,",
        "  not first messages).  CPU: `utime + stime` from `/proc` over the same window, for",
        "  the client (or all workers together), the emulator and redis-server.  Redis",
        "  commands: `INFO commandstats` over the window.",
        f"- Load average at the start of this section {load}; each row's 1-minute load is in",
        "  its last column (2 CPUs shared with other engineers' work, and here also with the",
        "  emulator and Redis).",
        "",
        "| mode | workers | polls / s | vs in-process | client / workers CPU | CPU per poll "
        "(client / workers) | redis-server CPU (per poll) | emulator CPU | Redis commands "
        "per poll | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        redis_cpu = (
            "—"
            if r.redis_cpu is None
            else f"{r.redis_cpu / r.window:.0%} ({_us(r.redis_cpu / r.polls)})"
        )
        lines.append(
            f"| {r.label} | {r.workers or '—'} | {r.rate:,.0f} | {r.rate / inproc.rate:.2f}× | "
            f"{r.cpu / r.window:.0%} | {_us(r.cpu_per_poll)} | {redis_cpu} | "
            f"{r.emulator_cpu / r.window:.0%} | "
            f"{r.commands_per_poll:.1f} | {r.load:.2f} |"
        )
    lines += [""]
    for r in rows:
        if r.commands_per_poll >= 0.5:
            top = sorted(r.commands.items(), key=lambda kv: -kv[1])
            lines.append(
                f"- {r.label}, {r.workers or 'no'} worker{'' if r.workers == 1 else 's'}:"
                " Redis commands per poll "
                + ", ".join(f"`{name}` {calls / r.polls:.2f}" for name, calls in top[:9])
                + "."
            )
    total_one = one.cpu_per_poll + (one.redis_cpu or 0) / one.polls
    saving = one_memory.cpu_per_poll / one.cpu_per_poll
    compared = (
        "more than" if saving > 1.05 else "less than" if saving < 0.95 else "about as much as"
    )

    def watch(r: Row) -> float:
        return r.commands.get("watch", 0) / r.polls

    lines += [
        "",
        f"**Ratios (one run).**  1 worker: **{one.rate / inproc.rate:.2f}×** the in-process"
        f" rate; 2 workers: **{two.rate / inproc.rate:.2f}×** (2 workers / 1 worker:"
        f" {two.rate / one.rate:.2f}×: the second worker shares the 2 CPUs with the first,"
        " the emulator, Redis and the neighbours).  CPU per poll: a worker spends"
        f" {one.cpu_per_poll / inproc.cpu_per_poll:.1f}× the in-process client's, and"
        f" {total_one / inproc.cpu_per_poll:.1f}× with redis-server's share.  The Redis"
        " ledger is a small part of that: in process it costs"
        f" {_us(inproc_redis.cpu_per_poll - inproc.cpu_per_poll)} per poll"
        f" ({inproc_redis.cpu_per_poll / inproc.cpu_per_poll:.2f}× the memory ledger's CPU,"
        f" {inproc_redis.rate / inproc.rate:.2f}× its rate), and a worker with a memory ledger"
        f" of its own spent {_us(one_memory.cpu_per_poll)} per poll"
        f" ({one_memory.rate:,.0f} polls/s), {compared} the Redis-ledger worker;"
        " `MemoryLedger.claim`"
        " rebuilds its dict of live claims on every step, which is O(steps/s × `claim_ttl`),"
        f" about {one_memory.rate * 60:,.0f} claims here at the default 60 s (measured alone,"
        " a claim among 6,000 live ones takes about 0.5 ms, under the ledger's lock"
        " shared by the worker's threads).  The rest is Celery's per-execution cost: each"
        " poll is one task execution,"
        " ended by `task.retry` (in a cProfile run outside this bench, on the solo pool,"
        " Celery's handling of the `Retry`, an `ExceptionInfo` that copies each frame's code"
        " positions and formats the traceback, the RETRY state written to the result"
        " backend and the re-published message, was about a quarter to a third of a"
        " step's CPU), plus kombu's receive, ack and unacked-index bookkeeping.",
        "",
        "The fleet's pacing: an account with no `max_rate` and no throttle is paced by each",
        "process alone, which adds its count to the account's bucket in one optimistic",
        "transaction (`WATCH`/`GET`/`MULTI`/`SET`/`EXEC`) every 0.25 s, when it also sees a"
        f" throttle another process met: `WATCH` per poll was {watch(inproc_redis):.3f} in"
        f" process, {watch(one):.3f} on 1 worker and {watch(two):.3f} on 2 (a transaction per"
        " poll, 1.00 or more, before).",
    ]
    if any(r.pool_full for r in rows):
        lines.append(
            'urllib3 logged "Connection pool is full, discarding connection" '
            + ", ".join(
                f"{r.pool_full:,} times ({r.pool_full / r.polls:.2f} per poll) with"
                f" {r.workers} worker{'s' if r.workers > 1 else ''}"
                + ("" if r.ledger else " (memory ledger)")
                for r in rows
                if r.workers
            )
            + ": each a poll that opened, and then threw away, a new connection, because the"
            " task's client keeps the transport's default 10-connection pool while"
            f" {CONCURRENCY} threads share it (`wait_many` reserves one connection per poll in"
            " flight; the Celery task reserves none).  At most"
            f" {max(r.pool_full / r.polls for r in rows):.0%} of polls here, where most of a"
            " worker's threads wait for the GIL or for Redis rather than for the emulator; it"
            " grows with the requests a worker has in flight."
        )
    trouble = [r for r in [*rows, *light] if r.errors or r.over_limit]
    for r in trouble:
        lines.append(
            f"- ❌ {r.label}, {r.workers} workers: {r.errors} errors in the worker logs,"
            f" {r.over_limit} tasks polled past CapMonster's 120 requests."
        )
    lines += ["", *_batches(inproc, inproc_redis, one, batch_one, batch_two)]
    lines += ["", *_rabbitmq(inproc, batch_one, amqp_rows)]
    li, lc = light
    period_i = li.tasks / li.rate
    period_c = lc.tasks / lc.rate
    lines += [
        "",
        f"**Latency the broker adds.**  Light load: {LIGHT_TASKS} tasks on FAST, about"
        f" {LIGHT_TASKS / (INTERVAL + LATENCY):,.0f} polls/s asked, well under either ceiling"
        f" ({LIGHT_WINDOW:g} s window).  In process each task was polled every"
        f" {period_i * 1000:.0f} ms ({li.rate:,.0f} polls/s); on 1 worker every"
        f" {period_c * 1000:.0f} ms ({lc.rate:,.0f} polls/s): {_ms(period_c - period_i)} more"
        " per poll.  From a step's scheduled `next_poll` (in its message's state) to the"
        f" worker starting it: median {_ms(lc.late_p50)}, p95 {_ms(lc.late_p95)} (load"
        f" {lc.load:.2f}).  Saturated, that lateness is the backlog (tasks ÷ rate): median"
        f" {_ms(one.late_p50)} on 1 worker, {_ms(two.late_p50)} on 2.",
    ]
    threshold = inproc.rate / per_task
    per_worker = one.rate / per_task
    lines += [
        "",
        f"**Threshold.**  On the default CapMonster policy a task asks for about {per_task:.2f}"
        f" polls/s (section 6's N = 1 at {LATENCY * 1000:.0f} ms: {b.requests_per_task:.2f}"
        f" polls over a mean {statistics.fmean(rtt.READY):g} s + {b.lag_mean:.2f} s lag).  So"
        f" one in-process `wait_many` keeps up with about **{threshold:,.0f} tasks** waited on"
        f" at once here ({inproc.rate:,.0f} polls/s ÷ {per_task:.2f}); 1 worker with about"
        f" {per_worker:,.0f}, 2 workers with about {two.rate / per_task:,.0f}.  Move from"
        f" `wait_many` to workers only past about {threshold:,.0f} tasks per process, and then"
        " for what workers give rather than for throughput: a wait that outlives its"
        " process, and polls spread over machines.  For throughput alone, more `wait_many`"
        " processes (each its own share of the ids) go further: a worker process serves"
        f" about {one.rate / inproc.rate:.2f}× what a `wait_many` process does per CPU, so"
        f" replacing one `wait_many` process at its ceiling takes about"
        f" {inproc.rate / one.rate:.0f} worker processes on free CPUs.",
    ]
    return lines + footer(started)


def _batches(inproc: Row, inproc_redis: Row, one: Row, b1: Row, b2: Row) -> list[str]:
    def total(r: Row) -> float:
        return r.cpu_per_poll + (r.redis_cpu or 0) / r.polls

    return [
        f"**Batches (one run).**  `wait_later_many` messages of {BATCH_SIZE} waits, workers"
        f" with `-c {BATCH_CONCURRENCY}` (a slice polls on threads of its own), the default"
        f" 10 s slice.  CPU per poll: **{b1.cpu_per_poll / inproc.cpu_per_poll:.2f}×** the"
        f" in-process client's on 1 worker ({total(b1) / total(inproc_redis):.2f}× the"
        " in-process client with the same Redis ledger, redis-server's share included on"
        f" both sides), against {one.cpu_per_poll / inproc.cpu_per_poll:.1f}× for a message"
        f" per poll.  Rate: {b1.rate:,.0f} polls/s on 1 worker"
        f" ({b1.rate / inproc.rate:.2f}× in process, {b1.rate / one.rate:.1f}× a message per"
        f" poll), {b2.rate:,.0f} on 2 ({b2.rate / b1.rate:.2f}× 1 worker).  Broker and ledger"
        f" commands per poll (one Redis is both): {b1.commands_per_poll:.1f} on 1 worker,"
        f" {b2.commands_per_poll:.1f} on 2, against {one.commands_per_poll:.1f} for a message"
        " per poll; most are what every poll of a fleet pays in the ledger, the per-task"
        " count (`EVALSHA`) among them (in process with the Redis ledger:"
        f" {inproc_redis.commands_per_poll:.1f}).",
        "",
        "What this machine cannot show: scaling.  Its 2 CPUs also run the emulator, Redis"
        " and the neighbours' work, so a second worker process competes for the CPU the first"
        " one uses; two workers at about one worker's rate says nothing about two machines."
        " What it shows is the cost per poll, which is what sets how many machines a load"
        " needs.",
    ]


def _rabbitmq(inproc: Row, on_redis: Row, rows: list[Row]) -> list[str]:
    if len(rows) != 2:
        return ["**RabbitMQ.**  Not run: `rabbitmq-server` is not installed (`make services`)."]
    b1, b2 = rows
    return [
        f"**RabbitMQ (one run).**  The same batches with a real `rabbitmq-server` as the"
        " broker (Redis stays result backend and ledger): CPU per poll"
        f" **{b1.cpu_per_poll / inproc.cpu_per_poll:.2f}×** the in-process client's on 1 worker"
        f" ({b1.cpu_per_poll / on_redis.cpu_per_poll:.2f}× the same worker on a Redis broker);"
        f" {b1.rate:,.0f} polls/s on 1 worker, {b2.rate:,.0f} on 2."
        f"  Redis (ledger and results) commands per poll: {b1.commands_per_poll:.1f} on 1"
        f" worker, {b2.commands_per_poll:.1f} on 2; the broker's own work is a message per"
        f" slice of up to {BATCH_SIZE} waits (RabbitMQ's CPU is not in these columns).",
    ]


def main() -> int:
    lines = section()
    publish(HEADING, lines)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        _serve()
    elif sys.argv[1:2] == ["wait"]:
        _wait()
    else:
        raise SystemExit(main())

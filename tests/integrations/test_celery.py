"""Scale-out on Celery with one Redis ledger (issue 17), on a real stack.

A real ``redis-server`` process (the broker, the result backend and the
ledger) and real Celery worker processes, started and stopped here on
loopback; never the eager mode or the in-memory broker.  ``make test``
installs redis-server where it can (as root); elsewhere these tests say
why they did not run, and under CI they fail instead.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from paths import ROOT, TESTS

KEY = "celery-key-9b2f61d0e8"
REDIS_SERVER = shutil.which("redis-server")
RABBITMQ_SERVER = shutil.which("rabbitmq-server")

if REDIS_SERVER is None:
    reason = (
        "redis-server is not installed: `make test` installs it with apt-get when run as "
        "root; as another user install Debian's redis-server to run these tests"
    )
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

import redis  # noqa: E402

from conftest import spend_from_threads  # noqa: E402
from netservers import _free_port, closed_port, rabbitmq_server, redis_server  # noqa: E402
from reliability.figures import SOAK, report  # noqa: E402
from taskpoll import capmonster  # noqa: E402
from taskpoll.errors import LedgerError  # noqa: E402
from taskpoll.redis import RedisLedger  # noqa: E402
from taskpoll.testing.capmonster import CapmonsterEmulator, Script  # noqa: E402


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as (url, _):
        yield url


@pytest.fixture
def db(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()


class Workers:
    """Celery worker processes of ``tests/celery_app.py``, each in its own session."""

    def __init__(self, broker: str, ledger: str | None = None, **env: str) -> None:
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT / "sdk")]),
            "TASKPOLL_TEST_BROKER": broker,
            "TASKPOLL_LEDGER": ledger or broker,
            "CAPMONSTER_CLIENT_KEY": KEY,
            **env,
        }
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        # each worker's log, in a file: a pipe nobody reads would stop a worker
        # that logs more than the pipe holds
        self.logs = Path(tempfile.mkdtemp(prefix="taskpoll-workers-"))

    def log(self) -> str:
        """The last lines of every worker's log, for a failing test's message."""
        return "\n".join(
            f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-40:])
            for path in sorted(self.logs.glob("*.log"))
        )

    def start(self, name: str, concurrency: int = 8) -> None:
        stderr = (self.logs / f"{name}-{len(list(self.logs.iterdir()))}.log").open("wb")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "celery_app", "worker", "--pool", "threads",
             "-c", str(concurrency), "-l", "info", "-n", f"{name}@localhost",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=TESTS,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )  # fmt: skip
        stderr.close()

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def stop(self) -> None:
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        self.procs.clear()
        shutil.rmtree(self.logs, ignore_errors=True)


@pytest.fixture
def workers(redis_url: str, db: redis.Redis) -> Iterator[Workers]:
    started = Workers(redis_url, TASKPOLL_TEST_VISIBILITY="6", TASKPOLL_TEST_CLAIM_TTL="3")
    yield started
    started.stop()


@pytest.fixture
def app(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("TASKPOLL_TEST_BROKER", redis_url)
    monkeypatch.syspath_prepend(str(TESTS))
    import celery_app

    yield celery_app.app
    # Results unsubscribe from the backend when collected: do it while Redis runs.
    gc.collect()


def _app(broker: str, backend: str) -> Any:
    """A caller's app: it only sends waits and reads their results."""
    from celery import Celery

    json_only = {"task_serializer": "json", "result_serializer": "json", "accept_content": ["json"]}
    return Celery("callers", broker=broker, backend=backend, config_source=json_only)


def _all_bytes(db: redis.Redis) -> bytes:
    """Every key and value in the database: the broker's messages, results, the ledger."""
    chunks = []
    for key in db.scan_iter(count=1000):
        chunks.append(key)
        kind = db.type(key)
        if kind == b"string":
            chunks.append(db.get(key) or b"")
        elif kind == b"list":
            chunks.extend(db.lrange(key, 0, -1))
        elif kind == b"hash":
            for field, value in db.hgetall(key).items():
                chunks += [field, value]
        elif kind == b"zset":
            chunks.extend(member for member, _ in db.zrange(key, 0, -1, withscores=True))
        elif kind == b"set":
            chunks.extend(db.smembers(key))
    return b"\n".join(chunks)


# -- the Redis ledger ----------------------------------------------------------------------


def test_the_redis_ledger_is_atomic_across_threads_and_expires(
    redis_url: str, db: redis.Redis
) -> None:
    ledger = RedisLedger.from_url(redis_url)
    refused = spend_from_threads(ledger, "capmonster:9", 50)
    assert ledger.spent("capmonster:9") == 120 and len(refused) == 80
    assert refused[0].task_id == "9"
    time.sleep(0.6)
    assert ledger.spent("capmonster:9") == 0
    assert ledger.claim("step:x", 0.3) and not ledger.claim("step:x", 0.3)
    time.sleep(0.4)
    assert ledger.claim("step:x", 0.3)


def test_a_released_redis_claim_can_be_taken_again(redis_url: str, db: redis.Redis) -> None:
    ledger = RedisLedger.from_url(redis_url)
    assert ledger.claim("a", 60.0) and ledger.claim("b", 60.0)
    ledger.release("a")
    assert ledger.claim("a", 60.0) and not ledger.claim("b", 60.0)


def test_one_token_bucket_paces_the_account_across_clients(redis_url: str, db: redis.Redis) -> None:
    a = capmonster.Client(KEY, max_rate=10.0, ledger=RedisLedger.from_url(redis_url))
    b = capmonster.Client(KEY, max_rate=10.0, ledger=RedisLedger.from_url(redis_url))
    waits = [a.pacer.reserve(0.0) for _ in range(10)] + [b.pacer.reserve(0.0)]
    assert waits[:10] == [0.0] * 10 and waits[10] > 0.05
    b.pacer.throttled(0.0)  # a throttle seen by one client slows the other
    assert a.pacer.rate == 5.0
    assert KEY.encode() not in _all_bytes(db)


def test_a_redis_that_is_down_lets_no_request_through() -> None:
    with closed_port() as port, CapmonsterEmulator() as emulator:
        ledger = RedisLedger.from_url(f"redis://127.0.0.1:{port}/0")
        task_id = emulator.app.add_task()
        client = capmonster.Client(KEY, base_url=emulator.url, ledger=ledger)
        with pytest.raises(LedgerError, match="no request was sent uncounted"):
            client.get_task_result(task_id)
        assert emulator.app.polls[task_id] == 0


def test_core_import_never_imports_celery_or_redis() -> None:
    code = (
        "import sys, taskpoll, taskpoll.capmonster, taskpoll.cloudcoin, taskpoll.alphasms, "
        "taskpoll.cli, taskpoll._durable.ledger\n"
        "bad = [m for m in ('celery', 'redis', 'kombu') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# -- workers ------------------------------------------------------------------------------------


def _step(task_id: int, url: str, *, timeout: float, queued: float) -> dict[str, object]:
    """The kwargs of a first ``taskpoll.wait`` step, as wait_later sends them."""
    return {
        "api": "capmonster",
        "task_id": str(task_id),
        "base_url": url,
        "key_env": "CAPMONSTER_CLIENT_KEY",
        "timeout": timeout,
        "queued": queued,
        "state": None,
    }


def _collect(results: list[object], timeout: float) -> list[object]:
    deadline = time.monotonic() + timeout
    return [r.get(timeout=max(1.0, deadline - time.monotonic())) for r in results]  # type: ignore[attr-defined]


def _linked(db: redis.Redis, count: int) -> Counter[int]:
    """The task ids the ``tests.record`` link saw, once ``count`` arrived (links
    run after results are stored) and a second later, so that a duplicate
    would be there to count."""
    deadline = time.monotonic() + 60.0
    while db.llen("tests:results") < count and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)
    return Counter(int(x) for x in db.lrange("tests:results", 0, -1))


def _ready_in_1_to_4_s(emulator: CapmonsterEmulator, count: int) -> list[int]:
    return [
        emulator.app.add_task(script=Script(solve_after=1.0 + (n % 7) * 0.5)) for n in range(count)
    ]


def test_500_waits_on_two_workers_arrive_exactly_once_within_the_budget(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    import taskpoll.celery

    with CapmonsterEmulator(keys={KEY}) as emulator:
        ids = _ready_in_1_to_4_s(emulator, 500)
        workers.start("w1")
        workers.start("w2")
        record = app.signature("tests.record")  # type: ignore[attr-defined]
        pending = [
            taskpoll.celery.wait_later(app, "capmonster", i, base_url=emulator.url, link=record)
            for i in ids
        ]
        outcomes = _collect(pending, 120.0)
        arrived = _linked(db, len(ids))
        polls = dict(emulator.app.polls)
    assert [o["task_id"] for o in outcomes] == ids  # type: ignore[index]
    assert all(o["ok"] and o["state"] == "ready" for o in outcomes)  # type: ignore[index]
    assert outcomes[0]["result"]["solution"] == {"text": "answer"}  # type: ignore[index]
    assert arrived == Counter(ids)  # every result exactly once
    assert max(polls.values()) <= 120
    assert KEY.encode() not in _all_bytes(db)  # no message, result or ledger entry holds it


def test_a_step_delivered_twice_is_polled_once(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    import time as clock

    with CapmonsterEmulator(keys={KEY}) as emulator:
        task_id = emulator.app.add_task(script=Script(solve_after=0.0))
        kwargs = _step(task_id, emulator.url, timeout=30.0, queued=clock.time())
        first = app.send_task("taskpoll.wait", kwargs=kwargs, task_id="dup-1")  # type: ignore[attr-defined]
        app.send_task("taskpoll.wait", kwargs=kwargs, task_id="dup-1")  # type: ignore[attr-defined]
        workers.start("w1")
        assert first.get(timeout=30)["ok"]
        clock.sleep(1.0)  # the second delivery has been taken and dropped
        assert emulator.app.polls[task_id] == 1


def test_a_late_message_ends_at_its_deadline_without_a_request(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    import taskpoll.celery

    with CapmonsterEmulator(keys={KEY}) as emulator:
        task_id = emulator.app.add_task(script=Script(solve_after=0.0))
        # it sat in a queue past its 10 s deadline
        kwargs = _step(task_id, emulator.url, timeout=10.0, queued=time.time() - 60.0)
        late = app.send_task("taskpoll.wait", kwargs=kwargs)  # type: ignore[attr-defined]
        workers.start("w1")
        with pytest.raises(taskpoll.celery.WaitFailed) as info:
            late.get(timeout=30)
        assert info.value.details["type"] == "WaitTimeoutError"
        assert info.value.details["attempts"] == 0
        assert emulator.app.polls[task_id] == 0


@pytest.mark.parametrize("batched", [False, True], ids=["step", "slice"])
def test_a_failed_wait_raises_its_error_with_code_and_attempts(
    app: object, workers: Workers, db: redis.Redis, batched: bool
) -> None:
    import taskpoll.celery

    with CapmonsterEmulator(keys={KEY}) as emulator:
        task_id = emulator.app.add_task(
            script=Script(solve_after=1.0, error="ERROR_CAPTCHA_UNSOLVABLE")
        )
        workers.start("w1")
        if batched:
            [result] = taskpoll.celery.wait_later_many(
                app, "capmonster", [task_id], base_url=emulator.url
            )
        else:
            result = taskpoll.celery.wait_later(app, "capmonster", task_id, base_url=emulator.url)
        with pytest.raises(taskpoll.celery.WaitFailed) as info:
            result.get(timeout=30)
    details = info.value.details
    assert details["type"] == "TaskFailedError"
    assert details["code"] == "ERROR_CAPTCHA_UNSOLVABLE"
    assert details["attempts"] >= 1 and details["message"] == "Captcha unsolvable"


def test_wait_later_refuses_what_no_worker_could_run(app: object) -> None:
    import taskpoll.celery

    with pytest.raises(ValueError, match="unknown API"):
        taskpoll.celery.wait_later(app, "nosuchapi", 1)
    with pytest.raises(ValueError):
        taskpoll.celery.wait_later(app, "capmonster", "not-a-number")
    with pytest.raises(ValueError, match="unknown API"):
        taskpoll.celery.wait_later_many(app, "nosuchapi", [1])
    with pytest.raises(ValueError):
        taskpoll.celery.wait_later_many(app, "capmonster", [1, "not-a-number"])
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        taskpoll.celery.wait_later_many(app, "capmonster", [1], batch_size=0)
    rpc = _app("redis://127.0.0.1:1/0", "rpc://")
    with pytest.raises(ValueError, match="stores results, not rpc://"):
        taskpoll.celery.wait_later_many(rpc, "capmonster", [1])


# -- batches: many waits to a message ------------------------------------------------------


def _slices(db: redis.Redis) -> list[tuple[str, int, float]]:
    """Every slice a worker started: (worker, waits it carried, Unix time)."""
    return [tuple(json.loads(line)) for line in db.lrange("tests:slices", 0, -1)]  # type: ignore[misc]


def test_500_waits_in_batches_arrive_exactly_once_from_few_messages(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    import taskpoll.celery

    with CapmonsterEmulator(keys={KEY}) as emulator:
        ids = _ready_in_1_to_4_s(emulator, 500)
        workers.start("w1")
        workers.start("w2")
        record = app.signature("tests.record")  # type: ignore[attr-defined]
        pending = taskpoll.celery.wait_later_many(
            app, "capmonster", [*ids, ids[0]], base_url=emulator.url, link=record, batch_size=100
        )
        outcomes = _collect(pending, 120.0)
        arrived = _linked(db, len(ids))
        polls = dict(emulator.app.polls)
    assert len(pending) == 501 and pending[0].id == pending[-1].id  # type: ignore[attr-defined]
    assert [o["task_id"] for o in outcomes] == [*ids, ids[0]]  # type: ignore[index]
    assert all(o["ok"] and o["state"] == "ready" for o in outcomes)  # type: ignore[index]
    assert outcomes[0]["result"]["solution"] == {"text": "answer"}  # type: ignore[index]
    assert arrived == Counter(ids)  # every result exactly once
    assert polls.keys() == set(ids) and max(polls.values()) <= 120
    slices = _slices(db)
    # five messages of 100 waits, each re-scheduled a few times: far fewer
    # executions than polls (one per poll with wait_later)
    assert sum(polls.values()) >= 4 * len(slices), (sum(polls.values()), len(slices))
    assert sum(n for _, n, _ in slices[:5]) == 500  # five messages of 100 carried them first
    assert KEY.encode() not in _all_bytes(db)


def _batch(ids: list[int], url: str, *, queued: float) -> dict[str, object]:
    """The kwargs of a first ``taskpoll.wait_batch`` message, as wait_later_many sends them."""
    return {
        "api": "capmonster",
        "base_url": url,
        "key_env": "CAPMONSTER_CLIENT_KEY",
        "max_wait": 30.0,
        "queued": queued,
        "link": None,
        "finished": [],
        "waits": [[str(i), f"result-{i}", None] for i in ids],
    }


def test_a_slice_stores_each_result_as_its_wait_finishes(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    """Not at the end of the slice (10 s here): a wait that finished at its
    first poll has its result while its slice still polls the other."""
    with CapmonsterEmulator(keys={KEY}) as emulator:
        ready = emulator.app.add_task(script=Script(solve_after=0.0))
        never = emulator.app.add_task(script=Script(solve_after=3600.0))
        kwargs = _batch([ready, never], emulator.url, queued=time.time())
        app.send_task("taskpoll.wait_batch", kwargs=kwargs)  # type: ignore[attr-defined]
        workers.start("w1")
        done = app.AsyncResult(f"result-{ready}").get(timeout=6.0)  # type: ignore[attr-defined]
        assert done["ok"] and not app.AsyncResult(f"result-{never}").ready()  # type: ignore[attr-defined]


def test_a_slice_delivered_twice_polls_each_task_once(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    with CapmonsterEmulator(keys={KEY}) as emulator:
        ids = [emulator.app.add_task(script=Script(solve_after=0.0)) for _ in range(3)]
        kwargs = _batch(ids, emulator.url, queued=time.time())
        for _ in range(2):
            app.send_task("taskpoll.wait_batch", kwargs=kwargs, task_id="dup-batch")  # type: ignore[attr-defined]
        workers.start("w1")
        results = [app.AsyncResult(f"result-{i}") for i in ids]  # type: ignore[attr-defined]
        assert all(o["ok"] for o in _collect(results, 30.0))

        # Each delivery waits out the policy's first second (a message per
        # delivery, as the copies it was), then claims its slice; one that
        # a slow worker start took after that second polls at once.  Either
        # way, every message is gone from the queue once both were taken.
        def settled() -> bool:
            return len(_slices(db)) >= 2 and db.llen("celery") + db.hlen("unacked") == 0

        _until(settled, 10.0, "both deliveries were taken")
        time.sleep(0.5)  # the second delivery has been dropped, or has polled
        polls = dict(emulator.app.polls)
    assert polls == dict.fromkeys(ids, 1)


@pytest.mark.slow  # about 20 s: the backend's retry policy gives up after 5 s a try
def test_a_result_backend_down_when_waits_finish_loses_nothing(
    redis_url: str, db: redis.Redis, tmp_path: Path
) -> None:
    """The backend (its own redis-server) stops while three waits run; they
    finish, their results cannot be stored and travel on in the next
    messages, with no more polls; the backend comes back and every result
    arrives, once."""
    import taskpoll.celery

    port = _free_port()
    backend = f"redis://127.0.0.1:{port}/0"
    env = {"TASKPOLL_TEST_BACKEND": backend, "TASKPOLL_TEST_RECORDS": redis_url}
    fleet = Workers(redis_url, ledger=redis_url, TASKPOLL_TEST_POLICY="quick", **env)
    try:
        with CapmonsterEmulator(keys={KEY}) as emulator:
            ids = [emulator.app.add_task(script=Script(solve_after=2.0)) for _ in range(3)]
            with redis_server(tmp_path, port=port):
                fleet.start("w1", concurrency=4)
                pending = taskpoll.celery.wait_later_many(
                    _app(redis_url, backend), "capmonster", ids, base_url=emulator.url
                )
                _until(lambda: len(_slices(db)) >= 1, 30.0, "the slice started")
            _until(lambda: len(_slices(db)) >= 2, 30.0, "a slice carried the results on")
            polls = dict(emulator.app.polls)
            assert all(1 <= polls[i] <= 30 for i in ids), polls  # every 0.1 s for 2 s
            with redis_server(tmp_path, port=port):
                caller = _app(redis_url, backend)
                outcomes = _collect([caller.AsyncResult(r.id) for r in pending], 60.0)
                assert dict(emulator.app.polls) == polls  # finished waits were not polled again
    finally:
        fleet.stop()
    assert [o["task_id"] for o in outcomes] == ids
    assert all(o["ok"] and o["state"] == "ready" for o in outcomes)


# -- a killed worker, with the README's settings, on each broker ----------------------------


@pytest.fixture(scope="module")
def rabbitmq_url() -> Iterator[str]:
    if RABBITMQ_SERVER is None:
        reason = "rabbitmq-server is not installed: `make services` installs it (as root)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    with rabbitmq_server() as url:
        yield url


def _steps(db: redis.Redis) -> list[tuple[str, str, float]]:
    """Every step a worker started: (worker, task id, Unix time), in order."""
    return [tuple(json.loads(line)) for line in db.lrange("tests:steps", 0, -1)]  # type: ignore[misc]


def _until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.1)


def _kill_the_worker_holding_every_wait(
    broker: str, redis_url: str, db: redis.Redis, goal: float, *, batched: bool = False
) -> None:
    """W1 alone runs the first step (or, ``batched``, slice) of 20 waits and
    of 2 that never finish, then dies by SIGKILL; w2 starts.  Every wait resumes within ``goal``
    seconds of the kill and ends right; the two never-finishing tasks get
    exactly 120 requests, as the Redis ledger counts too."""
    import taskpoll.celery

    env = {"TASKPOLL_TEST_BACKEND": redis_url, "TASKPOLL_TEST_POLICY": "quick"}
    fleet = Workers(broker, ledger=redis_url, **env)
    app = _app(broker, redis_url)
    try:
        with CapmonsterEmulator(keys={KEY}) as emulator:
            normal = [emulator.app.add_task(script=Script(solve_after=3.0)) for _ in range(20)]
            never = [emulator.app.add_task(script=Script(solve_after=3600.0)) for _ in range(2)]
            fleet.start("w1", concurrency=4)
            if batched:  # two messages: 11 waits each
                many = taskpoll.celery.wait_later_many(
                    app, "capmonster", normal + never, base_url=emulator.url, batch_size=11
                )
                pending = dict(zip(normal + never, many, strict=True))
            else:
                pending = {
                    i: taskpoll.celery.wait_later(app, "capmonster", i, base_url=emulator.url)
                    for i in normal + never
                }
            everyone = {str(i) for i in pending}

            def held_by_w1() -> bool:
                return {t for w, t, _ in _steps(db) if w == "w1@localhost"} >= everyone

            _until(held_by_w1, 60.0, "w1 started every wait")
            held = db.hlen("unacked") if broker.startswith("redis") else None
            fleet.kill("w1")  # SIGKILL, mid-run: its reserved and countdown steps unacked
            killed = time.time()
            fleet.start("w2", concurrency=4)
            try:
                done = {i: pending[i].get(timeout=120) for i in normal}
            except Exception as exc:
                missing = [i for i in normal if not pending[i].ready()]
                raise AssertionError(f"{exc!r}: {missing} not done\n{fleet.log()}") from exc
            failures = {}
            for i in never:
                with pytest.raises(taskpoll.celery.WaitFailed) as info:
                    pending[i].get(timeout=120)
                failures[i] = info.value.details
            polls = dict(emulator.app.polls)
            ledger = RedisLedger.from_url(redis_url)
            counted = capmonster.Client(KEY, base_url=emulator.url, ledger=ledger)
            spent = {i: counted.budget.spent(i) for i in never}
    finally:
        fleet.stop()
    assert held is None or held > 0  # the broker held w1's unacknowledged steps
    steps = _steps(db)
    after = {t: min(at for w, t2, at in steps if w == "w2@localhost" and t2 == t) for t in everyone}
    assert after.keys() == everyone  # every wait came back, on the live worker
    recovery = max(after.values()) - killed
    report(
        "killed worker recovery",
        broker=broker.split(":", maxsplit=1)[0],
        task="wait_batch" if batched else "wait",
        seconds=round(recovery, 2),
    )
    assert recovery <= goal
    assert all(done[i]["ok"] and done[i]["state"] == "ready" for i in normal)
    assert {d["type"] for d in failures.values()} == {"RequestBudgetExceededError"}
    assert [spent[i] for i in never] == [120, 120]  # the ledger let no 121st through
    # not one more across the kill; a request the killed worker had counted
    # but not yet sent is lost to the budget, never sent twice
    assert all(119 <= polls[i] <= 120 for i in never), polls
    assert KEY.encode() not in _all_bytes(db)


@pytest.mark.slow  # about a minute each: Redis gives a dead worker's messages back after ~50 s
@pytest.mark.parametrize(
    "batched",
    [
        # make soak: the leases' test below deletes every message after a kill
        # (a loss made certain), so CI spends its minute on slices only
        pytest.param(False, marks=pytest.mark.skipif(not SOAK, reason="make soak")),
        True,
    ],
    ids=["steps", "slices"],
)
def test_a_killed_worker_on_redis_loses_no_wait_and_resumes_within_a_minute(
    redis_url: str, db: redis.Redis, batched: bool
) -> None:
    """kombu's Redis transport takes a message off the queue (``BRPOP``) and
    records it as unacknowledged in a second command, so a worker killed
    between the two loses that message; with ``wait_later``'s message per
    poll (about 200 messages a second here) that lost a wait in 4 of 9 kills
    before messages were leased.  The lease sweep sends such a message again."""
    _kill_the_worker_holding_every_wait(redis_url, redis_url, db, goal=60.0, batched=batched)


@pytest.mark.slow  # about half a minute, most of it the 120 polls of two tasks
@pytest.mark.parametrize("batched", [False, True], ids=["steps", "slices"])
def test_a_killed_worker_on_rabbitmq_loses_no_wait_and_resumes_within_10_s(
    rabbitmq_url: str, redis_url: str, db: redis.Redis, batched: bool
) -> None:
    _kill_the_worker_holding_every_wait(rabbitmq_url, redis_url, db, goal=10.0, batched=batched)


@pytest.mark.slow  # RabbitMQ's start-up, shared with the kill tests
def test_no_key_in_the_messages_rabbitmq_holds(rabbitmq_url: str, redis_url: str) -> None:
    """Both tasks' messages, as RabbitMQ stores them (read back, then
    acknowledged so that no worker of a later test runs them): they name the
    key's variable, never the key."""
    import kombu

    import taskpoll.celery

    app = _app(rabbitmq_url, redis_url)
    taskpoll.celery.wait_later(app, "capmonster", 7, base_url="http://127.0.0.1:9")
    taskpoll.celery.wait_later_many(app, "capmonster", [8, 9], base_url="http://127.0.0.1:9")
    bodies = []
    with kombu.Connection(rabbitmq_url) as conn:
        queue = conn.SimpleQueue("celery")
        for _ in range(2):
            message = queue.get(timeout=10)
            bodies.append(
                message.body if isinstance(message.body, bytes) else message.body.encode()
            )
            message.ack()
        queue.close()
    assert len(bodies) == 2
    assert all(b"CAPMONSTER_CLIENT_KEY" in body for body in bodies)
    assert not any(KEY.encode() in body for body in bodies)


@pytest.mark.slow  # about 30 s
def test_a_broker_restarted_mid_run_loses_no_wait_and_forks_none(
    redis_url: str, db: redis.Redis, tmp_path: Path
) -> None:
    """The broker (a durable redis-server of its own) stops for 2 s while two
    slices of 10 waits run, and starts again on its files.  kombu's Redis
    transport ends a worker whose broker went away while it held messages
    (a kombu defect: it cannot restore them), so the worker runs as under a
    supervisor, started again when it exits.  Every result arrives, and its
    link runs once: each wait goes on from one delivery only.  A visibility
    timeout of 6 s, shorter than a slice is held, has the broker redeliver
    every slice while it runs too: more deliveries that must not fork a wait
    (their overlap polls twice for a while, as ``register`` warns)."""
    import taskpoll.celery

    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    env = {"TASKPOLL_TEST_BACKEND": redis_url, "TASKPOLL_TEST_POLICY": "steady"}
    env["TASKPOLL_TEST_VISIBILITY"] = "6"
    fleet = Workers(broker, ledger=redis_url, **env)
    restarts = 0
    try:
        with CapmonsterEmulator(keys={KEY}) as emulator:
            ids = [emulator.app.add_task(script=Script(solve_after=20.0)) for _ in range(20)]
            with redis_server(tmp_path, port=port, durable=True):
                fleet.start("w1", concurrency=4)
                caller = _app(broker, redis_url)
                pending = taskpoll.celery.wait_later_many(
                    caller, "capmonster", ids, base_url=emulator.url, batch_size=10,
                    link=caller.signature("tests.record"),
                )  # fmt: skip
                _until(lambda: len(_slices(db)) >= 2, 30.0, "both slices started")
            time.sleep(2.0)
            with redis_server(tmp_path, port=port, durable=True):
                deadline = time.monotonic() + 120.0
                while not all(r.ready() for r in pending) and time.monotonic() < deadline:
                    if fleet.procs["w1"].poll() is not None:  # what a supervisor does
                        fleet.procs.pop("w1")
                        fleet.start("w1", concurrency=4)
                        restarts += 1
                    time.sleep(0.5)
                outcomes = _collect(pending, 5.0)
                time.sleep(2.0)  # a forked chain's link would be there to count
                linked = Counter(int(x) for x in db.lrange("tests:results", 0, -1))
            polls = dict(emulator.app.polls)
    finally:
        fleet.stop()
    report("broker restart", restarts=restarts, max_polls=max(polls.values()))
    assert [o["task_id"] for o in outcomes] == ids
    assert all(o["ok"] and o["state"] == "ready" for o in outcomes)
    assert linked == Counter(ids)  # each wait finished by one delivery: none forked
    assert max(polls.values()) <= 120


@pytest.mark.slow  # about 15 s: two tasks polled 120 times each, a step at a time
def test_two_workers_send_a_task_that_never_finishes_exactly_120_requests(
    redis_url: str, db: redis.Redis
) -> None:
    import taskpoll.celery

    fleet = Workers(redis_url, TASKPOLL_TEST_POLICY="quick")
    app = _app(redis_url, redis_url)
    try:
        with CapmonsterEmulator(keys={KEY}) as emulator:
            never = [emulator.app.add_task(script=Script(solve_after=3600.0)) for _ in range(2)]
            fleet.start("w1", concurrency=4)
            fleet.start("w2", concurrency=4)
            pending = [
                taskpoll.celery.wait_later(app, "capmonster", i, base_url=emulator.url)
                for i in never
            ]
            for result in pending:
                with pytest.raises(taskpoll.celery.WaitFailed) as info:
                    result.get(timeout=120)
                assert info.value.details["type"] == "RequestBudgetExceededError"
            counted = capmonster.Client(
                KEY, base_url=emulator.url, ledger=RedisLedger.from_url(redis_url)
            )
            assert [emulator.app.polls[i] for i in never] == [120, 120]
            assert [counted.budget.spent(i) for i in never] == [120, 120]
    finally:
        fleet.stop()
    workers = {w for w, _, _ in _steps(db)}
    assert workers == {"w1@localhost", "w2@localhost"}  # both took steps of the two waits


@pytest.mark.parametrize(
    ("broker", "given", "options", "warning"),
    [
        ("redis://127.0.0.1:1/0", None, {"visibility_timeout": 45.0}, None),
        ("redis://127.0.0.1:1/0", 6.0, {"visibility_timeout": 6.0}, "delivered twice"),
        ("redis://127.0.0.1:1/0", 3600.0, {"visibility_timeout": 3600.0}, "only after 3605"),
        ("redis://127.0.0.1:1/0", 40.0, {"visibility_timeout": 40.0}, "delivered twice"),
        ("redis://127.0.0.1:1/0", 50.0, {"visibility_timeout": 50.0}, None),
        ("amqp://guest:guest@127.0.0.1:1//", None, {}, None),
    ],
)
def test_register_bounds_how_long_a_dead_workers_waits_stay_away(
    broker: str,
    given: float | None,
    options: dict[str, float],
    warning: str | None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The README's setting on Redis comes back in 45 s + a 5 s sweep; a user's
    own wins, with a warning when it is unsafe either way; RabbitMQ needs none."""
    import taskpoll.celery

    app = _app(broker, "redis://127.0.0.1:1/1")
    if given is not None:
        app.conf.broker_transport_options = {"visibility_timeout": given}
    taskpoll.celery.register(app)
    sweep = {"unacked_restore_interval": 5, "unacked_restore_throttle": 1}
    expected = {**options, **sweep} if broker.startswith("redis") else {}
    assert dict(app.conf.broker_transport_options or {}) == expected
    warned = [r.getMessage() for r in caplog.records if r.name == "taskpoll.celery"]
    assert [w for w in warned if warning and warning in w] == warned
    assert len(warned) == (warning is not None)


# -- messages the broker lost: leases and the sweep ------------------------------------------


@pytest.mark.parametrize("kind", ["redis", "sqlite"])
def test_a_lease_that_ran_out_goes_to_one_sweep_until_its_last(
    kind: str, redis_url: str, db: redis.Redis, tmp_path: Path
) -> None:
    from taskpoll import SqliteLedger

    ledger: Any = (
        RedisLedger.from_url(redis_url) if kind == "redis" else SqliteLedger(tmp_path / "l.db")
    )
    now = time.time()
    ledger.lease("gone", "message gone", now - 1.0, now + 0.001)  # past its last at once
    ledger.lease("a", "message a", now + 0.2, now + 0.7)
    ledger.lease("b", "message b", now + 30.0, now + 60.0)
    ledger.lease("c", "message c", now + 0.2, now + 60.0)
    time.sleep(0.05)
    assert ledger.expired_leases(time.time(), 0.1) == []  # none ran out yet; "gone" is gone
    ledger.lease("a", "message a, next hop", now + 0.2, now + 0.7)  # replaced
    ledger.end_lease("c")
    time.sleep(now + 0.25 - time.time())
    assert ledger.expired_leases(time.time(), 0.1) == ["message a, next hop"]
    assert ledger.expired_leases(time.time(), 0.1) == []  # extended: one sweep takes it
    time.sleep(0.15)
    assert ledger.expired_leases(time.time(), 0.1) == ["message a, next hop"]
    time.sleep(now + 0.75 - time.time())
    assert ledger.expired_leases(time.time(), 0.1) == []  # past its last; b's hold runs on


def _queued(db: redis.Redis) -> list[dict[str, Any]]:
    """The messages waiting in the default queue: headers, kwargs and links."""
    import base64

    found = []
    for raw in db.lrange("celery", 0, -1):
        message = json.loads(raw)
        _, kwargs, embed = json.loads(base64.b64decode(message["body"]))
        found.append({**message["headers"], "kwargs": kwargs, "callbacks": embed["callbacks"]})
    return found


def test_a_sweep_sends_a_message_no_worker_ran_again_once(redis_url: str, db: redis.Redis) -> None:
    from types import SimpleNamespace

    from taskpoll._integrations.chains import Chains

    ledger = RedisLedger.from_url(redis_url)
    chains = Chains(lambda: ledger, hold=0.2)
    app = _app(redis_url, redis_url)
    request = SimpleNamespace(id="m1", retries=4, callbacks=[{"task": "tests.record"}])
    task = SimpleNamespace(name="taskpoll.wait", request=request)
    chains.keep(task, {"task_id": "7", "state": "{}"}, countdown=0.0, deadline=time.time() + 60)
    assert chains.sweep(app) == 0  # still within its hold
    time.sleep(0.25)
    assert chains.sweep(app) == 1
    assert chains.sweep(app) == 0  # one copy per hold
    [sent] = _queued(db)
    assert (sent["id"], sent["task"], sent["retries"]) == ("m1", "taskpoll.wait", 5)
    assert sent["kwargs"] == {"task_id": "7", "state": "{}", "resent": True}
    assert [link["task"] for link in sent["callbacks"]] == ["tests.record"]
    chains.end(task)
    time.sleep(0.25)
    assert chains.sweep(app) == 0


def test_a_memory_ledger_keeps_no_lease(redis_url: str) -> None:
    from types import SimpleNamespace

    from taskpoll import MemoryLedger
    from taskpoll._integrations.chains import Chains

    chains = Chains(MemoryLedger, hold=0.0)
    task = SimpleNamespace(name="n", request=SimpleNamespace(id="m", retries=0, callbacks=None))
    chains.keep(task, {}, countdown=0.0, deadline=0.0)  # nothing to keep it in: no error
    assert chains.sweep(_app(redis_url, redis_url)) == 0


def test_a_caller_that_registered_the_app_leases_first_messages(
    redis_url: str, db: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the workers' TASKPOLL_LEDGER, as the README's callers have it; a
    caller that did not register the app leases nothing."""
    import taskpoll.celery

    monkeypatch.setenv("TASKPOLL_LEDGER", redis_url)
    plain = _app(redis_url, redis_url)
    taskpoll.celery.wait_later(plain, "capmonster", 5, base_url="http://127.0.0.1:9")
    assert db.zcard("taskpoll:leases") == 0
    app = _app(redis_url, redis_url)
    taskpoll.celery.register(app)
    one = taskpoll.celery.wait_later(app, "capmonster", 6, base_url="http://127.0.0.1:9")
    taskpoll.celery.wait_later_many(app, "capmonster", [7, 8], base_url="http://127.0.0.1:9")
    queued = {m["id"]: m for m in _queued(db)}
    leased = {k.decode().removeprefix("chain:") for k in db.zrange("taskpoll:leases", 0, -1)}
    batch = [m for m, q in queued.items() if q["task"] == "taskpoll.wait_batch"]
    assert len(queued) == 3 and len(batch) == 1 and leased == {one.id, *batch}
    lease = json.loads(db.get(f"taskpoll:lease:chain:{one.id}") or b"")
    assert (lease["name"], lease["retries"], lease["kwargs"]["task_id"]) == (
        "taskpoll.wait",
        0,
        "6",
    )


@pytest.mark.slow  # about 25 s: a lost message is sent again once its lease runs out (~12 s)
def test_waits_whose_messages_the_broker_lost_end_once_within_a_minute(
    redis_url: str, db: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """W1 runs waits of both kinds, is SIGKILLed, one more wait is sent, and
    every message in the broker is then deleted, queued and unacknowledged
    alike (what kombu's BRPOP window loses, for all at once); w2 starts.  The
    leases bring every wait back, the new one's first message too (its
    caller registered the app and has the ledger), each wait ends once (one
    link each) and none forks."""
    import taskpoll.celery

    env = {"TASKPOLL_TEST_BACKEND": redis_url, "TASKPOLL_TEST_POLICY": "steady"}
    # a lease holds a message for slice + step limit + 5 s: 2 + 5 + 5 s here
    slices = {"TASKPOLL_TEST_SLICE": "2", "TASKPOLL_TEST_STEP_TIMEOUT": "5"}
    fleet = Workers(redis_url, ledger=redis_url, **slices, **env)
    monkeypatch.setenv("TASKPOLL_LEDGER", redis_url)
    app = _app(redis_url, redis_url)
    taskpoll.celery.register(app)
    record = app.signature("tests.record")
    try:
        with CapmonsterEmulator(keys={KEY}) as emulator:
            ids = [emulator.app.add_task(script=Script(solve_after=6.0)) for _ in range(7)]
            late = ids.pop()
            fleet.start("w1", concurrency=4)
            pending = [
                *(
                    taskpoll.celery.wait_later(
                        app, "capmonster", i, base_url=emulator.url, link=record
                    )
                    for i in ids[:3]
                ),
                *taskpoll.celery.wait_later_many(
                    app, "capmonster", ids[3:], base_url=emulator.url, link=record
                ),
            ]

            def handed_on() -> bool:  # every wait is in a leased (second or later) message
                started = Counter(t for _, t, _ in _steps(db))
                return all(started[str(i)] >= 2 for i in ids)

            _until(handed_on, 30.0, "every wait handed on by w1")
            fleet.kill("w1")
            pending.append(
                taskpoll.celery.wait_later(
                    app, "capmonster", late, base_url=emulator.url, link=record
                )
            )
            ids.append(late)
            lost = db.hlen("unacked") + db.llen("celery")
            db.delete("celery", "unacked", "unacked_index")
            killed = time.time()
            fleet.start("w2", concurrency=4)
            try:
                done = _collect(pending, 90.0)
            except Exception as exc:
                raise AssertionError(f"{exc!r}\n{fleet.log()}") from exc
            polls = dict(emulator.app.polls)
            arrived = _linked(db, len(ids))
    finally:
        fleet.stop()
    assert lost >= 3  # the singles' next steps, the slice's next hop, the late first step
    assert all(o["ok"] for o in done)  # type: ignore[index]
    assert arrived == Counter({i: 1 for i in ids})
    resumed = min(at for w, _, at in _steps(db) if w == "w2@localhost")
    report("lost messages sent again", seconds=round(resumed - killed, 2))
    assert resumed - killed <= 60.0
    # steady polls once a second: about 6 s before the task is ready plus one
    # poll after the gap; a forked wait would poll twice a second
    assert all(polls[i] <= 10 for i in ids), polls


# -- tracing across the fleet ----------------------------------------------------------------


def test_every_step_and_slice_of_a_wait_links_to_the_span_that_sent_it(
    redis_url: str, db: redis.Redis
) -> None:
    """Workers with a tracer provider (tests/celery_app.py records their spans
    in Redis): each execution is a span of its own trace, linked to the span
    current where wait_later or wait_later_many was called; a slice's waits
    and every poll hang below it, and no span holds the key."""
    from opentelemetry.sdk.trace import TracerProvider

    import taskpoll.celery

    tracer = TracerProvider().get_tracer("caller")
    env = {"TASKPOLL_TEST_POLICY": "quick", "TASKPOLL_TEST_SLICE": "1", "TASKPOLL_TEST_SPANS": "1"}
    fleet = Workers(redis_url, ledger=redis_url, **env)
    app = _app(redis_url, redis_url)
    try:
        with CapmonsterEmulator(keys={KEY}) as emulator:
            one, *many = [emulator.app.add_task(script=Script(solve_after=2.5)) for _ in range(3)]
            fleet.start("w1", concurrency=4)
            with tracer.start_as_current_span("one") as single:
                pending = [
                    taskpoll.celery.wait_later(app, "capmonster", one, base_url=emulator.url)
                ]
            with tracer.start_as_current_span("many") as batch:
                pending += taskpoll.celery.wait_later_many(
                    app, "capmonster", many, base_url=emulator.url
                )
            assert all(o["ok"] for o in _collect(pending, 30.0))  # type: ignore[index]
            time.sleep(0.5)  # the last spans reach Redis
    finally:
        fleet.stop()
    spans = [json.loads(line) for line in db.lrange("tests:spans", 0, -1)]
    by_id = {tuple(s["ids"]): s for s in spans}

    def ids(span: Any) -> list[str]:
        context = span.get_span_context()
        return [f"{context.trace_id:032x}", f"{context.span_id:016x}"]

    steps = [s for s in spans if s["name"] == "taskpoll.step capmonster"]
    slices = [s for s in spans if s["name"] == "taskpoll.slice capmonster"]
    assert len(steps) >= 3 and len(slices) >= 2  # 2.5 s of polls every 0.1 s; 1 s slices
    assert all(s["links"] == [ids(single)] for s in steps)
    assert all(s["links"] == [ids(batch)] for s in slices)
    assert all(s["parent"] is None for s in steps + slices)  # each its own trace
    for request in (s for s in spans if s["name"] == "POST"):
        parent = by_id[tuple(request["parent"])]
        if parent["name"] == "taskpoll.wait capmonster":
            parent = by_id[tuple(parent["parent"])]
        assert parent["name"] in {"taskpoll.step capmonster", "taskpoll.slice capmonster"}
    waits = [s for s in spans if s["name"] == "taskpoll.wait capmonster"]
    ends = Counter(w["attributes"]["taskpoll.outcome"] for w in waits)
    assert ends["done"] == 2 and ends["continues"] >= 2
    assert KEY not in json.dumps(spans)

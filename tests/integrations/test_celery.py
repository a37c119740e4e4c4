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
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from paths import ROOT, TESTS

KEY = "celery-key-9b2f61d0e8"
REDIS_SERVER = shutil.which("redis-server")

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
from netservers import closed_port, redis_server  # noqa: E402
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

    def __init__(self, redis_url: str, **env: str) -> None:
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT / "sdk")]),
            "TASKPOLL_TEST_BROKER": redis_url,
            "TASKPOLL_LEDGER": redis_url,
            "CAPMONSTER_CLIENT_KEY": KEY,
            **env,
        }
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, concurrency: int = 8) -> None:
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "celery_app", "worker", "--pool", "threads",
             "-c", str(concurrency), "-l", "warning", "-n", f"{name}@localhost",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=TESTS,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )  # fmt: skip

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


def test_500_waits_on_two_workers_arrive_exactly_once_within_the_budget(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    import taskpoll.celery

    with CapmonsterEmulator(keys={KEY}) as emulator:
        ids = [
            emulator.app.add_task(script=Script(solve_after=1.0 + (n % 7) * 0.5))
            for n in range(500)
        ]
        workers.start("w1")
        workers.start("w2")
        record = app.signature("tests.record")  # type: ignore[attr-defined]
        pending = [
            taskpoll.celery.wait_later(app, "capmonster", i, base_url=emulator.url, link=record)
            for i in ids
        ]
        outcomes = _collect(pending, 120.0)
        # The links run after the results are stored: wait for all of them,
        # then a while longer, so that a duplicate would be there to count.
        deadline = time.monotonic() + 60.0
        while db.llen("tests:results") < len(ids) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)
        arrived = Counter(int(x) for x in db.lrange("tests:results", 0, -1))
        polls = dict(emulator.app.polls)
    assert [o["task_id"] for o in outcomes] == ids  # type: ignore[index]
    assert all(o["ok"] and o["state"] == "ready" for o in outcomes)  # type: ignore[index]
    assert outcomes[0]["result"]["solution"] == {"text": "answer"}  # type: ignore[index]
    assert arrived == Counter(ids)  # every result exactly once
    assert max(polls.values()) <= 120
    assert KEY.encode() not in _all_bytes(db)  # no message, result or ledger entry holds it


def test_a_worker_killed_mid_run_loses_no_wait_and_breaks_no_budget(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    import taskpoll.celery

    with CapmonsterEmulator(keys={KEY}) as emulator:
        ids = [emulator.app.add_task(script=Script(solve_after=4.0)) for _ in range(60)]
        workers.start("w1")
        workers.start("w2")
        pending = [
            taskpoll.celery.wait_later(app, "capmonster", i, base_url=emulator.url, max_wait=90)
            for i in ids
        ]
        time.sleep(2.5)
        workers.kill("w1")  # SIGKILL: its reserved and countdown messages are unacked
        workers.start("w1")
        outcomes = _collect(pending, 90.0)
        polls = dict(emulator.app.polls)
    assert sorted(o["task_id"] for o in outcomes) == sorted(ids)  # type: ignore[index]
    assert all(o["ok"] for o in outcomes)  # type: ignore[index]
    assert max(polls.values()) <= 120


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


def test_a_failed_wait_raises_its_error_with_code_and_attempts(
    app: object, workers: Workers, db: redis.Redis
) -> None:
    import taskpoll.celery

    with CapmonsterEmulator(keys={KEY}) as emulator:
        task_id = emulator.app.add_task(
            script=Script(solve_after=1.0, error="ERROR_CAPTCHA_UNSOLVABLE")
        )
        workers.start("w1")
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

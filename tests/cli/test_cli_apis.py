"""Every entry of the command line's API table, driven through the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seed_loop import NEEDS_THE_TOOLS
from taskpoll._clients.registry import APIS, Api
from taskpoll.cli.demo import DEMOS

TASKPOLL = Path(sys.executable).with_name("taskpoll")
KEY = "cli-apis-key&<9d2f>\"'"
WRONG_KEY = "cli-apis-wrong-key-77aa"
DONE_STATE = {
    "capmonster": "ready",
    "cloudcoin-v1": "completed",
    "cloudcoin": "completed",
    "alphasms": "COMPLETE",
}


def run(*args: str, key: str = KEY) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_CLIENT_KEY", "_API_KEY"))}
    env.update({api.key_env: key for api in APIS.values() if api.key_env})
    proc = subprocess.run(
        [str(TASKPOLL), *args], check=False, capture_output=True, text=True, env=env, timeout=60
    )
    for secret in (KEY, WRONG_KEY):
        assert secret not in proc.stdout and secret not in proc.stderr
    return proc


@pytest.fixture(params=sorted(APIS))
def api(request: pytest.FixtureRequest) -> Api:
    return APIS[request.param]


@pytest.fixture
def started(api: Api) -> Iterator[tuple[Any, list[str]]]:
    with api.emulator(0) as emulator, api.connect(emulator.url, KEY) as client:
        ids = [str(task_id) for task_id in DEMOS[api.name].start(client, emulator)]
        yield emulator, ids


def test_the_table_covers_the_four_endpoints() -> None:
    assert set(APIS) == set(DONE_STATE)
    assert {name: api.default_port for name, api in APIS.items()} == {
        "capmonster": 0,
        "cloudcoin-v1": 8004,
        "cloudcoin": 8006,
        "alphasms": 0,
    }
    assert {api.key_env for api in APIS.values()} == {
        "CAPMONSTER_CLIENT_KEY",
        "ALPHASMS_API_KEY",
        None,
    }


def test_wait_on_demo_tasks(api: Api, started: tuple[Any, list[str]]) -> None:
    emulator, ids = started
    emulator.app.clock.advance(60.0)  # every demo task is over by now: one poll each
    before = emulator.requests
    proc = run("wait", api.name, *ids, "--base-url", emulator.url, "--json", "--timeout", "30")
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sorted(str(r["task_id"]) for r in results) == sorted(ids)
    failed = [r for r in results if not r["ok"]]
    assert proc.returncode == (1 if failed else 0), proc.stderr
    assert len(failed) == (1 if api.name == "capmonster" else 0)  # the demo scripts one
    assert emulator.requests == before + len(ids)
    for result in results:
        assert result["api"] == api.name
        if result["ok"]:
            assert result["state"] == DONE_STATE[api.name]
            assert isinstance(result["result"], dict) and result["result"]


def test_status_polls_once(api: Api, started: tuple[Any, list[str]]) -> None:
    emulator, ids = started
    before = emulator.requests
    proc = run("status", api.name, ids[0], "--base-url", emulator.url, "--json")
    assert proc.returncode == 0, proc.stderr
    [result] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert result["ok"] and result["state"]
    assert emulator.requests == before + 1


def test_emulate_serves_each_api(api: Api) -> None:
    proc = subprocess.Popen(
        [str(TASKPOLL), "emulate", api.name, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        name, url = proc.stdout.readline().split()
        assert name == api.name
        with api.connect(url, KEY) as client:
            ids = list(DEMOS[api.name].start(client, _Remote()))
        status = run("status", api.name, str(ids[0]), "--base-url", url)
        assert status.returncode == 0, status.stderr
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
    assert proc.returncode == 0


class _Remote:
    """Stands in for an in-process emulator when the demo starts tasks on a remote one."""

    class app:  # mirrors ``emulator.app``
        @staticmethod
        def script(*_: Any) -> None:
            return None


def test_alphasms_wrong_key_exits_4() -> None:
    from taskpoll.testing.alphasms import AlphasmsEmulator

    with AlphasmsEmulator(keys={KEY}) as emulator:
        proc = run("status", "alphasms", "8714ea91e9bb454d25ef42ba6f18ea4e",
                   "--base-url", emulator.url, "--verbose", key=WRONG_KEY)  # fmt: skip
    assert proc.returncode == 4
    assert "202" in proc.stderr


def test_cloudcoin_ids_are_checked_before_any_request() -> None:
    proc = run("wait", "cloudcoin", "../wallets", "--base-url", "http://127.0.0.1:9")
    assert proc.returncode == 2
    assert "UUIDv4" in proc.stderr


# -- clients written by others, against `taskpoll emulate` --------------------------


def emulate(name: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [str(TASKPOLL), "emulate", name, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().split()[1]


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.communicate(timeout=10)
    assert proc.returncode == 0


@NEEDS_THE_TOOLS
def test_seed_curl_jq_loop_against_taskpoll_emulate() -> None:
    from seed_loop import SEED_LOOP, TASK_ID

    proc, url = emulate("cloudcoin")
    try:
        kickoff = subprocess.run(
            ["bash", "-c", f"curl -s {url}/api/v1/echo | jq -r '.payload.id'"],
            check=True, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        task_id = kickoff.stdout.strip()
        script = (
            SEED_LOOP.replace("http://localhost:8006", url)
            .replace(TASK_ID, task_id)
            .replace("sleep 2", "sleep 0.05")
        )
        loop = subprocess.run(
            ["bash", "-c", script], check=True, capture_output=True, text=True, timeout=60
        )
        ours = run("wait", "cloudcoin", task_id, "--base-url", url, "--json")
    finally:
        stop(proc)
    assert "Polling... Status: running" in loop.stdout
    final = json.loads(loop.stdout.split("Final Response:", 1)[1])
    [result] = [json.loads(line) for line in ours.stdout.splitlines()]
    assert ours.returncode == 0
    assert final["payload"]["status"] == result["state"] == "completed"
    assert final["payload"] == result["result"]


@pytest.mark.slow
def test_official_capmonster_sdk_against_taskpoll_emulate() -> None:
    from peers import OFFICIAL_CLIENT, peer_python, run_peer

    python = peer_python("capmonstercloudclient", "capmonstercloudclient==4.3.1")
    proc, url = emulate("capmonster")
    try:
        out = json.loads(run_peer(python, OFFICIAL_CLIENT, url, KEY))
    finally:
        stop(proc)
    assert out["image"] == {"text": "answer"}
    assert set(out["turnstile"]) == {"token", "userAgent"}


def test_status_of_a_failed_task_exits_like_wait_would() -> None:
    from taskpoll.testing.alphasms import AlphasmsEmulator
    from taskpoll.testing.cloudcoin import CloudCoinEmulator, Script

    with CloudCoinEmulator() as emulator:
        task_id = emulator.app.add_task("echo", Script(duration=0.0, error=4104))
        proc = run("status", "cloudcoin", task_id, "--base-url", emulator.url, "--json")
    assert proc.returncode == 1
    [result] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert result["ok"] is False and result["state"] == "error"
    assert result["error"]["type"] == "TaskFailed" and result["error"]["code"] == 4104
    assert result["response"]["status"] == "error"
    assert proc.stderr.startswith("taskpoll: error: [4104]")

    with AlphasmsEmulator() as emulator:
        proc = run("status", "alphasms", "0123456789abcdef", "--base-url", emulator.url)
    assert proc.returncode == 1
    assert proc.stdout.startswith("0123456789abcdef  NOTFOUND")
    assert "no such job" in proc.stderr

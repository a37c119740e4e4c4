"""The CloudCoin emulator's wire behaviour, read with a bare HTTP client: the
real server's quirks byte for byte (docs/apis/cloudcoin.md)."""

from __future__ import annotations

import http.client
import json
import re
import socket
import uuid
from typing import Any

import pytest

from taskpoll.testing.cloudcoin import CloudCoinApp, CloudCoinEmulator, Script

TASK_ID = "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71"
STATUS_PATHS = ["/api/v1/task/", "/api/v1/tasks/", "/get-task-status/", "/api/v1/get-task-status/"]


def request(
    emulator: CloudCoinEmulator, method: str, path: str, body: bytes | None = None
) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        conn.request(method, path, body=body)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        conn.close()


def payload(emulator: CloudCoinEmulator, path: str) -> dict[str, Any]:
    status, _, body = request(emulator, "GET", path)
    assert status == 200
    envelope = json.loads(body)
    assert list(envelope) == ["payload", "status"]
    result: dict[str, Any] = envelope["payload"]
    return result


@pytest.mark.parametrize("prefix", STATUS_PATHS)
def test_unknown_and_malformed_ids_are_http_200_error_envelopes(
    cloudcoin_emulator: CloudCoinEmulator, prefix: str
) -> None:
    assert request(cloudcoin_emulator, "GET", prefix + TASK_ID) == (
        200,
        "application/json",
        b'{"payload":{"code":4105,"message":"Task does not exist","details":null},'
        b'"status":"error"}\n',
    )
    for bad in [TASK_ID.upper(), TASK_ID.replace("-", ""), "..%2Fwallets"]:
        assert request(cloudcoin_emulator, "GET", prefix + bad)[2] == (
            b'{"payload":{"code":4121,"message":"Validation error. Id: must be a valid UUID v4.",'
            b'"details":null},"status":"error"}\n'
        )


@pytest.mark.parametrize(
    "path", ["/api/v1/tasks/", "/api/v1/tasks", "/api/v1/wallets", "/", "/api/v1/tasks/a/b"]
)
def test_unknown_urls_and_the_empty_id_are_4154(
    cloudcoin_emulator: CloudCoinEmulator, path: str
) -> None:
    status, _, body = request(cloudcoin_emulator, "GET", path)
    assert (status, json.loads(body)) == (
        200,
        {
            "payload": {"code": 4154, "message": "Service Not Found. Invalid URL", "details": None},
            "status": "error",
        },
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/tasks/" + TASK_ID),
        ("DELETE", "/api/v1/task/" + TASK_ID),
        ("PUT", "/get-task-status/" + TASK_ID),
        ("GET", "/api/v1/detect"),
        ("GET", "/api/v1/backup"),
        ("POST", "/api/v1/echo"),
    ],
)
def test_wrong_method_on_a_known_path_is_405_with_an_empty_body(
    cloudcoin_emulator: CloudCoinEmulator, method: str, path: str
) -> None:
    status, _, body = request(cloudcoin_emulator, method, path, b"{}")
    assert (status, body) == (405, b"")


@pytest.mark.parametrize("body", [b"{", b"[]", b"", b'{"items": "x"}', b'{"name": 7}'])
def test_unparsable_kickoff_bodies_are_4110(
    cloudcoin_emulator: CloudCoinEmulator, body: bytes
) -> None:
    path = "/api/v1/join" if b"name" in body else "/api/v1/detect"
    status, _, reply = request(cloudcoin_emulator, "POST", path, body)
    assert status == 200
    assert json.loads(reply)["payload"] == {
        "code": 4110,
        "message": "Failed to parse Input JSON",
        "details": None,
    }


def test_kickoff_returns_the_fresh_task_as_the_server_prints_it(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    status, _, body = request(cloudcoin_emulator, "GET", "/api/v1/echo")
    assert status == 200
    task = json.loads(body)["payload"]
    assert re.fullmatch(
        rb'\{"payload":\{"id":"[0-9a-f-]{36}","status":"running","progress":0,"started":\d+,'
        rb'"finished":0,"message":"","data":null\},"status":"success"\}\n',
        body,
    )
    assert uuid.UUID(task["id"]).version == 4 and str(uuid.UUID(task["id"])) == task["id"]


def test_task_lifecycle_float_progress_counter_strings_and_completion(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    app = cloudcoin_emulator.app
    app.add_task("echo", Script(duration=3.0, steps=3), task_id=TASK_ID)
    seen = []
    for _ in range(4):
        seen.append(payload(cloudcoin_emulator, "/api/v1/tasks/" + TASK_ID))
        app.clock.advance(1.0)
    assert [t["progress"] for t in seen] == [0, 33.33, 66.67, 100]
    assert [t["status"] for t in seen] == ["running"] * 3 + ["completed"]
    assert [t["data"] for t in seen[:3]] == [None, "1" + "0" * 24, "11" + "0" * 23]
    assert seen[1]["message"] == "Last received response was from Raida 0"
    assert all(t["finished"] == 0 for t in seen[:3])
    done = seen[-1]
    assert list(done) == ["id", "status", "progress", "started", "finished", "message", "data"]
    assert done["message"] == "Command Completed" and done["data"]["online"] == 25
    assert done["finished"] - done["started"] in (2, 3, 4)
    # Tasks are never forgotten (the server's cleanup never fires) and never change again.
    app.clock.advance(10_000_000)
    assert payload(cloudcoin_emulator, "/api/v1/task/" + TASK_ID) == done


def test_counters_go_past_one_per_raida_for_long_tasks(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    app = cloudcoin_emulator.app
    app.add_task("backup", Script(duration=75.0, steps=75), task_id=TASK_ID)
    app.clock.advance(30.0)
    task = payload(cloudcoin_emulator, "/api/v1/tasks/" + TASK_ID)
    assert (task["progress"], task["data"]) == (40, "2" * 5 + "1" * 20)


def test_failed_task(cloudcoin_emulator: CloudCoinEmulator) -> None:
    app = cloudcoin_emulator.app
    app.script(Script(duration=0.0, error=4104, details=["raida 4 down"]))
    task_id = payload(cloudcoin_emulator, "/api/v1/echo")["id"]
    task = payload(cloudcoin_emulator, "/api/v1/tasks/" + task_id)
    assert (task["status"], task["progress"], task["message"]) == ("error", 100, "Error Occured")
    assert task["data"] == {
        "code": 4104,
        "message": "Failed to get enough responses from RAIDA servers",
        "details": ["raida 4 down"],
    }
    assert task["finished"] >= task["started"] > 0


def test_600_seconds_without_a_packet_fail_the_task_with_4106(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    app = cloudcoin_emulator.app
    app.add_task("echo", Script(duration=1000.0, steps=25, stall_after=2), task_id=TASK_ID)
    app.clock.advance(80.0 + 599.0)  # packets at 40 s and 80 s, then silence
    assert payload(cloudcoin_emulator, "/api/v1/tasks/" + TASK_ID)["progress"] == 8
    app.clock.advance(1.0)
    task = payload(cloudcoin_emulator, "/api/v1/tasks/" + TASK_ID)
    assert task["status"] == "error" and task["data"]["code"] == 4106
    assert task["data"]["message"] == "Task timed out"
    assert task["finished"] - task["started"] in (679, 680, 681)


def test_kickoffs_and_their_results(cloudcoin_emulator: CloudCoinEmulator) -> None:
    cloudcoin_emulator.app.default_duration = 0.0
    starts = {
        "detect": ("/api/v1/detect", b'{"items":[{"data":"/a"},{"data":"/b"}],"fix":false}'),
        "backup": ("/api/v1/backup", b'{"name":"Default","folder":"/bk"}'),
        "join": ("/api/v1/join", b'{"name":"Default"}'),
    }
    results = {}
    for kind, (path, body) in starts.items():
        _, _, reply = request(cloudcoin_emulator, "POST", path, body)
        task_id = json.loads(reply)["payload"]["id"]
        results[kind] = payload(cloudcoin_emulator, "/api/v1/tasks/" + task_id)["data"]
    assert results["detect"]["TotalCoins"] == 2 and len(results["detect"]["Coins"]) == 2
    assert results["backup"] == {"TotalCoins": 20, "FileName": "/bk/Default-backup.zip"}
    assert results["join"] == "OK"


def test_blank_fields_are_4121_validation_errors(cloudcoin_emulator: CloudCoinEmulator) -> None:
    _, _, reply = request(cloudcoin_emulator, "POST", "/api/v1/backup", b'{"name":"x"}')
    assert json.loads(reply)["payload"]["message"] == "Validation error. Folder: cannot be blank."


def test_liveness_root(cloudcoin_emulator: CloudCoinEmulator) -> None:
    assert (
        request(cloudcoin_emulator, "GET", "/api/v1/")[2] == b'{"payload":{},"status":"success"}\n'
    )


def test_status_requests_are_counted_and_logged_per_task(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    app = cloudcoin_emulator.app
    task_id = app.add_task()
    for prefix in STATUS_PATHS:
        payload(cloudcoin_emulator, prefix + task_id)
    assert app.polls[task_id] == 4
    assert [entry.path for entry in cloudcoin_emulator.log] == [p + task_id for p in STATUS_PATHS]


def test_two_servers_can_share_one_app_on_chosen_ports() -> None:
    """How a CLI serves both documented ports (8004 and 8006) with one task table."""
    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    app = CloudCoinApp(default_duration=0.0)
    with (
        CloudCoinEmulator(port=ports[0], app=app) as gen_a,
        CloudCoinEmulator(port=ports[1], app=app) as gen_b,
    ):
        assert (gen_a.port, gen_b.port) == tuple(ports)
        task_id = payload(gen_a, "/api/v1/echo")["id"]
        assert payload(gen_b, "/api/v1/tasks/" + task_id)["status"] == "completed"


def test_add_task_rejects_ids_the_server_would_never_mint() -> None:
    with pytest.raises(ValueError):
        CloudCoinApp().add_task(task_id=TASK_ID.upper())
    with pytest.raises(ValueError):
        Script(steps=0)

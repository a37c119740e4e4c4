"""CloudCoin clients against the real loopback emulator: decoding, errors, routes, waiting.

Waits run in virtual time coupled to the emulator's clock: each poller
sleep advances both, so a 600 s task takes milliseconds and every schedule
is deterministic.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from taskpoll import cloudcoin
from taskpoll._waiting.policy import Backoff, Timing, WaitPolicy
from taskpoll._wire.models import UNSET, structure
from taskpoll.errors import (
    ApiError,
    DecodeError,
    HTTPStatusError,
    TaskFailedError,
    TaskNotFoundError,
    TaskpollError,
    WaitCancelledError,
    WaitTimeoutError,
)
from taskpoll.testing.cloudcoin import CloudCoinEmulator, Script
from taskpoll.testing.server import Fault
from virtual_time import VirtualTime

# -- the docs' examples, verbatim (quoted in docs/apis/cloudcoin.md) --

GEN_A_ECHO = """{
"payload": {
"id": "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71",
"status": "completed",
"progress": 100,
"started": 1678436330,
"finished": 1678436332,
"message": "Command Completed",
"data": {
"online": 25,
"pownstring": "ppppppppppppppppppppppppp",
"pownarray": [
1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
],
"latencies": [
1104, 1104, 1417, 1407, 1397, 1416, 1405, 1412, 1397, 1407,
1406, 1397, 1413, 1412, 1405, 1398, 1413, 1398, 1414, 1397,
1410, 1404, 1403, 1415, 1113
]
}
},
"status": "success"
}"""

GEN_A_DETECT = """{
"payload": {
"id": "4e1b284c-04f5-4d3f-8683-98d6fd2427f2",
"status": "completed",
"progress": 100,
"started": 1678436959,
"finished": 1678436960,
"message": "Command Completed",
"data": {
"TotalCoins": 3000000020,
"TotalCheckedCoins": 3000000020,
"TotalAuthentic": 3000000020,
"TotalAlreadyFracked": 0,
"TotalAlreadyLimbo": 0,
"TotalFracked": 0,
"TotalCounterfeit": 0,
"TotalLimbo": 0,
"TotalErrors": 0,
"Details": null,
"Coins": [
{
"sn": 16,
"pownstring": "ppppppppppppppppppppppppp",
"result": "Authentic"
},
{
"sn": 17,
"pownstring": "ppppppppppppppppppppppppp",
"result": "Authentic"
},
{
"sn": 23,
"pownstring": "ppppppppppppppppppppppppp",
"result": "Authentic"
},
{
"sn": 24,
"pownstring": "ppppppppppppppppppppppppp",
"result": "Authentic"
},
{
"sn": 25,
"pownstring": "ppppppppppppppppppppppppp",
"result": "Authentic"
}
]
}
},
"status": "success"
}"""

GEN_B_RUNNING = """{
"status": "success",
"payload": {
"id": "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71",
"status": "running",
"progress": 50,
"message": "Processing...",
"data": null
}
}"""

GEN_B_COMPLETED = """{
"status": "success",
"payload": {
"id": "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71",
"status": "completed",
"progress": 100,
"message": "Command Completed",
"data": {
"online": 25,
"pownstring": "ppppppppppppppppppppppppp",
"pownarray": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],
"latencies": [1104,1417,1407,1397,1416,1405,1412,1397,1407,1406]
}
}
}"""

# commands/join.php, and the server's own envelopes (docs/apis/cloudcoin.md)
GEN_B_JOIN_KICKOFF = (
    '{"status":"success","payload":{"id":"bdc8e99d-dd8a-40e9-8840-f9f8eef16c71",'
    '"status":"running","progress":0,"message":"Command Started","data":null}}'
)
NOT_FOUND = (
    '{"payload":{"code":4105,"message":"Task does not exist","details":null},"status":"error"}'
)
TASK_ERROR = (
    '{"payload":{"id":"bdc8e99d-dd8a-40e9-8840-f9f8eef16c71","status":"error","progress":100,'
    '"started":1678436330,"finished":1678436932,"message":"Error Occured",'
    '"data":{"code":4106,"message":"Task timed out","details":null}},"status":"success"}'
)
DOC_ID = "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71"
PPP = "p" * 25


def decode(text: str) -> cloudcoin.Task:
    return cloudcoin.client.unwrap(structure(json.loads(text), cloudcoin.TaskEnvelope))


def test_gen_a_echo_example_decodes_exactly() -> None:
    task = decode(GEN_A_ECHO)
    assert (task.id, task.status, task.progress) == (DOC_ID, cloudcoin.TaskStatus.COMPLETED, 100.0)
    assert (task.started, task.finished, task.message) == (
        1678436330,
        1678436332,
        "Command Completed",
    )
    echo = structure(task.data, cloudcoin.EchoResult)
    assert echo == cloudcoin.EchoResult(
        online=25,
        pownstring=PPP,
        pownarray=[1] * 25,
        latencies=json.loads(GEN_A_ECHO)["payload"]["data"]["latencies"],
    )
    assert len(echo.latencies) == 25 and echo.latencies[2] == 1417


def test_gen_a_detect_example_is_the_capitalised_health_result() -> None:
    task = decode(GEN_A_DETECT)
    health = structure(task.data, cloudcoin.DetectResult)
    assert health.total_coins == health.total_authentic == 3000000020
    assert (health.total_already_limbo, health.total_errors, health.details) == (0, 0, None)
    assert health.coins == [
        cloudcoin.CoinResult(sn=sn, pownstring=PPP, result="Authentic")
        for sn in (16, 17, 23, 24, 25)
    ]


def test_gen_b_examples_without_started_and_finished() -> None:
    running = decode(GEN_B_RUNNING)
    assert running.status == cloudcoin.TaskStatus.RUNNING
    assert (running.progress, running.message, running.data) == (50.0, "Processing...", None)
    assert running.started is None and running.finished is None
    done = decode(GEN_B_COMPLETED)
    echo = structure(done.data, cloudcoin.EchoResult)
    assert echo.latencies == [1104, 1417, 1407, 1397, 1416, 1405, 1412, 1397, 1407, 1406]
    kickoff = decode(GEN_B_JOIN_KICKOFF)
    assert (kickoff.progress, kickoff.message, kickoff.data) == (0.0, "Command Started", None)


def test_absent_data_is_kept_apart_from_null() -> None:
    task = decode('{"payload":{"id":"x","status":"running","progress":3.5},"status":"success"}')
    assert task.data is UNSET and task.progress == 3.5


def test_error_envelope_decodes_to_task_not_found() -> None:
    with pytest.raises(TaskNotFoundError) as info:
        decode(NOT_FOUND)
    assert (info.value.code, info.value.message) == (4105, "Task does not exist")
    assert isinstance(info.value.response, cloudcoin.TaskEnvelope)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (4121, "Validation error. Id: must be a valid UUID v4."),
        (4154, "Service Not Found. Invalid URL"),
        (4110, "Failed to parse Input JSON"),
        (4999, "a code nobody documented"),
    ],
)
def test_other_error_envelopes_are_api_errors_with_code_and_message(
    code: int, message: str
) -> None:
    body = json.dumps({"payload": {"code": code, "message": message}, "status": "error"})
    with pytest.raises(ApiError) as info:
        decode(body)
    assert type(info.value) is ApiError
    assert (info.value.code, info.value.message) == (code, message)
    assert str(code) in str(info.value)


def test_task_level_error_maps_to_task_failed_with_its_data() -> None:
    failure = cloudcoin.client.task_failure(decode(TASK_ERROR))
    assert isinstance(failure, TaskFailedError)
    assert (failure.code, failure.message) == (cloudcoin.TASK_TIMED_OUT, "Task timed out")
    assert failure.error == cloudcoin.TaskErrorData(
        code=4106, message="Task timed out", details=None
    )
    assert failure.task.message == "Error Occured" and failure.response is failure.task
    assert failure.task_id == DOC_ID


def test_task_error_without_error_data_keeps_the_tasks_message() -> None:
    task = decode(
        TASK_ERROR.replace('{"code":4106,"message":"Task timed out","details":null}', '"x"')
    )
    failure = cloudcoin.client.task_failure(task)
    assert (failure.code, failure.message, failure.error) == (None, "Error Occured", None)


def test_a_task_payload_in_an_error_envelope_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        decode(GEN_B_RUNNING.replace('"status": "success"', '"status": "error"'))


# -- over HTTP -----------------------------------------------------------------


def test_default_base_urls_and_routes() -> None:
    with cloudcoin.LegacyClient() as v1, cloudcoin.Client() as v2:
        assert (v1.base_url, v1.route) == ("http://localhost:8004", cloudcoin.Route.TASK)
        assert (v2.base_url, v2.route) == ("http://localhost:8006", cloudcoin.Route.TASKS)
    alias = cloudcoin.Client(route="/get-task-status/{id}")
    assert alias.route is cloudcoin.Route.ALIAS
    assert repr(alias) == "taskpoll.cloudcoin.Client('http://localhost:8006', route=ALIAS)"
    assert repr(v1) == "taskpoll.cloudcoin.LegacyClient('http://localhost:8004')"


@pytest.mark.parametrize(
    ("client_class", "route", "path"),
    [
        (cloudcoin.LegacyClient, None, "/api/v1/task/"),
        (cloudcoin.Client, None, "/api/v1/tasks/"),
        (cloudcoin.Client, cloudcoin.Route.ALIAS, "/get-task-status/"),
        (cloudcoin.Client, cloudcoin.Route.API_ALIAS, "/api/v1/get-task-status/"),
        (cloudcoin.LegacyClient, cloudcoin.Route.TASKS, "/api/v1/tasks/"),
    ],
)
def test_every_route_reads_the_same_task(
    cloudcoin_emulator: CloudCoinEmulator,
    client_class: type[cloudcoin.LegacyClient],
    route: cloudcoin.Route | None,
    path: str,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("join", Script(duration=0), result="OK")
    with client_class(base_url=cloudcoin_emulator.url, route=route) as client:
        task = client.get_task(task_id)
    assert (task.id, task.status, task.data) == (task_id, cloudcoin.TaskStatus.COMPLETED, "OK")
    assert task == cloudcoin_emulator.app.task(task_id)
    assert [entry.path for entry in cloudcoin_emulator.log] == [path + task_id]


def test_unknown_task_is_task_not_found(cloudcoin_emulator: CloudCoinEmulator) -> None:
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(TaskNotFoundError) as info,
    ):
        client.get_task(DOC_ID)
    assert (info.value.code, info.value.task_id) == (4105, DOC_ID)


def test_malformed_id_sent_anyway_gets_the_servers_4121(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url, validate_ids=False) as client,
        pytest.raises(ApiError) as info,
    ):
        client.get_task(DOC_ID.upper())
    assert info.value.code == cloudcoin.VALIDATION_ERROR
    assert "UUID v4" in info.value.message


def test_wrong_base_url_is_4154(cloudcoin_emulator: CloudCoinEmulator) -> None:
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url + "/wallet") as client,
        pytest.raises(ApiError) as info,
    ):
        client.get_task(DOC_ID)
    assert info.value.code == cloudcoin.UNKNOWN_URL


BAD_IDS = [
    "../wallets",
    "",
    "..",
    DOC_ID.upper(),
    DOC_ID.replace("-", ""),  # the docs' "32-hex GUID"
    "d4e5f6g7-h8i9-4j0k-8l1m-n2o3p4q5r6s7",  # the Gen B docs' made-up ids
    DOC_ID + "\n",
    DOC_ID + "/../../wallets",
    "bdc8e99d-dd8a-10e9-8840-f9f8eef16c71",  # UUIDv1
    12345,
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_are_rejected_before_any_request(
    cloudcoin_emulator: CloudCoinEmulator, bad: Any
) -> None:
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        with pytest.raises(ValueError):
            client.get_task(bad)
        with pytest.raises(ValueError):
            client.wait(bad, max_wait=5.0)
        with pytest.raises(ValueError):
            list(client.wait_many([DOC_ID, bad], max_wait=5.0))
    assert list(cloudcoin_emulator.log) == []


@pytest.mark.parametrize("bad", ["", ".", "..", "a\x00b", "x" * 300])
def test_unvalidated_ids_are_still_checked_for_path_safety(
    cloudcoin_emulator: CloudCoinEmulator, bad: str
) -> None:
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url, validate_ids=False) as client,
        pytest.raises(ValueError),
    ):
        client.get_task(bad)
    assert list(cloudcoin_emulator.log) == []


def test_unvalidated_traversal_stays_one_path_segment(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url, validate_ids=False) as client,
        pytest.raises(ApiError) as info,
    ):
        client.get_task("../wallets")
    assert info.value.code == cloudcoin.VALIDATION_ERROR
    assert [entry.path for entry in cloudcoin_emulator.log] == ["/api/v1/tasks/..%2Fwallets"]


def test_kickoffs_return_the_fresh_task(cloudcoin_emulator: CloudCoinEmulator) -> None:
    with cloudcoin.LegacyClient(base_url=cloudcoin_emulator.url) as client:
        started = [
            client.echo(),
            client.detect(["/coins/1.stack", "/coins/2.stack"], fix=True),
            client.backup("Default", "/backups", tag="nightly"),
            client.join("Default"),
        ]
    for task in started:
        assert cloudcoin.Client.waiter.task_id.check(task.id)
        assert task.status == cloudcoin.TaskStatus.RUNNING
        assert (task.progress, task.finished, task.message, task.data) == (0.0, 0, "", None)
    assert len({task.id for task in started}) == 4
    assert [(e.method, e.path) for e in cloudcoin_emulator.log] == [
        ("GET", "/api/v1/echo"),
        ("POST", "/api/v1/detect"),
        ("POST", "/api/v1/backup"),
        ("POST", "/api/v1/join"),
    ]
    assert json.loads(cloudcoin_emulator.log[1].summary) == {
        "items": [{"data": "/coins/1.stack"}, {"data": "/coins/2.stack"}],
        "fix": True,
    }


def test_kickoff_validation_errors_are_api_errors(cloudcoin_emulator: CloudCoinEmulator) -> None:
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        with pytest.raises(ApiError) as blank:
            client.backup("", "/backups")
        with pytest.raises(ApiError) as no_items:
            client.detect([])
    assert blank.value.code == no_items.value.code == cloudcoin.VALIDATION_ERROR
    assert "Name: cannot be blank" in blank.value.message


# -- waiting -------------------------------------------------------------------

#: The wait under injected faults, in virtual time coupled to the emulator's clock.
UNDER_FAULTS = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.5, min=0.5, max=2.0, factor=1.3))


def coupled(emulator: CloudCoinEmulator, vt: VirtualTime) -> Timing:
    """Virtual time for the poller that also moves the emulator's task clock."""

    def sleep(seconds: float) -> None:
        vt.sleep(seconds)
        emulator.app.clock.advance(seconds)

    return Timing(clock=vt.clock, sleep=sleep, random=vt.timing().random)


@pytest.mark.parametrize(
    ("start", "result_type", "check"),
    [
        (lambda c: c.echo(), cloudcoin.EchoResult, lambda d: d.online == 25),
        (lambda c: c.detect(["/a", "/b"]), cloudcoin.HealthResult, lambda d: d.total_coins == 2),
        (
            lambda c: c.backup("Default", "/bk"),
            cloudcoin.BackupResult,
            lambda d: d.file_name == "/bk/Default-backup.zip",
        ),
        (lambda c: c.join("Default"), str, lambda d: d == "OK"),
    ],
)
def test_wait_structures_each_result_type(
    cloudcoin_emulator: CloudCoinEmulator, start: Any, result_type: type, check: Any
) -> None:
    cloudcoin_emulator.app.script(Script(duration=7.0, steps=25))
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        task = start(client)
        done = client.wait(
            task.id, result_type=result_type, timing=coupled(cloudcoin_emulator, VirtualTime())
        )
    assert isinstance(done.data, result_type) and check(done.data)
    assert (done.id, done.progress, done.message) == (task.id, 100.0, "Command Completed")
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as fresh:  # nothing remembered
        again = fresh.wait(task, timing=coupled(cloudcoin_emulator, VirtualTime()))
    assert isinstance(again.data, result_type) and check(again.data)  # the started task says
    assert done.finished is not None and done.started is not None
    assert done.finished >= done.started


def test_wait_without_result_type_returns_raw_json(cloudcoin_emulator: CloudCoinEmulator) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", Script(duration=2.0))
    with cloudcoin.LegacyClient(base_url=cloudcoin_emulator.url) as client:
        done = client.wait(task_id, timing=coupled(cloudcoin_emulator, VirtualTime()))
    assert isinstance(done.data, dict) and done.data["online"] == 25
    assert done.task.data == done.data


def test_progress_callback_sees_each_poll_and_counter_strings_are_not_results(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("backup", Script(duration=30.0, steps=75))
    seen: list[cloudcoin.Task] = []
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        done = client.wait(
            task_id,
            result_type=cloudcoin.BackupResult,
            on_progress=lambda event: seen.append(event.outcome),
            timing=coupled(cloudcoin_emulator, VirtualTime()),
        )
    assert len(seen) == cloudcoin_emulator.app.polls[task_id] >= 5
    running = [t for t in seen if t.status == cloudcoin.TaskStatus.RUNNING]
    assert running and all(isinstance(t.data, str) and len(t.data) == 25 for t in running)
    assert any(not float(t.progress).is_integer() for t in running)  # 100/75 steps: floats
    progress = [t.progress for t in seen]
    assert progress == sorted(progress) and progress[-1] == 100.0
    assert seen[-1] is done.task


def test_failed_task_raises_task_failed_with_task_and_error_data(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    cloudcoin_emulator.app.script(
        Script(duration=3.0, error=cloudcoin.RAIDA_QUORUM, details=["raida 3: timeout"])
    )
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        task = client.echo()
        with pytest.raises(cloudcoin.TaskFailed) as info:
            client.wait(task.id, timing=coupled(cloudcoin_emulator, VirtualTime()))
    failure = info.value
    assert failure.code == cloudcoin.RAIDA_QUORUM and failure.task_id == task.id
    assert failure.error is not None and failure.error.details == ["raida 3: timeout"]
    assert failure.task.message == "Error Occured" and failure.task.progress == 100.0
    assert failure.attempts == cloudcoin_emulator.app.polls[task.id]
    assert failure.elapsed is not None and failure.elapsed >= 3.0


def test_unknown_task_ends_the_wait_at_once(cloudcoin_emulator: CloudCoinEmulator) -> None:
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(TaskNotFoundError) as info,
    ):
        client.wait(DOC_ID, timing=coupled(cloudcoin_emulator, VirtualTime()))
    assert (info.value.attempts, info.value.task_id) == (1, DOC_ID)


def test_result_of_the_wrong_shape_is_a_decode_error_without_more_polls(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("join", Script(duration=1.0), result="OK")
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(DecodeError) as info,
    ):
        client.wait(
            task_id,
            result_type=cloudcoin.EchoResult,
            timing=coupled(cloudcoin_emulator, VirtualTime()),
        )
    assert info.value.task_id == task_id and info.value.attempts == 1
    assert isinstance(info.value.response, cloudcoin.Task)
    assert cloudcoin_emulator.app.polls[task_id] == 1


def test_default_policy_follows_the_docs_and_backs_off(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("backup", Script(duration=120.0, steps=75))
    vt = VirtualTime()
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        client.wait(
            task_id, result_type=cloudcoin.BackupResult, timing=coupled(cloudcoin_emulator, vt)
        )
    assert vt.sleeps[0] == 2.0  # the first poll, when an echo is about done
    assert all(1.5 <= s <= 4.0 for s in vt.sleeps)
    # starts near the docs' 1-2 s, backs off toward 4 s for a long backup
    assert max(vt.sleeps[1:4]) <= 2.6 and vt.sleeps[-2] >= 3.2
    assert 120.0 <= vt.now <= 124.0


def test_a_task_stuck_from_the_start_ends_as_the_servers_4106_not_our_timeout(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", Script(duration=5000.0, stall_after=0))
    vt = VirtualTime()
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(cloudcoin.TaskFailed) as info,
    ):
        client.wait(task_id, timing=coupled(cloudcoin_emulator, vt))
    assert info.value.code == cloudcoin.TASK_TIMED_OUT and info.value.message == "Task timed out"
    assert 600.0 <= vt.now <= 606.0


def test_a_task_that_keeps_progressing_hits_the_finite_default_timeout(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("backup", Script(duration=5000.0, steps=500))
    vt = VirtualTime()
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(WaitTimeoutError) as info,
    ):
        client.wait(task_id, timing=coupled(cloudcoin_emulator, vt))
    assert 655.0 <= vt.now <= 665.0
    assert isinstance(info.value.response, cloudcoin.Task)
    assert info.value.response.status == cloudcoin.TaskStatus.RUNNING
    assert "running" in str(info.value)


def test_wait_can_be_cancelled(cloudcoin_emulator: CloudCoinEmulator) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", Script(duration=100.0))
    cancel = threading.Event()
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(WaitCancelledError),
    ):
        client.wait(
            task_id,
            cancel=cancel,
            on_progress=lambda _: cancel.set(),
            timing=coupled(cloudcoin_emulator, VirtualTime()),
        )
    assert cloudcoin_emulator.app.polls[task_id] == 1


def test_wait_rides_out_faults(cloudcoin_emulator: CloudCoinEmulator) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", Script(duration=4.0))
    cloudcoin_emulator.faults.next(
        Fault("status", status=503),
        Fault("drop"),
        Fault("malformed"),
        Fault("rate_limit", retry_after=10.0),
        Fault("truncated"),
        Fault("status", status=502),
        Fault("malformed", body=b"<html>Bad Gateway</html>"),
    )
    vt = VirtualTime()
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        done = client.wait(
            task_id, result_type=cloudcoin.EchoResult, timing=coupled(cloudcoin_emulator, vt)
        )
    assert done.data.online == 25
    assert sum(cloudcoin_emulator.faults.injected.values()) == 7
    # The default spacing is at most 4 s: one pause of 10 s is the 429's
    # hint, and no fault without a hint was waited out longer than spacing.
    assert cloudcoin.Client.default_policy.backoff.max <= 4.0
    assert [s for s in vt.sleeps if s > 4.0] == [10.0]


@pytest.mark.parametrize("http_date", [False, True], ids=["seconds", "http-date"])
def test_retry_after_delays_the_next_poll(
    cloudcoin_emulator: CloudCoinEmulator, http_date: bool
) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", Script(duration=0.0))
    cloudcoin_emulator.faults.next(Fault("rate_limit", retry_after=10, http_date=http_date))
    vt = VirtualTime()
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        done = client.wait(
            task_id, result_type=cloudcoin.EchoResult, timing=coupled(cloudcoin_emulator, vt)
        )
    assert done.data.online == 25
    assert cloudcoin_emulator.app.polls[task_id] == 1  # the 429 never reached the app
    first, after_429 = vt.sleeps
    assert first == 2.0
    # spacing is at most 4 s; an HTTP date has whole seconds, so it means 9-10 s
    assert (8.5 if http_date else 10.0) <= after_429 <= 10.0


def test_wait_under_random_faults(cloudcoin_emulator: CloudCoinEmulator) -> None:
    ids = [cloudcoin_emulator.app.add_task("echo", Script(duration=d)) for d in (2.0, 9.0, 20.0)]
    cloudcoin_emulator.faults.at_rates(
        [
            (0.15, Fault("status", status=503)),
            (0.1, Fault("drop")),
            (0.05, Fault("malformed")),
            (0.05, Fault("rate_limit", retry_after=1.0)),
        ]
    )
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        outcomes = dict(
            client.wait_many(
                ids,
                result_type=cloudcoin.EchoResult,
                policy=UNDER_FAULTS,
                timing=coupled(cloudcoin_emulator, VirtualTime(seed=3)),
            )
        )
    assert sum(cloudcoin_emulator.faults.injected.values()) >= 3
    assert sorted(outcomes) == sorted(ids)  # all three came back…
    assert all(isinstance(o, cloudcoin.CompletedTask) for o in outcomes.values()), outcomes


def test_a_status_nobody_retries_ends_the_wait(cloudcoin_emulator: CloudCoinEmulator) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", Script(duration=4.0))
    cloudcoin_emulator.faults.next(Fault("status", status=404))
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(HTTPStatusError) as info,
    ):
        client.wait(task_id, timing=coupled(cloudcoin_emulator, VirtualTime()))
    assert (info.value.status, info.value.task_id, info.value.attempts) == (404, task_id, 1)


def test_garbled_responses_in_a_row_give_up_with_decode_error(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", Script(duration=40.0))
    cloudcoin_emulator.faults.next(*[Fault("malformed")] * 3)
    with (
        cloudcoin.Client(base_url=cloudcoin_emulator.url) as client,
        pytest.raises(DecodeError) as info,
    ):
        client.wait(task_id, timing=coupled(cloudcoin_emulator, VirtualTime()))
    assert info.value.attempts == 3 and info.value.task_id == task_id


def test_wait_many_reports_each_task_its_own_way(cloudcoin_emulator: CloudCoinEmulator) -> None:
    app = cloudcoin_emulator.app
    ok = app.add_task("echo", Script(duration=3.0))
    bad = app.add_task("echo", Script(duration=6.0, error=4104))
    slow = app.add_task("echo", Script(duration=30.0))
    with cloudcoin.LegacyClient(base_url=cloudcoin_emulator.url) as client:
        order: list[str] = []
        outcomes: dict[str, cloudcoin.CompletedTask[cloudcoin.EchoResult] | TaskpollError] = {}
        for task_id, outcome in client.wait_many(
            [slow, DOC_ID, bad, ok, ok],
            result_type=cloudcoin.EchoResult,
            timing=coupled(cloudcoin_emulator, VirtualTime()),
        ):
            order.append(task_id)
            outcomes[task_id] = outcome
    assert order == [DOC_ID, ok, bad, slow]
    assert isinstance(outcomes[DOC_ID], TaskNotFoundError)
    assert isinstance(outcomes[bad], cloudcoin.TaskFailed)
    done = outcomes[slow]
    assert isinstance(done, cloudcoin.CompletedTask) and done.data.online == 25


def test_real_time_wait_on_the_fixture(cloudcoin_emulator: CloudCoinEmulator) -> None:
    """One short wait on real clocks, as a user would run it."""
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        done = client.wait(
            client.echo().id,
            max_wait=10.0,
            result_type=cloudcoin.EchoResult,
            policy=WaitPolicy(max_wait=10.0, backoff=Backoff(first=0.1, min=0.1, max=0.2)),
        )
    assert done.data.pownstring == PPP


@pytest.mark.parametrize("fault", [Fault("malformed"), Fault("drop")], ids=str)
def test_direct_poll_errors_carry_the_task_id(
    cloudcoin_emulator: CloudCoinEmulator, fault: Fault
) -> None:
    client = cloudcoin.Client(base_url=cloudcoin_emulator.url)
    task_id = client.echo().id
    cloudcoin_emulator.faults.next(fault)
    with pytest.raises(TaskpollError) as info:
        client.get_task(task_id)
    assert info.value.task_id == task_id

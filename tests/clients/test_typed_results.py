"""A typed request gives a typed result at run time too: the started task
carries its result type, whatever client waits on it; the renamed
constructors still work and warn (tests/typing/ checks the static side)."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from keys import ALPHASMS_KEY, KEY
from policies import POLL_EVERY_50MS
from taskpoll import alphasms, capmonster, cloudcoin, wait_many
from taskpoll.errors import DecodeError, TaskpollError
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator
from taskpoll.testing.cloudcoin import CloudCoinEmulator
from taskpoll.testing.server import Fault

TURNSTILE = capmonster.TurnstileTask(website_url="https://example.com", website_key="0x4AAA")


def test_a_created_task_carries_its_solution_type_to_any_client(
    capmonster_emulator: CapmonsterEmulator,
) -> None:
    with capmonster.Client(KEY, base_url=capmonster_emulator.url) as creator:
        created = creator.create_task(TURNSTILE)
        raw = creator.create_task({"type": "TurnstileTask", "websiteURL": "https://a.b",
                                   "websiteKey": "k"})  # fmt: skip
    assert type(created.task_id) is int and created.result_type is capmonster.TurnstileSolution
    assert created.response.task_id == created.task_id
    assert raw.result_type is None
    # a client that did not create the task: only the created task knows its type
    with capmonster.Client(KEY, base_url=capmonster_emulator.url) as waiter:
        done = waiter.wait(created, policy=POLL_EVERY_50MS)
        assert isinstance(done, capmonster.SolvedTask)
        assert isinstance(done.solution, capmonster.TurnstileSolution) and done.solution.token
        assert done.status is capmonster.TaskStatus.READY
        assert done.response.solution == {"token": done.solution.token,
                                          "userAgent": done.solution.user_agent}  # fmt: skip
        by_id = waiter.wait(
            created.task_id, policy=POLL_EVERY_50MS
        )  # a plain id: this client knows nothing
        assert isinstance(by_id.solution, dict)
        assert isinstance(waiter.wait(raw, policy=POLL_EVERY_50MS).solution, dict)
        outcomes = dict(waiter.wait_many([created, raw], policy=POLL_EVERY_50MS))
        assert outcomes.keys() == {created.task_id, raw.task_id}
        assert isinstance(outcomes[created.task_id].solution, capmonster.TurnstileSolution)
        assert isinstance(outcomes[raw.task_id].solution, dict)
        handle = waiter.task(created)
        [(_, result)] = list(wait_many([handle]))
        assert not isinstance(result, TaskpollError)
        assert isinstance(result.solution, capmonster.TurnstileSolution)


def test_an_explicit_result_type_wins_over_the_carried_one(
    capmonster_emulator: CapmonsterEmulator,
) -> None:
    with capmonster.Client(KEY, base_url=capmonster_emulator.url) as client:
        created = client.create_task(TURNSTILE)
        with pytest.raises(DecodeError, match=str(created.task_id)):
            client.wait(created, policy=POLL_EVERY_50MS, result_type=capmonster.ImageToTextSolution)  # type: ignore[call-overload]


def test_a_create_task_answer_without_an_id_is_a_decode_error(
    capmonster_emulator: CapmonsterEmulator,
) -> None:
    capmonster_emulator.faults.next(Fault("malformed", body=b'{"errorId": 0}'))
    client = capmonster.Client(KEY, base_url=capmonster_emulator.url)
    with pytest.raises(DecodeError, match="without a taskId") as info:
        client.create_task(TURNSTILE)
    assert info.value.response is not None and KEY not in str(info.value)


def test_cloudcoin_started_tasks_of_several_types_in_one_wait(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        echo, join = client.echo(), client.join("Default")
        assert (echo.result_type, join.result_type) == (cloudcoin.EchoResult, str)
        assert echo.task_id == echo.id == echo.task.id and echo.data is None
        results: dict[str, Any] = dict(client.wait_many([echo, join], policy=POLL_EVERY_50MS))
    assert results.keys() == {echo.task_id, join.task_id}
    assert isinstance(results[echo.task_id].data, cloudcoin.EchoResult)
    assert results[join.task_id].data == "OK"


def test_alphasms_job_ids_wait_to_job_states(alphasms_emulator: AlphasmsEmulator) -> None:
    with alphasms.Client(ALPHASMS_KEY, base_url=alphasms_emulator.url) as sms:
        job = sms.send_async([alphasms.Message(recipient="380971234567", sender="Shop", text="Hi")])
        done = sms.wait(job, policy=POLL_EVERY_50MS)
    assert isinstance(done, alphasms.JobState) and done.status is alphasms.JobStatus.COMPLETE


def test_the_old_constructors_still_work_and_warn(
    capmonster_emulator: CapmonsterEmulator, cloudcoin_emulator: CloudCoinEmulator
) -> None:
    with pytest.warns(DeprecationWarning, match="client_key= is deprecated; use key=") as seen:
        old = capmonster.Client(client_key=KEY, base_url=capmonster_emulator.url)
    assert seen[0].filename == __file__
    assert old.get_balance().balance is not None  # the key reached the wire
    with pytest.raises(TypeError, match="both given"):
        capmonster.Client(KEY, client_key=KEY)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="needs the account's key"):
        capmonster.Client()  # type: ignore[call-overload]
    for name, new, route in [
        ("TasksClient", cloudcoin.Client, "/api/v1/tasks/"),
        ("TaskClient", cloudcoin.LegacyClient, "/api/v1/task/"),
    ]:
        with pytest.warns(DeprecationWarning, match=f"cloudcoin.{name} is deprecated") as seen:
            client = getattr(cloudcoin, name)(cloudcoin_emulator.url)  # positional, as it was
        assert seen[0].filename == __file__
        assert isinstance(client, new) and client.base_url == cloudcoin_emulator.url
        assert client.api_name == new.api_name and client.DEFAULT_ROUTE.value.startswith(route)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cloudcoin.Client(base_url=cloudcoin_emulator.url)
        cloudcoin.LegacyClient(base_url=cloudcoin_emulator.url)
        capmonster.Client(KEY, base_url=capmonster_emulator.url)
    with pytest.raises(TypeError):
        cloudcoin.Client(cloudcoin_emulator.url)  # type: ignore[misc]  # base_url is a keyword

"""CapMonster Cloud: the generated client, the rules and wait() against the emulator."""

from __future__ import annotations

import logging
import threading

import pytest

from conftest import KEY
from taskpoll import Backoff, WaitPolicy, capmonster
from taskpoll.errors import (
    AccountError,
    ApiError,
    HTTPStatusError,
    RateLimitedError,
    RequestBudgetExceededError,
    TaskFailedError,
    TaskNotFoundError,
    TaskpollError,
    WaitCancelledError,
    WaitTimeoutError,
)
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from taskpoll.testing.server import Fault

#: Fast polling for tests; the defaults (first 1 s, then >= 2 s) are checked separately.
FAST = WaitPolicy(timeout=20.0, backoff=Backoff(first=0.05, min=0.05, max=0.2), max_requests=120)
IMAGE = {"type": "ImageToTextTask", "body": "iVBORw0KGgo="}


@pytest.fixture
def client(capmonster_emulator: CapmonsterEmulator) -> capmonster.Client:
    return capmonster.Client(KEY, base_url=capmonster_emulator.url)


def test_create_poll_and_wait(client: capmonster.Client) -> None:
    task_id = client.create_task(IMAGE).task_id
    assert isinstance(task_id, int)
    first = client.get_task_result(task_id)
    assert first.status is capmonster.TaskStatus.PROCESSING
    seen: list[capmonster.GetTaskResultResponse] = []
    done = client.wait(task_id, policy=FAST, on_progress=seen.append)
    assert done.status is capmonster.TaskStatus.READY
    assert done.solution == {"text": "answer"}
    assert seen[-1] is done and len(seen) >= 1


@pytest.mark.parametrize(
    ("task_type", "keys"),
    [
        ("RecaptchaV2Task", {"gRecaptchaResponse"}),
        ("HCaptchaTask", {"gRecaptchaResponse", "respKey", "userAgent"}),
        ("TurnstileTask", {"token", "userAgent"}),
        ("GeeTestTask", {"challenge", "validate", "seccode"}),
    ],
)
def test_solutions_have_their_types_shape(
    client: capmonster.Client, task_type: str, keys: set[str]
) -> None:
    task_id = client.create_task({"type": task_type, "websiteURL": "https://example.com"}).task_id
    assert task_id is not None
    solution = client.wait(task_id, policy=FAST).solution
    assert solution is not None and set(solution) == keys


def test_balance(client: capmonster.Client) -> None:
    assert client.get_balance().balance == pytest.approx(345.678)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("ERROR_CAPTCHA_UNSOLVABLE", TaskFailedError),
        ("ERROR_PROXY_CONNECT_REFUSED", TaskFailedError),
        ("ERROR_RECAPTCHA_TIMEOUT", TaskFailedError),
        ("ERROR_NO_SUCH_CAPCHA_ID", TaskNotFoundError),
        ("WRONG_CAPTCHA_ID", TaskNotFoundError),
        ("ERROR_ZERO_BALANCE", AccountError),
        ("ERROR_IP_NOT_ALLOWED", AccountError),
        ("ERROR_SOMETHING_NEW", TaskFailedError),
    ],
)
def test_task_errors_map_to_classes(
    client: capmonster.Client,
    capmonster_emulator: CapmonsterEmulator,
    code: str,
    error: type[ApiError],
) -> None:
    capmonster_emulator.app.script(Script(solve_after=0.1, error=code, description="why"))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    with pytest.raises(error) as info:
        client.wait(task_id, policy=FAST)
    assert info.value.code == code
    assert str(info.value).startswith(f"[{code}] why")
    assert info.value.task_id == str(task_id)
    assert info.value.attempts is not None and info.value.attempts >= 1
    assert info.value.response is not None


def test_unknown_task_is_not_found(client: capmonster.Client) -> None:
    with pytest.raises(TaskNotFoundError):
        client.get_task_result(1)


def test_wrong_key_is_an_account_error_and_never_shown(
    capmonster_emulator: CapmonsterEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "wrong-key-0123456789abcdef"
    caplog.set_level(logging.DEBUG, logger="taskpoll")
    bad = capmonster.Client(secret, base_url=capmonster_emulator.url)
    with pytest.raises(AccountError) as info:
        bad.get_balance()
    assert info.value.code == "ERROR_KEY_DOES_NOT_EXIST"
    with pytest.raises(AccountError):
        bad.create_task(IMAGE)
    texts = [
        repr(bad),
        str(bad),
        str(info.value),
        repr(info.value),
        repr(info.value.response),
        caplog.text,
        repr(bad.api),
        *(repr(entry) for entry in capmonster_emulator.log),
    ]
    assert all(secret not in text for text in texts)


def test_unsupported_task_type_raises_api_error(client: capmonster.Client) -> None:
    with pytest.raises(ApiError) as info:
        client.create_task({"type": "NoSuchTask"})
    assert info.value.code == "ERROR_TASK_NOT_SUPPORTED"
    assert not isinstance(info.value, TaskFailedError | AccountError)


def test_503_and_500_count_as_processing_and_429_backs_off(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    capmonster_emulator.faults.next(
        Fault("status", status=503),
        Fault("status", status=500),
        Fault("rate_limit", retry_after=1),
        Fault("drop"),
        Fault("malformed"),
        Fault("truncated"),
    )
    done = client.wait(task_id, policy=FAST)
    assert done.status is capmonster.TaskStatus.READY
    assert capmonster_emulator.faults.injected["rate_limit"] == 1


def test_direct_calls_raise_for_http_errors(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.faults.next(Fault("status", status=402))
    with pytest.raises(HTTPStatusError) as info:
        client.get_balance()
    assert info.value.status == 402


def test_too_many_requests_code_backs_off(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=0.05))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    # a throttled direct call raises; a wait would back off and carry on
    capmonster_emulator.app.polls[task_id] = 200
    with pytest.raises(RateLimitedError):
        client.get_task_result(task_id)


def test_never_more_than_120_result_requests_per_task(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=3600))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    for _ in range(20):  # direct calls count toward the same budget
        client.get_task_result(task_id)
    quick = WaitPolicy(timeout=60.0, backoff=Backoff(first=0.0, min=0.001, max=0.002))
    with pytest.raises(RequestBudgetExceededError) as info:
        client.wait(task_id, policy=quick)
    assert capmonster_emulator.app.polls[task_id] == 120
    assert not capmonster_emulator.app.over_limit
    with pytest.raises(RequestBudgetExceededError):
        client.get_task_result(task_id)  # request 121 never leaves
    assert capmonster_emulator.app.polls[task_id] == 120
    assert info.value.task_id == str(task_id)


def test_wait_times_out_with_context(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=3600))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    with pytest.raises(WaitTimeoutError) as info:
        client.wait(task_id, policy=FAST, timeout=0.5)
    assert isinstance(info.value, TimeoutError)
    assert info.value.elapsed is not None and info.value.elapsed <= 0.5 + 2.0
    assert info.value.response is not None


def test_wait_can_be_cancelled(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=3600))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    with pytest.raises(WaitCancelledError):
        client.wait(task_id, cancel=cancel)  # default policy: first poll at 1 s


def test_default_policy_is_polite() -> None:
    policy = capmonster.Client.default_policy
    assert policy.backoff.first >= 1.0 and policy.backoff.min >= 2.0
    # the 120-per-task limit is the client's budget, the one place it is kept
    assert policy.max_requests is None
    assert capmonster.Client("k" * 32).budget.limit == capmonster.MAX_RESULT_REQUESTS == 120
    assert policy.timeout < float("inf")


def test_wait_many_yields_in_completion_order(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(
        Script(solve_after=1.0),
        Script(solve_after=0.1, error="ERROR_CAPTCHA_UNSOLVABLE"),
        Script(solve_after=0.2),
    )
    ids = [client.create_task(IMAGE).task_id for _ in range(3)]
    results = list(client.wait_many([i for i in ids if i is not None], policy=FAST))
    assert [task_id for task_id, _ in results] == [ids[1], ids[2], ids[0]]
    assert isinstance(results[0][1], TaskFailedError)
    assert all(not isinstance(o, TaskpollError) for _, o in results[1:])


@pytest.mark.parametrize("bad", [0, -1, True, "7654321"])
def test_bad_task_ids_are_rejected_before_any_request(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator, bad: object
) -> None:
    with pytest.raises(ValueError):
        client.get_task_result(bad)  # type: ignore[arg-type]
    assert capmonster_emulator.requests == 0


@pytest.mark.parametrize(
    "fault", [Fault("malformed"), Fault("drop"), Fault("status", status=502)], ids=str
)
def test_direct_poll_errors_carry_the_task_id(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator, fault: Fault
) -> None:
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    capmonster_emulator.faults.next(fault)
    with pytest.raises(TaskpollError) as info:
        client.get_task_result(task_id)
    assert info.value.task_id == str(task_id)

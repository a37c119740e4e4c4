"""CapMonster Cloud: the generated client, the rules and wait() against the emulator.

Schedules (the default policy, Retry-After, throttling) are checked in
virtual time over real HTTP: the emulator's clock is the poller's virtual
clock, so a 180 s wait takes milliseconds and every pause is recorded.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Iterator

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
from virtual_time import VirtualClock, VirtualTime

#: Fast polling, within CapMonster's 120 requests; the defaults (first 1 s, then 2-3 s) are
#: checked in virtual time.
QUICK_UNDER_LIMIT = WaitPolicy(
    max_wait=20.0, backoff=Backoff(first=0.05, min=0.05, max=0.2), max_requests=120
)
IMAGE = {"type": "ImageToTextTask", "body": "iVBORw0KGgo="}


@pytest.fixture
def client(capmonster_emulator: CapmonsterEmulator) -> capmonster.Client:
    return capmonster.Client(KEY, base_url=capmonster_emulator.url)


@pytest.fixture
def virtual() -> Iterator[tuple[CapmonsterEmulator, VirtualTime, capmonster.Client]]:
    """An emulator whose clock is the poller's virtual time, and a client of it."""
    vt = VirtualTime()
    with (
        CapmonsterEmulator(keys={KEY}, clock=VirtualClock(vt)) as emulator,
        capmonster.Client(KEY, base_url=emulator.url) as client,
    ):
        yield emulator, vt, client


def test_create_poll_and_wait(client: capmonster.Client) -> None:
    task_id = client.create_task(IMAGE).task_id
    assert isinstance(task_id, int)
    first = client.get_task_result(task_id)
    assert first.status is capmonster.TaskStatus.PROCESSING
    seen: list[capmonster.GetTaskResultResponse] = []
    done = client.wait(
        task_id, policy=QUICK_UNDER_LIMIT, on_progress=lambda event: seen.append(event.outcome)
    )
    assert done.status is capmonster.TaskStatus.READY
    assert done.solution == {"text": "answer"}
    assert seen[-1] is done.response and len(seen) >= 1


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
    # every parameter these types require (the emulator checks them, as the service does)
    needed = {"websiteURL": "https://example.com", "websiteKey": "k", "gt": "g"}
    task_id = client.create_task({"type": task_type, **needed}).task_id
    assert task_id is not None
    solution = client.wait(task_id, policy=QUICK_UNDER_LIMIT).solution
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
        client.wait(task_id, policy=QUICK_UNDER_LIMIT)
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
        repr(bad.operations),
        *(repr(entry) for entry in capmonster_emulator.log),
    ]
    assert all(secret not in text for text in texts)


def test_unsupported_task_type_raises_api_error(client: capmonster.Client) -> None:
    with pytest.raises(ApiError) as info:
        client.create_task({"type": "NoSuchTask"})
    assert info.value.code == "ERROR_TASK_NOT_SUPPORTED"
    assert not isinstance(info.value, TaskFailedError | AccountError)


def test_503_and_500_count_as_processing_and_429_waits_for_its_retry_after(
    virtual: tuple[CapmonsterEmulator, VirtualTime, capmonster.Client],
) -> None:
    emulator, vt, client = virtual
    task_id = emulator.app.add_task(script=Script(solve_after=0.0))
    emulator.faults.next(
        Fault("status", status=503),
        Fault("status", status=500),
        Fault("rate_limit", retry_after=10),
        Fault("drop"),
        Fault("malformed"),
        Fault("truncated"),
    )
    done = client.wait(task_id, timing=vt.timing())
    assert done.status is capmonster.TaskStatus.READY
    assert emulator.faults.injected["rate_limit"] == 1
    # The default spacing is 2-3 s: one pause of 10 s is the 429's hint, and
    # the 503 and 500 (no hint) were not waited out longer than spacing.
    assert [s for s in vt.sleeps if s > 3.0] == [10.0]


@pytest.mark.parametrize("http_date", [False, True], ids=["seconds", "http-date"])
def test_retry_after_delays_the_next_poll(
    virtual: tuple[CapmonsterEmulator, VirtualTime, capmonster.Client], http_date: bool
) -> None:
    emulator, vt, client = virtual
    task_id = emulator.app.add_task(script=Script(solve_after=0.0))
    emulator.faults.next(Fault("rate_limit", retry_after=10, http_date=http_date))
    done = client.wait(task_id, timing=vt.timing())
    assert done.status is capmonster.TaskStatus.READY
    assert emulator.app.polls[task_id] == 1  # the 429 never reached the app
    assert capmonster.Client.default_policy.backoff.max <= 3.0  # so only the hint explains…
    first, after_429 = vt.sleeps
    assert first == 1.0
    # …a pause of 10 s; an HTTP date has whole seconds, so it means 9-10 s
    assert (8.5 if http_date else 10.0) <= after_429 <= 10.0


def test_captcha_not_ready_is_still_processing(
    virtual: tuple[CapmonsterEmulator, VirtualTime, capmonster.Client],
) -> None:
    emulator, vt, client = virtual
    task_id = emulator.app.add_task(
        script=Script(solve_after=0.0, interim_codes=("CAPTCHA_NOT_READY",) * 3)
    )
    direct = client.get_task_result(task_id)  # returned, not raised
    assert (direct.error_id, direct.error_code) == (1, "CAPTCHA_NOT_READY")
    seen: list[capmonster.GetTaskResultResponse] = []
    done = client.wait(
        task_id, on_progress=lambda event: seen.append(event.outcome), timing=vt.timing()
    )
    assert done.status is capmonster.TaskStatus.READY
    assert [r.error_code for r in seen[:2]] == ["CAPTCHA_NOT_READY"] * 2
    assert seen[2:] == [done.response]
    assert emulator.app.polls[task_id] == 4


@pytest.mark.parametrize("code", sorted(capmonster.client.THROTTLE_CODES))
def test_throttle_codes_during_a_wait_keep_the_spacing_and_carry_on(
    virtual: tuple[CapmonsterEmulator, VirtualTime, capmonster.Client], code: str
) -> None:
    emulator, vt, client = virtual
    task_id = emulator.app.add_task(script=Script(solve_after=0.0, interim_codes=(code, code)))
    polled_at: list[float] = []
    done = client.wait(
        task_id, timing=vt.timing(), on_progress=lambda e: polled_at.append(e.elapsed)
    )
    assert done.status is capmonster.TaskStatus.READY
    assert emulator.app.polls[task_id] == len(polled_at) == 3
    # No tight retry: each throttled poll is followed by at least the usual
    # 2-3 s, and the client's pacing, halved by the throttle, may add to it.
    assert polled_at[0] == 1.0
    gaps = [later - earlier for earlier, later in itertools.pairwise(polled_at)]
    assert all(gap >= 2.0 for gap in gaps), polled_at  # each, not on average
    assert client.pacer.rate is not None  # the whole client was slowed


def test_default_schedule_is_first_at_1s_then_every_2_to_3s(
    virtual: tuple[CapmonsterEmulator, VirtualTime, capmonster.Client],
) -> None:
    emulator, vt, client = virtual
    task_id = emulator.app.add_task(script=Script(solve_after=100.0))
    done = client.wait(task_id, timing=vt.timing())
    assert done.status is capmonster.TaskStatus.READY
    assert vt.sleeps[0] == 1.0
    assert all(2.0 <= s <= 3.0 for s in vt.sleeps[1:]), vt.sleeps
    assert max(vt.sleeps[1:4]) < 2.7 and min(vt.sleeps[-5:]) >= 2.4  # backs off toward 3 s
    assert 100.0 <= vt.now <= 103.0
    assert len(vt.sleeps) == emulator.app.polls[task_id]


def test_default_wait_gives_up_at_180s_inside_the_request_limit(
    virtual: tuple[CapmonsterEmulator, VirtualTime, capmonster.Client],
) -> None:
    emulator, vt, client = virtual
    task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
    with pytest.raises(WaitTimeoutError) as info:
        client.wait(task_id, timing=vt.timing())
    assert 178.0 <= vt.now <= 180.0
    assert info.value.attempts == emulator.app.polls[task_id]
    assert 60 <= emulator.app.polls[task_id] <= 90  # 180 s at 2-3 s, far from 120


def test_direct_calls_raise_for_http_errors(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.faults.next(Fault("status", status=402))
    with pytest.raises(HTTPStatusError) as info:
        client.get_balance()
    assert info.value.status == 402


def test_a_throttled_direct_call_raises(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=0.05))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    # a wait carries on through this (tested above); a direct call raises
    capmonster_emulator.app.polls[task_id] = 200
    with pytest.raises(RateLimitedError) as info:
        client.get_task_result(task_id)
    assert info.value.code == "ERROR_TOO_MUCH_REQUESTS"


def test_never_more_than_120_result_requests_per_task(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=3600))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    for _ in range(20):  # direct calls count toward the same budget
        client.get_task_result(task_id)
    quick = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.001, max=0.002))
    with pytest.raises(RequestBudgetExceededError) as info:
        client.wait(task_id, policy=quick)
    assert capmonster_emulator.app.polls[task_id] == 120
    assert not capmonster_emulator.app.over_limit
    with pytest.raises(RequestBudgetExceededError):
        client.get_task_result(task_id)  # request 121 never leaves
    assert capmonster_emulator.app.polls[task_id] == 120
    assert info.value.task_id == str(task_id)


def test_a_poll_the_budget_refused_is_not_counted_as_a_request(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=3600))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    # no max_requests in the policy: the client's own 120-per-task budget stops the wait
    quick = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.001, max=0.002))
    with pytest.raises(RequestBudgetExceededError) as info:
        client.wait(task_id, policy=quick)
    assert capmonster_emulator.app.polls[task_id] == 120
    assert info.value.attempts == 120, str(info.value)


def test_wait_times_out_with_context(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(Script(solve_after=3600))
    task_id = client.create_task(IMAGE).task_id
    assert task_id is not None
    with pytest.raises(WaitTimeoutError) as info:
        client.wait(task_id, policy=QUICK_UNDER_LIMIT, max_wait=0.5)
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
    first_in_30s = WaitPolicy(max_wait=120.0, backoff=Backoff(first=30.0, min=30.0, max=30.0))
    started = time.monotonic()
    with pytest.raises(WaitCancelledError) as info:
        client.wait(task_id, cancel=cancel, policy=first_in_30s)
    elapsed = time.monotonic() - started
    # the event ended the 30 s sleep before the first poll (a slow machine
    # takes longer than 0.3 s, never 30)
    assert elapsed < 10.0
    assert capmonster_emulator.app.polls[task_id] == 0 and info.value.attempts == 0


def test_default_policy_is_polite() -> None:
    policy = capmonster.Client.default_policy
    assert policy.backoff.first >= 1.0 and policy.backoff.min >= 2.0
    # the 120-per-task limit is the client's budget, the one place it is kept
    assert policy.max_requests is None
    assert capmonster.Client("k" * 32).budget.limit == capmonster.MAX_RESULT_REQUESTS == 120
    assert policy.max_wait < float("inf")


def test_wait_many_yields_in_completion_order(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    capmonster_emulator.app.script(
        Script(solve_after=1.0),
        Script(solve_after=0.1, error="ERROR_CAPTCHA_UNSOLVABLE"),
        Script(solve_after=0.2),
    )
    ids = [client.create_task(IMAGE).task_id for _ in range(3)]
    results = list(client.wait_many([i for i in ids if i is not None], policy=QUICK_UNDER_LIMIT))
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

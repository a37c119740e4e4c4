"""Polls in flight together, one scheduler across APIs, account-wide pacing (issue 13).

Virtual time carries the scheduling claims: for the same schedule the
concurrent scheduler sends exactly the requests the sequential one sends,
and deadlines, budgets and cancellation hold.  Real HTTP against emulators
with an injected round trip carries the wiring: lag close to a task alone,
bounded worker threads that are gone after the wait (cancel and Ctrl-C
included), no connection thrown away for a full pool, a cross-API wait
under faults that loses nothing, and throttling that slows the client.
"""

from __future__ import annotations

import logging
import random
import signal
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import taskpoll
from model_api import ModelApi
from policies import MODEL_POLICY
from taskpoll import alphasms, capmonster, cloudcoin
from taskpoll._durable.ledger import MemoryLedger, RequestBudget
from taskpoll._http.pacing import Bucket, Pacer
from taskpoll._waiting.policy import (
    Backoff,
    Decision,
    Timing,
    WaitPolicy,
    done,
    keep_polling,
    transient,
)
from taskpoll._waiting.scheduler import Job, poll_many, schedule
from taskpoll.errors import (
    RateLimitedError,
    RequestBudgetExceededError,
    TaskpollError,
    WaitCancelledError,
    WaitTimeoutError,
)
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from taskpoll.testing.cloudcoin import CloudCoinEmulator
from taskpoll.testing.cloudcoin import Script as CloudScript
from taskpoll.testing.server import Fault
from virtual_time import VirtualTime

KEY = "concurrency-key-5be1d0c29a"


def poll_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("taskpoll-poll")]


# -- virtual time ---------------------------------------------------------------


def run(
    fates: dict[int, tuple[float, bool]],
    max_in_flight: int,
    *,
    budget: int = 0,
    cancel_at: float | None = None,
    interruptible: bool = True,
) -> tuple[ModelApi, dict[int, tuple[object, float]]]:
    vt = VirtualTime()
    api = ModelApi(vt, fates, budget)
    cancel = api.cancelled  # the model records any poll sent once it is set

    def sleep(seconds: float) -> None:
        # The scheduler sleeps only with no poll in flight, so once the event
        # is set, no poll is owed: time goes on, and any poll now is late.
        # A sleep of the caller's own (``Timing.sleep``) may not wake for the
        # event: it runs to its end, and polls are due when it returns.
        if cancel_at is not None and not cancel.is_set() and vt.now + seconds >= cancel_at:
            vt.now = max(vt.now, cancel_at) if interruptible else vt.now + seconds
            cancel.set()
            return
        vt.sleep(seconds)

    # Jitter off: a task's schedule then depends only on its own polls.
    timing = Timing(clock=vt.clock, sleep=sleep, random=lambda: 0.5)
    outcomes = {
        task_id: (outcome, vt.now)
        for task_id, outcome in poll_many(
            fates,
            api.probe,
            api.rules,
            MODEL_POLICY,
            timing=timing,
            max_in_flight=max_in_flight,
            cancel=cancel if cancel_at is not None else None,
        )
    }
    return api, outcomes


fates = st.dictionaries(
    st.integers(1, 10**6),
    st.tuples(st.floats(0.0, 200.0), st.booleans()),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(fates=fates, max_in_flight=st.integers(2, 16))
def test_concurrent_scheduler_sends_the_sequential_schedule(
    fates: dict[int, tuple[float, bool]], max_in_flight: int
) -> None:
    sequential, alone = run(fates, 1)
    concurrent, together = run(fates, max_in_flight)
    assert concurrent.polled == sequential.polled  # the same polls at the same times
    for task_id, (outcome, when) in together.items():
        expected, expected_when = alone[task_id]
        assert type(outcome) is type(expected)
        assert when == expected_when
        assert when <= MODEL_POLICY.max_wait + MODEL_POLICY.min_request_timeout


@settings(max_examples=25, deadline=None)
@given(fates=fates, max_in_flight=st.integers(2, 16), limit=st.integers(1, 8))
def test_budgets_hold_with_polls_in_flight(
    fates: dict[int, tuple[float, bool]], max_in_flight: int, limit: int
) -> None:
    api, outcomes = run(fates, max_in_flight, budget=limit)
    assert sorted(outcomes) == sorted(fates)
    for task_id, (outcome, _) in outcomes.items():
        assert len(api.polled[task_id]) <= limit
        if isinstance(outcome, RequestBudgetExceededError):
            assert outcome.attempts == limit  # the refused request is not counted


@settings(max_examples=25, deadline=None)
@given(
    fates=fates,
    max_in_flight=st.integers(1, 16),
    cancel_at=st.floats(0.5, 100.0),
    interruptible=st.booleans(),
)
def test_cancellation_ends_every_task_and_sends_nothing_after(
    fates: dict[int, tuple[float, bool]], max_in_flight: int, cancel_at: float, interruptible: bool
) -> None:
    api, outcomes = run(fates, max_in_flight, cancel_at=cancel_at, interruptible=interruptible)
    assert sorted(outcomes) == sorted(fates)
    assert api.late == []
    for task_id, (outcome, when) in outcomes.items():
        assert all(t <= cancel_at for t in api.polled[task_id])
        if isinstance(outcome, WaitCancelledError):
            if interruptible:
                assert when == pytest.approx(cancel_at)
            else:  # the sleep that saw the event ran to its end, no longer
                assert cancel_at <= when <= cancel_at + MODEL_POLICY.backoff.max
            assert outcome.task_id == str(task_id)


def test_polls_in_flight_never_exceed_the_limit() -> None:
    active = 0
    peak = 0
    lock = threading.Lock()

    def probe(task_id: int, timeout: float) -> str:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.02)
        with lock:
            active -= 1
        return "done"

    policy = WaitPolicy(max_wait=30.0, backoff=Backoff(first=0.0, min=0.1, max=0.1))
    results = list(poll_many(range(60), probe, lambda i, o: done(o), policy, max_in_flight=8))
    assert len(results) == 60
    assert peak == 8
    assert poll_threads() == []


def test_a_probe_bug_surfaces_on_the_callers_thread_and_stops_the_workers() -> None:
    def probe(task_id: int, timeout: float) -> str:
        if task_id == 3:
            raise ZeroDivisionError("bug")
        time.sleep(0.01)
        return "running"

    policy = WaitPolicy(max_wait=30.0, backoff=Backoff(first=0.0, min=0.05, max=0.05))
    with pytest.raises(ZeroDivisionError):
        list(
            poll_many(
                range(10), probe, lambda i, o: keep_polling(status=o), policy, max_in_flight=4
            )
        )
    assert poll_threads() == []


def test_max_in_flight_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_in_flight"):
        schedule([], max_in_flight=0)


# -- pacing in virtual time -----------------------------------------------------


def test_pacer_caps_the_rate() -> None:
    pacer = Pacer(10.0)
    times = []
    now = 0.0
    for _ in range(100):
        now += pacer.reserve(now)
        times.append(now)
    # a second's burst, then one every 0.1 s
    assert times[9] == 0.0
    assert times[-1] == pytest.approx(9.0)


def test_throttling_halves_the_rate_then_it_recovers_gradually() -> None:
    pacer = Pacer(20.0)
    pacer.throttled(5.0)
    assert pacer.rate == 10.0
    pacer.throttled(5.5)  # every poll in flight sees the same refusal: counted once
    assert pacer.rate == 10.0
    rates = []
    for second in range(6, 30):
        pacer.reserve(float(second))
        rates.append(pacer.rate)
    assert rates == sorted(rates)  # never faster than the step before
    assert rates[0] is not None and rates[0] < 20.0
    assert rates[-1] == 20.0  # back at the ceiling, no higher
    assert rates.index(20.0) >= 4  # gradually (a tenth of the ceiling per second), not at once


def test_an_unlimited_client_is_paced_after_a_throttle_then_freed() -> None:
    pacer = Pacer()
    for i in range(50):
        pacer.reserve(10.0 + i * 0.01)  # 100 requests per second
    for i in range(50):
        pacer.reserve(10.5 + i * 0.01)
    pacer.throttled(11.0)
    assert pacer.rate is not None and 20.0 <= pacer.rate <= 60.0
    for second in range(12, 40):
        pacer.reserve(float(second))
    assert pacer.rate is None


def test_max_rate_is_validated() -> None:
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="max_rate"):
            Pacer(bad)


def test_throttling_on_one_task_slows_the_whole_scheduler() -> None:
    """Task 0 is refused with a throttle code during [20, 22); every task slows."""
    vt = VirtualTime()
    pacer = Pacer()
    sent: list[tuple[float, int]] = []

    def probe(task_id: int, timeout: float) -> str:
        sent.append((vt.now, task_id))
        if task_id == 0 and 20.0 <= vt.now < 22.0:
            raise RateLimitedError("too many requests", code="ERROR_TOO_MUCH_REQUESTS")
        return "running"

    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.5, max=0.5, jitter=0.0))
    jobs = [Job(i, probe, lambda i, o: _throttle_rules(o), policy, pacer=pacer) for i in range(40)]
    timing = Timing(clock=vt.clock, sleep=vt.sleep, random=lambda: 0.5)
    list(schedule(jobs, max_in_flight=1, timing=timing))

    def rate(start: float, end: float) -> float:
        return sum(start <= t < end for t, _ in sent) / (end - start)

    before = rate(10.0, 20.0)
    assert before == pytest.approx(80.0, rel=0.1)  # 40 tasks every 0.5 s
    assert rate(22.0, 24.0) <= before / 2 + 1  # all tasks slowed, not only task 0
    assert rate(50.0, 58.0) == pytest.approx(before, rel=0.1)  # and recovered


def _throttle_rules(outcome: object) -> Decision[str]:
    if isinstance(outcome, TaskpollError):
        return transient(outcome, retry_statuses=frozenset())
    return keep_polling(status="running")


# -- the request budget ------------------------------------------------------------


def test_budget_forgets_tasks_after_their_lifetime() -> None:
    now = [0.0]
    budget = RequestBudget(3, lifetime=300.0, clock=lambda: now[0])
    for task_id in range(1000):
        budget.spend(task_id)
        now[0] += 1.0
    assert len(budget) <= 301  # only the tasks the API may still have
    budget.spend(999)
    budget.spend(999)
    with pytest.raises(RequestBudgetExceededError):
        budget.spend(999)  # a live task keeps its count
    now[0] += 301.0
    assert budget.spent(999) == 0 and len(budget) == 0


def test_capmonster_keeps_its_limit_in_the_budget_alone() -> None:
    client = capmonster.Client(KEY)
    assert client.default_policy.max_requests is None
    assert client.budget.limit == 120 and client.budget.lifetime is not None
    assert client.budget.lifetime >= 300.0  # results are kept about 5 minutes


# -- real HTTP with a round trip -------------------------------------------------------


#: The lag comparisons' policy: the same one for a task alone (virtual time) and for
#: hundreds over real HTTP.
LAG_POLICY = WaitPolicy(
    max_wait=60.0, backoff=Backoff(first=0.5, min=1.0, max=1.5, factor=1.2, jitter=0.2)
)


def alone_lag(ready: dict[int, float], rtt: float) -> tuple[float, float]:
    """Mean lag and polls per task that each task would have waited on alone
    (virtual time, same policy, the same round trip per poll)."""
    vt = VirtualTime(seed=1)
    polls: Counter[int] = Counter()

    def probe(task_id: int, timeout: float) -> bool:
        polls[task_id] += 1
        vt.advance(rtt)
        return vt.now - rtt / 2 >= ready[task_id]

    lags = []
    for task_id, when in ready.items():
        start = vt.now
        for _, _ in poll_many(
            [task_id],
            probe,
            lambda i, o: done(o) if o else keep_polling(status="running"),
            LAG_POLICY,
            timing=vt.timing(),
        ):
            lags.append(vt.now - start - when)
        vt.now = 0.0
    return statistics.mean(lags), sum(polls.values()) / len(ready)


def test_200_tasks_at_50ms_lag_like_one_task() -> None:
    rng = random.Random(7)
    with CapmonsterEmulator(latency=0.05, latency_jitter=0.1) as emulator:
        ready = {}
        ids = []
        for _ in range(200):
            solve = rng.uniform(2.0, 4.0)
            task_id = emulator.app.add_task(script=Script(solve_after=solve))
            ids.append(task_id)
            ready[task_id] = solve
        started = time.monotonic()
        lags = []
        peak = 0
        with capmonster.Client(KEY, base_url=emulator.url) as client:
            for task_id, outcome in client.wait_many(ids, policy=LAG_POLICY):
                assert not isinstance(outcome, TaskpollError), outcome
                lags.append(time.monotonic() - started - ready[task_id])
                peak = max(peak, len(poll_threads()))
        polls = sum(emulator.app.polls.values()) / len(ids)
    expected_lag, expected_polls = alone_lag(ready, 0.05)
    assert len(lags) == 200
    assert statistics.mean(lags) <= 2 * expected_lag
    assert polls <= 1.1 * expected_polls + 0.5
    assert 1 < peak <= taskpoll._waiting.scheduler.DEFAULT_MAX_IN_FLIGHT
    assert poll_threads() == []


def test_the_pool_is_sized_so_no_connection_is_discarded(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="urllib3")
    with CapmonsterEmulator(latency=0.05) as emulator:
        ids = [emulator.app.add_task(script=Script(solve_after=1.0)) for _ in range(100)]
        with capmonster.Client(KEY, base_url=emulator.url) as client:
            results = list(client.wait_many(ids, policy=LAG_POLICY, max_in_flight=50))
    assert len(results) == 100
    assert not [r for r in caplog.records if "pool is full" in r.getMessage()]


@pytest.fixture
def slow_capmonster() -> Iterator[tuple[CapmonsterEmulator, list[int]]]:
    """Every answer takes 3 s: a wait ended early must break off its requests."""
    with CapmonsterEmulator(latency=3.0) as emulator:
        ids = [emulator.app.add_task(script=Script(solve_after=60.0)) for _ in range(20)]
        yield emulator, ids


def settle(emulator: CapmonsterEmulator) -> int:
    """The emulator's request count once nothing more arrives for a while."""
    seen = -1
    while seen != emulator.requests:
        seen = emulator.requests
        time.sleep(1.0)
    return seen


def test_cancel_breaks_off_polls_in_flight_and_leaves_no_thread(
    slow_capmonster: tuple[CapmonsterEmulator, list[int]],
) -> None:
    emulator, ids = slow_capmonster
    cancel = threading.Event()
    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.5, max=0.5))
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        threading.Timer(0.5, cancel.set).start()
        began = time.monotonic()
        outcomes = list(client.wait_many(ids, policy=policy, cancel=cancel, max_in_flight=8))
        stopped = time.monotonic() - began
    assert sorted(task_id for task_id, _ in outcomes) == sorted(ids)
    assert all(isinstance(o, WaitCancelledError) for _, o in outcomes)
    assert stopped < 2.5  # the 3 s answers were not waited for
    assert poll_threads() == []
    assert emulator.requests <= 8  # the first eight polls, no more
    assert settle(emulator) <= 8


def test_ctrl_c_breaks_off_polls_in_flight_and_leaves_no_thread(
    slow_capmonster: tuple[CapmonsterEmulator, list[int]],
) -> None:
    emulator, ids = slow_capmonster
    main = threading.main_thread().ident
    assert main == threading.get_ident()
    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.5, max=0.5))
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        assert main is not None
        threading.Timer(0.5, signal.pthread_kill, (main, signal.SIGINT)).start()
        began = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            list(client.wait_many(ids, policy=policy, max_in_flight=8))
        stopped = time.monotonic() - began
    assert stopped < 2.5
    assert poll_threads() == []
    assert settle(emulator) <= 8


def test_dropping_the_iterator_breaks_off_polls_and_stops_the_workers() -> None:
    release = threading.Event()

    class Channel:
        def reserve(self, connections: int) -> None:
            pass

        def abort(self, threads: object) -> None:
            release.set()  # as a transport shuts its sockets down

    def probe(task_id: int, timeout: float) -> str:
        if task_id == 0:
            return "done"
        release.wait(30.0)
        return "running"

    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.5, max=0.5))
    results = poll_many(
        range(9),
        probe,
        lambda i, o: done(o) if o == "done" else keep_polling(status=o),
        policy,
        max_in_flight=8,
        channel=Channel(),
    )
    assert next(results) == (0, "done")
    assert 1 <= len(poll_threads()) <= 8
    began = time.monotonic()
    results.close()  # type: ignore[attr-defined]
    assert time.monotonic() - began < 10.0  # not the probes' 30 s
    assert release.is_set()
    assert poll_threads() == []


# -- one scheduler across APIs ----------------------------------------------------------


def test_wait_many_across_apis_loses_nothing_under_faults() -> None:
    faults = [
        (0.2, Fault("status", status=503)),
        (0.15, Fault("drop")),
        (0.1, Fault("malformed")),
    ]
    with (
        CapmonsterEmulator(latency=0.02) as cap_server,
        CloudCoinEmulator(default_duration=0.5, latency=0.02) as coin_server,
        AlphasmsEmulator(queue_time=1.0, time_per_message=1.0, latency=0.02) as sms_server,
        capmonster.Client(KEY, base_url=cap_server.url) as cap,
        cloudcoin.Client(base_url=coin_server.url) as coin,
        alphasms.Client(KEY, base_url=sms_server.url) as sms,
    ):
        cap_ids = [cap_server.app.add_task(script=Script(solve_after=3.0)) for _ in range(10)]
        coin_ids = [coin_server.app.add_task("echo", CloudScript(duration=3.0)) for _ in range(5)]
        sms_ids = [
            sms.send_async([alphasms.Message(recipient="380971234567", sender="Shop", text="hi")])
            for _ in range(5)
        ]
        for emulator in (cap_server, coin_server, sms_server):
            emulator.faults.at_rates(faults)
        handles = [
            *(cap.task(i) for i in cap_ids),
            *(coin.task(i, result_type=cloudcoin.EchoResult) for i in coin_ids),
            *(sms.task(i) for i in sms_ids),
        ]
        events: Counter[str] = Counter()
        results = list(
            taskpoll.wait_many(
                handles * 2,  # a handle given twice is waited on once
                max_wait=45.0,
                max_in_flight=8,
                on_progress=lambda handle, event: events.update([handle.api]),
            )
        )
        servers = (cap_server, coin_server, sms_server)
        injected = sum(sum(server.faults.injected.values()) for server in servers)
    assert injected >= 5
    assert sorted(map(repr, (h for h, _ in results))) == sorted(map(repr, handles))
    assert set(events) == {"capmonster", "cloudcoin", "alphasms"}
    for handle, outcome in results:
        assert not isinstance(outcome, TaskpollError), (handle, outcome)
        assert str(outcome.status).lower().endswith(("ready", "completed", "complete"))
    by_api = {h.api: o for h, o in results}
    assert by_api["capmonster"].solution == {"text": "answer"}
    assert by_api["cloudcoin"].data.online == 25
    assert by_api["alphasms"].status is alphasms.JobStatus.COMPLETE


def test_every_api_returns_its_final_status_response(
    cloudcoin_emulator: CloudCoinEmulator,
) -> None:
    task_id = cloudcoin_emulator.app.add_task("echo", CloudScript(duration=0.1))
    with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
        finished = client.wait(task_id, policy=LAG_POLICY)
    assert finished.status is cloudcoin.TaskStatus.COMPLETED
    assert finished.task.status is finished.status
    assert finished.id == task_id and finished.progress == 100


def test_a_429_on_a_direct_call_slows_the_client() -> None:
    with CapmonsterEmulator() as emulator, capmonster.Client(KEY, base_url=emulator.url) as client:
        for _ in range(20):
            client.get_balance()
        assert client.pacer.rate is None
        emulator.faults.next(Fault("rate_limit", retry_after=0))
        with pytest.raises(TaskpollError):
            client.get_balance()
        assert client.pacer.rate is not None


def test_an_api_throttle_code_on_a_direct_call_slows_the_client() -> None:
    with CapmonsterEmulator() as emulator, capmonster.Client(KEY, base_url=emulator.url) as client:
        task_id = emulator.app.add_task(
            script=Script(solve_after=0.0, interim_codes=("ERROR_TOO_MUCH_REQUESTS",))
        )
        client.get_balance()
        assert client.pacer.rate is None
        with pytest.raises(RateLimitedError):
            client.get_task_result(task_id)
        assert client.pacer.rate is not None


def test_max_rate_paces_direct_calls() -> None:
    with (
        CapmonsterEmulator() as emulator,
        capmonster.Client(KEY, base_url=emulator.url, max_rate=20.0) as client,
    ):
        began = time.monotonic()
        for _ in range(40):
            client.get_balance()
        # a second's burst of 20, then 20 more at 20 per second
        assert time.monotonic() - began >= 0.9


def test_timeout_errors_still_end_waits_across_apis(
    capmonster_emulator: CapmonsterEmulator,
) -> None:
    from conftest import KEY as FIXTURE_KEY

    task_id = capmonster_emulator.app.add_task(script=Script(solve_after=60.0))
    with capmonster.Client(FIXTURE_KEY, base_url=capmonster_emulator.url) as client:
        [(handle, outcome)] = list(taskpoll.wait_many([client.task(task_id)], max_wait=1.5))
    assert handle.api == "capmonster" and handle.task_id == task_id
    assert isinstance(outcome, WaitTimeoutError)
    assert outcome.task_id == str(task_id)


def test_pacing_never_makes_a_direct_call_outlive_its_timeout() -> None:
    with CapmonsterEmulator() as emulator:
        client = capmonster.Client(KEY, base_url=emulator.url, max_rate=1.0)
        client.get_balance()  # the bucket's one token
        began = time.monotonic()
        with pytest.raises(RateLimitedError, match="paces its requests") as info:
            client.get_balance(timeout=0.3)  # the next token is a second away
        assert time.monotonic() - began < 0.3
        assert info.value.retry_after is not None and info.value.retry_after > 0.3
        assert emulator.requests == 1  # nothing was sent late
        client.get_balance(timeout=5.0)  # with time for the token, the call waits and goes
        assert emulator.requests == 2


def test_a_throttle_never_lifts_a_slow_ceiling() -> None:
    pacer = Pacer(0.5)
    pacer.throttled(10.0)
    assert pacer.rate is not None and pacer.rate <= 0.5
    idle = Pacer()
    idle.reserve(1.0)
    idle.throttled(1.5)  # one request a second measured: halved
    assert idle.rate == 0.5


def test_a_pacers_repr_shows_its_rate() -> None:
    """Kills Pacer.__repr__'s mutants."""
    assert repr(Pacer(2.0)) == "Pacer(max_rate=2.0, now 2/s)"
    assert repr(Pacer()) == "Pacer(max_rate=None, now unlimited)"


def test_a_bucket_saves_a_finite_last_throttle() -> None:
    """Kills Bucket.to_dict's mutants: -inf is saved as -1e300, a real time as itself."""
    bucket = Bucket.fresh(2.0)
    assert bucket.to_dict()["last_throttle"] == -1e300
    bucket.throttled(5.0)
    assert bucket.to_dict()["last_throttle"] == 5.0
    assert Bucket.from_dict(bucket.to_dict()) == bucket


def test_a_refusal_inside_a_prepaid_request_is_left_to_its_scheduler() -> None:
    """Kills Pacer.refused's mutant that looks up "prepaid" on None."""
    pacer = Pacer(10.0)
    with pacer.prepaid():
        pacer.refused()
    assert pacer.rate == 10.0
    pacer.refused()
    assert pacer.rate == 5.0


def test_a_throttle_a_second_after_the_last_counts_again() -> None:
    """Kills Bucket.throttled's ``<=`` for ``<``: signals within one second count once."""
    bucket = Bucket.fresh(8.0)
    bucket.throttled(0.0)
    bucket.throttled(0.999)
    assert bucket.rate == 4.0
    bucket.throttled(1.0)  # exactly a second after the last: counts
    assert bucket.rate == 2.0


def test_an_idle_unlimited_client_throttled_drops_to_the_floor() -> None:
    """Kills Bucket._measured's mutants that count requests of a second long
    past (or 1 of none): a client silent for seconds is measured at 0."""
    bucket = Bucket.fresh(None)
    bucket.reserve(0.5)
    bucket.throttled(5.0)
    assert bucket.rate == 0.2


def test_an_earlier_clock_reading_never_moves_the_buckets_stamp_back() -> None:
    """Kills Bucket._refill's mutant that always takes the new reading: a
    reservation stamped earlier than the last (another thread's clock read a
    moment before) must not refill the time between twice."""
    bucket = Bucket.fresh(1.0)
    assert bucket.reserve(10.0) == 0.0
    bucket.reserve(9.5)
    assert bucket.stamp == 10.0


def test_a_shared_buckets_throttle_is_stamped_on_the_wall_clock() -> None:
    """Kills Pacer.throttled's mutant that stamps a shared (ledger) bucket with
    the scheduler's own clock: processes share only the wall clock."""
    ledger = MemoryLedger()
    pacer = Pacer(10.0, store=ledger, account="acct")
    before = time.time()
    pacer.throttled(3.0)  # a scheduler's (virtual) time
    stamped = ledger.update_bucket("acct", 10.0, lambda bucket: bucket.last_throttle)
    assert before <= stamped <= time.time()
    assert pacer.rate == 5.0


def test_a_prepaid_request_takes_no_second_token() -> None:
    """Kills Pacer.acquire's mutants of the prepaid check (looked up on None or
    under another name, or 1 s reported waited): inside prepaid(), acquire()
    neither charges nor waits, so a one-token bucket serves any number."""
    vt = VirtualTime()
    pacer = Pacer(1.0, clock=vt.clock)
    with pacer.prepaid():
        assert [pacer.acquire(within=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert pacer.acquire(within=0.0) == 0.0  # the bucket's one token is still there
    with pytest.raises(RateLimitedError):
        pacer.acquire(within=0.0)


def test_a_call_may_wait_exactly_its_timeout_for_a_token() -> None:
    """Kills Pacer.acquire's ``>=`` for ``>``: a token due exactly when the
    call's time runs out is waited for (10 ms), not refused."""
    vt = VirtualTime()
    pacer = Pacer(100.0, clock=vt.clock)
    for _ in range(100):  # the second's burst
        assert pacer.acquire(within=0.0) == 0.0
    assert pacer.acquire(within=0.01) == 0.01


def test_the_quiet_second_before_recovery_and_its_steps() -> None:
    """Kills Bucket._recover's mutants of when recovery starts (after one
    quiet second, not two) and of its step (a tenth of the ceiling per quiet
    second, at most one second's worth at a time)."""
    bucket = Bucket.fresh(8.0)
    bucket.throttled(0.0)
    assert bucket.rate == 4.0
    bucket.reserve(1.5)  # half a quiet second: half a step
    assert bucket.rate == pytest.approx(4.4)
    bucket.reserve(4.0)  # 2.5 quiet seconds since: one whole step, no more
    assert bucket.rate == pytest.approx(5.2)


def test_an_idle_client_throttled_is_paced_through_its_whole_quiet_second() -> None:
    """Kills Bucket._recover's ``quiet < 0`` for ``quiet <= 0``: exactly one
    second after the throttle, recovery has not begun, so a client throttled
    to its floor of 0.2/s (its ceiling too) is still paced, not freed."""
    bucket = Bucket.fresh(None)
    bucket.throttled(5.0)
    assert (bucket.rate, bucket.ceiling) == (0.2, 0.2)
    assert bucket.reserve(6.0) == pytest.approx(4.0)  # 0.2 of a token in: 0.8 to go


def test_an_unlimited_client_is_freed_when_its_rate_reaches_the_ceiling_exactly() -> None:
    """Kills Bucket._recover's ``>`` for ``>=`` (steps of exactly 1/s reach the
    ceiling of 10/s exactly), its zeroing of the tokens of a bucket paced at a
    max_rate instead of an unlimited one, and tokens of None or 1 then: the
    next throttle must find no token saved."""
    bucket = Bucket.fresh(None)
    for i in range(10):
        bucket.reserve(i / 10)
    bucket.throttled(0.5)  # ten requests in this second: halved to 5/s
    assert (bucket.rate, bucket.ceiling) == (5.0, 10.0)
    for second in (2.5, 3.5, 4.5, 5.5):
        bucket.reserve(second)
    assert bucket.rate == 9.0
    bucket.reserve(6.5)
    assert bucket.rate is None and bucket.tokens == 0.0
    bucket.throttled(7.0)  # measured: 1 request this second, so 0.5/s
    assert bucket.rate == 0.5
    assert bucket.reserve(7.0) == 2.0  # no token left over from before


def test_a_paced_bucket_keeps_its_tokens_when_it_recovers() -> None:
    """Kills Bucket._recover's mutant that zeroes the tokens of a bucket that
    recovers to its max_rate (only an unlimited one starts with none)."""
    bucket = Bucket.fresh(8.0)
    bucket.throttled(0.0)  # 4/s, 4 tokens
    for second in (2.0, 3.0, 4.0, 5.0, 6.0):  # a step of 0.8/s a second
        bucket.reserve(second)
    assert bucket.rate is not None and 7.99 < bucket.rate < 8.0 and bucket.tokens > 2.0
    assert bucket.reserve(7.0) == 0.0  # recovered to 8/s, with tokens to spare
    assert bucket.rate == 8.0


def test_a_gap_of_seconds_forgets_the_earlier_count() -> None:
    """Kills Bucket._count's mutant that keeps a count seconds old as the
    previous second's: after a silent gap the measured rate is this second's."""
    bucket = Bucket.fresh(None)
    for i in range(10):
        bucket.reserve(i / 10)
    bucket.reserve(5.0)
    bucket.throttled(5.5)  # one request this second, none the one before
    assert bucket.rate == 0.5


def test_a_pacer_reads_its_own_clock_alone_and_the_wall_clock_with_a_store() -> None:
    """Kills Pacer.__init__'s mutants of the clock (the given one ignored, or
    used with a store), of the default account and of the error message, and
    Pacer.reserve's that stamps a shared bucket with the caller's clock."""
    vt = VirtualTime()
    alone = Pacer(1.0, clock=vt.clock)
    assert alone.acquire(within=0.0) == 0.0
    vt.advance(1.0)  # one second on its clock: a new token
    assert alone.acquire(within=0.0) == 0.0

    ledger = MemoryLedger()
    shared = Pacer(10.0, clock=vt.clock, store=ledger)
    before = time.time()
    shared.reserve(3.0)  # a scheduler's (virtual) time

    def stamp(bucket: Bucket) -> float:
        assert bucket.stamp is not None
        return bucket.stamp

    assert before <= ledger.update_bucket("", 10.0, stamp) <= time.time()
    with pytest.raises(ValueError, match=r"^max_rate must be a positive, finite number"):
        Pacer(0.0)

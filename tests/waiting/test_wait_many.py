"""wait_many at scale: properties in virtual time, then hundreds of tasks over real HTTP.

The claims under test (issue 7): results come in completion order, one
failure never hides another task, every task shares one deadline, each task
is polled exactly as often as ``wait()`` would poll it alone, per-task
limits hold, ten thousand tasks share one scheduler, and cancellation stops
everything.  (Memory at scale is measured by ``make bench``, not asserted here.)
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import KEY as FIXTURE_KEY
from model_api import ModelApi
from policies import MODEL_POLICY
from reliability.figures import examples
from taskpoll import capmonster
from taskpoll._waiting.policy import (
    Backoff,
    Timing,
    WaitPolicy,
)
from taskpoll._waiting.scheduler import DEFAULT_MAX_IN_FLIGHT, poll_many
from taskpoll.errors import (
    RequestBudgetExceededError,
    TaskFailedError,
    TaskpollError,
    WaitCancelledError,
    WaitTimeoutError,
)
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from virtual_time import VirtualClock, VirtualTime

KEY = "wait-many-key-2c1f9e"


# -- a model API in virtual time -------------------------------------------------


def timing(vt: VirtualTime) -> Timing:
    # Jitter off (rand is always 0.5): each task's schedule then depends only
    # on its own polls, so a task alone and a task among thousands can be
    # compared poll for poll.
    return Timing(clock=vt.clock, sleep=vt.sleep, random=lambda: 0.5)


fates = st.dictionaries(
    st.integers(1, 10**9),
    st.tuples(st.floats(0.0, 200.0), st.booleans()),
    min_size=1,
    max_size=60,
)


def run_many(
    fates: dict[int, tuple[float, bool]], policy: WaitPolicy = MODEL_POLICY
) -> tuple[ModelApi, list[tuple[int, str | TaskpollError, float]]]:
    vt = VirtualTime()
    api = ModelApi(vt, fates)
    results = [
        (task_id, outcome, vt.now)
        for task_id, outcome in poll_many(fates, api.probe, api.rules, policy, timing=timing(vt))
    ]
    return api, results


@settings(max_examples=examples(60), deadline=None)
@given(fates=fates)
def test_each_task_is_reported_once_in_completion_order(
    fates: dict[int, tuple[float, bool]],
) -> None:
    api, results = run_many(fates)
    assert sorted(task_id for task_id, _, _ in results) == sorted(fates)
    times = [when for _, _, when in results]
    assert times == sorted(times)
    for task_id, outcome, when in results:
        ends, ok = fates[task_id]
        assert when <= MODEL_POLICY.max_wait
        if isinstance(outcome, WaitTimeoutError):
            assert ends > when - MODEL_POLICY.backoff.max  # it was still running at its last poll
        elif ok:
            assert outcome == f"result {task_id}"
            assert ends <= when
        else:
            assert isinstance(outcome, TaskFailedError)
            assert outcome.task_id == str(task_id)
            assert outcome.attempts == api.polls[task_id]
        assert api.polls[task_id] <= 120


@settings(max_examples=examples(60), deadline=None)
@given(fates=fates)
def test_each_task_costs_what_it_would_cost_alone(fates: dict[int, tuple[float, bool]]) -> None:
    crowd, together = run_many(fates)
    for task_id, outcome, _ in together:
        alone, [(_, alone_outcome, _)] = run_many({task_id: fates[task_id]})
        assert crowd.polls[task_id] == alone.polls[task_id]
        assert type(outcome) is type(alone_outcome)


@settings(max_examples=examples(40), deadline=None)
@given(fates=fates, failing=st.data())
def test_failures_never_hide_other_tasks(
    fates: dict[int, tuple[float, bool]], failing: st.DataObject
) -> None:
    all_ok = {task_id: (ends, True) for task_id, (ends, _) in fates.items()}
    broken = failing.draw(st.sets(st.sampled_from(sorted(fates))))
    mixed = {task_id: (ends, task_id not in broken) for task_id, (ends, _) in all_ok.items()}
    _, clean = run_many(all_ok)
    _, dirty = run_many(mixed)
    clean_outcomes = {task_id: outcome for task_id, outcome, _ in clean}
    for task_id, outcome, _ in dirty:
        if task_id not in broken:
            assert repr(outcome) == repr(clean_outcomes[task_id])


def test_request_limit_holds_per_task_not_per_wait() -> None:
    never = {task_id: (10**6, True) for task_id in range(1, 51)}
    policy = WaitPolicy(
        max_wait=10_000.0, backoff=Backoff(first=0.0, min=1.0, max=1.0), max_requests=7
    )
    api, results = run_many(never, policy)
    assert sorted(task_id for task_id, _, _ in results) == sorted(never) == sorted(api.polls)
    assert all(isinstance(outcome, RequestBudgetExceededError) for _, outcome, _ in results)
    assert set(api.polls.values()) == {7}


def test_ten_thousand_tasks_on_one_scheduler() -> None:
    rng = random.Random(7)
    many = {task_id: (rng.uniform(0.0, 60.0), rng.random() > 0.01) for task_id in range(10_000)}
    api, results = run_many(many)
    assert sorted(task_id for task_id, _, _ in results) == sorted(many)
    assert [when for _, _, when in results] == sorted(when for _, _, when in results)
    for task_id, outcome, _ in results:
        if many[task_id][1]:
            assert outcome == f"result {task_id}"
        else:
            assert isinstance(outcome, TaskFailedError)
    assert sum(api.polls.values()) > 3 * 10_000


def test_cancel_reports_every_unfinished_task_and_sends_nothing_more() -> None:
    vt = VirtualTime()
    api = ModelApi(vt, {task_id: (5.0 * task_id, True) for task_id in range(1, 101)})
    cancel = api.cancelled  # the model records any poll sent once it is set
    polls_at_cancel: list[int] = []

    def sleep(seconds: float) -> None:
        vt.sleep(seconds)
        if vt.now >= 20.0 and not cancel.is_set():
            polls_at_cancel.append(sum(api.polls.values()))
            cancel.set()

    outcomes = dict(
        poll_many(
            api.fates,
            api.probe,
            api.rules,
            MODEL_POLICY,
            cancel=cancel,
            timing=Timing(clock=vt.clock, sleep=sleep, random=lambda: 0.5),
        )
    )
    assert len(outcomes) == 100 and len(polls_at_cancel) == 1
    finished = [t for t, o in outcomes.items() if not isinstance(o, TaskpollError)]
    cancelled = [t for t, o in outcomes.items() if isinstance(o, WaitCancelledError)]
    assert finished and cancelled and len(finished) + len(cancelled) == 100
    assert all(5.0 * t <= 20.0 for t in finished)
    assert sum(api.polls.values()) == polls_at_cancel[0] and api.late == []


# -- the real client over real HTTP ------------------------------------------------


@pytest.fixture
def virtual_emulator() -> Iterator[tuple[CapmonsterEmulator, VirtualTime]]:
    vt = VirtualTime()
    with CapmonsterEmulator(keys={KEY}, clock=VirtualClock(vt)) as emulator:
        yield emulator, vt


def test_hundreds_of_tasks_over_http_cost_what_wait_costs(
    virtual_emulator: tuple[CapmonsterEmulator, VirtualTime],
) -> None:
    emulator, vt = virtual_emulator
    durations = [1.0, 2.5, 4.0, 7.0, 11.0, 16.0, 25.0, 40.0, 70.0, 100.0]
    rng = random.Random(3)
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        # What one wait() costs for each duration, one task at a time.
        alone: dict[float, int] = {}
        for duration in durations:
            task_id = emulator.app.add_task(script=Script(solve_after=duration))
            client.wait(task_id, timing=timing(vt))
            alone[duration] = emulator.app.polls[task_id]

        started = vt.now
        plan: dict[int, float] = {}
        for _ in range(400):
            duration = rng.choice(durations)
            fails = rng.random() < 0.05
            script = Script(
                solve_after=duration, error="ERROR_CAPTCHA_UNSOLVABLE" if fails else None
            )
            plan[emulator.app.add_task(script=script)] = duration
        results = []
        for task_id, outcome in client.wait_many(plan, timing=timing(vt)):
            results.append((task_id, outcome, vt.now - started))

    assert len(results) == len(plan) == len({task_id for task_id, _, _ in results})
    assert [when for _, _, when in results] == sorted(when for _, _, when in results)
    failures = [outcome for _, outcome, _ in results if isinstance(outcome, TaskpollError)]
    assert failures and all(isinstance(f, TaskFailedError) for f in failures)
    assert all(f.code == "ERROR_CAPTCHA_UNSOLVABLE" for f in failures)
    for task_id, outcome, when in results:
        assert when >= plan[task_id]
        assert emulator.app.polls[task_id] == alone[plan[task_id]], task_id
        if not isinstance(outcome, TaskpollError):
            assert outcome.status == capmonster.TaskStatus.READY
    assert not emulator.app.over_limit


def test_hundreds_of_tasks_in_real_time(capmonster_emulator: CapmonsterEmulator) -> None:
    app = capmonster_emulator.app
    fast = WaitPolicy(max_wait=20.0, backoff=Backoff(first=0.2, min=0.3, max=0.6))
    with capmonster.Client(FIXTURE_KEY, base_url=capmonster_emulator.url) as client:
        ids = [app.add_task(script=Script(solve_after=0.1 + (i % 10) * 0.1)) for i in range(300)]
        outcomes = dict(client.wait_many(ids, policy=fast))
    assert sorted(outcomes) == sorted(ids)
    assert all(not isinstance(outcome, TaskpollError) for outcome in outcomes.values())
    assert max(client.budget.spent(task_id) for task_id in ids) <= 120
    assert capmonster_emulator.requests == sum(app.polls[task_id] for task_id in ids)


def test_cancel_from_another_thread_stops_a_large_wait(
    capmonster_emulator: CapmonsterEmulator,
) -> None:
    """200 tasks polled back to back (every 0.05-0.1 s each) until another
    thread sets the event: every task comes back cancelled soon after, not at
    the 30 s deadline or the 120-request limit, and no request leaves later."""
    app = capmonster_emulator.app
    ids = [app.add_task(script=Script(solve_after=600.0)) for _ in range(200)]
    busy = WaitPolicy(
        max_wait=30.0, backoff=Backoff(first=0.0, min=0.05, max=0.1), max_requests=120
    )
    cancel = threading.Event()
    at_set: list[tuple[float, int]] = []

    def stop() -> None:
        at_set.append((time.monotonic(), capmonster_emulator.requests))
        cancel.set()

    before = threading.active_count()
    with capmonster.Client(FIXTURE_KEY, base_url=capmonster_emulator.url) as client:
        timer = threading.Timer(1.0, stop)
        timer.start()
        outcomes = dict(client.wait_many(ids, cancel=cancel, policy=busy))
        ended = time.monotonic()
        timer.join()
    requests = capmonster_emulator.requests
    assert sorted(outcomes) == sorted(ids)
    assert all(isinstance(o, WaitCancelledError) for o in outcomes.values())
    [(set_at, requests_at_set)] = at_set
    assert requests_at_set > 0  # the wait was busy polling when the event came
    # The scheduler looks at the event before every poll: the polls in flight
    # (and one that raced the set) at most, then it stops.  A wait that
    # missed the event would poll on for up to 30 s.
    assert requests - requests_at_set <= 2 + DEFAULT_MAX_IN_FLIGHT
    assert ended - set_at < 5.0
    # Nothing polls on in the background: a quiet second is 10-20 poll intervals.
    time.sleep(1.0)
    assert capmonster_emulator.requests == requests
    assert threading.active_count() <= before + 2  # emulator connection threads at most

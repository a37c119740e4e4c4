"""The scheduler's launch timing with polls in flight, its pacing hand-off
and its shutdown, each at the edge a mutant moved (what `make mutate` found).

Virtual time where the schedule is the claim; real threads where the claim is
about them (a full pool, a wait for results, an abort that comes late).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from taskpoll._http.pacing import Pacer
from taskpoll._waiting.policy import Backoff, Decision, Timing, WaitPolicy, done, keep_polling
from taskpoll._waiting.scheduler import Job, schedule
from taskpoll._waiting.state import begin, prepare
from taskpoll.errors import (
    RateLimitedError,
    TransportError,
    WaitCancelledError,
    WaitTimeoutError,
)
from virtual_time import VirtualTime

#: First poll at once, then one a second (no jitter): a schedule to the float.
EVERY_SECOND = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=1.0, max=1.0, jitter=0.0))


def finished(task_id: object, outcome: object) -> Decision[object]:
    """Every outcome, a result or an error, ends the wait with it."""
    return done(outcome)


def test_with_timeout_warns_in_these_words_and_sets_max_wait() -> None:
    """Kills WaitPolicy.with_timeout's mutants (its warning's words, the
    value passed on): test_durable.py's old-name test, which checks them too,
    is deselected under mutmut for its stacklevel check."""
    policy = WaitPolicy(max_wait=9.0)
    with pytest.warns(DeprecationWarning) as seen:
        changed = policy.with_timeout(3.0)
    assert [str(w.message) for w in seen] == [
        "WaitPolicy.with_timeout() is deprecated; use WaitPolicy.with_max_wait() "
        "(renamed in taskpoll 0.2)"
    ]
    assert changed == policy.with_max_wait(3.0)


def test_a_poll_runs_inside_its_pacers_prepaid_block() -> None:
    """Kills _poll's mutant that never enters ``pacer.prepaid()``: the
    scheduler has reserved the poll's token, so the session's acquire()
    inside the probe must not charge (or refuse) it again."""
    vt = VirtualTime()
    pacer = Pacer(1.0, clock=vt.clock)  # one token, the one the scheduler takes
    job = Job("a", lambda i, t: pacer.acquire(within=0.0), finished, EVERY_SECOND, pacer=pacer)
    [(_, outcome)] = list(schedule([job], timing=vt.timing()))
    assert outcome == 0.0


def test_schedule_polls_one_at_a_time_on_the_callers_thread_by_default() -> None:
    """Kills schedule's mutant of the default max_in_flight (1)."""
    threads: list[threading.Thread] = []

    def probe(task_id: str, timeout: float) -> str:
        threads.append(threading.current_thread())
        return "done"

    jobs = [Job(name, probe, finished, EVERY_SECOND) for name in "abc"]
    assert len(list(schedule(jobs, timing=VirtualTime().timing()))) == 3
    assert threads == [threading.current_thread()] * 3
    with pytest.raises(ValueError, match=r"^max_in_flight must be at least 1$"):
        schedule(jobs, max_in_flight=0)


def test_a_paced_job_keeps_its_turn_when_its_token_is_free() -> None:
    """Kills _launch_due's ``pause >= 0`` for ``pause > 0``: a job whose token
    is free now is launched now, not put back behind an unpaced job due with it."""
    vt = VirtualTime()
    order: list[str] = []

    def probe(task_id: str, timeout: float) -> str:
        order.append(task_id)
        return "done"

    paced = Job("paced", probe, finished, EVERY_SECOND, pacer=Pacer(5.0, clock=vt.clock))
    free = Job("free", probe, finished, EVERY_SECOND)
    assert len(list(schedule([paced, free], timing=vt.timing()))) == 2
    assert order == ["paced", "free"]


def test_no_poll_due_exactly_at_until_is_launched_while_others_are_in_flight() -> None:
    """Kills _launch_due's ``due > until`` for ``due >= until``: with "a" still
    in flight, "c" settles at virtual 5.0, when "b"'s second poll is due,
    exactly at ``until``: the scheduler goes round again, and must not launch it."""
    vt = VirtualTime()
    settled = {name: threading.Event() for name in "bc"}
    b_polls: list[float] = []

    def probe(task_id: str, timeout: float) -> str:
        if task_id == "b":
            b_polls.append(vt.now)
            return "running"
        if task_id == "c":
            assert settled["b"].wait(5.0)
            vt.advance(5.0)
            return "done"
        assert settled["c"].wait(5.0)
        time.sleep(0.1)  # the round after c's result: b may (wrongly) be launched
        return "done"

    def rules(task_id: str, outcome: object) -> Decision[object]:
        return keep_polling(status="running") if outcome == "running" else done(outcome)

    def on_state(job: Job[Any, Any, Any], state: object) -> None:
        if job.task_id in settled:
            settled[job.task_id].set()

    every_5s = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=5.0, max=5.0, jitter=0.0))
    jobs = [Job(name, probe, rules, every_5s) for name in "abc"]
    outcomes = schedule(jobs, max_in_flight=3, timing=vt.timing(), on_state=on_state, until=5.0)
    assert sorted(job.task_id for job, _ in outcomes) == ["a", "c"]
    assert b_polls == [0.0]


def test_a_wait_ended_before_its_poll_does_not_hold_back_the_next_due_one() -> None:
    """Kills _launch_due's ``break`` for ``continue`` after a wait that ends
    without a poll: "b", due with it, is launched in the same pass, before
    the throttle "x" (in flight) has meanwhile answered is taken in; taken in
    first, the throttle would have made "b" wait for a token."""
    vt = VirtualTime()
    pacer = Pacer()
    x_may_answer = threading.Event()
    polled: dict[str, float] = {}
    long_wait = WaitPolicy(max_wait=1000.0, backoff=Backoff(first=0.0))

    def probe(task_id: str, timeout: float) -> str:
        polled[task_id] = vt.now
        if task_id == "x":
            assert x_may_answer.wait(5.0)
            raise RateLimitedError("too many requests", code="ERROR_TOO_MUCH_REQUESTS")
        return "done"

    jobs = [
        Job("x", probe, finished, long_wait, pacer=pacer, resume=begin("", "x", long_wait, -200.0)),
        # out of time already: it ends without a poll when its turn comes
        Job(
            "a",
            probe,
            finished,
            EVERY_SECOND,
            pacer=pacer,
            resume=begin("", "a", EVERY_SECOND, -100.0),
        ),
        Job("b", probe, finished, EVERY_SECOND, pacer=pacer),
    ]
    for job, _ in schedule(jobs, max_in_flight=3, timing=vt.timing()):
        if job.task_id == "a":
            x_may_answer.set()
            time.sleep(0.05)  # x's throttle is in the queue before the scheduler resumes
    assert polled == {"x": 0.0, "b": 0.0}


def test_a_job_waiting_for_its_token_does_not_hold_back_the_next_due_one() -> None:
    """Kills _launch_due's ``break`` for ``continue`` after a job is put back
    to wait for its token: "b", due with it, reserves its own token in the
    same pass (one second after "p"'s), before the throttle "x" (in flight)
    has meanwhile answered is taken in; taken in first, that throttle would
    have halved the rate "b" is paced at."""
    vt = VirtualTime()
    pacer = Pacer(1.0, clock=vt.clock)  # one token: x's
    x_answered = threading.Event()
    reads = 0
    polled: dict[str, float] = {}

    def clock() -> float:
        nonlocal reads
        reads += 1
        if reads == 3:  # the first read after x's launch (the scheduler's start, x's)
            assert x_answered.wait(1.0)
            time.sleep(0.02)  # x's throttle is in the scheduler's queue
        return vt.now

    def probe(task_id: str, timeout: float) -> str:
        polled[task_id] = vt.now
        if task_id == "x":
            x_answered.set()
            raise RateLimitedError("too many requests", code="ERROR_TOO_MUCH_REQUESTS")
        return "done"

    jobs = [
        Job(
            "x", probe, finished, EVERY_SECOND, pacer=pacer, resume=begin("", "x", EVERY_SECOND, -2)
        ),
        Job(
            "p", probe, finished, EVERY_SECOND, pacer=pacer, resume=begin("", "p", EVERY_SECOND, -1)
        ),
        Job("b", probe, finished, EVERY_SECOND, pacer=pacer),
    ]
    timing = Timing(clock=clock, sleep=vt.sleep, random=lambda: 0.5)
    assert len(list(schedule(jobs, max_in_flight=3, timing=timing))) == 3
    assert polled == {"x": 0.0, "p": 1.0, "b": 2.0}


def test_two_polls_in_flight_on_one_channel_reserve_two_connections() -> None:
    """Kills _Scheduler.__init__'s ``max_in_flight > 2`` for ``> 1``: with two
    polls in flight the channel's pool is sized for two."""
    reserved: list[int] = []

    class Channel:
        def reserve(self, connections: int) -> None:
            reserved.append(connections)

        def abort(self, threads: object) -> None:
            pass

    channel = Channel()
    jobs = [Job(i, lambda i, t: "done", finished, EVERY_SECOND, channel=channel) for i in (1, 2)]
    assert len(list(schedule(jobs, max_in_flight=2, timing=VirtualTime().timing()))) == 2
    assert reserved == [2]


def test_prepare_gives_a_last_poll_any_time_left_and_none_without() -> None:
    """Kills prepare's ``timeout < 0`` and ``timeout <= 1`` for ``timeout <= 0``:
    half a second left past the deadline is a last poll's time; none left
    (exactly the deadline plus min_request_timeout) ends the wait."""
    policy = WaitPolicy(max_wait=10.0, min_request_timeout=2.0)
    state = begin("", "t", policy, now=0.0)  # deadline 10, last poll by 12
    assert prepare(state, policy, now=9.5) == 2.0
    assert prepare(state, policy, now=11.5) == 0.5
    ended = prepare(state, policy, now=12.0)
    assert isinstance(ended, WaitTimeoutError)
    assert str(ended) == "not finished within 10s (no time left for a last poll)"


def test_a_full_pool_is_waited_on_without_spinning() -> None:
    """Kills _time_to_next_launch's ``>`` for ``>=``: with every worker busy
    and a poll due, the scheduler blocks until a result comes instead of
    looping (reading its clock) for the 0.2 s the polls take."""
    reads = 0

    def clock() -> float:
        nonlocal reads
        reads += 1
        return 0.0

    def probe(task_id: str, timeout: float) -> str:
        time.sleep(0.2 if task_id != "c" else 0.0)
        return "done"

    jobs = [Job(name, probe, finished, EVERY_SECOND) for name in "abc"]
    timing = Timing(clock=clock, sleep=lambda s: None, random=lambda: 0.5)
    assert len(list(schedule(jobs, max_in_flight=2, timing=timing))) == 3
    assert reads < 20  # 7 without spinning


def _a_held_until_b_polled(times: int, hold: float, every: float) -> list[Job[str, str, object]]:
    """Jobs "a" and "b": a's one poll is in flight until b has polled
    ``times`` times (at most ``hold`` s: then "stuck"), b polling every ``every`` s."""
    release = threading.Event()
    b_polls: list[float] = []
    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=every, max=every))

    def probe(task_id: str, timeout: float) -> str:
        if task_id == "a":
            return "done" if release.wait(hold) else "stuck"
        b_polls.append(time.monotonic())
        if len(b_polls) == times:
            release.set()
            return "done"
        return "running"

    def rules(task_id: str, outcome: object) -> Decision[object]:
        return keep_polling(status="running") if outcome == "running" else done(outcome)

    return [Job(name, probe, rules, policy) for name in "ab"]


def test_with_a_cancel_event_a_launch_due_within_50_ms_is_not_held_to_50_ms() -> None:
    """Kills _Threads._slice's mutant that waits for results in rounds of
    50 ms even when the next launch is due sooner: with a cancel event to
    watch, b's ten polls 5 ms apart go on while a's poll is in flight (a
    ends once b has polled ten times) in about 50 ms, not in 0.45 s or more."""
    jobs = _a_held_until_b_polled(10, hold=5.0, every=0.005)
    began = time.monotonic()
    outcomes = dict(
        (job.task_id, outcome)
        for job, outcome in schedule(jobs, max_in_flight=2, cancel=threading.Event())
    )
    assert outcomes == {"a": "done", "b": "done"}
    assert time.monotonic() - began < 0.3


def test_the_wait_for_results_lasts_until_the_next_due_time_not_its_counter() -> None:
    """Kills _time_to_next_launch's mutant that reads the heap entry's counter
    for its due time: on a clock that starts at 0, b's polls every 10 ms go
    on while a's poll is in flight (a ends once b has polled three times),
    instead of each waiting seconds for a result."""
    began = time.monotonic()
    timing = Timing(clock=lambda: time.monotonic() - began)
    jobs = _a_held_until_b_polled(3, hold=3.0, every=0.01)
    assert dict((j.task_id, o) for j, o in schedule(jobs, max_in_flight=2, timing=timing)) == {
        "a": "done",
        "b": "done",
    }


def test_a_poll_that_misses_the_first_abort_is_broken_off_by_a_later_one() -> None:
    """Kills _Threads.close's mutants that wait for the polls without a bound
    after aborting once: a request that starts just after the first abort
    must be broken off by the next, 50 ms later."""
    cancel = threading.Event()
    aborts: list[float] = []
    again = threading.Event()
    freed: list[bool] = []

    class Channel:
        def reserve(self, connections: int) -> None:
            pass

        def abort(self, threads: object) -> None:
            aborts.append(time.monotonic())
            if len(aborts) == 2:
                again.set()

    channel = Channel()

    def probe(task_id: str, timeout: float) -> str:
        cancel.set()
        freed.append(again.wait(5.0))  # only a second abort frees it
        raise TransportError("aborted")

    instant = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0))
    jobs = [Job(name, probe, finished, instant, channel=channel) for name in "ab"]
    outcomes = list(schedule(jobs, max_in_flight=2, cancel=cancel))
    assert freed == [True, True]
    assert all(isinstance(o, WaitCancelledError) for _, o in outcomes)

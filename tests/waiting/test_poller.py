"""The generic poller in virtual time: thousands of schedules in milliseconds."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reliability.figures import examples
from taskpoll._http.pacing import Pacer
from taskpoll._http.transport import Response
from taskpoll._waiting.policy import (
    Backoff,
    Decision,
    PollEvent,
    WaitPolicy,
    done,
    failed,
    keep_polling,
    transient,
)
from taskpoll._waiting.scheduler import Job, poll_many, schedule
from taskpoll._waiting.state import WaitState, advance, begin, finish, is_throttle, settle
from taskpoll.errors import (
    DecodeError,
    HTTPStatusError,
    RateLimitedError,
    RequestBudgetExceededError,
    TaskFailedError,
    TaskpollError,
    TransportError,
    WaitCancelledError,
    WaitTimeoutError,
)
from virtual_time import VirtualTime

RETRYABLE = frozenset({429, 503})


@dataclass
class Step:
    """One scripted poll: how long the request takes and what it returns."""

    latency: float
    kind: str  # running | done | failed | transport | http503 | http429 | garbled
    retry_after: float | None = None


steps = st.builds(
    Step,
    latency=st.floats(0.0, 5.0),
    kind=st.sampled_from(
        ["running"] * 6 + ["transport", "http503", "http429", "garbled", "done", "failed"]
    ),
    retry_after=st.none() | st.floats(0.0, 20.0),
)
backoffs = st.builds(
    Backoff,
    first=st.floats(0.0, 3.0),
    min=st.floats(0.5, 3.0),
    max=st.floats(3.0, 30.0),
    factor=st.floats(1.0, 2.0),
    jitter=st.floats(0.0, 0.5),
)
policies = st.builds(
    WaitPolicy,
    max_wait=st.floats(1.0, 300.0),
    backoff=backoffs,
    max_requests=st.none() | st.integers(1, 150),
    min_request_timeout=st.floats(0.5, 5.0),
)


class Script:
    """A probe that replays steps in virtual time and records what the poller did."""

    def __init__(self, time: VirtualTime, script: list[Step]) -> None:
        self.time = time
        self.script = script
        self.calls: list[tuple[float, float]] = []  # (start, end)
        self.timeouts: list[float] = []

    def probe(self, task_id: str, timeout: float) -> Step:
        start = self.time.now
        self.timeouts.append(timeout)
        step = self.script[len(self.calls) % len(self.script)]
        # a request never outlives its timeout: the transport enforces that
        self.time.advance(min(step.latency, timeout))
        self.calls.append((start, self.time.now))
        if step.kind == "transport":
            raise TransportError("connection reset")
        if step.kind in {"http503", "http429"}:
            status = int(step.kind[4:])
            headers = (
                {} if step.retry_after is None else {"retry-after": str(int(step.retry_after))}
            )
            raise HTTPStatusError(
                "busy", status=status, response=Response(status, headers, b"", "http://x/")
            )
        if step.kind == "garbled":
            raise DecodeError("not JSON")
        return step


def rules(task_id: str, outcome: Step | TaskpollError) -> Decision[str]:
    if isinstance(outcome, TaskpollError):
        return transient(outcome, retry_statuses=RETRYABLE)
    if outcome.kind == "done":
        return done("result")
    if outcome.kind == "failed":
        return failed(TaskFailedError("task failed"))
    return keep_polling(status="running", retry_after=outcome.retry_after)


def run(
    policy: WaitPolicy, script: list[Step], seed: int = 0
) -> tuple[object, Script, VirtualTime]:
    vt = VirtualTime(seed)
    probe = Script(vt, script)
    [(task_id, outcome)] = list(poll_many(["t1"], probe.probe, rules, policy, timing=vt.timing()))
    assert task_id == "t1"
    return outcome, probe, vt


@settings(max_examples=examples(3000), deadline=None)
@given(policy=policies, script=st.lists(steps, min_size=1, max_size=40), seed=st.integers(0, 9))
def test_schedule_invariants(policy: WaitPolicy, script: list[Step], seed: int) -> None:
    outcome, probe, vt = run(policy, script, seed)
    backoff = policy.backoff

    # never past the deadline plus one (final) request's time
    assert vt.now <= policy.max_wait + max(policy.min_request_timeout, 5.0) + 1e-6
    # every request is given at least the minimum, and never more than the time left + minimum
    for (start, _), given_timeout in zip(probe.calls, probe.timeouts, strict=True):
        assert given_timeout >= policy.min_request_timeout - 1e-9
        assert given_timeout <= max(policy.max_wait - start, policy.min_request_timeout) + 1e-9
    # never more requests than the budget
    if policy.max_requests is not None:
        assert len(probe.calls) <= policy.max_requests
    # the first poll is not early
    assert probe.calls[0][0] >= min(backoff.first, policy.max_wait) - 1e-9
    # spacing: at least the minimum delay and any Retry-After hint; at most the maximum
    for i in range(1, len(probe.calls)):
        prev_end = probe.calls[i - 1][1]
        gap = probe.calls[i][0] - prev_end
        step = script[(i - 1) % len(script)]
        hint = step.retry_after if step.kind in {"running", "http503", "http429"} else None
        if step.kind in {"http503", "http429"} and hint is not None:
            hint = float(int(hint))
        assert gap >= backoff.min - 1e-9
        if hint is not None:
            assert gap >= hint - 1e-9
        else:
            assert gap <= backoff.max + 1e-9
    # the outcome is the right one for where the script stopped
    last = script[(len(probe.calls) - 1) % len(script)]
    if last.kind == "done":
        assert outcome == "result"
    elif last.kind == "failed":
        assert isinstance(outcome, TaskFailedError)
    else:
        assert isinstance(outcome, WaitTimeoutError | RequestBudgetExceededError | DecodeError), (
            outcome
        )
    if isinstance(outcome, TaskpollError):
        assert outcome.task_id == "t1"
        assert outcome.attempts == len(probe.calls)
        assert outcome.elapsed is not None


@settings(max_examples=examples(500), deadline=None)
@given(backoff=backoffs, polls=st.integers(1, 200), rand=st.floats(0.0, 0.999999))
def test_backoff_within_bounds(backoff: Backoff, polls: int, rand: float) -> None:
    assert backoff.min <= backoff.delay(polls, rand) <= backoff.max


def test_backoff_grows_then_caps() -> None:
    backoff = Backoff(first=1.0, min=2.0, max=10.0, factor=2.0, jitter=0.0)
    assert [backoff.delay(n, 0.5) for n in range(1, 6)] == [2.0, 4.0, 8.0, 10.0, 10.0]


def test_last_poll_lands_on_the_deadline() -> None:
    policy = WaitPolicy(max_wait=10.0, backoff=Backoff(first=1.0, min=4.0, max=4.0, jitter=0.0))
    outcome, probe, _ = run(policy, [Step(0.0, "running")])
    assert [start for start, _ in probe.calls] == [1.0, 5.0, 9.0]
    assert isinstance(outcome, WaitTimeoutError)
    policy = WaitPolicy(max_wait=11.0, backoff=Backoff(first=1.0, min=4.0, max=4.0, jitter=0.0))
    _, probe, _ = run(policy, [Step(0.0, "running")])
    assert [start for start, _ in probe.calls] == [1.0, 5.0, 9.0]  # 13 > 11 and 11-9 < min: stop
    policy = WaitPolicy(max_wait=8.0, backoff=Backoff(first=1.0, min=2.0, max=5.0, jitter=0.0))
    _, probe, _ = run(policy, [Step(0.0, "running")])
    assert [start for start, _ in probe.calls][-1] == 8.0  # clamped to the deadline


def test_retry_after_beyond_deadline_gives_up_early() -> None:
    policy = WaitPolicy(max_wait=30.0, backoff=Backoff(first=1.0, min=2.0, max=5.0))
    outcome, probe, vt = run(policy, [Step(0.0, "running", retry_after=60.0)])
    assert len(probe.calls) == 1
    assert isinstance(outcome, WaitTimeoutError)
    assert vt.now == 1.0  # no pointless sleeping until the deadline


def test_garbled_responses_are_tolerated_then_reported() -> None:
    policy = WaitPolicy(max_wait=100.0, max_decode_errors=3)
    outcome, probe, _ = run(policy, [Step(0.0, "garbled"), Step(0.0, "garbled"), Step(0, "done")])
    assert outcome == "result"
    outcome, probe, _ = run(policy, [Step(0.0, "garbled")])
    assert isinstance(outcome, DecodeError) and len(probe.calls) == 3


def test_cancel_stops_before_the_next_request() -> None:
    vt = VirtualTime()
    cancel = threading.Event()
    calls = []

    def probe(task_id: str, timeout: float) -> Step:
        calls.append(task_id)
        cancel.set()
        return Step(0.0, "running")

    outcomes = list(
        poll_many(
            ["a", "b"], probe, rules, WaitPolicy(max_wait=60.0), cancel=cancel, timing=vt.timing()
        )
    )
    assert len(calls) == 1
    assert {task_id for task_id, _ in outcomes} == {"a", "b"}
    assert all(isinstance(o, WaitCancelledError) for _, o in outcomes)


def test_real_sleep_is_interrupted_by_cancel() -> None:
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=30.0))
    [(_, outcome)] = list(
        poll_many(["a"], lambda *_: Step(0, "done"), rules, policy, cancel=cancel)
    )
    assert isinstance(outcome, WaitCancelledError)
    assert outcome.elapsed is not None and outcome.elapsed < 5.0


def test_many_tasks_finish_in_completion_order_and_failures_do_not_hide_others() -> None:
    vt = VirtualTime()
    finish_at = {"slow": 20.0, "fast": 3.0, "bad": 6.0}

    def probe(task_id: str, timeout: float) -> Step:
        if task_id == "bad" and vt.now >= finish_at["bad"]:
            return Step(0.0, "failed")
        return Step(0.0, "done" if vt.now >= finish_at[task_id] else "running")

    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=1.0, min=1.0, max=2.0, jitter=0.0))
    outcomes = list(
        poll_many(["slow", "fast", "bad", "fast"], probe, rules, policy, timing=vt.timing())
    )
    assert [task_id for task_id, _ in outcomes] == ["fast", "bad", "slow"]
    assert isinstance(outcomes[1][1], TaskFailedError)
    assert outcomes[0][1] == outcomes[2][1] == "result"


@pytest.mark.parametrize(
    "bad",
    [{"first": -1.0}, {"min": 0.0}, {"min": 5.0, "max": 2.0}, {"factor": 0.5}, {"jitter": 1.0}],
)
def test_backoff_rejects_nonsense(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**bad)


@pytest.mark.parametrize(
    "bad", [{"timeout": 0}, {"timeout": float("inf")}, {"timeout": 5, "max_requests": 0}]
)
def test_policy_rejects_nonsense(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        WaitPolicy(**bad)  # type: ignore[arg-type]


def test_with_max_wait_keeps_every_other_setting() -> None:
    """Kills WaitPolicy.with_max_wait's mutants that drop or replace
    max_requests, min_request_timeout or max_decode_errors."""
    backoff = Backoff(first=0.5, min=1.0, max=4.0)
    policy = WaitPolicy(9.0, backoff, 7, 4.5, 6)
    assert policy.with_max_wait(3.0) == WaitPolicy(3.0, backoff, 7, 4.5, 6)


def test_a_renamed_name_warns_with_its_message_and_category() -> None:
    """Kills warn_renamed's mutants that drop or replace the message or the
    DeprecationWarning category (test_durable.py's tests of the old names also
    check the warning's stacklevel; `make mutate` deselects them)."""
    policy = WaitPolicy(max_wait=9.0)
    with pytest.warns(DeprecationWarning) as seen:
        assert policy.timeout == 9.0
    assert [type(w.message) for w in seen] == [DeprecationWarning]
    assert str(seen[0].message) == (
        "WaitPolicy.timeout is deprecated; use WaitPolicy.max_wait (renamed in taskpoll 0.2)"
    )


def test_a_cancelled_wait_says_so() -> None:
    """Kills _Scheduler._cancel_all's mutants of the message."""
    cancel = threading.Event()
    cancel.set()
    [(_, outcome)] = poll_many(
        ["a"], lambda i, t: Step(0.0, "running"), rules, WaitPolicy(max_wait=60.0), cancel=cancel
    )
    assert isinstance(outcome, WaitCancelledError) and outcome.message == "wait cancelled"


def test_each_channel_pools_one_connection_per_task_on_it() -> None:
    """Kills _reserve_connections's mutant that counts from 1: three tasks on
    one channel reserve three connections (max_in_flight is 8), one task on
    another reserves one."""
    reserved: dict[str, list[int]] = {"a": [], "b": []}

    class Channel:
        def __init__(self, name: str) -> None:
            self.name = name

        def reserve(self, connections: int) -> None:
            reserved[self.name].append(connections)

        def abort(self, threads: object) -> None:
            pass

    a, b = Channel("a"), Channel("b")
    jobs = [
        Job(i, lambda i, t: "done", lambda i, o: done(o), WaitPolicy(60.0), channel=a)
        for i in range(3)
    ]
    jobs.append(Job(9, lambda i, t: "done", lambda i, o: done(o), WaitPolicy(60.0), channel=b))
    vt = VirtualTime()
    assert len(list(schedule(jobs, max_in_flight=8, timing=vt.timing()))) == 4
    assert reserved == {"a": [3], "b": [1]}


def test_the_shared_verdict_on_each_kind_of_error() -> None:
    """Kills transient's and failed's mutants: each status text, the server's
    hint (read only from a response there is), ``not in`` for ``in``, and the
    error a failure carries."""
    busy = Response(503, {"retry-after": "7"}, b"", "http://x")
    http_503 = HTTPStatusError("busy", status=503, response=busy)
    bare_503 = HTTPStatusError("busy", status=503, response=None)
    http_404 = HTTPStatusError("gone", status=404)
    throttled = RateLimitedError("slow down", retry_after=3.0)
    garbled = DecodeError("not JSON")
    task_failed = TaskFailedError("task failed")
    verdict = {e: transient(e, retry_statuses=RETRYABLE) for e in (http_503, bare_503, http_404)}
    assert verdict[http_503] == Decision(status="HTTP 503", retry_after=7.0)
    assert verdict[bare_503] == Decision(status="HTTP 503")
    assert verdict[http_404] == Decision(error=http_404, finished=True, status="failed")
    assert transient(TransportError("reset"), retry_statuses=RETRYABLE) == Decision(
        status="transport error"
    )
    assert transient(throttled, retry_statuses=RETRYABLE) == Decision(
        status="rate limited", retry_after=3.0
    )
    assert transient(garbled, retry_statuses=RETRYABLE) == Decision(
        error=garbled, status="garbled response", garbled=True
    )
    assert transient(task_failed, retry_statuses=RETRYABLE) == Decision(
        error=task_failed, finished=True, status="failed"
    )


def test_poll_many_reports_each_poll_on_the_callers_thread_and_paces_it() -> None:
    """Kills poll_many's mutants: max_in_flight 2 by default (polls on a worker
    thread), the pacer not passed on, and on_poll dropped or given None."""
    vt = VirtualTime()
    threads: set[int] = set()
    polled: list[float] = []

    def probe(task_id: str, timeout: float) -> Step:
        threads.add(threading.get_ident())
        polled.append(vt.now)
        return Step(0.0, "done")

    events: list[PollEvent[str, Step]] = []
    pacer = Pacer(max_rate=1.0, clock=vt.clock)
    instant = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0))
    outcomes = dict(
        poll_many(
            ["a", "b", "c"],
            probe,
            rules,
            instant,
            on_poll=events.append,
            timing=vt.timing(),
            pacer=pacer,
        )
    )
    assert outcomes == dict.fromkeys("abc", "result")
    assert threads == {threading.get_ident()}
    assert polled == [0.0, 1.0, 2.0]  # one request a second, the pacer's rate
    assert [(e.task_id, e.status, e.attempts) for e in events] == [
        ("a", "done", 1),
        ("b", "done", 1),
        ("c", "done", 1),
    ]


def test_a_wait_ended_without_a_poll_carries_the_last_response_and_error() -> None:
    """Kills _Scheduler._finish's mutants that drop the last response or the
    last poll's error: the budget ends the wait before its second poll."""
    busy = Response(503, {}, b"", "http://x")
    last = HTTPStatusError("busy", status=503, response=busy)

    def probe(task_id: str, timeout: float) -> Step:
        raise last

    vt = VirtualTime()
    [(_, outcome)] = poll_many(
        ["a"], probe, rules, WaitPolicy(max_wait=60.0, max_requests=1), timing=vt.timing()
    )
    assert isinstance(outcome, RequestBudgetExceededError)
    assert outcome.response is busy and outcome.__cause__ is last


def test_a_slow_poll_in_flight_does_not_hold_back_a_due_one() -> None:
    """Kills _Threads.collect's mutant that waits for a result without the
    time to the next launch: b's polls, due every 10 ms, go on while a's poll
    is in flight, and b's third poll is what lets a's end."""
    release = threading.Event()
    b_polls: list[int] = []
    released_by_b: list[bool] = []

    def probe(task_id: str, timeout: float) -> Step:
        if task_id == "a":
            released_by_b.append(release.wait(5.0))  # a bound, never reached unless broken
            return Step(0.0, "done")
        b_polls.append(1)
        if len(b_polls) == 3:
            release.set()
            return Step(0.0, "done")
        return Step(0.0, "running")

    rapid = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.01, max=0.01))
    outcomes = dict(poll_many(["a", "b"], probe, rules, rapid, max_in_flight=2))
    assert outcomes == {"a": "result", "b": "result"}
    assert released_by_b == [True]


@pytest.mark.parametrize(
    ("make", "error", "says"),
    [
        (lambda: Backoff(first=-1.0), ValueError, "need 0 <= first and 0 < min <= max"),
        (lambda: Backoff(factor=0.5), ValueError, "need factor >= 1 and 0 <= jitter < 1"),
        (lambda: WaitPolicy(max_wait=0.0), ValueError, "max_wait must be positive and finite"),
        (lambda: WaitPolicy(60.0, max_requests=0), ValueError, "max_requests must be at least 1"),
        (WaitPolicy, TypeError, "WaitPolicy needs max_wait"),
        (
            lambda: WaitPolicy(9.0, timeout=9.0),
            TypeError,
            "pass max_wait= only (timeout= is its deprecated name)",
        ),
    ],
)
def test_a_policy_refuses_nonsense_in_these_words(make: object, error: type, says: str) -> None:
    """Kills the message mutants of Backoff's and WaitPolicy's checks."""
    with pytest.raises(error) as info:
        make()  # type: ignore[operator]
    assert str(info.value) == says


def test_a_policys_defaults_and_its_smallest_request_limit() -> None:
    """Kills WaitPolicy.__init__'s mutants of the defaults (2 s, 3 garbled) and
    of the arguments passed on, and the ``<= 1`` / ``< 2`` request limits."""
    assert WaitPolicy(60.0).min_request_timeout == 2.0
    assert WaitPolicy(60.0).max_decode_errors == 3
    assert WaitPolicy(60.0, max_requests=1).max_requests == 1
    policy = WaitPolicy(9.0, Backoff(), None, 4.5, 6)
    assert (policy.min_request_timeout, policy.max_decode_errors) == (4.5, 6)


def test_the_old_timeout_name_warns_in_these_words() -> None:
    """Kills WaitPolicy.__init__'s mutants of the warning's names (the
    stacklevel is test_durable.py's, which `make mutate` deselects)."""
    with pytest.warns(DeprecationWarning) as seen:
        assert WaitPolicy(timeout=9.0) == WaitPolicy(9.0)
    assert str(seen[0].message) == (
        "WaitPolicy(timeout=) is deprecated; use WaitPolicy(max_wait=) (renamed in taskpoll 0.2)"
    )


def test_cancel_breaks_off_the_polls_of_every_channel() -> None:
    """Kills _Threads.close's mutant that keys every channel by id(None), so
    only one of two channels is aborted: each poll here ends only when its
    own channel is aborted (or after a 5 s bound the test then fails on)."""
    cancel = threading.Event()
    started = threading.Barrier(3)
    freed: dict[str, bool] = {}

    class Channel:
        def __init__(self, name: str) -> None:
            self.name = name
            self.aborted = threading.Event()

        def reserve(self, connections: int) -> None:
            pass

        def abort(self, threads: object) -> None:
            self.aborted.set()

    channels = {"a": Channel("a"), "b": Channel("b")}

    def probe(task_id: str, timeout: float) -> Step:
        started.wait(5.0)
        freed[task_id] = channels[task_id].aborted.wait(5.0)
        raise TransportError("aborted")

    instant = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0))
    jobs = [Job(name, probe, rules, instant, channel=channels[name]) for name in "ab"]

    def cancel_once_both_poll() -> None:
        started.wait(5.0)
        cancel.set()

    threading.Thread(target=cancel_once_both_poll).start()
    outcomes = list(schedule(jobs, max_in_flight=2, cancel=cancel))
    assert freed == {"a": True, "b": True}
    assert all(isinstance(o, WaitCancelledError) for _, o in outcomes)


def test_backoff_delay_exactly() -> None:
    """Kills Backoff.delay's mutants of the growth (``*`` for ``**``, 65 for
    the 64-poll cap) and of the jitter (``/``, ``1 -``, ``+ 1``, ``- 2``)."""
    backoff = Backoff(min=2.0, max=30.0, factor=1.5, jitter=0.2)
    assert backoff.delay(3, 0.75) == pytest.approx(2.0 * 1.5**2 * 1.1)
    assert backoff.delay(3, 0.0) == pytest.approx(2.0 * 1.5**2 * 0.8)
    slow = Backoff(min=1.0, max=10.0, factor=1.01, jitter=0.0)
    assert slow.delay(100, 0.5) == pytest.approx(1.01**64)  # the exponent stops at 64


def test_a_step_records_the_status_and_resets_the_garbled_count() -> None:
    """Kills advance's mutants that drop the last status or count a good
    answer as garbled, and is_throttle's of the 429."""
    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=1.0, max=1.0))
    state = attrs.evolve(begin("model", 1, policy, 0.0), garbled=2)
    polling = advance(state, keep_polling(status="running"), policy, 1.0, lambda: 0.5)
    assert (polling.state.last_status, polling.state.garbled) == ("running", 0)
    ready = advance(state, done("r", status="ready"), policy, 1.0, lambda: 0.5)
    assert ready.state.last_status == "ready" and ready.done
    assert is_throttle(HTTPStatusError("slow", status=429))
    assert not is_throttle(HTTPStatusError("x", status=430))
    assert not is_throttle(HTTPStatusError("x", status=503))


def test_finish_keeps_what_an_error_already_says() -> None:
    """Kills finish's mutants: a response or a cause the error has stays; an
    error is never its own cause; a missing response is the last one."""
    state = begin("model", 1, WaitPolicy(max_wait=60.0), 0.0)
    own = Response(500, {}, b"own", "http://x")
    last_response = Response(503, {}, b"last", "http://x")
    earlier = TransportError("reset")
    error = HTTPStatusError("boom", status=500, response=own)
    finish(error, state, 5.0, last_response=last_response, last_error=earlier)
    assert error.response is own and error.__cause__ is earlier
    caused = TransportError("x")
    caused.__cause__ = ValueError("the real cause")
    finish(caused, state, 5.0, last_response=last_response, last_error=earlier)
    assert isinstance(caused.__cause__, ValueError) and caused.response is last_response
    alone = TransportError("y")
    finish(alone, state, 5.0, last_error=alone)
    assert alone.__cause__ is None and alone.response is None


def test_schedule_reports_each_poll_with_its_job_and_event() -> None:
    """Kills _Scheduler._settle's mutants that hand on_poll/on_state None for
    the job, or an event without the outcome, status, percent or elapsed time."""
    vt = VirtualTime()
    vt.advance(100.0)  # elapsed is measured from the wait's start, not the clock's zero
    policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=1.0, min=2.0, max=2.0, jitter=0.0))
    answers = iter([Step(0.0, "running"), Step(0.0, "done")])
    answered: list[Step] = []

    def probe(task_id: str, timeout: float) -> Step:
        answered.append(next(answers))
        return answered[-1]

    job = Job(
        "a",
        probe,
        lambda i, o: (
            keep_polling(status="running", percent=50.0) if o.kind == "running" else done("r")
        ),
        policy,
    )
    seen: list[tuple[object, object]] = []
    states: list[tuple[object, WaitState]] = []
    list(
        schedule(
            [job],
            on_poll=lambda j, e: seen.append((j, e)),
            on_state=lambda j, s: states.append((j, s)),
            timing=vt.timing(),
        )
    )
    assert [j for j, _ in seen] == [job, job] and [j for j, _ in states] == [job, job]
    events = [e for _, e in seen]
    assert [(e.outcome, e.status, e.percent, e.attempts, e.elapsed) for e in events] == [
        (answered[0], "running", 50.0, 1, 1.0),
        (answered[1], "done", 100.0, 2, 3.0),
    ]


def test_settle_keeps_the_status_and_response_and_gives_them_to_the_error() -> None:
    """Kills settle's mutants: the step's status and response (what
    poll_once returns), and the response an ending error carries, the poll's
    own (a response) or its error's (an error)."""
    policy = WaitPolicy(max_wait=60.0)
    state = begin("model", 1, policy, 0.0)
    answer = Step(0.0, "running")
    step = settle(state, answer, keep_polling(status="running"), policy, now=1.0, rand=lambda: 0.5)
    assert (step.status, step.response) == ("running", answer)
    refusal = TaskFailedError("refused")
    ended = settle(state, answer, failed(refusal), policy, now=1.0, rand=lambda: 0.5)
    assert ended.error is refusal and refusal.response is answer and ended.status == "failed"
    busy = Response(500, {}, b"", "http://x")
    broken = HTTPStatusError("boom", status=500, response=busy)
    fatal = TaskFailedError("gave up")
    settle(state, broken, failed(fatal), policy, now=1.0, rand=lambda: 0.5)
    assert fatal.response is busy and fatal.__cause__ is broken

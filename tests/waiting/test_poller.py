"""The generic poller in virtual time: thousands of schedules in milliseconds."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reliability.figures import examples
from taskpoll._http.transport import Response
from taskpoll._waiting.policy import (
    Backoff,
    Decision,
    WaitPolicy,
    done,
    failed,
    keep_polling,
    transient,
)
from taskpoll._waiting.scheduler import poll_many
from taskpoll.errors import (
    DecodeError,
    HTTPStatusError,
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

"""``schedule(until=)`` and ``BaseClient.poll_slice``: a slice of many waits,
handed on with their states (what the Celery batch task runs)."""

from __future__ import annotations

import threading
import time

import pytest

from taskpoll import Backoff, WaitPolicy
from taskpoll._waiting.policy import Decision, done, keep_polling
from taskpoll._waiting.scheduler import Job, schedule
from taskpoll._waiting.state import WaitState
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from virtual_time import VirtualTime

EVERY_SECOND = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=1.0, max=1.0, jitter=0.0))


def _finishes_at(attempt: int) -> object:
    def rules(task_id: str, outcome: object) -> Decision[str]:
        return done("result") if outcome == attempt else keep_polling(status="running")

    return rules


def test_a_slice_launches_no_poll_at_or_after_until_and_yields_only_finished_waits() -> None:
    """Polls at 0, 1, 2, 3 s; ``until=3.0`` stops the fourth (due exactly at
    it); "a" finishes at its second poll and is yielded, "b" is not, and its
    last state (three polls, next at 3.0) went to on_state."""
    vt = VirtualTime()
    polls: list[tuple[str, float]] = []
    counts = {"a": 0, "b": 0}

    def probe(task_id: str, timeout: float) -> int:
        polls.append((task_id, vt.now))
        counts[task_id] += 1
        return counts[task_id]

    jobs = [
        Job("a", probe, _finishes_at(2), EVERY_SECOND),  # type: ignore[arg-type]
        Job("b", probe, _finishes_at(99), EVERY_SECOND),  # type: ignore[arg-type]
    ]
    states: dict[str, WaitState] = {}
    out = list(
        schedule(
            jobs,
            timing=vt.timing(),
            until=3.0,
            on_state=lambda job, state: states.__setitem__(job.task_id, state),
        )
    )
    assert [(job.task_id, result) for job, result in out] == [("a", "result")]
    assert polls == [("a", 0.0), ("b", 0.0), ("a", 1.0), ("b", 1.0), ("b", 2.0)]
    assert states.keys() == {"a", "b"}
    assert (states["b"].attempts, states["b"].next_poll) == (3, 3.0)
    assert vt.now == 2.0  # nothing slept towards the poll due at until


def test_a_slice_ends_when_its_polls_in_flight_settle_and_starts_none_after_until() -> None:
    """Three threads, until 0.5 s: "b" (0.1 s polls every 0.2 s) is due again
    at 0.6 s, while "a" (1.2 s) and "c" (0.7 s) are still in flight; when "c"
    answers, "b" is due but past until, so it is not launched.  The slice
    returns once "a" has answered, its state saved."""
    started: list[tuple[str, float]] = []
    ended: list[float] = []
    lock = threading.Lock()
    took = {"a": 1.2, "b": 0.1, "c": 0.7}

    def probe(task_id: str, timeout: float) -> str:
        with lock:
            started.append((task_id, time.monotonic()))
        time.sleep(took[task_id])
        with lock:
            ended.append(time.monotonic())
        return "running"

    quick = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.2, max=0.2, jitter=0.0))
    jobs = [Job(i, probe, lambda i, o: keep_polling(status="running"), quick) for i in took]
    saved: list[str] = []
    until = time.monotonic() + 0.5
    out = list(
        schedule(jobs, max_in_flight=3, until=until, on_state=lambda j, s: saved.append(j.task_id))
    )
    returned = time.monotonic()
    assert out == []
    assert max(at for _, at in started) < until, started
    assert [i for i, _ in started].count("b") >= 2  # b was polled again inside the slice
    assert len(ended) == len(started) == len(saved)  # every poll launched was settled
    assert returned >= max(ended)


def test_poll_slice_hands_on_each_unfinished_wait_with_its_state() -> None:
    """Three CapMonster waits against the emulator, a 1.5 s slice: the task
    ready at once is yielded done with its status and response; the others
    come back with their states, which a later slice finishes."""
    from taskpoll import capmonster

    with CapmonsterEmulator(keys={"k"}) as emulator:
        ready = emulator.app.add_task(script=Script(solve_after=0.0))
        later = [emulator.app.add_task(script=Script(solve_after=2.5)) for _ in range(2)]
        client = capmonster.Client("k", base_url=emulator.url)
        quick = WaitPolicy(max_wait=30.0, backoff=Backoff(first=0.0, min=0.2, max=0.2, jitter=0.0))
        states = [client.begin_wait(i, policy=quick) for i in [ready, *later]]
        first = list(client.poll_slice(states, until=time.time() + 1.5, policy=quick))
        done_now = [s for s in first if s.finished]
        going_on = [s for s in first if not s.finished]
        assert [s.state.task_id for s in done_now] == [ready]
        assert done_now[0].done and done_now[0].status == "ready"
        assert done_now[0].response is not None
        assert sorted(s.state.task_id for s in going_on) == sorted(later)
        assert all(s.state.attempts >= 5 and s.error is None for s in going_on)
        second = list(
            client.poll_slice([s.state for s in going_on], until=time.time() + 5.0, policy=quick)
        )
        assert sorted(s.state.task_id for s in second if s.done) == sorted(later)
        polls = dict(emulator.app.polls)
    assert polls[ready] == 1


def test_another_apis_wait_state_is_refused_before_any_request() -> None:
    from taskpoll import capmonster

    with CapmonsterEmulator(keys={"k"}) as emulator:
        client = capmonster.Client("k", base_url=emulator.url)
        foreign = WaitState.from_json(
            client.begin_wait(7).to_json().replace('"capmonster"', '"cloudcoin"')
        )
        with pytest.raises(ValueError, match="a cloudcoin wait state, not capmonster's"):
            client.poll_once(foreign)
        with pytest.raises(ValueError, match="a cloudcoin wait state, not capmonster's"):
            list(client.poll_slice([foreign], until=time.time() + 1.0))
        polls = sum(emulator.app.polls.values())
    assert polls == 0

"""Figure 4: polling efficiency in virtual time.

Task durations are drawn log-uniform from 1 s to 120 s (the same draw for
every policy).  Each policy waits for all of them through the real
scheduler, :func:`taskpoll._waiting.scheduler.poll_many`, with a virtual clock: a poll
costs no time and sees the task done once the clock has reached its
duration.  The figures per policy are the mean requests per task and the
mean detection lag (the time from the task finishing to the wait returning).

Fixed-interval polling at I seconds polls at I, 2I, 3I, … (the seeds' and
the official clients' loops: sleep, then ask), with no request cap.
"""

from __future__ import annotations

import math
import random
import statistics
from typing import Any

import attrs

from taskpoll._waiting.policy import Backoff, Decision, Timing, WaitPolicy, done, keep_polling
from taskpoll._waiting.scheduler import poll_many
from taskpoll.errors import TaskpollError

SHORTEST, LONGEST = 1.0, 120.0
TASKS = 4000
FIXED = (1.0, 2.0, 3.0, 10.0)


@attrs.frozen
class Efficiency:
    label: str
    requests: float
    lag: float
    #: Tasks the policy gave up on (deadline or request cap) before they finished.
    unfinished: int


def durations(n: int = TASKS, seed: int = 7) -> list[float]:
    rng = random.Random(seed)
    low, high = math.log(SHORTEST), math.log(LONGEST)
    return [math.exp(rng.uniform(low, high)) for _ in range(n)]


def fixed(interval: float) -> WaitPolicy:
    steady = Backoff(first=interval, min=interval, max=interval, factor=1, jitter=0)
    return WaitPolicy(max_wait=1e6, backoff=steady)


def simulate(label: str, policy: WaitPolicy, tasks: list[float], seed: int = 3) -> Efficiency:
    now = [0.0]
    polls = [0] * len(tasks)
    seen: dict[int, float] = {}

    def sleep(seconds: float) -> None:
        now[0] += seconds

    def probe(task: int, _timeout: float) -> bool:
        polls[task] += 1
        return now[0] >= tasks[task]

    def rules(task: int, finished: bool | TaskpollError) -> Decision[bool]:
        if finished is True:
            seen[task] = now[0]
            return done(True)
        return keep_polling(status="running")

    timing = Timing(clock=lambda: now[0], sleep=sleep, random=random.Random(seed).random)
    for _ in poll_many(range(len(tasks)), probe, rules, policy, timing=timing):
        pass
    return Efficiency(
        label=label,
        requests=statistics.fmean(polls),
        lag=statistics.fmean(seen[t] - tasks[t] for t in seen) if seen else math.nan,
        unfinished=len(tasks) - len(seen),
    )


def describe(policy: WaitPolicy) -> str:
    b = policy.backoff
    cap = f", ≤{policy.max_requests} requests" if policy.max_requests else ""
    return (
        f"first {b.first:g} s, then {b.min:g} s ×{b.factor:g} up to {b.max:g} s, "
        f"±{b.jitter:.0%} jitter, deadline {policy.max_wait:g} s{cap}"
    )


def table(policies: dict[str, Any], tasks: list[float]) -> list[Efficiency]:
    rows = [simulate(f"fixed {i:g} s", fixed(i), tasks) for i in FIXED]
    rows += [simulate(label, policy, tasks) for label, policy in policies.items()]
    return rows

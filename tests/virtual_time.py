"""Virtual time for poller tests: a clock that only moves when the poller sleeps."""

from __future__ import annotations

import random

from taskpoll._waiting.policy import Timing
from taskpoll.testing.server import Clock


class VirtualTime:
    def __init__(self, seed: int = 0) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._random = random.Random(seed)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def timing(self) -> Timing:
        return Timing(clock=self.clock, sleep=self.sleep, random=self._random.random)


class VirtualClock(Clock):
    """An emulator's clock tied to the poller's virtual time: tasks age only
    when the poller sleeps, or when the test advances either clock."""

    def __init__(self, vt: VirtualTime) -> None:
        super().__init__()
        self.vt = vt
        self.moved = 0.0

    def now(self) -> float:
        return self.vt.now + self.moved

    def advance(self, seconds: float) -> None:
        self.moved += seconds


class ManualClock(Clock):
    """An emulator's clock that stands still until ``advance()`` moves it."""

    def __init__(self) -> None:
        super().__init__()
        self.moved = 0.0

    def now(self) -> float:
        return self.moved

    def advance(self, seconds: float) -> None:
        self.moved += seconds

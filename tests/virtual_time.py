"""Virtual time for poller tests: a clock that only moves when the poller sleeps."""

from __future__ import annotations

import random

from taskpoll.poller import Timing


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

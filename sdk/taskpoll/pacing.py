"""Account-wide pacing: one token bucket per client, slowed by throttling.

A :class:`Pacer` is shared by every request a client makes, waits and
direct calls alike.  It has two jobs:

* a ceiling, ``max_rate`` requests per second (``None``: none), enforced as
  a token bucket holding one second's worth of tokens (at least one);
* backing off when the server throttles.  A throttle signal (HTTP 429, or an
  API's own "too many requests" code) halves the rate the client may use,
  measured from what it was actually sending, and the rate then grows back
  by a tenth of the pre-throttle rate per second without another throttle
  (additive increase, multiplicative decrease, as TCP does).  Signals within
  one second of the last one count once: every poll in flight at that moment
  sees the same refusal.

Waits *reserve* a token on the scheduler's thread (``reserve`` returns how
long until it is theirs, so the scheduler can poll other tasks meanwhile)
and then send the request inside :meth:`Pacer.prepaid`, so the session's
:meth:`Pacer.acquire`, which every direct call blocks on, does not charge
the request twice.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from typing import Final

__all__ = ["Pacer"]

log = logging.getLogger("taskpoll.pacing")

_FLOOR: Final = 0.2  # requests per second a throttled client is never slowed below
_QUIET: Final = 1.0  # seconds in which repeated throttle signals count once
_RECOVERY: Final = 0.1  # of the pre-throttle rate, regained per quiet second


class Pacer:
    """A thread-safe token bucket whose rate drops on throttling and recovers.

    ``clock`` is the bucket's time source for :meth:`acquire`; the
    scheduler passes its own (possibly virtual) time to :meth:`reserve`
    and :meth:`throttled`.
    """

    def __init__(
        self, max_rate: float | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_rate is not None and not (0 < max_rate < math.inf):
            raise ValueError("max_rate must be a positive, finite number of requests per second")
        self.max_rate: Final = max_rate
        self._clock = clock
        self._lock = threading.Lock()
        self._local = threading.local()
        self._rate = max_rate  # the rate in force now; None while unlimited
        self._tokens = _burst(max_rate) if max_rate is not None else 0.0
        self._stamp: float | None = None
        self._ceiling: float | None = None  # the rate to recover to after a throttle
        self._last_throttle = -math.inf
        # requests in the current and the previous whole second, for the measured rate
        self._window = (0.0, 0, 0)

    def __repr__(self) -> str:
        rate = "unlimited" if self._rate is None else f"{self._rate:.3g}/s"
        return f"Pacer(max_rate={self.max_rate!r}, now {rate})"

    @property
    def rate(self) -> float | None:
        """The requests per second allowed now (``None``: unlimited)."""
        with self._lock:
            return self._rate

    def reserve(self, now: float) -> float:
        """Take one token; returns the seconds until it may be used (0: now)."""
        with self._lock:
            self._count(now)
            self._recover(now)
            if self._rate is None:
                return 0.0
            self._refill(now)
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self._rate

    def acquire(self) -> None:
        """Block until one request may leave (free inside :meth:`prepaid`)."""
        if getattr(self._local, "prepaid", False):
            return
        pause = self.reserve(self._clock())
        if pause > 0:
            time.sleep(pause)

    @contextlib.contextmanager
    def prepaid(self) -> Iterator[None]:
        """Requests made in this block on this thread were reserved already."""
        self._local.prepaid = True
        try:
            yield
        finally:
            self._local.prepaid = False

    def refused(self) -> None:
        """A direct call was throttled (a wait's scheduler reports its own polls)."""
        if not getattr(self._local, "prepaid", False):
            self.throttled(self._clock())

    def throttled(self, now: float) -> None:
        """The server said "too many requests": halve the rate in force."""
        with self._lock:
            if now - self._last_throttle < _QUIET:
                return
            self._last_throttle = now
            self._refill(now)
            current = self._rate if self._rate is not None else max(self._measured(now), _FLOOR)
            if self._ceiling is None:
                self._ceiling = current if self.max_rate is None else self.max_rate
            self._rate = max(_FLOOR, current / 2)
            self._tokens = min(self._tokens, _burst(self._rate))
            log.info("throttled: pacing requests at %.3g/s", self._rate)

    # -- under the lock ------------------------------------------------------

    def _refill(self, now: float) -> None:
        if self._stamp is not None and self._rate is not None:
            self._tokens = min(_burst(self._rate), self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now if self._stamp is None else max(self._stamp, now)

    def _recover(self, now: float) -> None:
        if self._ceiling is None or self._rate is None:
            return
        quiet = now - self._last_throttle - _QUIET
        if quiet <= 0:
            return
        self._refill(now)
        # Grow from the halved rate, linearly in the time since the throttle.
        target = self._rate + _RECOVERY * self._ceiling * min(quiet, 1.0)
        self._last_throttle = now - _QUIET  # measure the next step from here
        if target >= self._ceiling:
            self._rate = self.max_rate  # back to the configured ceiling, or unlimited
            self._ceiling = None
            if self._rate is None:
                self._tokens = 0.0
            log.info("pacing recovered")
        else:
            self._rate = target

    def _count(self, now: float) -> None:
        second, current, previous = self._window
        whole = math.floor(now)
        if whole == second:
            self._window = (second, current + 1, previous)
        else:
            self._window = (whole, 1, current if whole == second + 1 else 0)

    def _measured(self, now: float) -> float:
        second, current, previous = self._window
        if math.floor(now) != second:
            return float(current) if math.floor(now) == second + 1 else 0.0
        return float(max(current, previous))


def _burst(rate: float) -> float:
    """The bucket holds a second's worth of tokens, and always room for one."""
    return max(1.0, rate)

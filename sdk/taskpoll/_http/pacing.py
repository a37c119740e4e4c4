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

An account shared through a ledger (many processes) is paced in the
ledger, one transaction per request, except while it is unlimited and not
throttled: then there is nothing to enforce, so a process lets its requests
go at once and adds its count of them to the account's only every
``_SYNC`` seconds.  That transaction is also when it sees a throttle that
another process met, so a throttle reaches every process within ``_SYNC``.

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
from typing import Any, Final, Protocol

import attrs

from ..errors import RateLimitedError

__all__ = ["Bucket", "BucketStore", "Pacer"]

log: logging.Logger = logging.getLogger("taskpoll.pacing")

_FLOOR: Final = 0.2  # requests per second a throttle never slows a client below (unless it was)
_QUIET: Final = 1.0  # seconds in which repeated throttle signals count once
_RECOVERY: Final = 0.1  # of the pre-throttle rate, regained per quiet second
# How long a process paces an unlimited, unthrottled shared account alone: a
# ledger transaction per request costs more CPU than the poll it paces.
_SYNC: Final = 0.25


@attrs.define
class Bucket:
    """The pacing state of one account: a plain value, so a ledger can keep
    it for many processes (:meth:`to_dict`, :meth:`from_dict`)."""

    max_rate: float | None
    #: The rate in force now; ``None`` while unlimited.
    rate: float | None = None
    tokens: float = 0.0
    stamp: float | None = None
    #: The rate to recover to after a throttle.
    ceiling: float | None = None
    last_throttle: float = -math.inf
    #: Requests in the current and the previous whole second, for the measured rate.
    second: float = 0.0
    current: int = 0
    previous: int = 0

    @classmethod
    def fresh(cls, max_rate: float | None) -> Bucket:
        tokens = _burst(max_rate) if max_rate is not None else 0.0
        return cls(max_rate, rate=max_rate, tokens=tokens)

    def to_dict(self) -> dict[str, float | int | None]:
        values = attrs.asdict(self)
        values["last_throttle"] = max(self.last_throttle, -1e300)  # JSON has no -inf
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Bucket:
        return cls(**{field.name: values[field.name] for field in attrs.fields(cls)})

    def reserve(self, now: float) -> float:
        """Take one token; returns the seconds until it may be used (0: now)."""
        self.count(now)
        self._recover(now)
        if self.rate is None:
            return 0.0
        self._refill(now)
        self.tokens -= 1.0
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate

    def throttled(self, now: float) -> None:
        """The server said "too many requests": halve the rate in force."""
        if now - self.last_throttle < _QUIET:
            return
        self.last_throttle = now
        self._refill(now)
        current = self.rate if self.rate is not None else max(self._measured(now), _FLOOR)
        if self.ceiling is None:
            self.ceiling = current if self.max_rate is None else self.max_rate
        self.rate = max(current / 2, min(_FLOOR, current))
        self.tokens = min(self.tokens, _burst(self.rate))
        log.info("throttled: pacing requests at %.3g/s", self.rate)

    def _refill(self, now: float) -> None:
        if self.stamp is not None and self.rate is not None:
            self.tokens = min(_burst(self.rate), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now if self.stamp is None else max(self.stamp, now)

    def _recover(self, now: float) -> None:
        if self.ceiling is None or self.rate is None:
            return
        quiet = now - self.last_throttle - _QUIET
        if quiet <= 0:
            return
        self._refill(now)
        # Grow from the halved rate, linearly in the time since the throttle.
        target = self.rate + _RECOVERY * self.ceiling * min(quiet, 1.0)
        self.last_throttle = now - _QUIET  # measure the next step from here
        if target >= self.ceiling:
            self.rate = self.max_rate  # back to the configured ceiling, or unlimited
            self.ceiling = None
            if self.rate is None:
                self.tokens = 0.0
            log.info("pacing recovered")
        else:
            self.rate = target

    @property
    def unpaced(self) -> bool:
        """Unlimited and not throttled: no request waits."""
        return self.rate is None and self.ceiling is None

    def count(self, now: float, requests: int = 1) -> None:
        """Add ``requests`` sent at ``now`` to the measured rate (a throttle halves it)."""
        whole = math.floor(now)
        if whole == self.second:
            self.current += requests
        elif whole == self.second - 1:  # another process's count, late
            self.previous += requests
        elif whole > self.second:
            self.previous = self.current if whole == self.second + 1 else 0
            self.second, self.current = whole, requests

    def _measured(self, now: float) -> float:
        if math.floor(now) != self.second:
            return float(self.current) if math.floor(now) == self.second + 1 else 0.0
        return float(max(self.current, self.previous))


class BucketStore(Protocol):
    """Where an account's :class:`Bucket` lives when processes share it (a ledger)."""

    def update_bucket(
        self, account: str, max_rate: float | None, change: Callable[[Bucket], float]
    ) -> float:
        """Apply ``change`` to the account's bucket atomically; return its result."""
        ...


class Pacer:
    """A thread-safe token bucket whose rate drops on throttling and recovers.

    ``clock`` is the bucket's time source for :meth:`acquire`; the
    scheduler passes its own (possibly virtual) time to :meth:`reserve`
    and :meth:`throttled`.  With a ``store`` (a ledger), the bucket is the
    account's, shared by every process using that store, and always runs on
    the wall clock, the one clock processes share.
    """

    def __init__(
        self,
        max_rate: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        store: BucketStore | None = None,
        account: str = "",
    ) -> None:
        if max_rate is not None and not (0 < max_rate < math.inf):
            raise ValueError("max_rate must be a positive, finite number of requests per second")
        self.max_rate: Final = max_rate
        self._clock = clock if store is None else time.time
        self._store = store
        self._account = account
        self._lock = threading.Lock()
        self._local = threading.local()
        self._bucket = Bucket.fresh(max_rate)
        # A shared account: one transaction at a time per process, so the last
        # to commit decides whether requests go unpaced until _unpaced_until.
        self._sync_lock = threading.Lock()
        self._unpaced_until = -math.inf
        self._uncounted: dict[int, int] = {}  # whole second -> requests sent unpaced

    def __repr__(self) -> str:
        rate = self.rate
        shown = "unlimited" if rate is None else f"{rate:.3g}/s"
        return f"Pacer(max_rate={self.max_rate!r}, now {shown})"

    @property
    def rate(self) -> float | None:
        """The requests per second allowed now (``None``: unlimited)."""
        rate = self._change(lambda bucket: -1.0 if bucket.rate is None else bucket.rate)
        return None if rate < 0 else rate

    def reserve(self, now: float) -> float:
        """Take one token; returns the seconds until it may be used (0: now)."""
        if self._store is None:
            return self._change(lambda bucket: bucket.reserve(now))
        when = self._clock()
        with self._lock:
            if when < self._unpaced_until:
                second = math.floor(when)
                self._uncounted[second] = self._uncounted.get(second, 0) + 1
                return 0.0
        return self._change(lambda bucket: bucket.reserve(when), when)

    def throttled(self, now: float) -> None:
        """The server said "too many requests": halve the rate in force."""
        when = now if self._store is None else self._clock()

        def throttle(bucket: Bucket) -> float:
            bucket.throttled(when)
            return 0.0

        self._change(throttle, when)

    def acquire(self, within: float | None = None) -> float:
        """Block until one request may leave; returns the seconds waited (none
        inside :meth:`prepaid`).  A wait longer than ``within`` (the call's
        time) raises :class:`~taskpoll.errors.RateLimitedError` at once instead:
        pacing must not make a call outlive its timeout."""
        if getattr(self._local, "prepaid", False):
            return 0.0
        pause = self.reserve(self._clock())
        if within is not None and pause > within:
            raise RateLimitedError(
                f"this client paces its requests: the next may leave in {pause:.1f}s, "
                f"after this call's {within:g}s timeout",
                retry_after=pause,
            )
        if pause > 0:
            time.sleep(pause)
        return pause

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

    def _change(self, change: Callable[[Bucket], float], when: float | None = None) -> float:
        if self._store is None:
            with self._lock:
                return change(self._bucket)
        with self._sync_lock:
            with self._lock:
                uncounted, self._uncounted = self._uncounted, {}
                self._unpaced_until = -math.inf
            unpaced = False

            def counted(bucket: Bucket) -> float:
                nonlocal unpaced
                for second, requests in sorted(uncounted.items()):
                    bucket.count(second, requests)
                result = change(bucket)
                unpaced = bucket.unpaced
                return result

            result = self._store.update_bucket(self._account, self.max_rate, counted)
            if unpaced and when is not None:
                with self._lock:
                    self._unpaced_until = when + _SYNC
            return result


def _burst(rate: float) -> float:
    """The bucket holds a second's worth of tokens, and always room for one."""
    return max(1.0, rate)

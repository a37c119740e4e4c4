"""A ledger on Redis, shared by every worker on every machine (``pip install taskpoll[redis]``).

The same interface as :class:`~taskpoll.ledger.SqliteLedger`:

* spending a request is one Lua script, so the check and the increment are
  one atomic step on the server, and the count expires with the API's
  result lifetime;
* an account's token bucket (``max_rate``, the throttle slow-down) is one
  hash per account, changed under ``WATCH``/``MULTI`` (retried on a
  conflict), so every process paces one account together;
* :meth:`RedisLedger.claim` marks one step of one wait as taken, so that a
  step delivered twice is polled once;
* a lease (:meth:`RedisLedger.lease`) is a key holding a message and its
  place in one sorted set by the time it must have started; a sweep takes
  the expired ones in one Lua script.

Keys live under a prefix (``taskpoll:``); none holds an API key (accounts
are named by a digest of theirs).  Redis errors become
:class:`~taskpoll.errors.LedgerError`, and the request is not sent.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, Final

import redis

from .._http.pacing import Bucket
from ..errors import LedgerError, RequestBudgetExceededError

__all__ = ["RedisLedger"]

_SPEND: Final = """
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
if spent >= tonumber(ARGV[1]) then return -1 - spent end
redis.call('SET', KEYS[1], spent + 1, 'PX', ARGV[2])
return tonumber(ARGV[1]) - spent - 1
"""
_FOREVER_MS: Final = 10 * 365 * 86400 * 1000
# KEYS[1]: the sorted set of leases by ``until``; ARGV: now, now + extend, limit,
# the prefix of the messages' keys (which expire at each lease's ``last``).
_EXPIRED: Final = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local messages = {}
for _, key in ipairs(due) do
  local message = redis.call('GET', ARGV[4] .. key)
  if message then
    redis.call('ZADD', KEYS[1], ARGV[2], key)
    table.insert(messages, message)
  else
    redis.call('ZREM', KEYS[1], key)
  end
end
return messages
"""


class RedisLedger:
    """Per-task request counts and per-account pacing in one Redis database."""

    def __init__(self, client: redis.Redis, *, prefix: str = "taskpoll:") -> None:
        self._redis = client
        self._prefix = prefix
        self._spend = client.register_script(_SPEND)
        self._expired = client.register_script(_EXPIRED)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RedisLedger:
        """A ledger on the Redis at ``url`` (``redis://``, ``rediss://``, ``unix://``)."""
        return cls(redis.Redis.from_url(url, socket_timeout=10.0), **options)

    def __repr__(self) -> str:
        return f"RedisLedger(prefix={self._prefix!r})"

    def spend(self, key: str, limit: int, lifetime: float | None) -> int:
        """Atomically, in one Lua script on the server; ``lifetime`` is the key's expiry."""
        ttl = int(lifetime * 1000) if lifetime is not None else _FOREVER_MS
        with _errors("count a request in"):
            left = int(self._spend(keys=[self._prefix + "spent:" + key], args=[limit, ttl]))
        if left < 0:
            raise RequestBudgetExceededError.refusing(key, -1 - left, limit)
        return left

    def spent(self, key: str) -> int:
        """Read with one ``GET``."""
        with _errors("read"):
            value = self._redis.get(self._prefix + "spent:" + key)
        return int(value) if value is not None else 0

    def claim(self, key: str, ttl: float) -> bool:
        """Take ``key`` for ``ttl`` seconds; ``False`` if someone holds it already."""
        with _errors("claim a step in"):
            taken = self._redis.set(self._prefix + "claim:" + key, 1, nx=True, px=int(ttl * 1000))
        return bool(taken)

    def release(self, key: str) -> None:
        """One ``DEL``."""
        with _errors("release a claim in"):
            self._redis.delete(self._prefix + "claim:" + key)

    def lease(self, key: str, message: str, until: float, last: float) -> None:
        """One ``MULTI``: the message (expiring at ``last``) and its place in the sweep."""
        lasts = max(1, int((last - time.time()) * 1000))
        with _errors("lease a message in"):
            pipe = self._redis.pipeline()
            pipe.set(self._prefix + "lease:" + key, message, px=lasts)
            pipe.zadd(self._prefix + "leases", {key: until})
            pipe.execute()

    def end_lease(self, key: str) -> None:
        """One ``MULTI``."""
        with _errors("end a lease in"):
            pipe = self._redis.pipeline()
            pipe.delete(self._prefix + "lease:" + key)
            pipe.zrem(self._prefix + "leases", key)
            pipe.execute()

    def expired_leases(self, now: float, extend: float, limit: int = 100) -> list[str]:
        """One Lua script, so that of many sweepers one takes each lease."""
        with _errors("sweep the leases of"):
            found = self._expired(
                keys=[self._prefix + "leases"],
                args=[now, now + extend, limit, self._prefix + "lease:"],
            )
        return [m.decode() if isinstance(m, bytes) else str(m) for m in found]

    def update_bucket(
        self, account: str, max_rate: float | None, change: Callable[[Bucket], float]
    ) -> float:
        """Atomically, under ``WATCH``/``MULTI``: on a conflict ``change`` runs again,
        on the bucket then stored.  A changed ``max_rate``, or an hour unused, starts
        the bucket afresh."""
        name = self._prefix + "bucket:" + account
        results: list[float] = []

        def apply(pipe: Any) -> None:
            stored = pipe.get(name)
            bucket = Bucket.fresh(max_rate)
            if stored is not None:
                saved = Bucket.from_dict(json.loads(stored))
                if saved.max_rate == max_rate:  # a changed max_rate starts afresh
                    bucket = saved
            results[:] = [change(bucket)]
            pipe.multi()
            pipe.set(name, json.dumps(bucket.to_dict()), ex=3600)

        with _errors("pace a request in"):
            self._redis.transaction(apply, name)
        return results[0]

    def close(self) -> None:
        """Close the Redis client (the one given, or :meth:`from_url`'s); the counts
        stay in Redis."""
        self._redis.close()


class _errors:
    """Redis failures as :class:`LedgerError` (the request is then not sent)."""

    def __init__(self, what: str) -> None:
        self._what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, redis.RedisError | ValueError | KeyError | TypeError):
            raise LedgerError(
                f"cannot {self._what} the Redis ledger: {exc}; no request was sent uncounted"
            ) from None

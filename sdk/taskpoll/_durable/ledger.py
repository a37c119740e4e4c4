"""Where request counts and an account's pacing live, for one process or many.

A ledger answers two questions atomically: "may this task have one more
request?" (:meth:`Ledger.spend`) and "when may this account send next?"
(:meth:`Ledger.update_bucket`, the :class:`~taskpoll.pacing.Pacer`'s
store).  Two kinds:

* :class:`MemoryLedger`, the default: one process, nothing on disk.
* :class:`SqliteLedger`: a file (stdlib ``sqlite3``, WAL mode, a busy
  timeout, one ``BEGIN IMMEDIATE`` transaction per spend), shared by every
  thread and process on one machine.  The command line always uses one, in
  the user's state directory, so a shell loop of ``taskpoll status`` runs
  can never send CapMonster's request 121.

Entries expire with the API's result lifetime, so a ledger stays small.  A
ledger that cannot be opened, or stays locked past its timeout, raises
:class:`~taskpoll.errors.LedgerError`: the request is then not sent,
never sent uncounted.  :class:`taskpoll.redis.RedisLedger` (the
``redis`` extra) has the same interface for fleets of machines.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

from .._http.pacing import Bucket
from ..errors import LedgerError, RequestBudgetExceededError

__all__ = [
    "LEDGER_ENV",
    "Leases",
    "Ledger",
    "MemoryLedger",
    "SqliteLedger",
    "default_ledger_path",
    "ledger_from_env",
]

#: Names a ledger file every library client without ``ledger=`` then uses.
LEDGER_ENV: Final = "TASKPOLL_LEDGER"
_SWEEP_EVERY: Final = 256  # spends between deletions of expired rows


class Ledger(Protocol):
    """Per-task request counts and per-account pacing, kept atomically."""

    def spend(self, key: str, limit: int, lifetime: float | None) -> int:
        """Count one request for ``key``; returns how many remain, or raises
        :class:`~taskpoll.errors.RequestBudgetExceededError` at the limit."""
        ...

    def spent(self, key: str) -> int:
        """The requests counted for ``key`` (0 once its count expired); reading
        spends none."""
        ...

    def claim(self, key: str, ttl: float) -> bool:
        """Take ``key`` for ``ttl`` seconds; ``False`` if it is taken (a step
        delivered twice is then polled once)."""
        ...

    def release(self, key: str) -> None:
        """Give up a claim of ``key`` before its ``ttl`` (whoever took it)."""
        ...

    def update_bucket(
        self, account: str, max_rate: float | None, change: Callable[[Bucket], float]
    ) -> float:
        """Apply ``change`` to ``account``'s :class:`~taskpoll.pacing.Bucket` (a
        fresh one at ``max_rate`` if it has none) atomically; returns its result."""
        ...


@runtime_checkable
class Leases(Protocol):
    """A shared ledger's leases: each names a message a worker must start by
    a time (``until``), or a sweeper sends it again.  The Celery
    integration's guard against a broker that loses a message."""

    def lease(self, key: str, message: str, until: float, last: float) -> None:
        """Lease ``key`` (replacing its lease) with ``message`` until ``until``;
        the lease ends by itself at ``last`` (Unix times)."""
        ...

    def end_lease(self, key: str) -> None:
        """The leased message's work is done: nothing to send again."""
        ...

    def expired_leases(self, now: float, extend: float, limit: int = 100) -> list[str]:
        """The messages of up to ``limit`` leases whose ``until`` passed; each is
        extended to ``now + extend`` in the same atomic step, so of many
        sweepers one takes it."""
        ...


class MemoryLedger:
    """A ledger in this process's memory (thread-safe)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (count, expiry); ordered by last request, oldest first
        self._spent: dict[str, tuple[int, float]] = {}
        self._buckets: dict[str, Bucket] = {}
        self._claims: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"MemoryLedger({len(self)} tasks)"

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._spent)

    def spend(self, key: str, limit: int, lifetime: float | None) -> int:
        """Under this process's lock; ``lifetime`` runs on the ledger's ``clock``."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            spent, _ = self._spent.pop(key, (0, 0.0))
            expiry = now + lifetime if lifetime is not None else float("inf")
            if spent >= limit:
                self._spent[key] = (spent, expiry)
                raise RequestBudgetExceededError.refusing(key, spent, limit)
            self._spent[key] = (spent + 1, expiry)
            return limit - spent - 1

    def spent(self, key: str) -> int:
        """Under this process's lock."""
        with self._lock:
            self._expire(self._clock())
            return self._spent.get(key, (0, 0.0))[0]

    def claim(self, key: str, ttl: float) -> bool:
        """Under this process's lock; ``ttl`` runs on the ledger's ``clock``."""
        with self._lock:
            now = self._clock()
            if self._claims.get(key, -math.inf) > now:
                return False
            # Claims of one ledger mostly share a ttl, so insertion order is about
            # expiry order: the sweep stops at the first live claim.
            while self._claims:
                oldest = next(iter(self._claims))
                if self._claims[oldest] > now:
                    break
                del self._claims[oldest]
            self._claims.pop(key, None)
            self._claims[key] = now + ttl
            return True

    def release(self, key: str) -> None:
        """Under this process's lock."""
        with self._lock:
            self._claims.pop(key, None)

    def update_bucket(
        self, account: str, max_rate: float | None, change: Callable[[Bucket], float]
    ) -> float:
        """Under this process's lock; an account's bucket keeps the ``max_rate``
        it was first made with."""
        with self._lock:
            bucket = self._buckets.setdefault(account, Bucket.fresh(max_rate))
            return change(bucket)

    def _expire(self, now: float) -> None:
        # Entries are in last-request order and every lifetime of one ledger's
        # users is the same per API, so the oldest expire first.
        while self._spent:
            oldest = next(iter(self._spent))
            if self._spent[oldest][1] >= now:
                return
            del self._spent[oldest]


class SqliteLedger:
    """A ledger in a SQLite file, shared by threads and processes on one machine."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0) -> None:
        self.path: Final = Path(path)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._spends = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL survives any process crash, and spares a
            # poll an fsync; only a power cut could lose the last counts.
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS spends "
                "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
            )
            self._db.execute("CREATE INDEX IF NOT EXISTS spends_expiry ON spends (expires)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS buckets (account TEXT PRIMARY KEY, state TEXT NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires REAL NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS leases (key TEXT PRIMARY KEY, message TEXT NOT NULL, "
                "until REAL NOT NULL, last REAL NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:
            raise LedgerError(f"cannot open the ledger {self.path}: {exc}") from None

    def __repr__(self) -> str:
        return f"SqliteLedger({str(self.path)!r})"

    def close(self) -> None:
        """Close the connection (later calls raise :class:`~taskpoll.errors.LedgerError`);
        the file stays."""
        with self._lock:
            self._db.close()

    def spend(self, key: str, limit: int, lifetime: float | None) -> int:
        """Atomically, in one SQLite transaction shared by processes; ``lifetime``
        runs on the wall clock."""
        now = time.time()
        expires = now + lifetime if lifetime is not None else 1e300
        with self._transaction("count a request in") as db:
            self._spends += 1
            if self._spends % _SWEEP_EVERY == 1:
                db.execute("DELETE FROM spends WHERE expires < ?", (now,))
            row = db.execute(
                "SELECT count FROM spends WHERE key = ? AND expires >= ?", (key, now)
            ).fetchone()
            spent = row[0] if row else 0
            if spent >= limit:
                raise RequestBudgetExceededError.refusing(key, spent, limit)
            db.execute(
                "INSERT OR REPLACE INTO spends (key, count, expires) VALUES (?, ?, ?)",
                (key, spent + 1, expires),
            )
            return limit - spent - 1

    def spent(self, key: str) -> int:
        """Read in one SQLite transaction."""
        with self._transaction("read") as db:
            row = db.execute(
                "SELECT count FROM spends WHERE key = ? AND expires >= ?", (key, time.time())
            ).fetchone()
            return int(row[0]) if row else 0

    def claim(self, key: str, ttl: float) -> bool:
        """Atomically, in one SQLite transaction shared by processes; ``ttl`` runs
        on the wall clock."""
        now = time.time()
        with self._transaction("claim a step in") as db:
            db.execute("DELETE FROM claims WHERE expires < ?", (now,))
            taken = db.execute("SELECT 1 FROM claims WHERE key = ?", (key,)).fetchone()
            if taken is None:
                db.execute("INSERT INTO claims (key, expires) VALUES (?, ?)", (key, now + ttl))
            return taken is None

    def release(self, key: str) -> None:
        """In one SQLite transaction."""
        with self._transaction("release a claim in") as db:
            db.execute("DELETE FROM claims WHERE key = ?", (key,))

    def lease(self, key: str, message: str, until: float, last: float) -> None:
        """In one SQLite transaction."""
        with self._transaction("lease a message in") as db:
            db.execute(
                "INSERT OR REPLACE INTO leases (key, message, until, last) VALUES (?, ?, ?, ?)",
                (key, message, until, last),
            )

    def end_lease(self, key: str) -> None:
        """In one SQLite transaction."""
        with self._transaction("end a lease in") as db:
            db.execute("DELETE FROM leases WHERE key = ?", (key,))

    def expired_leases(self, now: float, extend: float, limit: int = 100) -> list[str]:
        """In one SQLite transaction shared by processes."""
        with self._transaction("sweep the leases of") as db:
            db.execute("DELETE FROM leases WHERE last < ?", (now,))
            rows = db.execute(
                "SELECT key, message FROM leases WHERE until <= ? ORDER BY until LIMIT ?",
                (now, limit),
            ).fetchall()
            db.executemany(
                "UPDATE leases SET until = ? WHERE key = ?", [(now + extend, k) for k, _ in rows]
            )
            return [message for _, message in rows]

    def update_bucket(
        self, account: str, max_rate: float | None, change: Callable[[Bucket], float]
    ) -> float:
        """Atomically, in one SQLite transaction shared by processes; a changed
        ``max_rate`` starts the account's bucket afresh."""
        with self._transaction("pace a request in") as db:
            row = db.execute("SELECT state FROM buckets WHERE account = ?", (account,)).fetchone()
            bucket = Bucket.fresh(max_rate)
            if row is not None:
                stored = Bucket.from_dict(json.loads(row[0]))
                if stored.max_rate == max_rate:  # a changed max_rate starts afresh
                    bucket = stored
            result = change(bucket)
            db.execute(
                "INSERT OR REPLACE INTO buckets (account, state) VALUES (?, ?)",
                (account, json.dumps(bucket.to_dict())),
            )
            return result

    def _transaction(self, what: str) -> _Transaction:
        return _Transaction(self, what)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error; SQLite
    errors become :class:`LedgerError` naming the file."""

    def __init__(self, ledger: SqliteLedger, what: str) -> None:
        self._ledger = ledger
        self._what = what

    def __enter__(self) -> sqlite3.Connection:
        self._ledger._lock.acquire()
        try:
            self._ledger._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            self._ledger._lock.release()
            raise self._error(exc) from None
        return self._ledger._db

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        db = self._ledger._db
        try:
            if exc is None:
                db.execute("COMMIT")
            else:
                db.execute("ROLLBACK")
        except sqlite3.Error as failure:
            if exc is None:
                raise self._error(failure) from None
        finally:
            self._ledger._lock.release()
        if isinstance(exc, sqlite3.Error | ValueError | KeyError | TypeError):
            raise self._error(exc) from None

    def _error(self, exc: BaseException) -> LedgerError:
        return LedgerError(
            f"cannot {self._what} the ledger {self._ledger.path}: {exc}; "
            "no request was sent uncounted"
        )


def default_ledger_path() -> Path:
    """``$XDG_STATE_HOME/taskpoll/ledger.sqlite3``, or ``~/.local/state/taskpoll/…``."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "taskpoll" / "ledger.sqlite3"


def ledger_from_env(default: Path | None = None) -> Ledger:
    """The ledger ``TASKPOLL_LEDGER`` names, else a SQLite ledger at ``default``
    if given, else a new in-memory one.

    A ``redis://``, ``rediss://`` or ``unix://`` URL names a Redis ledger
    (the ``redis`` extra); another URL (a broker's ``amqp://``, say) is a
    :class:`LedgerError`; anything else is the path of a SQLite file.
    """
    where = os.environ.get(LEDGER_ENV)
    if not where:
        return SqliteLedger(default) if default is not None else MemoryLedger()
    scheme, url, _ = where.partition("://")
    if not url:
        return SqliteLedger(where)
    if scheme not in ("redis", "rediss", "unix"):
        raise LedgerError(f"{LEDGER_ENV}={scheme}://…: a ledger is a redis:// URL or a file path")
    try:
        # by name: the redis extra (and a vendored copy) may not have the module
        extra = importlib.import_module("..redis", __package__)
    except ImportError:
        raise LedgerError(
            f"{LEDGER_ENV} names a Redis ledger, which needs `pip install taskpoll[redis]`"
        ) from None
    ledger: Ledger = extra.RedisLedger.from_url(where)
    return ledger


class RequestBudget:
    """A per-task request limit of one API, kept in a ledger.

    :meth:`spend` is called before each request and raises
    :class:`~taskpoll.errors.RequestBudgetExceededError` instead of letting
    request ``limit + 1`` leave.  This is the one place an API's per-task
    limit is enforced, for waits and direct calls alike.  With the default
    :class:`~taskpoll.ledger.MemoryLedger` it holds for one client; with a
    shared ledger, for every process that uses the ledger.  Thread-safe.

    A task's count is forgotten ``lifetime`` seconds after its last request
    (``None``: never), once the API can no longer have the task, so a
    long-running process does not keep one entry per task forever.
    """

    def __init__(
        self,
        limit: int,
        *,
        lifetime: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        ledger: Ledger | None = None,
        scope: str = "task",
    ) -> None:

        self.limit = limit
        self.lifetime = lifetime
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger(clock=clock)
        self._scope = scope

    def __len__(self) -> int:
        return len(self.ledger)  # type: ignore[arg-type]

    def spend(self, task_id: Hashable) -> int:
        """Count one request for ``task_id``; returns how many remain after it."""
        return self.ledger.spend(f"{self._scope}:{task_id}", self.limit, self.lifetime)

    def spent(self, task_id: Hashable) -> int:
        """The requests counted for ``task_id`` within its lifetime; reading spends none."""
        return self.ledger.spent(f"{self._scope}:{task_id}")

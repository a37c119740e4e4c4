"""Pacing an account that many processes share through a ledger.

Each Pacer here stands for one process: they share nothing but the ledger.
While the account is unlimited and unthrottled, a process sends without a
ledger transaction and adds its count at the next sync, at most _SYNC later.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from taskpoll._durable.ledger import SqliteLedger
from taskpoll._http.pacing import _SYNC, Bucket, Pacer


class Transactions:
    """The ledger's ``update_bucket``, counted."""

    def __init__(self, ledger: SqliteLedger) -> None:
        self.ledger = ledger
        self.count = 0

    def update_bucket(
        self, account: str, max_rate: float | None, change: Callable[[Bucket], float]
    ) -> float:
        self.count += 1
        return self.ledger.update_bucket(account, max_rate, change)

    def bucket(self) -> Bucket:
        seen: list[Bucket] = []

        def read(bucket: Bucket) -> float:
            seen.append(Bucket.from_dict(bucket.to_dict()))
            return 0.0

        self.ledger.update_bucket("acct", None, read)
        return seen[0]


@pytest.fixture
def ledger(tmp_path: Path) -> SqliteLedger:
    return SqliteLedger(tmp_path / "ledger.sqlite3")


def _early_in_a_second() -> None:
    """Start at a whole second, so that what follows falls within one."""
    time.sleep(math.ceil(time.time()) - time.time() + 0.01)


def test_an_unpaced_account_costs_a_transaction_per_sync_not_per_request(
    ledger: SqliteLedger,
) -> None:
    store = Transactions(ledger)
    pacer = Pacer(store=store, account="acct")
    _early_in_a_second()
    assert [pacer.reserve(0.0) for _ in range(200)] == [0.0] * 200
    assert store.count == 1  # the first request's, which found the account unpaced
    time.sleep(_SYNC + 0.02)
    assert pacer.reserve(0.0) == 0.0
    assert store.count == 2
    bucket = store.bucket()
    assert bucket.current + bucket.previous == 201  # the 199 sent alone, counted late


def test_a_throttle_met_by_another_process_reaches_this_one_within_a_sync(
    ledger: SqliteLedger,
) -> None:
    here = Pacer(store=ledger, account="acct")
    there = Pacer(store=ledger, account="acct")
    assert here.reserve(0.0) == 0.0
    there.throttled(0.0)  # one request in this second: paced at 0.5/s
    assert here.reserve(0.0) == 0.0  # this process has not synced yet
    time.sleep(0.27)  # the documented bound, 0.25 s, not whatever _SYNC says
    assert here.reserve(0.0) > 0.5  # synced: paced with the account
    assert there.reserve(0.0) > 0.5


def test_a_throttle_measures_the_rate_with_the_requests_not_yet_counted(
    ledger: SqliteLedger,
) -> None:
    pacer = Pacer(store=ledger, account="acct")
    _early_in_a_second()
    for _ in range(20):
        pacer.reserve(0.0)
    pacer.throttled(0.0)
    assert pacer.rate == 10.0  # 20 requests this second, halved


def test_a_throttle_in_this_process_paces_it_at_once(ledger: SqliteLedger) -> None:
    pacer = Pacer(store=ledger, account="acct")
    _early_in_a_second()
    pacer.reserve(0.0)
    pacer.throttled(0.0)
    assert pacer.reserve(0.0) > 0.5  # no unpaced window left over from the first


def test_a_late_count_of_the_previous_second_adds_to_it() -> None:
    bucket = Bucket.fresh(None)
    bucket.count(10.5, 4)
    bucket.count(9.5, 3)  # another process's, synced after this second began
    bucket.count(7.0, 100)  # older than the measured window
    assert (bucket.second, bucket.current, bucket.previous) == (10, 4, 3)


def test_an_account_with_a_max_rate_is_paced_in_the_ledger_every_time(
    ledger: SqliteLedger,
) -> None:
    store = Transactions(ledger)
    pacer = Pacer(100.0, store=store, account="acct")
    for _ in range(5):
        pacer.reserve(0.0)
    assert store.count == 5

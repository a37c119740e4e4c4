"""Shared fixtures: real emulators on loopback, one per test."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator

import pytest

from taskpoll._durable.ledger import Ledger
from taskpoll.errors import RequestBudgetExceededError
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator
from taskpoll.testing.cloudcoin import CloudCoinEmulator

# The command line keeps its request ledger in the user's state directory: give
# this run (and every process it starts) its own, never the machine user's.
_STATE = tempfile.mkdtemp(prefix="taskpoll-test-state-")
os.environ["XDG_STATE_HOME"] = _STATE
os.environ.pop("TASKPOLL_LEDGER", None)

KEY = "67b6bcbb1a728ea8d563de6d169a2057"
#: XML-special characters included: the document must escape them.
ALPHASMS_KEY = "bb56a4369eb19<&\"'>cfec6d1776bd25"


@pytest.fixture
def capmonster_emulator() -> Iterator[CapmonsterEmulator]:
    with CapmonsterEmulator(keys={KEY}, default_solve_time=0.3) as emulator:
        yield emulator


@pytest.fixture
def cloudcoin_emulator() -> Iterator[CloudCoinEmulator]:
    with CloudCoinEmulator(default_duration=0.3, seed=5) as emulator:
        yield emulator


@pytest.fixture
def alphasms_emulator() -> Iterator[AlphasmsEmulator]:
    """Validates every request and response against specs/alphasms.xsd."""
    with AlphasmsEmulator(
        keys={ALPHASMS_KEY}, validate=True, queue_time=0.2, time_per_message=0.1
    ) as emulator:
        yield emulator


def spend_from_threads(
    ledger: Ledger, key: str, times: int, *, threads: int = 4
) -> list[RequestBudgetExceededError]:
    """Spend ``key`` (limit 120, 0.5 s lifetime) ``times`` times from each of
    ``threads`` threads at once; the refusals, in the order they came."""
    refused: list[RequestBudgetExceededError] = []

    def spend() -> None:
        for _ in range(times):
            try:
                ledger.spend(key, 120, 0.5)
            except RequestBudgetExceededError as exc:
                refused.append(exc)

    workers = [threading.Thread(target=spend) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return refused

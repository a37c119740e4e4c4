"""Shared fixtures: real emulators on loopback, one per test, and the reliability
suite's endpoints.  Test files in every folder below get these."""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from keys import ALPHASMS_KEY, KEY
from reliability.adapters import ADAPTERS, Adapter
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


__all__ = ["ALPHASMS_KEY", "KEY", "spend_from_threads"]


@pytest.fixture
def make_capmonster() -> Iterator[Callable[..., CapmonsterEmulator]]:
    """``make_capmonster(**settings)`` starts a CapMonster emulator with those
    settings (latency, a clock, other keys, …); every one stops after the test.
    For a test that needs other settings than ``capmonster_emulator``'s."""
    with contextlib.ExitStack() as running:

        def make(**settings: Any) -> CapmonsterEmulator:
            return running.enter_context(CapmonsterEmulator(**settings))

        yield make


@pytest.fixture
def capmonster_emulator(
    make_capmonster: Callable[..., CapmonsterEmulator],
) -> CapmonsterEmulator:
    """Accepts ``KEY``; an unscripted task solves after 0.3 s."""
    return make_capmonster(keys={KEY}, default_solve_time=0.3)


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


@pytest.fixture(params=ADAPTERS, ids=[a.name for a in ADAPTERS])
def adapter(request: pytest.FixtureRequest) -> Adapter:
    """Each status endpoint of every API in turn (tests/reliability/adapters.py)."""
    return request.param  # type: ignore[no-any-return]


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

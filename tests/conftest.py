"""Shared fixtures: real emulators on loopback, one per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from taskpoll.testing.capmonster import CapmonsterEmulator
from taskpoll.testing.cloudcoin import CloudCoinEmulator

KEY = "67b6bcbb1a728ea8d563de6d169a2057"


@pytest.fixture
def capmonster_emulator() -> Iterator[CapmonsterEmulator]:
    with CapmonsterEmulator(keys={KEY}, default_solve_time=0.3) as emulator:
        yield emulator


@pytest.fixture
def cloudcoin_emulator() -> Iterator[CloudCoinEmulator]:
    with CloudCoinEmulator(default_duration=0.3, seed=5) as emulator:
        yield emulator

"""The emulators as pytest fixtures, for your own test suite.

Enable it in a ``conftest.py``::

    pytest_plugins = ["taskpoll.testing.pytest_plugin"]

and ask for ``capmonster_emulator``, ``cloudcoin_emulator`` or
``alphasms_emulator``: each test gets a fresh emulator on an ephemeral
127.0.0.1 port that accepts any key, stopped when the test ends.  Override
a fixture of the same name in your conftest to configure it (keys, solve
times, faults).  Needs pytest, which taskpoll itself does not depend on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .alphasms import AlphasmsEmulator
from .capmonster import CapmonsterEmulator
from .cloudcoin import CloudCoinEmulator

__all__ = ["alphasms_emulator", "capmonster_emulator", "cloudcoin_emulator"]


@pytest.fixture
def capmonster_emulator() -> Iterator[CapmonsterEmulator]:
    with CapmonsterEmulator() as emulator:
        yield emulator


@pytest.fixture
def cloudcoin_emulator() -> Iterator[CloudCoinEmulator]:
    with CloudCoinEmulator() as emulator:
        yield emulator


@pytest.fixture
def alphasms_emulator() -> Iterator[AlphasmsEmulator]:
    with AlphasmsEmulator() as emulator:
        yield emulator

"""taskpoll.testing.pytest_plugin gives another project's suite the emulators as fixtures."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
pytest_plugins = ["taskpoll.testing.pytest_plugin"]

from taskpoll import alphasms, capmonster, cloudcoin


def test_capmonster(capmonster_emulator):
    client = capmonster.Client("any-key", base_url=capmonster_emulator.url)
    assert client.get_balance().balance > 0


def test_cloudcoin(cloudcoin_emulator):
    client = cloudcoin.Client(base_url=cloudcoin_emulator.url)
    assert client.get_task(client.echo().id).status == "running"


def test_alphasms(alphasms_emulator):
    client = alphasms.Client("any-key", base_url=alphasms_emulator.url)
    assert client.get_balance().currency
"""


def test_fixtures_work_in_another_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_theirs=SUITE)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)

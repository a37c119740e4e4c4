"""Clients written by others work against our emulators unchanged."""

from __future__ import annotations

import json

import pytest

from conftest import KEY
from peers import peer_python, run_peer
from taskpoll.testing.capmonster import CapmonsterEmulator

OFFICIAL_CLIENT = """
import asyncio, json, sys
from capmonstercloudclient import CapMonsterClient, ClientOptions
from capmonstercloudclient.requests import ImageToTextRequest, TurnstileRequest

async def main(url, key):
    client = CapMonsterClient(options=ClientOptions(api_key=key, service_url=url))
    balance = await client.get_balance()
    image = await client.solve_captcha(ImageToTextRequest(image_bytes=b"\\x89PNG" + b"0" * 200))
    turnstile = await client.solve_captcha(TurnstileRequest(
        websiteURL="https://example.com", websiteKey="0x4AAAAAAABUYP0XeMJF0xoy"))
    print(json.dumps({"balance": balance, "image": image, "turnstile": turnstile}))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


@pytest.mark.slow
def test_official_capmonster_sdk_solves_against_the_emulator(
    capmonster_emulator: CapmonsterEmulator,
) -> None:
    python = peer_python("capmonstercloudclient", "capmonstercloudclient==4.3.1")
    out = json.loads(run_peer(python, OFFICIAL_CLIENT, capmonster_emulator.url, KEY))
    assert out["balance"] == {"errorId": 0, "balance": 345.678}
    assert out["image"] == {"text": "answer"}
    assert set(out["turnstile"]) == {"token", "userAgent"}
    paths = [entry.path for entry in capmonster_emulator.log]
    assert paths[:2] == ["/getBalance", "/createTask"]
    assert paths.count("/getTaskResult") >= 2

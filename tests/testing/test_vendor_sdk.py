"""Clients written by others work against our emulators unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import KEY
from peers import OFFICIAL_CLIENT, peer_python, run_peer
from taskpoll.testing.capmonster import CapmonsterEmulator


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


CAPMONSTER_PYTHON = """
import json, sys
from capmonster_python import (
    CapmonsterClient, ComplexImageRecaptchaMetadata, ComplexImageRecaptchaTask, DataDomeMetadata,
    DataDomeTask, GeeTestV3Task, ImageToTextTask, ProxyPayload, RecaptchaV2EnterpriseTask,
    RecaptchaV2Task, RecaptchaV3EnterpriseTask, RecaptchaV3Task, TurnstileTask,
)

url, key = sys.argv[1], sys.argv[2]

class Local(CapmonsterClient):
    # 5.0 takes no base URL: this is the attribute a user points elsewhere
    _CapmonsterClient__BASE_URL = url

site, sitekey = "https://example.com", "6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-"
proxy = ProxyPayload(proxyType="http", proxyAddress="192.0.2.1", proxyPort=8080)
as_a_new_user = {
    "image": ImageToTextTask(body="iVBORw0KGgo="),
    # its default type is TurnstileTaskProxyless
    "turnstile": TurnstileTask(websiteURL=site, websiteKey="0x4AAAAAAABUYP0XeMJF0xoy"),
}
others = {
    "recaptcha_v2": RecaptchaV2Task(websiteURL=site, websiteKey=sitekey),
    "recaptcha_v2_proxy": RecaptchaV2Task(websiteURL=site, websiteKey=sitekey, proxy=proxy),
    "recaptcha_v2_enterprise": RecaptchaV2EnterpriseTask(websiteURL=site, websiteKey=sitekey),
    "recaptcha_v3": RecaptchaV3Task(websiteURL=site, websiteKey=sitekey, minScore=0.3),
    "recaptcha_v3_enterprise": RecaptchaV3EnterpriseTask(websiteURL=site, websiteKey=sitekey),
    "geetest_v3": GeeTestV3Task(websiteURL=site, gt="022397c9", challenge="7f044f48"),
    "datadome": DataDomeTask(websiteURL=site, metadata=DataDomeMetadata(
        datadomeCookie="datadome=abc", captchaUrl="https://geo.captcha-delivery.com/captcha/")),
    "complex_image": ComplexImageRecaptchaTask(imageUrls=[site + "/a.png"],
        metadata=ComplexImageRecaptchaMetadata(Grid="3x3", Task="Click on traffic lights")),
}
out = {}
with Local(key) as client, Local(key, retry_delay=0.3) as quick:
    out["balance"] = client.get_balance()
    out.update({name: client.solve(task) for name, task in as_a_new_user.items()})
    out.update({name: quick.solve(task) for name, task in others.items()})
print(json.dumps(out))
"""


@pytest.fixture
def emulate_capmonster() -> Iterator[str]:
    """``taskpoll emulate capmonster``, as a user would run it."""
    taskpoll = Path(sys.executable).with_name("taskpoll")
    proc = subprocess.Popen(
        [str(taskpoll), "emulate", "capmonster", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().split()[1]
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


@pytest.mark.slow
def test_capmonster_python_5_solves_every_type_against_taskpoll_emulate(
    emulate_capmonster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = peer_python("capmonster-python", "capmonster_python==5.0.0")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # httpx reads the proxy variables
    out = json.loads(run_peer(python, CAPMONSTER_PYTHON, emulate_capmonster, KEY))
    assert out.pop("balance") == 345.678
    assert out.pop("image") == {"text": "answer"}
    assert set(out.pop("turnstile")) == {"token", "userAgent"}
    assert set(out.pop("geetest_v3")) == {"challenge", "validate", "seccode"}
    assert out.pop("datadome")["domains"]
    assert len(out.pop("complex_image")["answer"]) == 9
    assert all(set(solution) == {"gRecaptchaResponse"} for solution in out.values()), out

"""Every Python block of README.md and docs/ runs, against the emulators.

Each block runs as its own test, in a fresh namespace in an empty folder, with
a fresh emulator of each API on loopback behind the clients' default base
URLs, so a quick start that names no server waits on a real HTTP server as
written.  Nothing may leave loopback: resolving any other host fails the block.
The emulators hold one CapMonster task beforehand (id 7654321, the id the docs'
resumed waits name), and the folder holds the files the examples read
(``corp-ca.pem``, a CA certificate).  Blocks marked ``# pytest:`` run under pytest; fragments
(``# fragment:``) are left out, as for the type checks in test_typing.py."""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from doc_blocks import PYTEST, blocks
from taskpoll.alphasms._generated.client import AlphasmsApi
from taskpoll.capmonster._generated.client import CapmonsterApi
from taskpoll.cloudcoin import Client as CloudCoinClient
from taskpoll.cloudcoin import LegacyClient
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator
from taskpoll.testing.cloudcoin import CloudCoinEmulator

BLOCKS = blocks()
REAL_GETADDRINFO = socket.getaddrinfo


def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
    """``socket.getaddrinfo`` for loopback names and addresses only."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name != "localhost":
        try:
            if not ipaddress.ip_address(name.strip("[]")).is_loopback:
                raise OSError(f"an example tried to reach {name}: only loopback is allowed")
        except ValueError:
            raise OSError(f"an example tried to reach {name}: only loopback is allowed") from None
    return REAL_GETADDRINFO(host, *args, **kwargs)


@pytest.fixture
def emulated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every API's default base URL on a fresh emulator; cwd an empty folder."""
    with CapmonsterEmulator() as capmonster, CloudCoinEmulator() as cloudcoin, \
            AlphasmsEmulator() as alphasms:  # fmt: skip
        capmonster.app.add_task()  # 7654321
        monkeypatch.setattr(CapmonsterApi, "DEFAULT_BASE_URL", capmonster.url)
        monkeypatch.setattr(CloudCoinClient, "DEFAULT_BASE_URL", cloudcoin.url)
        monkeypatch.setattr(LegacyClient, "DEFAULT_BASE_URL", cloudcoin.url)
        monkeypatch.setattr(AlphasmsApi, "DEFAULT_BASE_URL", alphasms.url)
        monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
        monkeypatch.delenv("TASKPOLL_LEDGER", raising=False)
        monkeypatch.chdir(tmp_path)
        trustme.CA().cert_pem.write_to_path(str(tmp_path / "corp-ca.pem"))
        yield


def test_blocks_are_found() -> None:
    names = [name for name, _ in BLOCKS]
    assert len(names) >= 12
    assert any(name.startswith("guides_") for name in names)


@pytest.mark.parametrize(("name", "code"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_the_example_runs(name: str, code: str, emulated: None, tmp_path: Path) -> None:
    if code.lstrip().startswith(PYTEST):
        module = tmp_path / f"test_{name}.py"
        module.write_text(code, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)],
            cwd=tmp_path, check=False, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return
    compiled = compile(code, f"<{name}>", "exec")
    exec(compiled, {"__name__": f"example_{name}"})

"""Other people's clients, each in a virtualenv of its own (their pins clash with ours)."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

from paths import ROOT

PEERS = ROOT / ".venv" / "peers"


def peer_python(name: str, *requirements: str) -> Path:
    """A venv with ``requirements`` installed, built once and reused across runs."""
    home = PEERS / name
    python = home / "bin" / "python"
    stamp = home / ".installed"
    wanted = "\n".join(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return python
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *requirements,
        ],
        check=True,
        timeout=600,
    )
    stamp.write_text(wanted)
    return python


def run_peer(python: Path, script: str, *args: str, timeout: float = 120) -> str:
    done = subprocess.run(
        [str(python), "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


#: The official CapMonster SDK (``capmonstercloudclient``) solving two tasks: ``python -c``
#: it with the service URL and the key; it prints the balance and both solutions as JSON.
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


__all__ = ["OFFICIAL_CLIENT", "peer_python", "run_peer"]

"""Other people's clients, each in a virtualenv of its own (their pins clash with ours)."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

PEERS = Path(__file__).resolve().parent.parent / ".venv" / "peers"


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


__all__ = ["peer_python", "run_peer"]

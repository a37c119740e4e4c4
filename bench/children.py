"""Talking to a benchmark's child process: one JSON line each way."""

from __future__ import annotations

import json
import subprocess
from typing import Any


def tell(proc: subprocess.Popen[str], message: dict[str, Any]) -> None:
    """Send ``message`` to the child without waiting for an answer."""
    assert proc.stdin is not None
    proc.stdin.write(json.dumps(message) + "\n")
    proc.stdin.flush()


def ask(proc: subprocess.Popen[str], message: dict[str, Any] | None = None) -> Any:
    """Send ``message`` (if any) and return the child's one-line JSON answer."""
    assert proc.stdout is not None
    if message is not None:
        tell(proc, message)
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError(f"child {proc.args} ended without answering")
    return json.loads(line)

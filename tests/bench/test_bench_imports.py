"""``make bench`` runs in a venv of its own, outside ``make test``: this keeps its
modules importable (a layout change once left them importing a package that
does not exist, and nothing noticed)."""

from __future__ import annotations

import os
import subprocess
import sys

from paths import ROOT


def test_every_bench_module_imports() -> None:
    modules = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if p.stem != "__init__")
    assert {"__main__", "celery_app", "celery_scale", "rtt"} <= set(modules)
    code = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module('bench.' + m)\n"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "sdk")]),
        "TASKPOLL_BENCH_BROKER": "redis://127.0.0.1:1/0",  # bench.celery_app's; never contacted
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]

"""Figure 2: import time, from ``python -X importtime``.

A run's import time is the sum of the cumulative times of its top-level
imports, leaving out the modules the interpreter imports at startup (those
of ``python -c pass`` in the same environment).  Each statement runs in a
fresh interpreter, alternating, several times; the figure is the median.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

import attrs

REPEATS = 9
DEPS = "import attrs, cattrs, urllib3, defusedxml"


@attrs.frozen
class ImportRun:
    total_us: float
    #: Self time of taskpoll's own modules.
    own_us: float


def _parse(stderr: str) -> list[tuple[str, int, int, int]]:
    """(name, depth, self µs, cumulative µs) per ``-X importtime`` line."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        parts = line.split("|")
        own_us = int(parts[0].rsplit(":", 1)[1])
        cumulative_us = int(parts[1])
        raw = parts[2][1:]
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        rows.append((raw.strip(), depth, own_us, cumulative_us))
    return rows


def _run(statement: str) -> list[tuple[str, int, int, int]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    )
    return _parse(done.stderr)


def measure(statements: dict[str, str]) -> dict[str, ImportRun]:
    startup = {name for name, depth, _, _ in _run("pass") if depth == 0}
    samples: dict[str, list[ImportRun]] = {label: [] for label in statements}
    for statement in statements.values():
        _run(statement)  # warm: .pyc files written, disk cache filled
    for _ in range(REPEATS):
        for label, statement in statements.items():
            rows = _run(statement)
            total = sum(cum for name, depth, _, cum in rows if depth == 0 and name not in startup)
            own = sum(us for name, _, us, _ in rows if name.split(".")[0] == "taskpoll")
            samples[label].append(ImportRun(total, own))
    return {
        label: ImportRun(
            statistics.median(r.total_us for r in runs), statistics.median(r.own_us for r in runs)
        )
        for label, runs in samples.items()
    }

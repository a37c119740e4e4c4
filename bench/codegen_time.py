"""Figure 5: wall time of the code generator over every spec.

Runs what ``make generate`` runs (``python -m codegen`` in the project venv:
validate, datamodel-code-generator, the client template, ruff) with
``--out`` pointing at a scratch directory, so a benchmark never rewrites the
source tree.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3


@attrs.frozen
class Codegen:
    wall: float | None
    specs: int
    files: int
    problem: str = ""


def measure() -> Codegen:
    python = ROOT / ".venv" / "bin" / "python"
    specs = len(list((ROOT / "specs").glob("*.openapi.yaml")))
    walls, files, problem = [], 0, ""
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            done = subprocess.run(
                [str(python), "-m", "codegen", "--out", tmp],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            walls.append(time.perf_counter() - started)
            files = len(list(Path(tmp).rglob("*.py")))
        if done.returncode != 0:
            problem = (done.stdout + done.stderr).strip().splitlines()[-1][:300]
            break
    wall = None if problem else statistics.median(walls)
    return Codegen(wall, specs, files, problem)

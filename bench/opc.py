"""openapi-python-client 0.29 clients, generated at bench time into the bench venv.

Nothing here is committed: each run regenerates the clients from the same
specs taskpoll is generated from, into ``bench/.venv-bench/opc/``, and
installs them there with a ``.pth`` file.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
from pathlib import Path

from bench.apis import Api

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(sys.prefix) / "opc"


def version() -> str:
    from importlib.metadata import version as dist_version

    return dist_version("openapi-python-client")


def generate(api: Api) -> tuple[str | None, str]:
    """Generate ``api``'s client; returns (package name or None, problem)."""
    if api.fmt != "json":
        return None, "XML API: openapi-python-client only decodes JSON"
    package = api.module.rsplit(".", 1)[1] + "_opc"
    target = OUT / package
    shutil.rmtree(target, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    tool = Path(sys.executable).parent / "openapi-python-client"
    done = subprocess.run(
        [
            str(tool),
            "generate",
            "--path",
            str(ROOT / api.spec),
            "--meta",
            "none",
            "--output-path",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=OUT,
        check=False,
    )
    if done.returncode != 0 or not (target / "__init__.py").exists():
        return None, f"generation failed: {(done.stdout + done.stderr).strip()[:200]}"
    pth = Path(site.getsitepackages()[0]) / "bench-opc.pth"
    pth.write_text(str(OUT) + "\n", encoding="utf-8")
    if str(OUT) not in sys.path:
        sys.path.insert(0, str(OUT))
    return package, ""

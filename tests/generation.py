"""The generator run on copies: a copy of the repo to regenerate, an edit to one of
its files, and a broken spec's error.  The working tree is never regenerated or
edited here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from paths import ROOT

PYTHON = sys.executable


def copy_repo(dest: Path, *, specs: tuple[str, ...] | None = None) -> Path:
    """The parts of the repo that generation needs (only some specs, if given)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache")
    for name in ("codegen", "sdk"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    if specs is None:
        shutil.copytree(ROOT / "specs", dest / "specs")
    else:
        (dest / "specs").mkdir()
        for spec in specs:
            shutil.copy2(ROOT / "specs" / spec, dest / "specs" / spec)
    for name in ("pyproject.toml", "Makefile", "LICENSE"):
        shutil.copy2(ROOT / name, dest / name)
    return dest


def codegen(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m codegen`` of the copy (cwd first on sys.path), like `make generate` there."""
    return subprocess.run(
        [PYTHON, "-m", "codegen", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer contains {old!r} once; update this test"
    path.write_text(text.replace(old, new), encoding="utf-8")


def generate_broken(spec: Path, old: str, new: str, tmp_path: Path, capsys: Any) -> str:
    """Generate from a copy of ``spec`` with ``old`` replaced; the error it must print."""
    from codegen.cli import main

    text = spec.read_text(encoding="utf-8")
    assert old in text, f"the spec no longer contains {old!r}; update the test"
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / spec.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["--specs", str(specs), "--out", str(tmp_path / "out")]) == 2
    err: str = capsys.readouterr().err
    assert f"{specs / spec.name}:" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    return err

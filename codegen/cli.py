"""``python -m codegen [--check]``: regenerate every API, or verify it is fresh;
``python -m codegen package …`` (codegen/package.py, dispatched by __main__): a client
package for your own API."""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .model import ApiModel
from .reader import read_spec
from .render import HEADER_START, render_model
from .specs import Spec, SpecError, discover

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["HEADER_START", "ToolError", "check", "check_ruff", "main", "render", "write_tree"]


def render(
    spec: Spec,
    *,
    api: ApiModel | None = None,
    header: str | None = None,
    spec_path: str | None = None,
) -> dict[str, str]:
    """Every generated file of one API, relative path → unformatted text (``api``:
    the spec as ``read`` already read it; ``header``, ``spec_path``: see ``render_model``)."""
    with naming(spec):
        model = read_spec(spec) if api is None else api
        files = render_model(model, spec.digest(), header=header, spec_path=spec_path)
        for source in files.values():
            ast.parse(source)  # a name from the spec that is not valid Python ends here
    return files


def read(spec: Spec) -> ApiModel:
    """``spec`` as the generator's model, a failure naming the spec."""
    with naming(spec):
        return read_spec(spec)


@contextlib.contextmanager
def naming(spec: Spec) -> Iterator[None]:
    """Any failure inside as a ``SpecError`` that names ``spec``."""
    try:
        yield
    except SpecError as exc:
        # xsd.py and the command tables speak of schema names; say which spec
        text = str(exc)
        if any(text.startswith(str(source)) for source in spec.sources):
            raise
        raise SpecError(f"{spec.path}: {text}") from None
    except Exception as exc:
        # The spec passed validation but the generator still choked: name the
        # spec, not a frame deep inside datamodel-code-generator.
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""
        raise SpecError(f"{spec.path}: cannot generate: {type(exc).__name__}: {detail}") from None


def write_tree(specs: list[Spec], root: Path) -> list[Path]:
    # Render and format every API in a scratch directory first: a broken spec or a
    # failing formatter leaves the tree as it was, and unchanged files keep their
    # mtimes (so make, mypy and editors see only real changes).
    rendered = [(spec, render(spec)) for spec in specs]
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        staged = []
        for spec, files in rendered:
            for name, text in files.items():
                path = staging / spec.name / "_generated" / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                staged.append(path)
        _ruff(staged, staging)
        _import_all(staging, [spec.name for spec, _ in rendered])
        written = []
        for path in staged:
            target = root / path.relative_to(staging)
            content = path.read_bytes()
            if not target.is_file() or target.read_bytes() != content:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            written.append(target)
    return written


def remove_orphans(root: Path, written: list[Path]) -> list[Path]:
    """Generated files no spec produces any more (only ones carrying our header)."""
    keep = set(written)
    orphans = [
        path
        for path in sorted(root.glob("*/_generated/*.py"))
        if path not in keep and path.read_text(encoding="utf-8").startswith(HEADER_START)
    ]
    for path in orphans:
        path.unlink()
    return orphans


def _ruff(paths: list[Path], staging: Path) -> None:
    """Fix and format like the rest of the code base, so the output is byte-stable;
    a finding ruff cannot fix fails generation (``make lint`` would fail after it)."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    check_ruff(ruff)
    config = ["--config", str(ROOT / "pyproject.toml")]
    files = [str(p) for p in paths]
    # fix (unused imports, …), format, then check what is left: the formatted code
    subprocess.run([ruff, "check", *config, "--fix", "--exit-zero", "--silent", *files], check=True)
    subprocess.run([ruff, "format", *config, "--quiet", *files], check=True)
    found = subprocess.run(
        [ruff, "check", *config, "--quiet", "--output-format", "concise", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        lines = found.stdout.replace(f"{staging}/", "").strip().splitlines() or [found.stderr]
        raise SpecError(
            "the generated code has lint findings (fix the template, or the spec's text "
            "in the overlay):\n" + "\n".join(f"  {line}" for line in lines[:20])
        )


#: Imports every generated module of the APIs named in argv[2:], found under argv[1],
#: as the submodules of taskpoll they will be (taskpoll itself from this checkout).
_IMPORTER = """
import importlib, sys, types
from pathlib import Path
import taskpoll
staging = Path(sys.argv[1])
for name in sys.argv[2:]:
    package = types.ModuleType(f"taskpoll.{name}")
    package.__path__ = []
    sys.modules[package.__name__] = package
    generated = types.ModuleType(f"taskpoll.{name}._generated")
    generated.__path__ = [str(staging / name / "_generated")]
    sys.modules[generated.__name__] = generated
    for module in sorted((staging / name / "_generated").glob("*.py")):
        if module.stem != "__init__":
            importlib.import_module(f"{generated.__name__}.{module.stem}")
"""


def _import_all(staging: Path, names: list[str]) -> None:
    """Import every generated module, in a fresh interpreter: what parses and
    type-checks can still fail at import (an enum member of the wrong type, a
    base class defined after its subclass)."""
    sdk = ROOT / "sdk"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(sdk), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTER, str(staging), *names],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        lines = done.stderr.replace(f"{staging}/", "").strip().splitlines()
        raise SpecError(
            "a generated module fails at import:\n" + "\n".join(f"  {line}" for line in lines[-6:])
        )


class ToolError(Exception):
    """The generator's tools are missing or not the pinned versions."""


def check_ruff(ruff: str) -> None:
    """Another ruff version formats differently: refuse rather than churn every file."""
    pinned = re.search(r'"ruff==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    try:
        found = subprocess.run(
            [ruff, "--version"], capture_output=True, text=True, check=False
        ).stdout.split()
    except OSError:
        found = []
    if not found or (pinned is not None and found[-1] != pinned[1]):
        want = f"ruff {pinned[1]}" if pinned else "ruff"
        have = " ".join(found) or "nothing"
        raise ToolError(
            f"{want} formats the generated code, found {have} ({ruff}): run `make install`"
        )


def check(specs: list[Spec], root: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        write_tree(specs, fresh)
        stale = []
        for new in sorted(fresh.rglob("*.py")):
            rel = new.relative_to(fresh)
            old = root / rel
            new_text = new.read_text(encoding="utf-8")
            old_text = old.read_text(encoding="utf-8") if old.exists() else ""
            if new_text != old_text:
                stale.append(rel)
                diff = list(
                    difflib.unified_diff(
                        old_text.splitlines(),
                        new_text.splitlines(),
                        f"committed/{rel}",
                        f"regenerated/{rel}",
                        lineterm="",
                        n=1,
                    )
                )
                print(f"stale: {rel} ({len(diff)} diff lines)")
                print("\n".join(diff[:20]))
        expected = {p.relative_to(fresh) for p in fresh.rglob("*.py")}
        for extra in sorted(root.glob("*/_generated/*.py")):
            if extra.relative_to(root) not in expected:
                stale.append(extra.relative_to(root))
                print(f"orphaned generated file: {extra.relative_to(root)}")
    if stale:
        print(f"{len(stale)} generated file(s) out of date: run `make generate` and commit.")
        return 1
    print(f"generated code is fresh ({len(expected)} files)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if generated code is stale")
    parser.add_argument("--specs", type=Path, default=ROOT / "specs")
    parser.add_argument("--out", type=Path, default=ROOT / "sdk" / "taskpoll")
    args = parser.parse_args(argv)
    try:
        specs = discover(args.specs)
        if args.check:
            return check(specs, args.out)
        written = write_tree(specs, args.out)
        for orphan in remove_orphans(args.out, written):
            print(f"removed {orphan} (its spec is gone)")
    except (SpecError, ToolError) as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    print(f"generated {len(written)} files from {len(specs)} spec(s)")
    return 0

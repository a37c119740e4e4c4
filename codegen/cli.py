"""``python -m codegen [--check]``: regenerate every API, or verify it is fresh."""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import xsd
from .clients import render_client
from .models import generate_models
from .specs import Spec, SpecError, discover

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "# generated — do not edit.\n"
    "# Source: specs/{source} (sha256 {digest:.16}); regenerate with `make generate`.\n"
)


def render(spec: Spec) -> dict[str, str]:
    """Every generated file of one API, relative path → unformatted text."""
    header = HEADER.format(source=spec.path.name, digest=spec.digest())
    try:
        models = generate_models(_with_xsd(spec))
        client = render_client(spec, models)
    except SpecError:
        raise
    except Exception as exc:
        # The spec passed validation but the generator still choked: name the
        # spec, not a frame deep inside datamodel-code-generator.
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""
        raise SpecError(f"{spec.path}: cannot generate: {type(exc).__name__}: {detail}") from None
    return {
        "__init__.py": header
        + '"""Generated from the spec; see the package above for the API."""\n',
        "models.py": header + models,
        "client.py": header + client,
    }


def _with_xsd(spec: Spec) -> dict[str, Any]:
    """The document the models come from: an XML API's XSD types join its components."""
    xsd_name = spec.options.get("xsd")
    if not xsd_name:
        return spec.document
    return xsd.expand(spec.document, spec.path.parent / xsd_name)


def write_tree(specs: list[Spec], root: Path) -> list[Path]:
    written = []
    # Render every API before writing any: a broken spec leaves the tree as it was.
    rendered = [(spec, render(spec)) for spec in specs]
    for spec, files in rendered:
        out = root / spec.name / "_generated"
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
            written.append(out / name)
    _ruff(written)
    return written


def _ruff(paths: list[Path]) -> None:
    """Format like the rest of the code base, so the output is byte-stable."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    config = ["--config", str(ROOT / "pyproject.toml")]
    files = [str(p) for p in paths]
    subprocess.run(
        [
            ruff,
            "check",
            *config,
            "--fix",
            "--exit-zero",
            "--silent",
            *files,
        ],
        check=True,
    )
    subprocess.run([ruff, "format", *config, "--quiet", *files], check=True)


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
    except SpecError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    print(f"generated {len(written)} files from {len(specs)} spec(s)")
    return 0

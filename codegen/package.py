"""``python -m codegen package``: a client package for your own API, outside this repo.

    python -m codegen package --spec openapi.yml --overlay overlay.yaml \\
        --name jobs --out src/

writes ``src/jobs/``: ``_generated/`` (models, the operations class, the waiter,
as for the APIs in ``specs/``), ``client.py`` (a ``Client`` that waits, from the
spec's waiting operation) and ``__init__.py``.  Every file is generated: run the
command again after changing the spec or the overlay; to say more than the spec
(a failed task's reason, say), subclass ``Client`` in a module of your own.

The package imports taskpoll's runtime (``taskpoll._clients``, ``taskpoll._wire``,
…) by absolute name, so the taskpoll that generated it must be installed beside
it.  Like ``make generate``, the command formats the output with ruff, fails on
any ruff finding, imports every module before writing anything, and refuses to
overwrite a file it did not generate.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import keyword
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .cli import HEADER_START, ToolError, _ruff, read, render
from .model import ApiModel
from .render import absolute_runtime, environment
from .specs import Spec, SpecError, load, load_published

__all__ = ["generate", "main"]

#: The files' first lines: what they came from, and how to make them again.
HEADER = (
    HEADER_START + "# Source: {sources} (sha256 {digest:.16}); regenerate with\n"
    "#   python -m codegen package{args}\n"
)


def _spec(spec: Path | None, overlay: Path | None, name: str) -> Spec:
    if overlay is not None:
        found = load_published(overlay, name)
        if spec is not None and spec.resolve() != found.path.resolve():
            raise SpecError(
                f"{overlay}: extends {found.path.name}, not {spec} (the overlay names the "
                "published file, next to it; --spec may be left out)"
            )
        return found
    if spec is None:
        raise SpecError("give --spec (a spec with taskpoll's extensions), --overlay, or both")
    return dataclasses.replace(load(spec), name=name)


def _probe(api: ApiModel) -> tuple[str, str, frozenset[str]]:
    """The waiting operation's task id type, answer type and the models it names."""
    for op in api.operations:
        if op.probe:
            first = (*op.path_params, *op.arguments)[0]
            return first.type.hint, op.returns.hint, first.type.refs | op.returns.refs
    raise SpecError(
        f"{api.path}: the package's Client polls with the waiting operation (the one with "
        "x-taskpoll-waiter): give it x-taskpoll-client: true (in the overlay), and no "
        "required argument but the task id (docs/regenerating.md, 'Your own API', or "
        "https://taskpoll.readthedocs.io/regenerating/)"
    )


def files(spec: Spec, args: str) -> dict[str, str]:
    """Every file of the package, relative path → unformatted text."""
    sources = " + ".join(source.name for source in spec.sources)
    header = HEADER.format(sources=sources, digest=spec.digest(), args=args)
    api = read(spec)
    generated = render(spec, api=api, header=header, spec_path=spec.path.name)
    task_id, answer, refs = _probe(api)
    context = {
        "header": header,
        "api": api,
        "name": spec.name,
        "task_id": task_id,
        "answer": answer,
        "answer_imports": sorted(refs),
        "key_env": re.sub(r"\W", "_", spec.name).upper() + "_API_KEY" if api.secrets else None,
        "secrets": api.secrets,
    }
    page = {
        name: environment().get_template(f"package/{name}.jinja2").render(**context)
        for name in ("__init__.py", "client.py")
    }
    every = {**{f"_generated/{k}": v for k, v in generated.items()}, **page, "py.typed": ""}
    return {path: absolute_runtime(text) for path, text in every.items()}


def generate(spec: Spec, out: Path, args: str) -> list[Path]:
    """Write ``out/<name>/`` for ``spec``; the files written (unchanged ones too)."""
    rendered = files(spec, args)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / spec.name
        for rel, text in rendered.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_text(text, encoding="utf-8")
        _ruff(sorted(staging.rglob("*.py")), Path(tmp))
        _import_package(Path(tmp), spec.name, sorted(rendered))
        target = out / spec.name
        _refuse_foreign(target, set(rendered))
        written = []
        for rel in sorted(rendered):
            path, content = target / rel, (staging / rel).read_bytes()
            if not path.is_file() or path.read_bytes() != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            written.append(path)
    for orphan in sorted(target.rglob("*.py")):
        if orphan not in written and orphan.read_text(encoding="utf-8").startswith(HEADER_START):
            orphan.unlink()  # a module the spec no longer gives (an error table dropped)
    return written


def _refuse_foreign(target: Path, ours: set[str]) -> None:
    """Never overwrite what someone wrote: every file we would replace is ours."""
    for rel in sorted(ours):
        path = target / rel
        if path.suffix == ".py" and path.is_file():
            head = path.read_text(encoding="utf-8", errors="replace")[: len(HEADER_START)]
            if head != HEADER_START:
                raise SpecError(
                    f"{path}: not a generated file (no '{HEADER_START.strip()}' header); "
                    "choose another --out or --name, or move it away"
                )


_IMPORTER = """
import importlib, sys
sys.path.insert(0, sys.argv[1])
for name in sys.argv[2:]:
    importlib.import_module(name)
"""


def _import_package(root: Path, name: str, rels: list[str]) -> None:
    """Import every module of the package from ``root``, in a fresh interpreter,
    with this checkout's taskpoll (what parses and lints can still fail here)."""
    modules = [
        ".".join([name, *Path(rel).with_suffix("").parts]).removesuffix(".__init__")
        for rel in rels
        if rel.endswith(".py")
    ]
    sdk = Path(__file__).resolve().parent.parent / "sdk"
    path = os.pathsep.join(p for p in (str(sdk), os.environ.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTER, str(root), *modules],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": path},
    )
    if done.returncode != 0:
        lines = done.stderr.replace(f"{root}/", "").strip().splitlines()
        raise SpecError(
            "a generated module fails at import:\n" + "\n".join(f"  {line}" for line in lines[-6:])
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen package",
        description="Generate a client package for your own API into a directory of your choice.",
    )
    parser.add_argument("--spec", type=Path, help="the OpenAPI spec (the overlay's `extends`)")
    parser.add_argument("--overlay", type=Path, help="an Overlay 1.0 file of your additions")
    parser.add_argument("--name", required=True, help="the package's name (a Python identifier)")
    parser.add_argument("--out", type=Path, required=True, help="the directory to write it in")
    args = parser.parse_args(argv)
    if not args.name.isidentifier() or keyword.iskeyword(args.name):
        parser.error(f"--name {args.name!r} is not a Python identifier")
    shown = " ".join(
        f"--{key} {getattr(args, key).name if key in ('spec', 'overlay') else getattr(args, key)}"
        for key in ("spec", "overlay", "name")
        if getattr(args, key) is not None
    )
    try:
        spec = _spec(args.spec, args.overlay, args.name)
        written = generate(spec, args.out, f" {shown} --out …".replace(" --", "\n#     --"))
    except (SpecError, ToolError) as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in written)).hexdigest()[:12]
    print(f"generated {args.out / spec.name} ({len(written)} files, sha256 {digest})")
    return 0

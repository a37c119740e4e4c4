"""``python -m codegen.vendor DEST [--with-testing]``: copy taskpoll into another repo.

``DEST/taskpoll`` receives the package (hand-written and generated code; no
tests, no codegen, and neither the emulators nor the command line, which uses
them, unless ``--with-testing``), the LICENSE, and a ``VENDORED`` note:
version, source commit, the hash of every spec the generated code came from
(read from the generated headers, so it describes the files actually copied),
and a sha256 of every file, so a local edit to vendored code can be spotted.
Only the standard library is used, so this works before ``make install``.

The package can live under any parent package because it imports itself only
relatively (tests/codegen/test_vendoring.py holds it to that).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sdk" / "taskpoll"
NOTE = "VENDORED"
#: Left out unless the emulators are asked for: they are the emulators, or import them
#: (the command line's ``emulate``), and would not type-check or run without them.
NEEDS_TESTING = ("testing", "cli", "__main__.py")
#: Never copied: the integrations of the optional extras (``taskpoll[celery]``,
#: ``taskpoll[redis]``) need packages a vendored copy does not bring.
EXTRAS = ("celery.py", "redis.py", "_integrations")
_HEADER = re.compile(r"^# Source: (?P<spec>\S+) \(sha256 (?P<digest>[0-9a-f]+)\)", re.MULTILINE)
_VERSION = re.compile(r"^__version__ = \"(?P<version>[^\"]+)\"", re.MULTILINE)


class VendorError(Exception):
    pass


def vendor(dest: Path, *, with_testing: bool = False) -> Path:
    """Copy the package to ``dest/taskpoll`` (replacing an earlier vendored copy)."""
    target = dest / "taskpoll"
    resolved = target.resolve()
    if resolved == PACKAGE or PACKAGE in resolved.parents or resolved in PACKAGE.parents:
        raise VendorError(f"{target} overlaps the source package {PACKAGE}")
    if target.exists() and not (target / NOTE).is_file():
        raise VendorError(f"{target} exists and has no {NOTE} note: refusing to replace it")
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")
    left_out = set(EXTRAS) | (set() if with_testing else set(NEEDS_TESTING))

    def ignore(directory: str, names: list[str]) -> set[str]:
        top = Path(directory) == PACKAGE
        return set(junk(directory, names)) | (left_out & set(names) if top else set())

    dest.mkdir(parents=True, exist_ok=True)
    # Build the copy next to its final place and swap it in: an interrupted run
    # leaves the earlier vendored copy, never half of one.
    staging = Path(tempfile.mkdtemp(prefix=".taskpoll-vendor-", dir=dest))
    try:
        fresh = staging / "taskpoll"
        shutil.copytree(PACKAGE, fresh, ignore=ignore)
        shutil.copy2(ROOT / "LICENSE", fresh / "LICENSE")
        (fresh / NOTE).write_text(note(fresh, with_testing=with_testing), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        fresh.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def note(target: Path, *, with_testing: bool) -> str:
    version = _VERSION.search((target / "_version.py").read_text(encoding="utf-8"))
    lines = [
        f"taskpoll {version['version'] if version else 'unknown'}, vendored by `make vendor`.",
        f"Source commit: {_commit()}",
        "Emulators (taskpoll.testing) and command line (taskpoll.cli): "
        + ("included" if with_testing else "not included"),
        "Do not edit these files: change the taskpoll repo and vendor again.",
        "Runtime dependencies: attrs, cattrs, urllib3, defusedxml.",
        "",
        "Specs the generated code came from (sha256 prefix, from the generated headers):",
    ]
    for init in sorted(target.glob("*/_generated/__init__.py")):
        header = _HEADER.search(init.read_text(encoding="utf-8"))
        if header:
            lines.append(f"  {init.parent.parent.name}: {header['spec']} {header['digest']}")
    lines += ["", "Files (sha256):"]
    for path in sorted(p for p in target.rglob("*") if p.is_file() and p.name != NOTE):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"  {digest}  {path.relative_to(target).as_posix()}")
    return "\n".join(lines) + "\n"


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "sdk/taskpoll", "LICENSE"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{head} (with uncommitted changes)" if dirty else head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen.vendor", description=__doc__)
    parser.add_argument("dest", type=Path, help="directory that will contain taskpoll/")
    parser.add_argument("--with-testing", action="store_true", help="also copy the emulators")
    args = parser.parse_args(argv)
    try:
        target = vendor(args.dest, with_testing=args.with_testing)
    except (VendorError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"vendored taskpoll into {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

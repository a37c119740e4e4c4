"""Fails when ``sdk/`` or ``specs/`` changed without a changelog fragment.

``make check-changelog`` (part of ``make test``) runs it.  The changes it
looks at are those since a base commit, working tree and untracked files
included:

- on a branch: since where it left ``main`` (``git merge-base HEAD main``);
- on ``main`` itself (CI's fresh clone): since the last release, the last
  commit that changed ``sdk/taskpoll/_version.py`` (``make changelog`` folds the
  fragments into CHANGELOG.md in that commit, so right after a release nothing
  is owed; after that, the first change to ``sdk/`` or ``specs/`` owes one);
- on a branch that holds a release (one not on ``main`` yet): since that
  release, even when ``main`` was merged into the branch after it (what came
  with ``main`` brought its own fragments, or owes them).

A change owes a fragment when it touches ``sdk/`` or ``specs/`` (the version
file aside); it is paid by any fragment added or changed in ``changelog.d/``
since the base.  A change users cannot see (a test, a comment) says so with a
line ``Changelog: none`` (a reason may follow) in one of its commit messages.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

WATCHED = ("sdk/", "specs/")
VERSION_FILE = "sdk/taskpoll/_version.py"
FRAGMENTS = "changelog.d/"
NOT_FRAGMENTS = {"changelog.d/README.md"}
OPT_OUT = "changelog: none"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    done = subprocess.run(
        ["git", "-C", str(root), "merge-base", "--is-ancestor", older, newer],
        check=False,
        capture_output=True,
    )
    return done.returncode == 0


def base_commit(root: Path, main: str) -> tuple[str, str]:
    """The commit changes are counted from, and why it is that one."""
    head = git(root, "rev-parse", "HEAD").strip()
    release = git(root, "log", "-1", "--format=%H", "HEAD", "--", VERSION_FILE).strip()
    fork = ""
    if (
        subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", main],
            check=False,
            capture_output=True,
        ).returncode
        == 0
    ):
        fork = git(root, "merge-base", "HEAD", main).strip()
    if fork and fork != head and not (release and not is_ancestor(root, release, fork)):
        return fork, f"where HEAD left {main} ({fork[:10]})"
    if not release:
        raise SystemExit(f"check_changelog: no commit changed {VERSION_FILE}: no release yet")
    return release, f"the last release, the last change to {VERSION_FILE} ({release[:10]})"


def check(root: Path, main: str = "main") -> tuple[bool, str]:
    """``(passed, what to tell the user)``."""
    base, why = base_commit(root, main)
    changed = set(git(root, "diff", "--name-only", base, "--").split())
    changed |= set(git(root, "ls-files", "--others", "--exclude-standard").split())
    owing = sorted(p for p in changed if p.startswith(WATCHED) and p != VERSION_FILE)
    if not owing:
        return True, f"check_changelog: no change to sdk/ or specs/ since {why}"
    fragments = sorted(
        p
        for p in changed
        if p.startswith(FRAGMENTS) and p not in NOT_FRAGMENTS and (root / p).exists()
    )
    if fragments:
        return True, f"check_changelog: {len(fragments)} fragment(s) since {why}"
    messages = git(root, "log", "--format=%B", f"{base}..HEAD").lower().splitlines()
    if any(line.strip().startswith(OPT_OUT) for line in messages):
        return True, f"check_changelog: a commit since {why} says '{OPT_OUT}'"
    shown = "\n  ".join(owing[:10]) + ("\n  …" if len(owing) > 10 else "")
    return False, (
        f"check_changelog: sdk/ or specs/ changed since {why}, and changelog.d/ has no new"
        f" fragment:\n  {shown}\n"
        "Add changelog.d/NAME.TYPE.md (TYPE: added, changed, deprecated, removed, fixed,"
        " security; changelog.d/README.md), or, for a change users cannot see, a line"
        f" '{OPT_OUT.capitalize()}' in the commit message."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--main", default="main", help="the branch releases are made on")
    args = parser.parse_args()
    passed, message = check(args.root, args.main)
    print(message, file=sys.stdout if passed else sys.stderr)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

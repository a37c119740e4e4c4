"""The changelog: Keep a Changelog form, the current version named, and the
fragment check (tools/check_changelog.py) passing here and failing where a
change to sdk/ or specs/ comes without a fragment, on scratch repositories."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import taskpoll
from paths import ROOT

CHECK = ROOT / "tools" / "check_changelog.py"


def test_the_changelog_names_the_current_version_in_keep_a_changelog_form() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", text, re.M)
    assert releases and releases[0] == taskpoll.__version__, releases
    kinds = set(re.findall(r"^### (\w+)$", text, re.M))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kinds
    # the behaviour changes users must hear of, from the issue that asked for this changelog
    for fact in ("no longer hashable", "clamps", "max_wait=", "store=", "`client.api`"):
        assert fact in text or any(
            fact in p.read_text(encoding="utf-8") for p in (ROOT / "changelog.d").glob("*.md")
        ), fact


def test_the_version_has_one_source() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "sdk/taskpoll/_version.py"' in pyproject
    assert re.search(r"^version\s*=", pyproject, re.M) is None  # nor in [tool.towncrier]
    assert taskpoll.__version__ == taskpoll._version.__version__


def test_this_checkout_passes_the_fragment_check() -> None:
    done = subprocess.run(
        [sys.executable, str(CHECK)], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr


def git(repo: Path, *args: str) -> str:
    env_args = [
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    done = subprocess.run(
        ["git", "-C", str(repo), *env_args, *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def run_check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK), "--root", str(repo)],
        check=False, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """A repository on ``main`` whose last commit is a release."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, "sdk/taskpoll/_version.py", '__version__ = "1.0.0"\n')
    write(repo, "sdk/taskpoll/core.py", "x = 1\n")
    write(repo, "specs/api.yaml", "openapi: 3.1.0\n")
    write(repo, "changelog.d/README.md", "how\n")
    commit(repo, "release 1.0.0")
    return repo


def test_on_main_a_change_to_sdk_after_the_release_needs_a_fragment(released: Path) -> None:
    assert run_check(released).returncode == 0  # right after a release nothing is owed
    write(released, "tests/test_x.py", "pass\n")
    commit(released, "a test")
    assert run_check(released).returncode == 0  # tests owe nothing
    write(released, "sdk/taskpoll/core.py", "x = 2\n")
    commit(released, "x is 2")
    failed = run_check(released)
    assert failed.returncode == 1 and "sdk/taskpoll/core.py" in failed.stderr, failed.stderr
    write(released, "changelog.d/+x.changed.md", "`x` is 2.\n")
    assert run_check(released).returncode == 0  # an uncommitted fragment counts
    commit(released, "fragment")
    assert run_check(released).returncode == 0


def test_on_a_branch_only_its_own_fragments_count(released: Path) -> None:
    write(released, "changelog.d/+old.added.md", "Old.\n")
    write(released, "sdk/taskpoll/core.py", "x = 3\n")
    commit(released, "x is 3, with its fragment")
    git(released, "checkout", "-q", "-b", "topic")
    write(released, "specs/api.yaml", "openapi: 3.1.1\n")
    commit(released, "a spec change")
    failed = run_check(released)  # main's fragment is not this branch's
    assert failed.returncode == 1 and "specs/api.yaml" in failed.stderr, failed.stderr
    git(
        released,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "spec: a comment\n\nChangelog: none (a comment)",
    )
    assert run_check(released).returncode == 0


def test_a_release_on_a_branch_settles_what_came_before(released: Path) -> None:
    git(released, "checkout", "-q", "-b", "release")
    write(released, "sdk/taskpoll/core.py", "x = 4\n")
    commit(released, "x is 4")
    assert run_check(released).returncode == 1
    write(released, "sdk/taskpoll/_version.py", '__version__ = "1.1.0"\n')
    write(released, "CHANGELOG.md", "## [1.1.0]\n- x is 4\n")
    commit(released, "release 1.1.0")
    assert run_check(released).returncode == 0


@pytest.mark.parametrize("with_fragment", [True, False])
def test_main_merged_into_a_branch_after_its_release(released: Path, with_fragment: bool) -> None:
    """A branch released, then took main's newer work: main's change passes
    with its fragment and fails without one."""
    git(released, "checkout", "-q", "-b", "release")
    write(released, "sdk/taskpoll/_version.py", '__version__ = "1.1.0"\n')
    commit(released, "release 1.1.0")
    git(released, "checkout", "-q", "main")
    write(released, "specs/api.yaml", "openapi: 3.1.2\n")
    if with_fragment:
        write(released, "changelog.d/spec.changed.md", "The spec is 3.1.2.\n")
    commit(released, "a spec change")
    git(released, "checkout", "-q", "release")
    git(released, "merge", "-q", "--no-edit", "main")
    done = run_check(released)
    assert done.returncode == (0 if with_fragment else 1), done.stdout + done.stderr

"""Regeneration is deterministic, staleness is caught, and a spec change flows end to end.

Everything here works on temporary copies of codegen/, specs/ and sdk/: the
working tree is never regenerated or edited by these tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from codegen.cli import ToolError, check_ruff
from generation import PYTHON, codegen, copy_repo, edit
from paths import ROOT
from taskpoll._wire.models import structure
from taskpoll.capmonster import GetTaskResultResponse, TaskStatus

SPEC = "capmonster.openapi.yaml"


def generated(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.glob("*/_generated/*.py"))
    }


# --- determinism -----------------------------------------------------------------------------


def test_generation_is_byte_identical_across_runs_machines_and_hash_seeds(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    base = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    # different hash seeds, time zones, locales and working directories
    env_a = {**base, "PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    env_b = {**base, "PYTHONHASHSEED": "4242", "TZ": "Asia/Kathmandu", "LC_ALL": "C"}
    runs = [
        subprocess.run(
            [PYTHON, "-m", "codegen", "--specs", str(ROOT / "specs"), "--out", str(out)],
            cwd=cwd,
            env={**env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        for out, cwd, env in ((first, ROOT, env_a), (second, tmp_path, env_b))
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    a, b = generated(first), generated(second)
    specs = sorted(p.name for p in (ROOT / "specs").glob("*.openapi.yaml"))
    # __init__, models, client, waiter and errors per API, and CapMonster's task types
    assert len(a) == 5 * len(specs) + 1
    assert a == b
    spec_text = "".join(p.read_text() for p in (ROOT / "specs").iterdir())
    for name, content in a.items():
        text = content.decode()
        assert text.startswith("# generated — do not edit.\n"), name
        assert str(tmp_path) not in text and str(ROOT) not in text, f"{name} has a local path"
        for stamp in re.findall(r"\d{4}-\d{2}-\d{2}[T ]?\d{0,2}:?\d{0,2}", text):
            assert stamp.strip() in spec_text, f"{name} has a timestamp {stamp!r}"


def test_regenerating_a_fresh_tree_changes_nothing(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path)
    assert codegen(repo).returncode == 0
    before = generated(repo / "sdk" / "taskpoll")
    mtimes = {p: p.stat().st_mtime_ns for p in (repo / "sdk").rglob("*.py")}
    result = codegen(repo)
    assert result.returncode == 0, result.stderr
    assert generated(repo / "sdk" / "taskpoll") == before
    # not even rewritten: make, mypy and editors see no change
    assert all(p.stat().st_mtime_ns == mtimes[p] for p in mtimes), "rewrote unchanged files"


def test_only_the_pinned_ruff_formats_generated_code(tmp_path: Path) -> None:
    pinned = re.search(r'"ruff==([^"]+)"', (ROOT / "pyproject.toml").read_text())
    assert pinned is not None
    check_ruff(str(Path(PYTHON).parent / "ruff"))  # the venv's, as `make install` made it
    other = tmp_path / "ruff"
    other.write_text("#!/bin/sh\necho 'ruff 0.0.1'\n")
    other.chmod(0o755)
    with pytest.raises(ToolError, match=rf"ruff {re.escape(pinned[1])} .* found ruff 0\.0\.1"):
        check_ruff(str(other))
    with pytest.raises(ToolError, match="found nothing"):
        check_ruff(str(tmp_path / "no-such-ruff"))


# --- check-generated -------------------------------------------------------------------------


@pytest.mark.slow  # over 15 s: make test-all (CI) runs it
def test_check_generated_fails_with_a_diff_summary_when_specs_or_templates_change(
    tmp_path: Path,
) -> None:
    repo = copy_repo(tmp_path)
    assert codegen(repo).returncode == 0
    fresh = codegen(repo, "--check")
    assert fresh.returncode == 0, fresh.stdout
    assert "generated code is fresh" in fresh.stdout
    committed = generated(repo / "sdk" / "taskpoll")

    spec = repo / "specs" / SPEC
    original = spec.read_text()
    edit(spec, "description: Balance in USD.", "description: Balance in US dollars.")
    stale = codegen(repo, "--check")
    assert stale.returncode == 1
    assert "stale: capmonster/_generated/models.py" in stale.stdout
    assert "+    #: Balance in US dollars." in stale.stdout
    assert "-    #: Balance in USD." in stale.stdout
    assert "run `make generate`" in stale.stdout
    assert generated(repo / "sdk" / "taskpoll") == committed, "--check must not write"
    spec.write_text(original)

    edit(
        repo / "codegen" / "templates" / "client.py.jinja2",
        "``timeout`` caps this request's total time in seconds.",
        "``timeout`` caps this request's total time, in seconds.",
    )
    stale = codegen(repo, "--check")
    assert stale.returncode == 1
    apis = sorted(p.parent.name for p in (repo / "sdk").glob("taskpoll/*/_generated"))
    for api in apis:
        assert f"stale: {api}/_generated/client.py" in stale.stdout
    assert f"{len(apis)} generated file(s) out of date" in stale.stdout


@pytest.mark.slow  # over 15 s: make test-all (CI) runs it
def test_check_generated_reports_orphans_make_fails_and_generate_removes_them(
    tmp_path: Path,
) -> None:
    repo = copy_repo(tmp_path)
    assert codegen(repo).returncode == 0
    ghost = repo / "sdk" / "taskpoll" / "ghost" / "_generated"
    ghost.mkdir(parents=True)
    (ghost / "models.py").write_text("# generated — do not edit.\n")
    stamp = ROOT / ".venv" / ".installed"
    result = subprocess.run(
        # the copy uses this checkout's venv; -o: never reinstall it from here
        ["make", "--no-print-directory", "check-generated", f"VENV={ROOT / '.venv'}", "-o", stamp],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "orphaned generated file: ghost/_generated/models.py" in result.stdout

    # `make generate` removes what no spec produces any more, if it carries our header
    handmade = ghost / "notes.py"
    handmade.write_text("# someone's own file\n")
    regenerated = codegen(repo)
    assert regenerated.returncode == 0, regenerated.stderr
    assert "removed" in regenerated.stdout and "ghost/_generated/models.py" in regenerated.stdout
    assert not (ghost / "models.py").exists()
    assert handmade.exists(), "a file without the generated header is never deleted"
    handmade.unlink()
    assert codegen(repo, "--check").returncode == 0


# --- a spec change, end to end ---------------------------------------------------------------

TYPED_USE = """\
from typing import assert_type

from taskpoll.capmonster import GetTaskResultResponse, TaskStatus


def describe(response: GetTaskResultResponse) -> str:
    assert_type(response.cost, float | None)
    reveal_type(response.cost)
    if response.status is TaskStatus.FAILED:
        return "failed"
    return f"{response.cost or 0.0:.4f}"
"""

SERVE_AND_DECODE = """\
import json

import urllib3

import taskpoll
from taskpoll import Backoff, WaitPolicy, capmonster
from taskpoll.capmonster import GetTaskResultResponse, TaskStatus
from taskpoll._wire.models import structure
from taskpoll.testing.capmonster import CapmonsterEmulator

wire = {"errorId": 0, "status": "failed", "cost": 0.5}
decoded = structure(wire, GetTaskResultResponse)
with CapmonsterEmulator(keys={"k"}, default_solve_time=0.05) as emulator:
    client = capmonster.Client("k", base_url=emulator.url)
    task_id = client.create_task({"type": "ImageToTextTask", "body": "aGk="}).task_id
    policy = WaitPolicy(max_wait=20.0, backoff=Backoff(first=0.1, min=0.05, max=0.2))
    done = client.wait(task_id, policy=policy)
    served = urllib3.request(
        "POST", emulator.url + "/getTaskResult", json={"clientKey": "k", "taskId": task_id}
    )
print(json.dumps({
    "package": taskpoll.__file__,
    "status": decoded.status.value,
    "known": decoded.status.known,
    "is_failed": decoded.status is TaskStatus.FAILED,
    "cost": decoded.cost,
    "waited_cost": done.cost,
    "served": json.loads(served.data),
}))
"""


def mypy(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MYPY", "PYTHON"))}
    return subprocess.run(
        [PYTHON, "-m", "mypy", "--config-file", "pyproject.toml", "--cache-dir", ".mypy", *files],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )


def test_the_field_and_enum_value_are_not_there_before_the_change() -> None:
    """The control: today's package has neither, so the test below can fail."""
    decoded = structure({"errorId": 0, "status": "failed", "cost": 0.5}, GetTaskResultResponse)
    assert not hasattr(decoded, "cost")
    assert decoded.status is not None
    assert not decoded.status.known
    assert "FAILED" not in TaskStatus.__members__


@pytest.mark.slow  # two mypy runs over a copy of the repo
def test_a_new_optional_field_and_enum_value_flow_from_spec_to_model_wire_and_emulator(
    tmp_path: Path,
) -> None:
    repo = copy_repo(tmp_path, specs=(SPEC,))
    spec = repo / "specs" / SPEC
    original_spec = spec.read_text()
    edit(spec, "enum: [processing, ready]", "enum: [processing, ready, failed]")
    edit(
        spec,
        '        status: {$ref: "#/components/schemas/TaskStatus"}\n',
        '        status: {$ref: "#/components/schemas/TaskStatus"}\n'
        "        cost:\n"
        "          type: number\n"
        "          description: What solving the task cost, in USD.\n",
    )
    result = codegen(repo)
    assert result.returncode == 0, result.stderr
    models = (repo / "sdk" / "taskpoll" / "capmonster" / "_generated" / "models.py").read_text()
    assert '    FAILED = "failed"\n' in models
    assert "    #: What solving the task cost, in USD.\n" in models
    assert 'cost: float | None = attrs.field(default=None, metadata={"wire": "cost"})' in models

    # The emulator builds responses from the models: serving the field is one typed argument.
    edit(
        repo / "sdk" / "taskpoll" / "testing" / "capmonster.py",
        "status=TaskStatus.READY,",
        "status=TaskStatus.READY, cost=0.0003,",
    )
    (repo / "typed_use.py").write_text(TYPED_USE)
    checked = mypy(repo, "typed_use.py", "sdk/taskpoll/testing/capmonster.py")
    assert 'typed_use.py:8: note: Revealed type is "float | None"' in checked.stdout
    assert checked.returncode == 0, checked.stdout

    (repo / "serve_and_decode.py").write_text(SERVE_AND_DECODE)
    run = subprocess.run(
        [PYTHON, "serve_and_decode.py"],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo / "sdk")},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["package"] == str(repo / "sdk" / "taskpoll" / "__init__.py")
    assert out["status"] == "failed"
    assert out["known"] is True
    assert out["is_failed"] is True
    assert out["cost"] == 0.5
    assert out["waited_cost"] == 0.0003
    assert out["served"]["cost"] == 0.0003
    assert out["served"]["status"] == "ready"

    # Removing the field again: mypy flags every use of it, in user code and in the emulator.
    spec.write_text(original_spec.replace("ready]", "ready, failed]"))
    assert codegen(repo).returncode == 0
    flagged = mypy(repo, "typed_use.py", "sdk/taskpoll/testing/capmonster.py")
    assert flagged.returncode == 1
    assert 'typed_use.py:7: error: "GetTaskResultResponse" has no attribute "cost"' in (
        flagged.stdout
    )
    assert 'typed_use.py:11: error: "GetTaskResultResponse" has no attribute "cost"' in (
        flagged.stdout
    )
    assert re.search(
        r'sdk/taskpoll/testing/capmonster\.py:\d+: error: Unexpected keyword argument "cost" '
        r'for "GetTaskResultResponse"',
        flagged.stdout,
    ), flagged.stdout


def test_an_api_generates_the_same_alone_or_among_others(tmp_path: Path) -> None:
    """Many specs: output per API never depends on which others exist or their order."""
    repo = copy_repo(tmp_path, specs=(SPEC,))
    alone = codegen(repo, "--out", str(tmp_path / "alone"))
    assert alone.returncode == 0, alone.stderr
    with_others = tmp_path / "all"
    everything = codegen(ROOT, "--out", str(with_others))
    assert everything.returncode == 0, everything.stderr
    ours = {k: v for k, v in generated(with_others).items() if k.startswith("capmonster/")}
    assert ours == generated(tmp_path / "alone")

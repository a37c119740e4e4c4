"""Typed for the user: the flows in tests/typing/ and every Python block of
README.md and docs/ type-check under mypy --strict and pyright strict, as a
user's own script would (no casts; the package is found installed, with its
py.typed).  A block that is only a fragment starts with ``# fragment: why``
(tests/doc_blocks.py finds them; tests/clients/test_examples.py runs them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from doc_blocks import blocks, every_block_count
from paths import ROOT, TESTS

FLOWS = TESTS / "typing"
BIN = Path(sys.executable).parent
# Celery ships no types: a user's strict run needs the same allowance for it.
MYPY_CONFIG = """\
[mypy]
strict = True
python_version = 3.11
[mypy-celery.*]
ignore_missing_imports = True
"""


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("examples")
    for name, code in blocks():
        (folder / f"{name}.py").write_text(code, encoding="utf-8")
    (folder / "mypy.ini").write_text(MYPY_CONFIG, encoding="utf-8")
    (folder / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11",
                    "reportMissingTypeStubs": False}),  # celery, as for mypy
        encoding="utf-8",
    )  # fmt: skip
    return folder


def test_the_docs_have_blocks_to_check_and_few_fragments() -> None:
    checked = blocks()
    names = {name for name, _ in checked}
    assert len(checked) == len(names) >= 10
    quick_start = next(code for name, code in checked if name.startswith("README_"))
    assert "client.wait(created" in quick_start  # the README's first block: CapMonster's
    assert any("poll_once" in code for name, code in checked if name.startswith("durable_waits"))
    assert every_block_count() - len(checked) <= 5  # fragments stay rare


def mypy(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mypy", "--no-incremental", *map(str, args)]
    return subprocess.run(
        command, check=False, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def pyright(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "pyright"), "--pythonpath", sys.executable, *map(str, args)]
    return subprocess.run(
        command, check=False, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_flows_pass_mypy_strict() -> None:
    flows = sorted(FLOWS.glob("*_flow.py"))
    assert {f.stem for f in flows} == {"capmonster_flow", "cloudcoin_flow", "alphasms_flow"}
    result = mypy("--strict", "--warn-unused-ignores", *flows, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_flows_pass_pyright_strict() -> None:
    result = pyright(cwd=FLOWS)  # tests/typing/pyrightconfig.json: strict
    assert result.returncode == 0 and "0 errors" in result.stdout, result.stdout + result.stderr


def test_the_docs_examples_pass_mypy_strict(examples: Path) -> None:
    result = mypy("--config-file", examples / "mypy.ini", *sorted(examples.glob("*.py")),
                  cwd=examples)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_docs_examples_pass_pyright_strict(examples: Path) -> None:
    result = pyright(cwd=examples)
    assert result.returncode == 0 and "0 errors" in result.stdout, result.stdout + result.stderr


def test_a_wrong_type_is_caught_by_both(tmp_path: Path) -> None:
    """The checks can fail: the quick start's solution is not an image's."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        "from typing import assert_type\n"
        "from taskpoll import capmonster\n"
        "client = capmonster.Client('k')\n"
        "task = capmonster.TurnstileTask(website_url='https://a.b', website_key='k')\n"
        "assert_type(client.wait(client.create_task(task)).solution,"
        " capmonster.ImageToTextSolution)\n",
        encoding="utf-8",
    )
    (tmp_path / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}')
    assert "assert-type" in mypy("--strict", wrong, cwd=tmp_path).stdout
    assert "reportAssertTypeFailure" in pyright(cwd=tmp_path).stdout


def test_the_package_is_fully_typed_and_documented(tmp_path: Path) -> None:
    """pyright's verifytypes: every public symbol has a known type and a docstring
    (the generated ones too).  pyright finds the installed package through the
    ``python`` on PATH, so the venv's goes first."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [str(BIN / "pyright"), "--verifytypes", "taskpoll", "--ignoreexternal", "--verbose"]
    result = subprocess.run(
        command, check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert 'Symbols exported by "taskpoll": 0' not in result.stdout  # it found the package
    undocumented = [line.strip() for line in result.stdout.splitlines() if "No docstring" in line]
    assert undocumented == []
    assert "Type completeness score: 100%" in result.stdout, result.stdout[-3000:]

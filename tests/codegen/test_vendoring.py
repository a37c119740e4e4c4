"""taskpoll copied into another repo (`make vendor`) works there, typed, with only its deps.

The package must import itself only relatively and never import codegen, so it
runs under any parent package (``other.vendor.taskpoll``).  The end-to-end test
builds a throwaway repo, vendors into it, creates a fresh venv holding only the
four runtime dependencies (plus mypy and the defusedxml stubs, to type-check),
and runs and type-checks a smoke script there against an emulator started here.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from paths import ROOT
from taskpoll.testing.capmonster import CapmonsterEmulator

PACKAGE = ROOT / "sdk" / "taskpoll"
RUNTIME_DEPS = ("attrs", "cattrs", "urllib3", "defusedxml")
#: Modules that are only ever loaded by a tool that brings its own dependency:
#: pytest loads its plugins, so the plugin may import pytest.
TOOL_PLUGINS = {PACKAGE / "testing" / "pytest_plugin.py": {"pytest"}}
#: The integrations of the optional extras, which import their own extra's
#: packages: core ``import taskpoll`` never loads them (tests/integrations/test_celery.py
#: checks), and ``make vendor`` leaves them out.
EXTRAS = {
    PACKAGE / "_integrations" / "celery.py": {"celery"},
    PACKAGE / "_integrations" / "batches.py": {"celery"},
    PACKAGE / "_integrations" / "worker.py": {"celery"},
    PACKAGE / "_integrations" / "chains.py": {"celery"},
    PACKAGE / "_integrations" / "otel.py": {"opentelemetry"},
    PACKAGE / "_integrations" / "redis.py": {"redis"},
}
CHECK_TOOLS = ("mypy", "types-defusedxml")
KEY = "vendored-secret-key-0123456789"


def _imports(tree: ast.AST) -> Iterator[tuple[int, str, bool]]:
    """(line, module, optional) of every absolute import, static or through importlib.

    ``optional``: inside a ``try`` that catches ImportError (a dev-only extra)."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            guarded.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    for node in ast.walk(tree):
        optional = id(node) in guarded
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name, optional) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, optional
        elif isinstance(node, ast.Call) and _is_dynamic_import(node) and node.args:
            name = _literal_prefix(node.args[0])
            if name and not name.startswith("."):
                yield node.lineno, name, optional


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = (
        {n.id for n in ast.walk(handler.type) if isinstance(n, ast.Name)} if handler.type else {}
    )
    return bool({"ImportError", "ModuleNotFoundError", "Exception"} & set(names))


def _is_dynamic_import(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__")


def _literal_prefix(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _literal_prefix(node.values[0])
    return ""


def test_package_imports_only_stdlib_runtime_deps_and_itself_relatively() -> None:
    allowed = set(sys.stdlib_module_names) | set(RUNTIME_DEPS)
    offenders = []
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, module, optional in _imports(tree):
            top = module.split(".")[0]
            # itself by absolute name: breaks (or finds another copy) once vendored, guarded or not
            if top in TOOL_PLUGINS.get(path, ()) or top in EXTRAS.get(path, ()):
                continue
            if top in ("taskpoll", "codegen") or (top not in allowed and not optional):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: imports {module!r}")
    assert not offenders, (
        "the package must import itself relatively (from .x / import_module('.x', __package__)) "
        "and nothing but stdlib + " + ", ".join(RUNTIME_DEPS) + " (others only inside "
        "try/except ImportError):\n" + "\n".join(offenders)
    )


def test_the_import_check_catches_what_it_must() -> None:
    bad = """
import taskpoll.errors
from codegen.cli import main
from taskpoll import capmonster
importlib.import_module(f"taskpoll.{name}")
importlib.import_module("taskpoll.x", __package__)
try:
    importlib.import_module(f"taskpoll.{name}")
except ImportError:
    pass
import xmlschema
"""
    good = """
from .errors import TaskpollError
from .. import codec
importlib.import_module(f".{name}", __package__)
importlib.import_module("json")
try:
    import xmlschema
except ImportError as exc:
    raise RuntimeError("needs the dev dependency group") from exc
"""
    assert [(m, o) for _, m, o in sorted(_imports(ast.parse(bad)))] == [
        ("taskpoll.errors", False),
        ("codegen.cli", False),
        ("taskpoll", False),
        ("taskpoll.", False),
        ("taskpoll.x", False),
        ("taskpoll.", True),
        ("xmlschema", False),
    ]
    assert [(m, o) for _, m, o in sorted(_imports(ast.parse(good)))] == [
        ("json", False),
        ("xmlschema", True),
    ]


def run_vendor(dest: Path, *, with_testing: bool = False) -> subprocess.CompletedProcess[str]:
    """``make vendor`` (the documented command), with the python running these tests."""
    command = ["make", "--no-print-directory", "vendor", f"DEST={dest}", f"PYTHON={sys.executable}"]
    if with_testing:
        command.append("WITH_TESTING=1")
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_vendor_copies_the_package_license_and_note_but_no_tests_or_codegen(
    tmp_path: Path,
) -> None:
    result = run_vendor(tmp_path / "thirdparty")
    assert result.returncode == 0, result.stderr
    target = tmp_path / "thirdparty" / "taskpoll"
    assert [p.name for p in target.parent.iterdir()] == ["taskpoll"], "no staging left behind"
    copied = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert {"__init__.py", "py.typed", "LICENSE", "VENDORED", "capmonster/client.py"} <= copied
    assert not [p for p in copied if p.startswith("testing/") or "__pycache__" in p]
    # the command line imports the emulators (`emulate`), so it goes with them
    assert not [p for p in copied if p.startswith("cli/") or p == "__main__.py"]
    assert not [p for p in copied if "codegen" in p or p.startswith("tests/")]
    assert (target / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()

    note = (target / "VENDORED").read_text()
    version = re.search(r'__version__ = "(.+)"', (PACKAGE / "_version.py").read_text())
    assert version is not None
    assert note.startswith(f"taskpoll {version[1]}, vendored")
    assert "Emulators (taskpoll.testing) and command line (taskpoll.cli): not included" in note
    for init in sorted(PACKAGE.glob("*/_generated/__init__.py")):
        header = re.search(r"# Source: (\S+) \(sha256 ([0-9a-f]+)\)", init.read_text())
        assert header is not None
        assert f"  {init.parent.parent.name}: {header[1]} {header[2]}\n" in note
    # the file list is complete and its sums are right (`sha256sum -c` format after the indent)
    listed = dict(
        reversed(line.split()) for line in note.split("Files (sha256):\n")[1].splitlines()
    )
    assert set(listed) == copied - {"VENDORED"}
    assert all(listed[name] == _sha256(target / name) for name in listed)


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_vendor_with_testing_includes_emulators_and_replaces_an_earlier_copy(
    tmp_path: Path,
) -> None:
    assert run_vendor(tmp_path).returncode == 0
    stale = tmp_path / "taskpoll" / "stale_module.py"
    stale.write_text("")
    result = run_vendor(tmp_path, with_testing=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "taskpoll" / "testing" / "server.py").is_file()
    assert (tmp_path / "taskpoll" / "__main__.py").is_file()
    assert "(taskpoll.cli): included" in (tmp_path / "taskpoll" / "VENDORED").read_text()
    assert not stale.exists(), "a re-vendor replaces the whole earlier copy"


def test_vendor_refuses_to_overwrite_what_it_did_not_vendor(tmp_path: Path) -> None:
    own = tmp_path / "taskpoll"
    own.mkdir()
    (own / "mine.py").write_text("precious = True\n")
    result = run_vendor(tmp_path)
    assert result.returncode == 2
    assert "refusing to replace" in result.stderr
    assert (own / "mine.py").read_text() == "precious = True\n"


def test_vendor_without_dest_prints_usage() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "vendor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "usage: make vendor DEST=" in result.stderr


SMOKE = '''"""Runs in a fresh venv against the vendored copy; type-checked with mypy --strict."""

from __future__ import annotations

import importlib.util
import json
import sys

from other.vendor.taskpoll import Backoff, TaskpollError, WaitPolicy, __version__, capmonster
from other.vendor.taskpoll.errors import TaskNotFoundError


def main(base_url: str, key: str) -> dict[str, object]:
    leaked = [m for m in ("taskpoll", "codegen") if importlib.util.find_spec(m) is not None]
    policy = WaitPolicy(max_wait=20.0, backoff=Backoff(first=0.05, min=0.05, max=0.2))
    with capmonster.Client(key, base_url=base_url) as client:
        created: capmonster.CreatedTask[dict[str, object]] = client.create_task(
            {"type": "ImageToTextTask", "body": "aGVsbG8="}
        )
        task_id: int = created.task_id
        done: capmonster.SolvedTask[dict[str, object]] = client.wait(created, policy=policy)
        solution: dict[str, object] = done.solution
        by_id: capmonster.SolvedTask[dict[str, object] | capmonster.Solution | None]
        by_id = client.wait(task_id, policy=policy)
        try:
            client.get_task_result(123)
        except TaskNotFoundError as exc:
            error: TaskpollError = exc
    return {
        "version": __version__,
        "leaked": leaked,
        "status": str(done.status),
        "solution": solution,
        "error_module": type(error).__module__,
        "error_text": f"{error!r} {error}",
        "task_id": task_id,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
'''

EMULATED = '''"""Vendored emulators (WITH_TESTING=1) serve the vendored client in the fresh venv."""

import json

from third.taskpoll import Backoff, WaitPolicy, capmonster
from third.taskpoll.testing.capmonster import CapmonsterEmulator

with CapmonsterEmulator(keys={"k"}, default_solve_time=0.1) as emulator:
    client = capmonster.Client("k", base_url=emulator.url)
    task_id = client.create_task(
        {"type": "TurnstileTask", "websiteURL": "https://example.com", "websiteKey": "k"}
    ).task_id
    policy = WaitPolicy(max_wait=20.0, backoff=Backoff(first=0.05, min=0.05, max=0.2))
    print(json.dumps(client.wait(task_id, policy=policy).solution))
'''


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One venv per session with only the runtime deps (+ mypy), at the versions in use here."""
    home = tmp_path_factory.mktemp("fresh-venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    python = home / "bin" / "python"
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in RUNTIME_DEPS + CHECK_TOOLS]
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pins],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    if install.returncode != 0:
        pytest.fail(f"could not build the fresh venv (needs the package index):\n{install.stderr}")
    return python


def _clean_env(repo: Path) -> dict[str, str]:
    """No PYTHONPATH from here, no user site: the throwaway repo is all there is."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MYPY", "VIRTUAL"))}
    return {**env, "PYTHONPATH": str(repo), "PYTHONNOUSERSITE": "1"}


@pytest.mark.slow  # builds a fresh venv from the package index
def test_vendored_copy_runs_and_typechecks_in_a_fresh_venv(
    tmp_path: Path, fresh_venv: Path
) -> None:
    repo = tmp_path / "throwaway"
    (repo / "other" / "vendor").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "other" / "__init__.py").write_text("")
    (repo / "other" / "vendor" / "__init__.py").write_text("")
    (repo / "other" / "smoke.py").write_text(SMOKE)
    result = run_vendor(repo / "other" / "vendor")
    assert result.returncode == 0, result.stderr
    env = _clean_env(repo)

    installed = subprocess.run(
        [str(fresh_venv), "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    names = {p["name"].lower() for p in json.loads(installed.stdout)}
    assert "taskpoll" not in names
    assert not {"jinja2", "pyyaml", "datamodel-code-generator", "xmlschema"} & names

    with CapmonsterEmulator(keys={KEY}, default_solve_time=0.2) as emulator:
        run = subprocess.run(
            [str(fresh_venv), "-m", "other.smoke", emulator.url, KEY],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=60,
        )
        polls = emulator.app.max_polls()
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["leaked"] == [], "a top-level taskpoll/codegen was importable in the fresh venv"
    assert out["status"] == "ready"
    assert out["solution"] == {"text": "answer"}
    assert out["error_module"] == "other.vendor.taskpoll.errors"
    assert KEY not in out["error_text"]
    assert polls >= 1

    mypy = subprocess.run(
        # the smoke script and every vendored module, strictly, where they landed
        [str(fresh_venv), "-m", "mypy", "--strict", "--no-incremental", "other"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=240,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    assert "Success" in mypy.stdout

    # and mypy there does catch a misuse of the vendored API
    (repo / "other" / "misuse.py").write_text(
        "from other.vendor.taskpoll import capmonster\n\n"
        "def f(r: capmonster.GetTaskResultResponse) -> str:\n"
        "    return r.solution\n"
    )
    misuse = subprocess.run(
        [str(fresh_venv), "-m", "mypy", "--strict", "other/misuse.py"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=240,
    )
    assert misuse.returncode == 1
    assert "other/misuse.py:4: error: Incompatible return value" in misuse.stdout


@pytest.mark.slow  # builds a fresh venv from the package index
def test_vendored_emulators_run_in_the_fresh_venv(tmp_path: Path, fresh_venv: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "third").mkdir(parents=True)
    (repo / "third" / "__init__.py").write_text("")
    (repo / "emulated.py").write_text(EMULATED)
    assert run_vendor(repo / "third", with_testing=True).returncode == 0
    run = subprocess.run(
        [str(fresh_venv), "emulated.py"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=_clean_env(repo),
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["token"].startswith("0.")


def test_make_vendor_needs_nothing_but_the_standard_library() -> None:
    """Vendoring works before `make install`: the script imports only stdlib modules."""
    tree = ast.parse((ROOT / "codegen" / "vendor.py").read_text())
    modules = {m.split(".")[0] for _, m, _ in _imports(tree)}
    assert modules <= set(sys.stdlib_module_names), modules

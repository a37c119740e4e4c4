"""What `make dist` builds: an sdist and a wheel that pass ``twine check
--strict`` and ``check-wheel-contents``, metadata with only the real extras, an
sdist that regenerates the clients, and (slow: a fresh venv from the package
index) a wheel that waits on an emulator task once installed."""

from __future__ import annotations

import email.parser
import subprocess
import sys
import tarfile
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

import taskpoll
from paths import ROOT

BIN = Path(sys.executable).parent
TOOLS = {"build", "twine", "ruff", "mypy", "pytest", "mkdocs", "towncrier", "pyright", "hatchling"}


def run(
    *command: str | Path, cwd: Path = ROOT, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, check=False, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built as `make dist` builds them."""
    out = tmp_path_factory.mktemp("dist")
    done = run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ".")
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def wheel(dist: Path) -> Path:
    (found,) = dist.glob(f"taskpoll-{taskpoll.__version__}-py3-none-any.whl")
    return found


def sdist(dist: Path) -> Path:
    (found,) = dist.glob(f"taskpoll-{taskpoll.__version__}.tar.gz")
    return found


def test_twine_check_strict_passes(dist: Path) -> None:
    done = run(BIN / "twine", "check", "--strict", wheel(dist), sdist(dist))
    assert done.returncode == 0 and done.stdout.count("PASSED") == 2, done.stdout + done.stderr


def test_check_wheel_contents_passes(dist: Path) -> None:
    done = run(BIN / "check-wheel-contents", wheel(dist))
    assert done.returncode == 0 and ": OK" in done.stdout, done.stdout + done.stderr


def test_the_metadata_lists_only_real_extras(dist: Path) -> None:
    with zipfile.ZipFile(wheel(dist)) as whl:
        raw = whl.read(f"taskpoll-{taskpoll.__version__}.dist-info/METADATA").decode()
        names = whl.namelist()
    metadata = email.parser.Parser().parsestr(raw)
    assert sorted(metadata.get_all("Provides-Extra") or []) == ["celery", "otel", "redis"]
    required = {r.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip()
                for r in metadata.get_all("Requires-Dist") or []}  # fmt: skip
    assert required == {"attrs", "cattrs", "urllib3", "defusedxml", "celery", "redis",
                        "opentelemetry-api"}  # fmt: skip
    assert not required & TOOLS
    assert metadata["Version"] == taskpoll.__version__
    assert "taskpoll/py.typed" in names
    assert not [n for n in names if n.startswith(("codegen/", "tests/", "specs/", "docs/"))]


def test_the_sdist_regenerates_the_clients(dist: Path, tmp_path: Path) -> None:
    """codegen/ (templates included) and specs/ ship in the sdist, and
    ``python -m codegen --check`` passes in the unpacked tree; a spec changed
    there makes it fail, so it checks that tree and not this checkout."""
    with tarfile.open(sdist(dist)) as archive:
        archive.extractall(tmp_path, filter="data")
    (tree,) = tmp_path.iterdir()
    assert (tree / "codegen" / "templates" / "models.py.jinja2").is_file()
    assert not (tree / "tests").exists() and not (tree / "changelog.d").exists()
    fresh = run(sys.executable, "-m", "codegen", "--check", cwd=tree)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    spec = tree / "specs" / "capmonster.openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("title: CapMonster Cloud", "title: CapMonster, changed"))
    stale = run(sys.executable, "-m", "codegen", "--check", cwd=tree)
    assert stale.returncode != 0, stale.stdout + stale.stderr


INSTALLED_WAIT = textwrap.dedent(
    """
    import sys
    import taskpoll
    from taskpoll import capmonster
    from taskpoll.testing.capmonster import CapmonsterEmulator

    assert "site-packages" in taskpoll.__file__, taskpoll.__file__
    with CapmonsterEmulator() as emulator:
        client = capmonster.Client("any-key", base_url=emulator.url)
        created = client.create_task(capmonster.ImageToTextTask(body="iVBORw0KGgo="))
        print(taskpoll.__version__, client.wait(created, max_wait=30.0).solution.text)
    """
)


@pytest.mark.slow
def test_the_wheel_waits_on_an_emulator_task_from_a_fresh_venv(dist: Path, tmp_path: Path) -> None:
    """No editable install and no checkout on the path: the venv has only the
    wheel and its four dependencies, and runs from an empty folder."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    installed = run(python, "-m", "pip", "install", "--quiet", wheel(dist), timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    listed = run(python, "-m", "pip", "list", "--format=freeze").stdout.lower()
    assert "taskpoll==" in listed and "pytest" not in listed and "celery" not in listed
    work = tmp_path / "empty"
    work.mkdir()
    (work / "wait.py").write_text(INSTALLED_WAIT, encoding="utf-8")
    done = run(python, "-I", "wait.py", cwd=work, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.split() == [taskpoll.__version__, "answer"], done.stdout
    command = run(env_dir / "bin" / "taskpoll", "--help", cwd=work)
    assert command.returncode == 0 and "wait" in command.stdout

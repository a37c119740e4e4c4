"""The site (mkdocs.yml): it builds strictly, its reference covers every public
module, and docstrings cite its pages by URL, never a path in the repository
(the wheel ships no docs/ and no README)."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import taskpoll
from paths import ROOT

MKDOCS = Path(sys.executable).parent / "mkdocs"
SITE_URL = re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(), re.M)[1]  # type: ignore[index]
SITE_LINK = re.compile(
    re.escape(SITE_URL) + r"(?P<page>[\w./-]*?)(?:#(?P<anchor>[\w-]+))?(?=[\s)\"'`>,]|\.\s|\.$|$)",
    re.M,
)
REPO_PATH = re.compile(r"\b(?:docs/[\w/.-]+\.md|README(?:\.md)?\b|\.\./shared/)")


def sources() -> list[Path]:
    """Every file whose text ends up in the wheel's docstrings, comments and messages."""
    return sorted(
        p
        for p in [*(ROOT / "sdk").rglob("*.py"), *(ROOT / "codegen" / "templates").rglob("*")]
        if p.is_file()
    )


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, check=False, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def broken_links(text: str, site: Path) -> list[str]:
    """Links to the site in ``text`` that name no built page or no anchor on it."""
    broken = []
    for match in SITE_LINK.finditer(text):
        page = site / match["page"] / "index.html"
        if not match["page"].endswith("/") and match["page"]:
            broken.append(f"{match[0]} (pages end with /)")
        elif not page.is_file():
            broken.append(match[0])
        elif match["anchor"]:
            ids = Ids()
            ids.feed(page.read_text(encoding="utf-8"))
            if match["anchor"] not in ids.ids:
                broken.append(match[0])
    return broken


def test_one_site_url() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'Documentation = "{SITE_URL}"' in pyproject
    assert SITE_URL.endswith("/")


def test_docstrings_cite_the_site_never_a_repository_path(site: Path) -> None:
    cited, broken, paths = 0, [], []
    for source in sources():
        text = source.read_text(encoding="utf-8")
        rel = source.relative_to(ROOT)
        cited += len(SITE_LINK.findall(text))
        broken += [f"{rel}: {link}" for link in broken_links(text, site)]
        paths += [f"{rel}: {m[0]}" for m in REPO_PATH.finditer(text)]
    assert cited >= 10
    assert broken == []
    assert paths == []


def test_the_readme_and_changelog_link_built_pages(site: Path) -> None:
    for page in ("README.md", "CHANGELOG.md"):
        assert broken_links((ROOT / page).read_text(encoding="utf-8"), site) == [], page


def test_a_broken_site_link_is_caught(site: Path) -> None:
    assert broken_links(f"see {SITE_URL}guides/fleet/.", site) == []
    assert broken_links(f"see {SITE_URL}architecture/#vocabulary", site) == []
    assert broken_links(f"see {SITE_URL}guides/flet/", site) == [f"{SITE_URL}guides/flet/"]
    assert broken_links(f"({SITE_URL}architecture/#nowhere)", site) != []
    assert REPO_PATH.search("the format is in docs/durable-waits.md")


def public_modules() -> list[str]:
    """Every module a user imports: no part starts with ``_``; the command's own
    modules (``taskpoll.cli.*``) are the README's "The taskpoll command"."""
    found = ["taskpoll"]
    for info in pkgutil.walk_packages(taskpoll.__path__, "taskpoll."):
        parts = info.name.split(".")
        if not any(p.startswith("_") for p in parts) and parts[1] != "cli":
            found.append(info.name)
    return found


def test_the_reference_covers_every_public_module() -> None:
    pages = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "reference").glob("*.md")
    )
    documented = set(re.findall(r"^::: ([\w.]+)$", pages, re.M))
    missing = []
    for name in public_modules():
        if name in documented:
            continue
        parent = name.rsplit(".", 1)[0]
        exported = set(getattr(importlib.import_module(parent), "__all__", ()))
        own = set(getattr(importlib.import_module(name), "__all__", ()))
        if not (parent in documented and own <= exported):  # e.g. capmonster.client
            missing.append(name)
    assert missing == []
    assert {
        "taskpoll.capmonster",
        "taskpoll.errors",
        "taskpoll.testing.pytest_plugin",
    } <= documented


def test_the_reference_shows_generated_models_and_wait_many(site: Path) -> None:
    ids = Ids()
    ids.feed((site / "reference" / "capmonster" / "index.html").read_text(encoding="utf-8"))
    assert {
        "taskpoll.capmonster.RecaptchaV3EnterpriseTask",
        "taskpoll.capmonster.Client",
    } <= ids.ids
    ids.feed((site / "reference" / "taskpoll" / "index.html").read_text(encoding="utf-8"))
    assert {"taskpoll.wait_many", "taskpoll.WaitPolicy"} <= ids.ids

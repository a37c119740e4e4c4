"""The Python blocks of README.md and docs/ (every page, guides included), for
the tests that type-check them (tests/clients/test_typing.py) and run them
(tests/clients/test_examples.py).

A block that is only a fragment (a method, a caller beside another file)
starts with ``# fragment: why`` and is neither checked nor run; such markers
stay rare.  A block that is a test module for pytest starts with
``# pytest: why`` and is run by pytest."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from paths import ROOT

BLOCK = re.compile(r"^(?P<indent>[ \t]*)```python\n(?P<code>.*?)^(?P=indent)```", re.M | re.S)
FRAGMENT = "# fragment:"
PYTEST = "# pytest:"


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def name_of(page: Path) -> str:
    """``README``, ``durable_waits``, ``guides_waiting``: a module name per page."""
    if page.parent == ROOT:
        return page.stem
    rel = page.relative_to(ROOT / "docs").with_suffix("")
    return "_".join(rel.parts).replace("-", "_")


def blocks() -> list[tuple[str, str]]:
    """``(name, code)`` of every Python block in README.md and docs/, fragments left out."""
    found = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            code = textwrap.dedent(match["code"])
            if not code.lstrip().startswith(FRAGMENT):
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{name_of(page)}_line{line}", code))
    return found


def every_block_count() -> int:
    """All Python blocks, fragments included."""
    return sum(len(BLOCK.findall(page.read_text(encoding="utf-8"))) for page in pages())

"""mkdocs hooks (mkdocs.yml, ``hooks:``): pages that show what the README or
another file of the repository already says, so the site never copies it.

- ``<!-- readme: HEADING -->`` on a line of its own is replaced by the README
  section whose heading starts with HEADING, down to the next heading of the
  same or a higher level, its headings shifted so that it starts at ``#``.
- ``<!-- readme-lead: HEADING -->``: only the text under that heading, down to
  the next heading of any level.
- ``<!-- include: FILE -->`` is replaced by the whole FILE (relative to the
  repository root) with its first heading kept.

Links into the docs folder (``docs/x.md``), which the README and the changelog
write from the root, are rewritten relative to the page showing them.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DIRECTIVE = re.compile(r"^<!-- (?P<kind>readme|readme-lead|include): (?P<what>.+?) -->$", re.M)
HEADING = re.compile(r"^(?P<level>#{1,6}) (?P<title>.+)$")
FENCE = re.compile(r"^\s*(```|~~~)")
DOCS_LINK = re.compile(r"\]\(docs/(?P<target>[^)]*)\)")


def headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """``(line index, level, title)`` of every heading outside fenced blocks."""
    found = []
    fenced = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            found.append((index, len(match["level"]), match["title"]))
    return found


def section(text: str, start: str, *, lead: bool = False) -> str:
    """The section of ``text`` whose heading starts with ``start``, shifted to
    ``#`` (with ``lead``, only the text before its first subheading)."""
    lines = text.splitlines()
    marks = headings(lines)
    for position, (index, level, title) in enumerate(marks):
        if title.startswith(start):
            end = next((i for i, lv, _ in marks[position + 1 :] if lead or lv <= level), len(lines))
            body = lines[index:end]
            shift = level - 1
            inner = {i - index for i, _, _ in marks if index <= i < end}
            return "\n".join(
                line[shift:] if n in inner else line for n, line in enumerate(body)
            ).rstrip()
    raise ValueError(f"README.md has no heading starting with {start!r}")


def expand(markdown: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match["kind"] != "include":
            readme = README.read_text(encoding="utf-8")
            return section(readme, match["what"], lead=match["kind"] == "readme-lead")
        return (ROOT / match["what"]).read_text(encoding="utf-8").rstrip()

    return DIRECTIVE.sub(replace, markdown)


def relink(markdown: str, page_path: str) -> str:
    """``docs/x.md`` links, written from the root, made relative to the page."""
    here = posixpath.dirname(page_path)

    def replace(match: re.Match[str]) -> str:
        return f"]({posixpath.relpath(match['target'], here or '.')})"

    return DOCS_LINK.sub(replace, markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs' hook: expand the directives, then fix the links they brought."""
    if not DIRECTIVE.search(markdown):
        return markdown
    return relink(expand(markdown), page.file.src_uri)


# Docstrings are written for Sphinx-style roles (:class:`~taskpoll.PollEvent`);
# mkdocstrings shows them as typed, so the page shows just the name in code.
ROLE = re.compile(
    r":(?:class|meth|func|attr|mod|data|exc|obj|const):<code>(?P<tilde>~?)(?P<name>[^<]+)</code>"
)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs' hook: ``:role:`~a.b.C``` shown as ``C`` (``a.b.C`` without the tilde)."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"].rsplit(".", 1)[-1] if match["tilde"] else match["name"]
        return f"<code>{name}</code>"

    return ROLE.sub(replace, html)

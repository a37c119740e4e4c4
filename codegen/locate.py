"""Where in a spec file a problem is: ``file:line:column: $.json.path``.

Validators report a path inside the parsed document, and for schema objects
only a path relative to the schema they were checking (openapi-spec-validator
checks each schema on its own).  Someone fixing a spec wants the line, so
this module finds the absolute path of the offending value in the document
and maps it back to its YAML node.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import yaml12

Key = str | int

#: Per published spec, its overlay's file and what says which values the
#: overlay wrote (their path in it, or None): such a value is reported at its
#: place in the overlay, not in the published file.
_OVERLAYS: dict[Path, tuple[Path, Callable[[Sequence[Key]], list[Key] | None]]] = {}

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def json_path(keys: Sequence[Key]) -> str:
    """``$.paths['/getBalance'].post``: readable, and unambiguous for keys with slashes."""
    out = "$"
    for key in keys:
        if isinstance(key, int):
            out += f"[{key}]"
        elif _PLAIN_KEY.match(key):
            out += f".{key}"
        else:
            out += f"[{key!r}]"
    return out


def register_overlay(
    spec: Path, overlay: Path, written: Callable[[Sequence[Key]], list[Key] | None]
) -> None:
    """Report values of the spec at ``spec`` that ``written`` says the overlay at
    ``overlay`` wrote (``written(keys)``: their path in it) at their place there."""
    _OVERLAYS[spec] = (overlay, written)


def where(path: Path, keys: Sequence[Key]) -> str:
    """``file:line:col: $.path`` (without line and column when the node is not found).

    Computed only for a message: the file is composed again (once per file and
    version, by libyaml), never while a spec is fine."""
    file, place = path, list(keys)
    if path in _OVERLAYS:
        overlay, written = _OVERLAYS[path]
        found = written(keys)
        if found is not None:
            file, place = overlay, found
    position = yaml_position(file, place)
    prefix = f"{file}:{position[0]}:{position[1]}" if position else str(file)
    return f"{prefix}: {json_path(keys)}" if keys else prefix


class At:
    """A place in a spec, formatted as :func:`where` only when a message needs it."""

    __slots__ = ("keys", "path")

    def __init__(self, path: Path, keys: Sequence[Key]) -> None:
        self.path = path
        self.keys = list(keys)

    def child(self, *keys: Key) -> At:
        return At(self.path, [*self.keys, *keys])

    def __str__(self) -> str:
        return where(self.path, self.keys)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def yaml_position(path: Path, keys: Sequence[Key]) -> tuple[int, int] | None:
    """1-based line and column of the node at ``keys``, or of its deepest existing ancestor."""
    try:
        node = _composed(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if node is None:
        return None
    for key in keys:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, node.start_mark.column + 1


@lru_cache(maxsize=8)
def _composed(text: str) -> yaml.Node | None:
    try:
        return yaml12.compose(text)
    except yaml.YAMLError:
        return None


def _child(node: yaml.Node, key: Key) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return value_node  # type: ignore[no-any-return]
    elif (
        isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value)
    ):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def absolute(document: Any, instance: Any, relative: Sequence[Key]) -> list[Key]:
    """The document path of ``instance``, reached by ``relative`` from some node.

    The shallowest match wins, so a path that is already absolute stays as it
    is.  Identity is tried before equality: a scalar like ``'numbr'`` may be
    equal to other values elsewhere, but only one object *is* the culprit.
    """
    for same in (lambda a, b: a is b, lambda a, b: a == b):
        for base, node in walk(document):
            found, value = follow(node, relative)
            if found and same(value, instance):
                return [*base, *relative]
    return list(relative)


def find_ref(document: Any, ref: str) -> list[Key]:
    """The path of the first ``$ref`` whose target is ``ref`` (with or without ``#``)."""
    wanted = {ref, ref.removeprefix("#"), "#" + ref.removeprefix("#")}
    for base, node in walk(document):
        if isinstance(node, dict) and node.get("$ref") in wanted:
            return [*base, "$ref"]
    return []


def walk(document: Any) -> Iterator[tuple[list[Key], Any]]:
    """Every node, breadth first, with its path."""
    queue: deque[tuple[list[Key], Any]] = deque([([], document)])
    while queue:
        base, node = queue.popleft()
        yield base, node
        if isinstance(node, dict):
            queue.extend(([*base, k], v) for k, v in node.items())
        elif isinstance(node, list):
            queue.extend(([*base, i], v) for i, v in enumerate(node))


def follow(node: Any, keys: Sequence[Key]) -> tuple[bool, Any]:
    for key in keys:
        in_dict = isinstance(node, dict) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        if not (in_dict or in_list):
            return False, None
        node = node[key]
    return True, node

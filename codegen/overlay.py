"""OpenAPI Overlay 1.0: our extensions and fixes on a published spec we do not edit.

``specs/<api>.overlay.yaml`` names the published file next to it and pins it::

    overlay: 1.0.0
    info: {title: taskpoll's additions to AssemblyAI's API, version: 1.0.0}
    extends: assemblyai.openapi.yml
    x-taskpoll-sha256: 2ac964fe…   # of the published file, byte for byte
    actions:
      - target: $                                   # JSONPath: what to change
        update: {x-taskpoll: {client: AssemblyaiApi}}
      - target: $.components.schemas.X.properties.y.default
        remove: true

Actions apply in order.  ``update`` merges into every object the target
selects (objects key by key, recursively; any other value replaces the one
there) or is appended to an array it selects; ``remove: true`` takes the
selected nodes out of their parents.  A target that selects nothing is an
error, not a no-op: the published file moved under the overlay.

Targets are the JSONPath subset a spec needs: ``$``, ``.name``,
``['name']`` (for keys such as ``/v2/transcript``), ``[0]``, ``.*``/``[*]``
and ``[?(@.key == 'value')]``; anything else is refused with its place.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yaml12
from .locate import follow, where

Key = str | int
#: One step of a target: a name or index, every child, or a filter.
Step = Callable[[Any], Iterator[Key]]

__all__ = ["Overlay", "OverlayError", "apply", "read", "select"]


class OverlayError(Exception):
    """A broken overlay or a published file that no longer matches it."""


@dataclass
class Overlay:
    path: Path
    #: The published spec the overlay extends (``extends``, next to it).
    target: Path
    sha256: str
    actions: list[dict[str, Any]]
    #: ``(concrete path, action index)`` of every object an update merged into.
    updated: list[tuple[list[Key], int]] = field(default_factory=list)


def read(path: Path) -> Overlay:
    document = yaml12.load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("overlay") != "1.0.0":
        raise OverlayError(
            f"{where(path, ['overlay'])}: not an Overlay 1.0 document (overlay: 1.0.0)"
        )
    extends, pin = document.get("extends"), document.get("x-taskpoll-sha256")
    if not isinstance(extends, str) or "/" in extends or ":" in extends:
        raise OverlayError(
            f"{where(path, ['extends'])}: extends must name the published spec's file, "
            "next to the overlay (a copy of it, byte for byte)"
        )
    if not isinstance(pin, str) or not re.fullmatch(r"[0-9a-f]{64}", pin):
        raise OverlayError(
            f"{where(path, ['x-taskpoll-sha256'])}: x-taskpoll-sha256 must pin the published "
            "file's sha256 (64 lowercase hex digits)"
        )
    actions = document.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError(f"{where(path, ['actions'])}: actions must be a non-empty list")
    for index, action in enumerate(actions):
        at: list[Key] = ["actions", index]
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            raise OverlayError(f"{where(path, at)}: an action needs a target (a JSONPath)")
        if ("update" in action) == bool(action.get("remove")):
            raise OverlayError(f"{where(path, at)}: an action has either update or remove: true")
        try:
            _steps(action["target"])
        except ValueError as exc:
            raise OverlayError(f"{where(path, [*at, 'target'])}: {exc}") from None
    return Overlay(path, path.parent / extends, pin, actions)


def pinned_text(overlay: Overlay) -> str:
    """The published file's text, if its bytes are the pinned ones."""
    try:
        raw = overlay.target.read_bytes()
    except OSError:
        raise OverlayError(
            f"{where(overlay.path, ['extends'])}: no published spec {overlay.target.name} "
            "next to the overlay"
        ) from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != overlay.sha256:
        raise OverlayError(
            f"{where(overlay.path, ['x-taskpoll-sha256'])}: {overlay.target.name} has sha256 "
            f"{digest}, not the pinned {overlay.sha256}: it changed since the overlay was "
            "written. Restore the published bytes, or review the upstream diff against the "
            "overlay's actions and pin the new hash"
        )
    return raw.decode("utf-8")


def apply(overlay: Overlay, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with every action applied, in order (``document`` is not changed)."""
    result = copy.deepcopy(document)
    for index, action in enumerate(overlay.actions):
        matches = select(result, action["target"])
        if not matches:
            raise OverlayError(
                f"{where(overlay.path, ['actions', index, 'target'])}: target "
                f"{action['target']!r} selects nothing in {overlay.target.name}"
            )
        if action.get("remove"):
            # deepest and last first, so earlier indexes stay valid
            for keys in sorted(matches, key=lambda k: (len(k), k[-1:]), reverse=True):
                parent = _node(result, keys[:-1])
                if not keys:
                    raise OverlayError(
                        f"{where(overlay.path, ['actions', index])}: cannot remove the root"
                    )
                del parent[keys[-1]]
            continue
        update = action["update"]
        for keys in matches:
            node = _node(result, keys)
            if isinstance(node, dict) and isinstance(update, dict):
                _merge(node, copy.deepcopy(update))
                overlay.updated.append((keys, index))
            elif isinstance(node, list):
                node.append(copy.deepcopy(update))
                overlay.updated.append(([*keys, len(node) - 1], index))
            else:
                raise OverlayError(
                    f"{where(overlay.path, ['actions', index, 'update'])}: the target selects "
                    f"a {type(node).__name__} at {keys}; update an object (to change a value, "
                    "target the object holding it) or an array"
                )
    return result


def provenance(overlay: Overlay, keys: Sequence[Key]) -> list[Key] | None:
    """The overlay path (``actions[i].update…``) that wrote the value at ``keys``,
    if an update did (the last one to write it)."""
    for target, index in reversed(overlay.updated):
        if list(keys[: len(target)]) == target:
            rest = list(keys[len(target) :])
            if _exists(overlay.actions[index]["update"], rest):
                return ["actions", index, "update", *rest]
    return None


def _exists(node: Any, keys: Sequence[Key]) -> bool:
    return follow(node, keys)[0]


def _merge(into: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _node(document: Any, keys: Sequence[Key]) -> Any:
    for key in keys:
        document = document[key]
    return document


def select(document: Any, target: str) -> list[list[Key]]:
    """The paths of every node ``target`` selects, in document order."""
    found: list[list[Key]] = [[]]
    for step in _steps(target):
        found = [[*keys, key] for keys in found for key in step(_node(document, keys))]
    return found


_NAME = re.compile(r"\.([A-Za-z_$][A-Za-z0-9_$-]*)")
_QUOTED = re.compile(r"""\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]""")
_INDEX = re.compile(r"\[\s*(-?\d+)\s*\]")
_WILD = re.compile(r"(?:\.\*|\[\s*\*\s*\])")
_FILTER = re.compile(
    r"""\[\s*\?\(?\s*@\.([A-Za-z_$][A-Za-z0-9_$-]*)\s*==\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\)?\s*\]"""
)


def _steps(target: str) -> list[Step]:
    """``target`` as steps; ``ValueError`` naming what is not supported."""
    if not target.startswith("$"):
        raise ValueError(f"target {target!r} must start with $")
    steps: list[Step] = []
    at = 1
    while at < len(target):
        rest = target[at:]
        if rest.startswith(".."):
            raise ValueError(
                f"target {target!r}: recursive descent (..) is not supported; write the path out"
            )
        if m := _WILD.match(rest):
            steps.append(_children)
        elif m := _NAME.match(rest):
            steps.append(_key(m[1]))
        elif m := _QUOTED.match(rest):
            raw = m[1] if m[1] is not None else m[2]
            steps.append(_key(re.sub(r"\\(.)", r"\1", raw)))
        elif m := _INDEX.match(rest):
            steps.append(_key(int(m[1])))
        elif m := _FILTER.match(rest):
            value = m[2] if m[2] is not None else m[3]
            steps.append(_where(m[1], re.sub(r"\\(.)", r"\1", value)))
        else:
            raise ValueError(
                f"target {target!r}: cannot read {rest[:30]!r} (supported: .name, ['name'], "
                "[0], .*, [*], [?(@.key == 'value')])"
            )
        at += m.end()
    return steps


def _key(key: Key) -> Step:
    def step(node: Any) -> Iterator[Key]:
        if isinstance(node, dict) and isinstance(key, str) and key in node:
            yield key
        elif isinstance(node, list) and isinstance(key, int) and -len(node) <= key < len(node):
            yield key % len(node)

    return step


def _children(node: Any) -> Iterator[Key]:
    if isinstance(node, dict):
        yield from node
    elif isinstance(node, list):
        yield from range(len(node))


def _where(name: str, value: str) -> Step:
    def step(node: Any) -> Iterator[Key]:
        for key in _children(node):
            child = node[key]
            if isinstance(child, dict) and child.get(name) == value:
                yield key

    return step

"""Find, load and validate the hand-written specs."""

from __future__ import annotations

import functools
import hashlib
import keyword
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import extensions, overlay, yaml12
from .locate import absolute, find_ref, register_overlay, walk, where


class SpecError(Exception):
    """A spec is broken; the message names the file and the place."""


#: Builds the error for a problem ``at`` keys below an extension's root.
Fail = Callable[[Sequence[str | int], str], SpecError]


def extension_errors(path: Path, extension: str, root: Sequence[str | int]) -> Fail:
    """``fail(at, message)`` for one ``x-taskpoll-…`` extension at ``root`` in ``path``:
    ``file:line:col: $.json.path: <extension>: <message>``."""

    def fail(at: Sequence[str | int], message: str) -> SpecError:
        return SpecError(f"{where(path, [*root, *at])}: {extension}: {message}")

    return fail


@dataclass(frozen=True)
class Spec:
    """One API: its OpenAPI document (and, for XML APIs, its XSD)."""

    name: str
    path: Path
    document: dict[str, Any]
    sources: tuple[Path, ...] = field(default=())

    @property
    def options(self) -> dict[str, Any]:
        opts: dict[str, Any] = self.document.get("x-taskpoll", {})
        return opts

    def digest(self) -> str:
        """sha256 over every source file of this API, for headers and VENDORED notes."""
        sha = hashlib.sha256()
        for source in self.sources:
            sha.update(source.name.encode() + b"\0" + source.read_bytes())
        return sha.hexdigest()


OVERLAY_SUFFIX = ".overlay.yaml"


def discover(spec_dir: Path) -> list[Spec]:
    """Our own specs (``*.openapi.yaml``) and published ones (each named by an
    ``*.overlay.yaml``'s ``extends``), sorted by API name."""
    overlays = sorted(spec_dir.glob(f"*{OVERLAY_SUFFIX}"))
    published = {_extends(path) for path in overlays}
    own = [p for p in sorted(spec_dir.glob("*.openapi.yaml")) if p.name not in published]
    specs = [load(path) for path in own] + [load_published(path) for path in overlays]
    if not specs:
        raise SpecError(f"{spec_dir}: no *.openapi.yaml specs or *{OVERLAY_SUFFIX} overlays found")
    return sorted(specs, key=lambda spec: spec.name)


def _extends(path: Path) -> str | None:
    try:
        return overlay.read(path).target.name
    except (overlay.OverlayError, OSError, yaml.YAMLError):
        return None  # load_published() reports it


def _parse(path: Path, text: str | None = None) -> dict[str, Any]:
    try:
        document = yaml12.load(path.read_text(encoding="utf-8") if text is None else text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise SpecError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(document, dict):
        raise SpecError(f"{path}: expected a mapping at the top level")
    return document


def load(path: Path) -> Spec:
    document = _parse(path)
    validate_openapi(path, document)
    name = path.name.removesuffix(".openapi.yaml")
    sources = [path]
    xsd = document.get("x-taskpoll", {}).get("xsd")
    if xsd:
        sources.append(validate_xsd(path, path.parent / xsd))
    return Spec(name=name, path=path, document=chosen(path, document), sources=tuple(sources))


def load_published(path: Path, name: str | None = None) -> Spec:
    """A published spec, byte for byte as pinned, with ``path``'s overlay applied
    before anything reads it; the API is ``name`` (else the overlay's file name's)."""
    try:
        _parse(path)  # a YAML error is the overlay's own, with its line
        found = overlay.read(path)
        text = overlay.pinned_text(found)
        document = overlay.apply(found, _parse(found.target, text))
    except overlay.OverlayError as exc:
        raise SpecError(str(exc)) from None
    register_overlay(found.target, path, functools.partial(overlay.provenance, found))
    validate_openapi(found.target, document)
    return Spec(
        name=name or path.name.removesuffix(OVERLAY_SUFFIX),
        path=found.target,
        document=chosen(found.target, document),
        sources=(found.target, path),
    )


def chosen(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with only the operations ``x-taskpoll-operations`` lists (by
    operationId) and the components they reach; all of it when there is no list.

    Every listed id must exist; the operations left out are not read at all."""
    wanted = document.get("x-taskpoll-operations")
    if wanted is None:
        return document
    found: dict[str, tuple[str, str]] = {}
    paths: dict[str, Any] = {}
    for route, item in document.get("paths", {}).items():
        for method, op in item.items():
            if method in HTTP_METHODS and op.get("operationId") in wanted:
                found[op["operationId"]] = (route, method)
                kept = paths.setdefault(
                    route, {k: v for k, v in item.items() if k not in HTTP_METHODS}
                )
                kept[method] = op
    for index, name in enumerate(wanted):
        if name not in found:
            raise SpecError(
                f"{where(path, ['x-taskpoll-operations', index])}: x-taskpoll-operations: "
                f"no operation has operationId {name!r}"
            )
    pruned = {**document, "paths": paths}
    pruned["components"] = _reached(document, paths)
    return pruned


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _reached(document: dict[str, Any], paths: dict[str, Any]) -> dict[str, Any]:
    """The components ``paths`` reach through ``$ref``s, transitively (each
    section in the document's order, so generation stays deterministic)."""
    components: dict[str, Any] = document.get("components", {})
    reached: set[tuple[str, str]] = set()
    pending: list[Any] = [paths]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                section, _, name = ref.removeprefix("#/components/").partition("/")
                if (section, name) not in reached and name in components.get(section, {}):
                    reached.add((section, name))
                    pending.append(components[section][name])
            pending.extend(value for key, value in node.items() if key != "$ref")
    out: dict[str, Any] = {}
    for section, entries in components.items():
        if section == "securitySchemes":
            out[section] = entries
        elif isinstance(entries, dict):
            kept = {name: value for name, value in entries.items() if (section, name) in reached}
            if kept:
                out[section] = kept
    return out


def validate_openapi(path: Path, document: dict[str, Any]) -> None:
    """Fail with every problem's ``file:line:col: $.path`` before the generator sees it."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    if not str(document.get("openapi", "")).startswith("3.1"):
        raise SpecError(f"{where(path, ['openapi'])}: taskpoll specs are OpenAPI 3.1.x")
    # The validator follows only some $refs (not those of request bodies, say).
    problems = [
        f"{where(path, keys)}: $ref {ref!r} points nowhere (invalid OpenAPI 3.1)"
        for keys, ref in dangling_refs(document)
    ][:5]
    if problems:
        raise SpecError("\n".join(problems))
    try:
        for error in OpenAPIV31SpecValidator(document).iter_errors():
            keys = absolute(document, error.instance, list(error.path))
            problems.append(f"{where(path, keys)}: {error.message}")
            if len(problems) == 5:
                break
    except Exception as exc:  # a $ref that points nowhere surfaces as a resolver error
        ref = getattr(exc, "ref", None)
        keys = find_ref(document, ref) if isinstance(ref, str) else []
        detail = f"unresolvable $ref {ref!r}" if isinstance(ref, str) else str(exc)[:200]
        problems.append(f"{where(path, keys)}: {detail}")
    if problems:
        raise SpecError("\n".join(f"{p} (invalid OpenAPI 3.1)" for p in problems))
    try:
        extensions.validate(path, document)
    except extensions.ExtensionError as exc:
        raise SpecError(str(exc)) from None
    client = document["x-taskpoll"]["client"]
    if keyword.iskeyword(client):  # the schema's pattern cannot know Python's keywords
        raise SpecError(
            f"{where(path, ['x-taskpoll', 'client'])}: x-taskpoll: x-taskpoll.client must be "
            f"a class name, not {client!r}"
        )


def validate_xsd(spec_path: Path, xsd_path: Path) -> Path:
    """Parse the XSD named in ``x-taskpoll.xsd`` so a broken one fails here, with its line."""
    import xmlschema

    if not xsd_path.is_file():
        raise SpecError(f"{where(spec_path, ['x-taskpoll', 'xsd'])}: no such XSD file {xsd_path}")
    try:
        # XSD 1.1: a 1.0 processor silently skips a schema marked vc:minVersion="1.1"
        # (AlphaSMS's uses type alternatives), which would make this check vacuous.
        xmlschema.XMLSchema11(str(xsd_path))
    except (xmlschema.XMLSchemaException, SyntaxError) as exc:
        message = getattr(exc, "message", None) or str(exc).splitlines()[0]
        # ElementTree keeps no line numbers: a malformed file's parser message
        # has them, a schema error has the element's path instead.
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        where_ = f":{at[1]}:{int(at[2]) + 1}" if at else ""
        element = getattr(exc, "path", None)
        element = f" at {element}" if element else ""
        raise SpecError(f"{xsd_path}{where_}: invalid XSD{element}: {message}") from None
    return xsd_path


def dangling_refs(document: dict[str, Any]) -> list[tuple[list[str | int], str]]:
    """Every local ``$ref`` (``#/…``) whose target does not exist, with its path."""
    dangling = []
    for keys, node in walk(document):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#"):
            continue
        target: Any = document
        for raw in ref.removeprefix("#").strip("/").split("/") if ref != "#" else []:
            part = raw.replace("~1", "/").replace("~0", "~")  # JSON pointer escapes
            if isinstance(target, dict) and part in target:
                target = target[part]
            elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            else:
                dangling.append(([*keys, "$ref"], ref))
                break
    return dangling

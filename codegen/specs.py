"""Find, load and validate the hand-written specs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class SpecError(Exception):
    """A spec is broken; the message names the file and the place."""


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


def discover(spec_dir: Path) -> list[Spec]:
    specs = [load(path) for path in sorted(spec_dir.glob("*.openapi.yaml"))]
    if not specs:
        raise SpecError(f"{spec_dir}: no *.openapi.yaml specs found")
    return specs


def load(path: Path) -> Spec:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise SpecError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(document, dict):
        raise SpecError(f"{path}: expected a mapping at the top level")
    validate_openapi(path, document)
    name = path.name.removesuffix(".openapi.yaml")
    sources = [path]
    xsd = document.get("x-taskpoll", {}).get("xsd")
    if xsd:
        sources.append(path.parent / xsd)
    return Spec(name=name, path=path, document=document, sources=tuple(sources))


def validate_openapi(path: Path, document: dict[str, Any]) -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        validate(document)
    except OpenAPIValidationError as exc:
        where = "/".join(str(p) for p in getattr(exc, "path", ())) or "(top level)"
        raise SpecError(f"{path}: invalid OpenAPI 3.1 at {where}: {exc.message}") from None
    if "x-taskpoll" not in document or "client" not in document["x-taskpoll"]:
        raise SpecError(f"{path}: x-taskpoll.client (the generated class name) is required")

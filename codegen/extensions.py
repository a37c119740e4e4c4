"""The ``x-taskpoll-*`` extensions, checked against ``extensions.schema.json``.

The schema says what each extension may hold; what it cannot say (that a named
operation, field or schema exists) the reader checks.  Each problem is reported
as ``file:line:col: $.json.path: <extension>: <message>``, the message being the
schema's own ``errorMessage`` where it gives one (a string, or keyword -> string;
the innermost along the failing path wins), else a plain translation of the
validator's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

# no stubs in the venv, and pyproject's mypy overrides are not ours to widen
import jsonschema  # type: ignore[import-untyped]
import jsonschema.exceptions  # type: ignore[import-untyped]

from .locate import Key, where

SCHEMA = Path(__file__).with_name("extensions.schema.json")
MAX_PROBLEMS = 5


class ExtensionError(Exception):
    """Raised with every problem, one per line (``specs.SpecError`` wraps it)."""


def _finite_number(checker: Any, instance: object) -> bool:
    # JSON has no NaN or infinity, but YAML does (.nan, .inf): a wait's policy or
    # a timeout of NaN seconds would pass every comparison the schema makes.
    number = isinstance(instance, int | float) and not isinstance(instance, bool)
    return number and math.isfinite(instance)  # type: ignore[arg-type]


@cache
def _validator(schema_path: Path = SCHEMA) -> jsonschema.protocols.Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    base = jsonschema.Draft202012Validator
    base.check_schema(schema)
    checker = base.TYPE_CHECKER.redefine("number", _finite_number)
    return jsonschema.validators.extend(base, type_checker=checker)(schema)


def validate(path: Path, document: dict[str, Any], schema: Path = SCHEMA) -> None:
    """Raise :class:`ExtensionError` naming each problem of the spec at ``path``."""
    validator = _validator(schema)
    problems: list[str] = []
    for error in validator.iter_errors(document):
        keys, message = _explain(validator.schema, error)
        extension = next((k for k in reversed(keys) if str(k).startswith("x-taskpoll")), "")
        line = f"{where(path, keys)}: {extension}: {message}"
        if line not in problems:
            problems.append(line)
        if len(problems) == MAX_PROBLEMS:
            break
    if problems:
        raise ExtensionError("\n".join(problems))


def _explain(
    schema: dict[str, Any], error: jsonschema.exceptions.ValidationError
) -> tuple[list[Key], str]:
    keys: list[Key] = list(error.absolute_path)
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        unknown = sorted(str(k) for k in instance if k not in allowed)
        if unknown:
            # the key itself is the culprit, not the mapping holding it
            return [*keys, next(k for k in instance if str(k) == unknown[0])], (
                f"unknown key {unknown[0]!r}"
            )
    custom = _custom_message(schema, list(error.relative_schema_path), str(error.validator))
    return keys, custom or error.message


def _custom_message(root: dict[str, Any], schema_path: Sequence[Key], keyword: str) -> str | None:
    """The innermost ``errorMessage`` on the way from ``root`` to the failing keyword.

    The validator's schema path steps over ``$ref`` (it names the referenced
    schema's keywords), so a step the node lacks is looked for behind its ``$ref``.
    """
    node: Any = root
    found: str | None = None
    for index, step in enumerate(schema_path):
        while isinstance(node, dict):
            note = node.get("errorMessage")
            if isinstance(note, str):
                found = note
            if step in node or "$ref" not in node:
                break
            node = _resolve(root, node["$ref"])
        if index == len(schema_path) - 1:
            notes = node.get("errorMessage") if isinstance(node, dict) else None
            if isinstance(notes, dict) and keyword in notes:
                found = notes[keyword]
        else:
            node = node[step]
    return found


def _resolve(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node

"""Parameters' facets (``pattern``, ``minLength``/``maxLength``, ``minimum``/``maximum``)
as ``taskpoll.constraints.Constraint`` source, for the generated client and waiter."""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any

from .specs import SpecError

_FACETS = {
    "pattern": "pattern",
    "minLength": "min_length",
    "maxLength": "max_length",
    "minimum": "minimum",
    "maximum": "maximum",
}
_KINDS = {"string": "str", "integer": "int", "number": "float"}


def has_facets(schema: dict[str, Any]) -> bool:
    return any(key in schema for key in _FACETS)


def source(name: str, schema: dict[str, Any], where: object) -> str:
    """``Constraint(...)`` for a parameter called ``name`` (its wire name)."""
    kind = _KINDS.get(schema.get("type", "string"))
    if kind is None:
        raise SpecError(f"{where}: {name}: only string and number parameters can have facets")
    args = [repr(name), kind]
    for key, field in _FACETS.items():
        if key in schema:
            args.append(f"{field}={_value(key, schema[key], where)!r}")
    description = " ".join(str(schema.get("description", "")).split()).rstrip(".")
    if description:
        args.append(f"description={literal(description)}")
    return f"Constraint({', '.join(args)})"


def _value(key: str, value: object, where: object) -> object:
    if key == "pattern":
        if not isinstance(value, str):
            raise SpecError(f"{where}: pattern must be a string")
        try:
            re.compile(value)
        except re.error as exc:
            raise SpecError(f"{where}: pattern {value!r} is not a valid regex: {exc}") from None
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SpecError(f"{where}: {key} must be a finite number")
    if key in {"minLength", "maxLength"} and (not float(value).is_integer() or value < 0):
        raise SpecError(f"{where}: {key} must be a whole number >= 0")
    return int(value) if float(value).is_integer() else float(value)


def literal(text: str) -> str:
    """A string literal that fits the line length: adjacent literals in parentheses."""
    if len(text) <= 60:
        return repr(text)
    parts = textwrap.wrap(text, 60, drop_whitespace=False)
    return "(" + " ".join(repr(part) for part in parts) + ")"

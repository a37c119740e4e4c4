"""What a spec says a parameter's value must be, checked before a request is sent.

The generator turns a parameter's ``pattern``, ``minLength``/``maxLength``,
``minimum``/``maximum`` and ``minItems``/``maxItems`` (OpenAPI, or the XSD
facets and occurrence bounds behind them) into a
:class:`Constraint` beside the generated method, which checks the value
before anything is sent; an API's task-id constraint also sits on its
waiter, so a wait refuses a malformed id before its first poll and the
command line parses typed ids by the same rule.  Nothing here is repeated by
hand: change the spec and ``make generate``.
"""

from __future__ import annotations

import math
import re
from typing import Any, TypeVar

import attrs

from ..errors import ConstraintError
from .models import Unset

__all__ = ["Constraint", "ConstraintError"]

V = TypeVar("V")


@attrs.frozen
class Constraint:
    """One parameter's type and facets, as its spec states them."""

    #: The parameter's wire name, for messages.
    name: str
    kind: type[str] | type[int] | type[float] | type[list[Any]]
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: A list's bounds (an XSD element's minOccurs/maxOccurs, JSON Schema's minItems/maxItems).
    min_items: int | None = None
    max_items: int | None = None
    #: The spec's description of the parameter, shown in messages.
    description: str = ""
    _regex: re.Pattern[str] | None = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        regex = None if self.pattern is None else re.compile(_ecma_end(self.pattern))
        object.__setattr__(self, "_regex", regex)

    def check(self, value: V, *, facets: bool = True) -> V:
        """``value`` if it is of this parameter's type (and, with ``facets``,
        within its facets), else :class:`ValueError` saying which rule failed."""
        problem = self.problem(value, facets=facets)
        if problem is not None:
            raise self._invalid(value, problem)
        return value

    def validate(self, instance: object, attribute: object, value: Any) -> None:
        """As an attrs validator on a generated model's field: an absent
        (``None``/``UNSET``) value is the field's business, not this rule's."""
        if value is not None and not isinstance(value, Unset):
            self.check(value)

    def parse(self, text: str) -> Any:
        """A value typed as text (on a command line), converted and checked.

        Only ASCII digits make a number: ``int()`` would also take ``"١٢"``,
        ``"1_000"`` and surrounding blanks, which no API sends as an id.
        """
        if self.kind is str:
            return self.check(text)
        if not re.fullmatch(r"-?[0-9]{1,30}(\.[0-9]{1,30})?", text) or (
            self.kind is int and "." in text
        ):
            raise self._invalid(text, self._expected())
        return self.check(self.kind(text))

    def problem(self, value: object, *, facets: bool = True) -> str | None:
        """What is wrong with ``value``, or ``None``."""
        if not self._typed(value):
            return f"{self._expected()}, not {type(value).__name__}"
        if not facets:
            return None
        if isinstance(value, str):
            return self._text_problem(value)
        if isinstance(value, list):
            return self._items_problem(value)
        assert isinstance(value, int | float)
        return self._number_problem(value)

    def _invalid(self, value: object, problem: str) -> ConstraintError:
        hint = f" ({self.description})" if self.description else ""
        return ConstraintError(f"invalid {self.name} {_shown(value)}: {problem}{hint}")

    def _typed(self, value: object) -> bool:
        if isinstance(value, bool):
            return False
        if self.kind is float:
            return isinstance(value, int | float)
        return isinstance(value, self.kind)

    def _expected(self) -> str:
        return {str: "must be a string", int: "must be an integer", list: "must be a list"}.get(
            self.kind, "must be a number"
        )

    def _text_problem(self, value: str) -> str | None:
        if self.min_length is not None and len(value) < self.min_length:
            return f"shorter than {self.min_length} character(s)"
        if self.max_length is not None and len(value) > self.max_length:
            return f"longer than {self.max_length} characters"
        if self._regex is not None and not self._regex.search(value):
            return f"does not match {self.pattern}"
        return None

    def _items_problem(self, value: list[Any]) -> str | None:
        if self.min_items is not None and len(value) < self.min_items:
            return f"fewer than {self.min_items} item(s)"
        if self.max_items is not None and len(value) > self.max_items:
            return f"more than {self.max_items} items"
        return None

    def _number_problem(self, value: float) -> str | None:
        if isinstance(value, float) and not math.isfinite(value):
            return "must be finite"
        if self.minimum is not None and value < self.minimum:
            return f"less than {_number(self.minimum)}"
        if self.maximum is not None and value > self.maximum:
            return f"more than {_number(self.maximum)}"
        return None


def _ecma_end(pattern: str) -> str:
    """``pattern`` with JSON Schema's (ECMA-262) ``$``: the very end of the text.

    Python's ``$`` also matches before a final newline, which would let
    ``"<a valid id>\\n"`` through a rule meant to refuse it.
    """
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        end = char == "$" and not escaped and not in_class
        if not escaped:
            in_class = (in_class or char == "[") and char != "]"
        escaped = char == "\\" and not escaped
        out.append(r"\Z" if end else char)
    return "".join(out)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _shown(value: object) -> str:
    """A value for a message: short, and never the whole of a huge input."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

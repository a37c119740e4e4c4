"""YAML as OpenAPI means it: YAML 1.2's booleans, with libyaml's speed.

PyYAML resolves YAML 1.1, where ``no``, ``off``, ``yes`` and ``on`` are
booleans: Norway's language code ``no`` in an enum became ``False``, and the
generated enum failed at import.  :class:`Loader` keeps them strings (only
``true``/``false``, in YAML 1.2's three spellings, are booleans) and
``1:20`` a string (YAML 1.1 reads it as a base-60 integer).  It is PyYAML's
C loader where libyaml is available, the pure-Python one otherwise.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml

__all__ = ["Loader", "compose", "load"]

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
#: YAML 1.2 core schema integers: decimal, 0o octal, 0x hexadecimal.
_INT_12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")


class Loader(_Base):  # type: ignore[misc]
    """A safe loader resolving plain scalars by YAML 1.2's core schema rules
    for booleans and integers (every other tag as PyYAML's safe loader)."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text, 0) if text.startswith("0x") else int(text, 10)


Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Loader.add_implicit_resolver(_INT, _INT_12, list("-+0123456789"))
Loader.add_constructor(_INT, Loader.construct_yaml_int)


def load(text: str) -> Any:
    """``text`` parsed by :class:`Loader`."""
    return yaml.load(text, Loader=Loader)  # noqa: S506 (Loader is a SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """``text``'s node tree (for line and column of a value)."""
    return yaml.compose(text, Loader=Loader)

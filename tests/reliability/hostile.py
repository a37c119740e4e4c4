"""Hypothesis strategies for hostile response bodies, derived from the models.

A "valid-looking" document is built field by field from a generated model
(wire names from its metadata): each field is present or missing, holds a
value of its own type or of any other JSON type, plus extra fields; numbers
include huge and non-finite ones, enums unknown values, strings anything.
Around those come bodies no model could match: random bytes, truncations,
deep nesting, numbers too long to parse.  The XML strategies do the same
from the XML binding (attribute / element / text) of the AlphaSMS models.
"""

from __future__ import annotations

import enum
import json
import types
from decimal import Decimal
from typing import Any, Final, Union, get_args, get_origin

import attrs
from hypothesis import strategies as st

from taskpoll._wire.models import WIRE, Unset
from taskpoll._wire.xmlcodec import XML, escape_attribute, escape_text

__all__ = ["json_bodies", "xml_bodies"]

HUGE_INTS: Final = (
    st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**100, -(10**300), 10**4000]) | st.integers()
)
FLOATS: Final = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e308, -1e308, 5e-324, -0.0]
)
SCALARS: Final = st.none() | st.booleans() | HUGE_INTS | FLOATS | st.text(max_size=40)
JSON_VALUES: Final = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _members(tp: Any) -> list[Any]:
    return [m for m in get_args(tp) if m is not Unset]


def json_value(tp: Any, depth: int = 0, *, valid: bool = False) -> st.SearchStrategy[Any]:
    """A value of type ``tp`` as JSON data (the right type; junk is mixed in by the caller)."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return st.one_of([json_value(m, depth, valid=valid) for m in _members(tp)])
    if tp is type(None):
        return st.none()
    if attrs.has(tp):
        return json_document(tp, depth + 1, valid=valid) if depth < 4 else st.just({})
    if origin is list:
        return st.lists(json_value(get_args(tp)[0], depth, valid=valid), max_size=4)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return HUGE_INTS
    if tp is float:
        return FLOATS | HUGE_INTS
    if tp is str:
        return st.text(max_size=40)
    if tp is Decimal:
        return st.decimals(allow_nan=False).map(str) | HUGE_INTS | FLOATS
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        known = st.sampled_from([m.value for m in tp])
        unknown = st.integers() if issubclass(tp, int) else st.text(max_size=20)
        return known if valid else known | known | unknown
    return JSON_VALUES  # dict[str, Any], Any


def json_document(
    model: type, depth: int = 0, *, valid: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """A dict shaped like ``model``: any field may be missing, mistyped, or
    extra; with ``valid``, required fields are present and rightly typed."""
    attrs.resolve_types(model)
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for a in attrs.fields(model):
        wire = a.metadata.get(WIRE, a.name)
        if valid:
            into = optional if a.default is not attrs.NOTHING else required
            into[wire] = json_value(a.type, depth, valid=True)
        else:
            optional[wire] = json_value(a.type, depth) | json_value(a.type, depth) | JSON_VALUES
    shaped = st.fixed_dictionaries(required, optional=optional)
    extra = st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, shaped, extra)


def _nested(depth: int, opening: str, closing: str) -> str:
    return opening * depth + closing * depth


@st.composite
def json_bodies(draw: st.DrawFn, model: type) -> tuple[str, bytes]:
    """``(kind, body)``: the kind names the body's family, for the figures."""
    kind = draw(
        st.sampled_from(
            ["valid"] * 3
            + ["document"] * 5
            + ["truncated", "bytes", "deep", "deep field", "long number", "junk"]
        )
    )
    if kind == "valid":
        return kind, json.dumps(draw(json_document(model, valid=True))).encode()
    if kind == "document":
        return kind, json.dumps(draw(json_document(model))).encode()
    if kind == "truncated":
        body = json.dumps(draw(json_document(model))).encode()
        return kind, body[: draw(st.integers(0, max(0, len(body) - 1)))]
    if kind == "bytes":
        return kind, draw(st.binary(max_size=200))
    if kind == "deep":
        depth = draw(st.integers(500, 200_000))
        return kind, _nested(depth, draw(st.sampled_from(["[", '{"a":'])), "]").encode()
    if kind == "deep field":
        depth = draw(st.integers(100, 50_000))
        document = draw(json_document(model))
        key = draw(st.sampled_from(sorted(document) or ["x"]))
        text = json.dumps({**document, key: None})
        nested = _nested(depth, "[", "]")
        return kind, text.replace("null", nested, 1).encode()
    if kind == "long number":
        digits = draw(st.integers(4000, 100_000))
        document = draw(json_document(model))
        key = draw(st.sampled_from(sorted(document) or ["x"]))
        return kind, json.dumps({**document, key: 0}).replace(": 0", ": 1" + "0" * digits).encode()
    return kind, draw(st.sampled_from([b"", b"null", b"[]", b"0", b'"x"', b"\xef\xbb\xbf{}"]))


# -- XML ---------------------------------------------------------------------

XML_TEXT: Final = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=30,
)


def _xml_scalar(tp: Any, valid: bool = False) -> st.SearchStrategy[str]:
    if get_origin(tp) in (Union, types.UnionType):
        return st.one_of([_xml_scalar(m, valid) for m in _members(tp) if m is not type(None)])
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        known = st.sampled_from([str(m.value) for m in tp])
        return known if valid else known | known | XML_TEXT | HUGE_INTS.map(str)
    if tp is int or tp is Decimal or tp is float:
        if valid:
            return st.integers(-(10**12), 10**12).map(str)
        numbers = HUGE_INTS.map(str) | st.sampled_from(
            ["NaN", "Infinity", "1e999999", "-0", "0x1F"]
        )
        return numbers | numbers | XML_TEXT
    return XML_TEXT


def _item(tp: Any) -> tuple[Any, bool]:
    if get_origin(tp) in (Union, types.UnionType):
        members = [m for m in _members(tp) if m is not type(None)]
        tp = members[0] if len(members) == 1 else tp
    if get_origin(tp) is list:
        return get_args(tp)[0], True
    return tp, False


@st.composite
def xml_element(
    draw: st.DrawFn, model: type, name: str, depth: int = 0, *, valid: bool = False
) -> str:
    """``<name …>`` shaped like ``model``: any part may be missing, mistyped or extra."""
    attrs.resolve_types(model)
    head = [name]
    text = ""
    children: list[str] = []
    for a in attrs.fields(model):
        binding = a.metadata.get(XML, {})
        wire = a.metadata.get(WIRE, a.name)
        item, many = _item(a.type)
        required = a.default is attrs.NOTHING
        if not (valid and required) and not draw(st.integers(0, 4)):
            continue  # missing
        if binding.get("kind") == "attribute":
            head.append(f'{wire}="{escape_attribute(draw(_xml_scalar(item, valid)))}"')
        elif binding.get("kind") == "text":
            text = escape_text(draw(_xml_scalar(item, valid)))
        else:
            for _ in range(draw(st.integers(0, 3)) if many else 1):
                if attrs.has(item) and depth < 4:
                    children.append(draw(xml_element(item, wire, depth + 1, valid=valid)))
                else:
                    value = escape_text(draw(_xml_scalar(item, valid)))
                    children.append(f"<{wire}>{value}</{wire}>")
    if draw(st.booleans()):
        children.append(f"<extra>{escape_text(draw(XML_TEXT))}</extra>")
    if draw(st.booleans()):
        head.append(f'unknown="{escape_attribute(draw(XML_TEXT))}"')
    children = draw(st.permutations(children)) if draw(st.integers(0, 5)) == 0 else children
    return f"<{' '.join(head)}>{text}{''.join(children)}</{name}>"


HOSTILE_XML: Final = (
    b'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><package><error>&b;</error></package>',
    b'<!DOCTYPE package SYSTEM "file:///etc/passwd"><package/>',
    b'<?xml-stylesheet href="x.xsl"?><package><error>201</error></package>',
    b"<package><?php echo 1; ?><error>201</error></package>",
    b"<package><error>201</error></package><package/>",
    b"<package><error>201</error>",
    b"\xff\xfe<\x00p\x00",
)


@st.composite
def xml_bodies(draw: st.DrawFn, model: type, root: str) -> tuple[str, bytes]:
    """``(kind, body)`` for an XML API whose documents are ``<root>`` ``model``."""
    kind = draw(
        st.sampled_from(
            ["valid"] * 3
            + ["document"] * 5
            + ["truncated", "bytes", "deep", "long number", "hostile", "json"]
        )
    )
    if kind == "valid":
        return kind, draw(xml_element(model, root, valid=True)).encode()
    if kind == "document":
        declaration = draw(st.sampled_from(["", '<?xml version="1.0" encoding="utf-8"?>\n']))
        return kind, (declaration + draw(xml_element(model, root))).encode()
    if kind == "truncated":
        body = draw(xml_element(model, root)).encode()
        return kind, body[: draw(st.integers(0, max(0, len(body) - 1)))]
    if kind == "bytes":
        return kind, draw(st.binary(max_size=200))
    if kind == "deep":
        depth = draw(st.integers(500, 100_000))
        return kind, f"<{root}>{_nested(depth, '<job>', '</job>')}</{root}>".encode()
    if kind == "long number":
        digits = draw(st.integers(4000, 100_000))
        return kind, f"<{root}><error>1{'0' * digits}</error></{root}>".encode()
    if kind == "hostile":
        return kind, draw(st.sampled_from(HOSTILE_XML))
    return kind, json.dumps(draw(JSON_VALUES)).encode()

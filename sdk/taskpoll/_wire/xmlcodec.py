"""XML ↔ attrs models, driven by the binding the generator put in field metadata.

Models generated from an XSD carry ``metadata={"wire": name, "xml": {...}}``
on every field, where ``kind`` is ``attribute``, ``element`` (with its
``order`` in the sequence) or ``text`` (the element's character content).
This module is the one reader and writer of that binding.

Reading is hostile-input safe: documents are parsed only by defusedxml with
DTDs, entity declarations and external references all refused (billion
laughs, XXE and DTD tricks end in :class:`~taskpoll.errors.DecodeError`);
the transport has already capped the body's size.  Whether a body is XML is
decided by parsing it, never by its Content-Type (AlphaSMS labels XML as
``application/json``).  Unknown elements and attributes are ignored, as
unknown JSON fields are.

Writing escapes every value (``& < > "``, carriage returns and, in
attributes, tabs and line feeds, which parsers would otherwise normalise),
and refuses characters XML 1.0 cannot carry at all, so no key, id or
message text can change the document's structure or come back altered.
"""

from __future__ import annotations

import enum
import functools
import math
import re
import types
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar, Union, get_args, get_origin
from xml.etree.ElementTree import TreeBuilder

import attrs
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from .._secret import excerpt, redact, scrubbable
from ..errors import DecodeError
from .models import WIRE, Unset

__all__ = ["XML", "XmlCodec", "decode_xml", "encode_xml", "parse_xml"]

T = TypeVar("T")

#: Field-metadata key holding a field's XML binding.
XML: Final = "xml"

_DECLARATION: Final = '<?xml version="1.0" encoding="utf-8"?>\n'
# XML 1.0 "Char": anything else cannot appear in a document, escaped or not.
_NOT_XML_CHAR: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A raw CR would come back as LF (XML end-of-line handling); a reference survives.
_TEXT_ESCAPES: Final = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES: Final = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")


class XmlCodec:
    """The :class:`~taskpoll.session.Codec` of XML APIs; ``root`` is the document element."""

    content_type = "application/xml"

    def __init__(self, root: str) -> None:
        self.root = root

    def encode(self, model: object) -> bytes:
        """``model`` as an XML document under :attr:`root`."""
        return encode_xml(model, self.root)

    def secret_forms(self, secret: str) -> tuple[str, ...]:
        """``secret`` as typed, and as an XML attribute value carries it."""
        # as typed, and as an attribute value carries it, should a body ever echo it
        return tuple(dict.fromkeys((secret, escape_attribute(secret))))

    def decode(
        self,
        body: bytes,
        model: type[T],
        *,
        secrets: tuple[str, ...] = (),
        task_id: str | None = None,
    ) -> T:
        """``body`` read as XML (no DTDs or entities) as ``model``."""
        try:
            return decode_xml(body, model, self.root, scrubbable(secrets))
        except DecodeError as exc:
            raise DecodeError(
                f"{exc.message}. Body: {excerpt(body, secrets)!r}", task_id=task_id
            ) from None


# -- writing -----------------------------------------------------------------


def encode_xml(model: object, root: str) -> bytes:
    """``model`` as a UTF-8 document whose element is ``root``; absent fields omitted."""
    return (_DECLARATION + _element(root, model)).encode()


def escape_text(value: str) -> str:
    return _checked(value).translate(_TEXT_ESCAPES)


def escape_attribute(value: str) -> str:
    return _checked(value).translate(_ATTR_ESCAPES)


def _checked(value: str) -> str:
    bad = _NOT_XML_CHAR.search(value)
    if bad is not None:
        raise ValueError(
            f"U+{ord(bad.group()):04X} cannot be written in an XML document "
            f"(at index {bad.start()})"
        )
    return value


def _element(name: str, value: object) -> str:
    if not attrs.has(type(value)):
        return f"<{name}>{escape_text(_scalar_text(value))}</{name}>"
    plan = _plan(type(value))  # type: ignore[arg-type]  # classes are hashable
    head = [name]
    text = ""
    children: list[str] = []
    for field in plan.fields:
        item = getattr(value, field.name)
        if item is None or isinstance(item, Unset):
            continue
        if field.kind == "attribute":
            head.append(f'{field.wire}="{escape_attribute(_scalar_text(item))}"')
        elif field.kind == "text":
            text = escape_text(_scalar_text(item))
        elif field.many:
            children.extend(_element(field.wire, each) for each in item)
        else:
            children.append(_element(field.wire, item))
    return f"<{' '.join(head)}>{text}{''.join(children)}</{name}>"


def _scalar_text(value: object) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | Decimal | float):
        return str(value)
    raise TypeError(f"cannot write a {type(value).__name__} as XML text")


# -- reading -----------------------------------------------------------------


def parse_xml(body: bytes) -> Any:
    """The document element of ``body``, parsed by defusedxml with every
    DTD, entity and external reference refused."""
    data = body.lstrip(b" \t\r\n")
    if data[:1] in (b"{", b"["):
        raise DecodeError("expected an XML document, got what looks like JSON")
    parser = DefusedXMLParser(
        target=TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    # defusedxml lets processing instructions through (the tree builder then
    # drops them silently); no response has a reason to carry one.
    parser.parser.ProcessingInstructionHandler = _refuse_processing_instruction
    try:
        parser.feed(data)
        return parser.close()
    except _ProcessingInstruction:
        raise DecodeError("refused an XML document with a processing instruction") from None
    except DefusedXmlException as exc:
        raise DecodeError(f"refused a hostile XML document ({type(exc).__name__})") from None
    except ParseError as exc:
        raise DecodeError(f"not well-formed XML ({exc})") from None
    except (ValueError, LookupError) as exc:
        # expat refuses a declared encoding it cannot read (UTF-7, UTF-32,
        # EBCDIC, made-up names) with these, not with a ParseError
        raise DecodeError(f"XML in an encoding that cannot be read ({str(exc)[:80]})") from None


class _ProcessingInstruction(Exception):
    pass


def _refuse_processing_instruction(target: str, data: str) -> None:
    raise _ProcessingInstruction(target)


def decode_xml(body: bytes, model: type[T], root: str, secrets: tuple[str, ...] = ()) -> T:
    """``body`` as ``model``, or :class:`DecodeError` saying what is wrong and where.

    Every text and attribute is scrubbed of ``secrets``: character
    references and other encodings can spell a key the transport's scrub
    of the raw bytes did not see.
    """
    element = parse_xml(body)
    if secrets:
        _scrub(element, secrets)
    if element.tag != root:
        raise DecodeError(f"expected a <{root}> document, got <{_short(element.tag)}>")
    return structure_element(element, model)


def _scrub(element: Any, secrets: tuple[str, ...]) -> None:
    for node in element.iter():
        if node.text:
            node.text = redact(node.text, secrets)
        if node.tail:
            node.tail = redact(node.tail, secrets)
        for name, value in node.attrib.items():
            node.attrib[name] = redact(value, secrets)


def structure_element(element: Any, model: type[T]) -> T:
    """An already-parsed (defused) element as ``model``."""
    result: T = _structure(element, model, element.tag)
    return result


def _structure(element: Any, model: type, path: str) -> Any:
    plan = _plan(model)
    values: dict[str, Any] = {}
    for field in plan.fields:
        where = f"{path}/@{field.wire}" if field.kind == "attribute" else f"{path}/{field.wire}"
        if field.kind == "attribute":
            raw = element.get(field.wire)
            if raw is not None:
                values[field.name] = _convert(raw, field.item, where)
        elif field.kind == "text":
            values[field.name] = _convert(element.text or "", field.item, f"{path}/text()")
        else:
            found = element.findall(field.wire)
            if field.many:
                if found or field.required:
                    values[field.name] = [
                        _value(child, field.item, f"{where}[{i}]") for i, child in enumerate(found)
                    ]
            elif found:
                values[field.name] = _value(found[0], field.item, where)
        if field.required and field.name not in values:
            raise DecodeError(f"{where} is required but missing")
    return model(**values)


def _value(element: Any, item: Any, path: str) -> Any:
    if attrs.has(item):
        return _structure(element, item, path)
    return _convert(element.text or "", item, path)


def _convert(text: str, kind: Any, path: str) -> Any:
    try:
        return _converter(kind)(text)
    except (ValueError, InvalidOperation):
        name = getattr(kind, "__name__", str(kind))
        raise DecodeError(f"{path}: {_short(text)!r} is not a valid {name}") from None


@functools.cache
def _converter(kind: Any) -> Callable[[str], Any]:
    if kind is str:
        return lambda text: text
    if kind is int:
        return _int
    if kind is Decimal:
        return _decimal
    if kind is float:
        return _float
    if kind is bool:
        return _bool
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        if issubclass(kind, int):
            return lambda text: kind(_int(text))
        return lambda text: kind(text.strip())
    raise TypeError(f"no XML reader for {kind!r}")


def _int(text: str) -> int:
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        raise ValueError(text)
    return int(text)


def _decimal(text: str) -> Decimal:
    text = text.strip()
    if not text.isascii():  # Decimal() and float() read "١٢٣" as 123
        raise ValueError(text)
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError(text)
    return value


def _float(text: str) -> float:
    value = float(_decimal(text))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _bool(text: str) -> bool:
    text = text.strip()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
        return False
    raise ValueError(text)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


# -- the binding -------------------------------------------------------------


@attrs.frozen
class _Field:
    name: str
    wire: str
    kind: str
    order: int
    item: Any
    many: bool
    required: bool


@attrs.frozen
class _Plan:
    fields: tuple[_Field, ...]


@functools.cache
def _plan(model: type) -> _Plan:
    """Each field's binding, attributes first, elements in document order."""
    attrs.resolve_types(model)
    fields = []
    for a in attrs.fields(model):
        binding = a.metadata.get(XML)
        if binding is None:
            raise TypeError(f"{model.__name__}.{a.name} has no XML binding")
        item, many = _unwrap(a.type)
        fields.append(
            _Field(
                name=a.name,
                wire=a.metadata.get(WIRE, a.name),
                kind=binding["kind"],
                order=binding.get("order", -1),
                item=item,
                many=many,
                required=a.default is attrs.NOTHING,
            )
        )
    rank = {"attribute": 0, "text": 1, "element": 2}
    fields.sort(key=lambda f: (rank[f.kind], f.order))
    return _Plan(tuple(fields))


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """``X | None`` → X; ``list[X]`` → (X, many)."""
    if get_origin(tp) in (Union, types.UnionType):
        members = [m for m in get_args(tp) if m not in (type(None), Unset)]
        if len(members) != 1:
            raise TypeError(f"unsupported XML field type {tp!r}")
        tp = members[0]
    if get_origin(tp) is list:
        return get_args(tp)[0], True
    return tp, False

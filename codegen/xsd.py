"""XSD → JSON-Schema components, so XML APIs go through the same model generator.

An OpenAPI spec names its XSD in ``x-taskpoll.xsd``; its components may hold
placeholders (``{x-taskpoll-xsd: TypeName}``) for the XSD types its bodies
use.  :func:`expand` returns a copy of the document whose components are the
XSD's named types, each property carrying its XML binding in ``x-xml``::

    {"kind": "attribute"}                  # <msg id="…">
    {"kind": "element", "order": 2}        # <status>…</status>, position in the sequence
    {"kind": "text"}                       # <msg …>text</msg>

datamodel-code-generator passes ``x-xml`` to our template as
``field.extras["x_xml"]``, which puts it in ``attrs.field(metadata={"xml": …})``
where :mod:`taskpoll.xmlcodec` reads it.  Element order is explicit because
dcg moves required fields before optional ones.

Only the subset of XSD our specs use is understood, and anything else is a
:class:`SpecError`, not a silently wrong model: no namespaces; named
complexTypes with one flat ``sequence`` or ``choice`` of elements, or
``simpleContent`` extension; attributes; named simpleTypes that restrict a
builtin with enumerations or facets; ``xs:assert`` is left to validators.
Generator hints live in the ``urn:taskpoll:codegen`` namespace: ``tp:name``
(an enum member's Python name), ``tp:field`` (the Python name of an
element's text content), ``tp:secret`` (an attribute that holds a key:
write-only, hidden from repr), ``tp:default`` (the value a model fills in for
a required attribute the caller leaves out; it is still sent).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from defusedxml import ElementTree

from .specs import SpecError

XS = "{http://www.w3.org/2001/XMLSchema}"
TP = "{urn:taskpoll:codegen}"
PLACEHOLDER = "x-taskpoll-xsd"

_INTEGERS = {
    "int",
    "integer",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
}
_BUILTINS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "token": {"type": "string"},
    "normalizedString": {"type": "string"},
    "anyURI": {"type": "string"},
    "dateTime": {"type": "string"},
    "decimal": {"type": "string", "format": "decimal"},
    "boolean": {"type": "boolean"},
    "double": {"type": "number"},
    "float": {"type": "number"},
    **{name: {"type": "integer"} for name in _INTEGERS},
}


def _whole_value(pattern: str) -> str:
    """An XSD pattern as JSON Schema's: XSD's match the whole value, JSON Schema's
    anywhere unless anchored."""
    return f"^(?:{pattern})$"


_FACETS: dict[str, tuple[str, Callable[[str], object]]] = {
    "minLength": ("minLength", int),
    "maxLength": ("maxLength", int),
    "minInclusive": ("minimum", int),
    "maxInclusive": ("maximum", int),
    "pattern": ("pattern", _whole_value),
}
_SUPPORTED = {"element", "complexType", "simpleType", "annotation"}


def expand(document: dict[str, Any], xsd_path: Path) -> dict[str, Any]:
    """A copy of ``document`` whose components include every named XSD type."""
    derived = components(xsd_path)
    result = copy.deepcopy(document)
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in list(schemas.items()):
        target = schema.get(PLACEHOLDER) if isinstance(schema, dict) else None
        if target is not None:
            if target not in derived:
                raise SpecError(f"components/schemas/{name}: {xsd_path.name} has no type {target}")
            schemas[name] = derived[target]
        elif name in derived:
            raise SpecError(f"components/schemas/{name}: also defined by {xsd_path.name}")
    for name, schema in derived.items():
        schemas.setdefault(name, schema)
    return result


def components(xsd_path: Path) -> dict[str, dict[str, Any]]:
    """Every named type of the XSD as a JSON-Schema component, in file order."""
    return _Converter(xsd_path).convert()


def document_element(xsd_path: Path) -> str:
    """The name of the XSD's one top-level element: every document's root (XmlCodec's)."""
    converter = _Converter(xsd_path)
    names = [str(n.get("name")) for n in converter.root.findall(XS + "element")]
    if len(names) != 1:
        converter.fail(converter.root, f"needs exactly one top-level xs:element, not {names}")
    return names[0]


class _Converter:
    def __init__(self, path: Path) -> None:
        self.path = path
        root: Any = ElementTree.parse(str(path)).getroot()
        if root.tag != XS + "schema":
            self.fail(root, "the root is not xs:schema")
        if root.get("targetNamespace"):
            self.fail(root, "namespaced schemas are not supported")
        self.root = root
        self.simple = {n.get("name"): n for n in root.findall(XS + "simpleType")}
        self.complex = {n.get("name"): n for n in root.findall(XS + "complexType")}

    def fail(self, node: Any, problem: str) -> NoReturn:
        name = node.get("name") or node.tag.removeprefix(XS)
        raise SpecError(f"{self.path}: {name}: {problem} (see codegen/xsd.py)")

    def convert(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for node in self.root:
            if not isinstance(node.tag, str):
                continue  # comments
            kind = node.tag.removeprefix(XS)
            if kind not in _SUPPORTED:
                self.fail(node, f"xs:{kind} is not supported")
            name = str(node.get("name"))
            if kind == "complexType":
                out[name] = self.complex_type(node)
            elif kind == "simpleType" and node.find(f"{XS}restriction/{XS}enumeration") is not None:
                out[name] = self.enum(node)
        return out

    # -- simple types ------------------------------------------------------

    def enum(self, node: Any) -> dict[str, Any]:
        restriction = node.find(XS + "restriction")
        base = self.builtin(node, restriction.get("base"))
        values: list[Any] = []
        names: list[str] = []
        for item in restriction.findall(XS + "enumeration"):
            raw = item.get("value")
            values.append(int(raw) if base["type"] == "integer" else raw)
            names.append(item.get(TP + "name") or raw)
        schema: dict[str, Any] = {"type": base["type"], "enum": values}
        if base["type"] == "integer" or any(TP + "name" in i.attrib for i in restriction):
            schema["x-enum-varnames"] = names
        return _described(schema, node)

    def builtin(self, node: Any, qname: str | None) -> dict[str, Any]:
        local = (qname or "").removeprefix("xs:")
        if not (qname or "").startswith("xs:") or local not in _BUILTINS:
            self.fail(node, f"unsupported base type {qname!r}")
        return dict(_BUILTINS[local])

    def default(self, attribute: Any) -> object:
        """``tp:default``: the value a model fills in for a required attribute
        (sent like any other value), in its type's terms."""
        text, qname = attribute.get(TP + "default"), attribute.get("type")
        restriction = self.simple[qname].find(XS + "restriction") if qname in self.simple else None
        base = self.builtin(attribute, qname if restriction is None else restriction.get("base"))
        allowed = [] if restriction is None else restriction.findall(XS + "enumeration")
        if allowed and text not in [e.get("value") for e in allowed]:
            self.fail(attribute, f"tp:default {text!r} is not a value of {qname}")
        if attribute.get("use") != "required":
            self.fail(
                attribute, "tp:default is for required attributes (optional ones are left out)"
            )
        try:
            return int(text) if base["type"] == "integer" else text
        except ValueError:
            self.fail(attribute, f"tp:default {text!r} is not an integer")

    def type_ref(self, node: Any, qname: str | None) -> dict[str, Any]:
        """The schema of a property typed ``qname``: builtins and facet-only
        simple types inline, enums and complex types by reference."""
        if qname is None:
            self.fail(node, "anonymous types are not supported; name the type")
        if qname.startswith("xs:"):
            return self.builtin(node, qname)
        if qname in self.complex:
            return {"$ref": f"#/components/schemas/{qname}"}
        simple = self.simple.get(qname)
        if simple is None:
            self.fail(node, f"unknown type {qname!r}")
        restriction = simple.find(XS + "restriction")
        if restriction is None:
            self.fail(simple, "only xs:restriction simple types are supported")
        if restriction.find(XS + "enumeration") is not None:
            return {"$ref": f"#/components/schemas/{qname}"}
        schema = self.builtin(simple, restriction.get("base"))
        for facet in restriction:
            if not isinstance(facet.tag, str) or facet.tag == XS + "annotation":
                continue
            local = facet.tag.removeprefix(XS)
            if local not in _FACETS:
                self.fail(simple, f"facet xs:{local} is not supported")
            key, cast = _FACETS[local]
            schema[key] = cast(facet.get("value"))
        return schema

    # -- complex types -----------------------------------------------------

    def complex_type(self, node: Any) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        attribute_owner = node
        for child in node:
            if not isinstance(child.tag, str) or child.tag == XS + "annotation":
                continue
            kind = child.tag.removeprefix(XS)
            if kind in {"sequence", "choice"}:
                self.particles(child, properties, required, optional=kind == "choice")
            elif kind == "simpleContent":
                extension = child.find(XS + "extension")
                if extension is None or len(child) != 1:
                    self.fail(node, "simpleContent must be one xs:extension")
                field = extension.get(TP + "field") or "value"
                properties[field] = {
                    **self.type_ref(extension, extension.get("base")),
                    "x-xml": {"kind": "text"},
                }
                required.append(field)
                attribute_owner = extension
            elif kind not in {"attribute", "assert"}:
                # xs:assert (XSD 1.1) constrains documents, not shapes: validators check it
                self.fail(node, f"xs:{kind} is not supported in a complexType")
        for attribute in attribute_owner.findall(XS + "attribute"):
            name = attribute.get("name")
            schema = {
                **self.type_ref(attribute, attribute.get("type")),
                "x-xml": {"kind": "attribute"},
            }
            if attribute.get(TP + "secret") == "true":
                schema["writeOnly"] = True
            if attribute.get(TP + "default") is not None:
                schema["default"] = self.default(attribute)
            properties[name] = _described(schema, attribute)
            if attribute.get("use") == "required":
                required.append(name)
        result: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        return _described(result, node)

    def particles(
        self, group: Any, properties: dict[str, Any], required: list[str], *, optional: bool
    ) -> None:
        for order, element in enumerate(e for e in group if isinstance(e.tag, str)):
            if element.tag != XS + "element":
                self.fail(group, "only flat sequences and choices of xs:element are supported")
            name = element.get("name")
            if name in properties:
                self.fail(element, f"element {name!r} appears twice")
            item = self.type_ref(element, element.get("type"))
            binding = {"kind": "element", "order": order}
            many = element.get("maxOccurs", "1") != "1"
            schema = {"type": "array", "items": item, **_occurs(element)} if many else item
            if many and (optional or element.get("minOccurs", "1") == "0"):
                schema["default"] = []  # no such element is an empty list, not a missing one
            properties[name] = _described({**schema, "x-xml": binding}, element)
            if not optional and element.get("minOccurs", "1") != "0":
                required.append(name)


def _occurs(element: Any) -> dict[str, int]:
    """A repeated element's minOccurs/maxOccurs as JSON Schema's minItems/maxItems."""
    low, high = element.get("minOccurs", "1"), element.get("maxOccurs", "1")
    out = {"minItems": int(low)} if int(low) > 0 else {}
    return out if high == "unbounded" else {**out, "maxItems": int(high)}


def _described(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    doc = node.find(f"{XS}annotation/{XS}documentation")
    if doc is not None and (doc.text or "").strip():
        schema["description"] = " ".join(doc.text.split())
    return schema

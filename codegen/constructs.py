"""What the models cannot express is refused, never dropped.

datamodel-code-generator skips JSON Schema keywords it has no Python for
(``not``, ``if``/``then``/``else``, ``patternProperties``, …), and our codec
decodes a ``oneOf`` of objects by taking the first alternative whose required
fields are all there.  Both are silent: a model that accepts what the spec
refuses, or an answer decoded as the wrong alternative.  So before any model
is generated, every schema the generated operations reach (all of a spec's
when it does not choose operations) is read once, and each such construct is
refused with its ``file:line:col`` and what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import locate
from .specs import Spec, SpecError

Keys = list[locate.Key]

#: Keywords the generated models would silently ignore.
UNSUPPORTED = (
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "propertyNames",
    "prefixItems",
    "contains",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
)
_CHILD_MAPS = ("properties", "$defs")
_CHILD_LISTS = ("allOf", "oneOf", "anyOf")
_CHILDREN = ("items", "additionalProperties")
HINT = (
    "replace the schema in the overlay with one the generator can express, or leave "
    "the operations that reach it out of x-taskpoll-operations"
)


def check(spec: Spec) -> None:
    """Raise :class:`SpecError` for the first construct the models cannot express."""
    document = spec.document
    # unions x-taskpoll-task-types names are told apart by the task's type, not by decoding
    typed = set((document.get("x-taskpoll-task-types") or {}).values())
    for keys, schema in _roots(document):
        for at, node in _schemas(schema, keys):
            _check(spec, document, at, node, unions=keys[-1] not in typed or len(at) > 3)


def _roots(document: dict[str, Any]) -> Iterator[tuple[Keys, Any]]:
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        yield ["components", "schemas", name], schema
    for route, item in document.get("paths", {}).items():
        for index, param in enumerate(item.get("parameters") or []):
            if isinstance(param, dict) and "schema" in param:
                yield ["paths", route, "parameters", index, "schema"], param["schema"]
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            base: Keys = ["paths", route, method]
            for index, param in enumerate(op.get("parameters") or []):
                if isinstance(param, dict) and "schema" in param:
                    yield [*base, "parameters", index, "schema"], param["schema"]
            bodies = [(["requestBody"], op.get("requestBody") or {})] + [
                (["responses", code], answer) for code, answer in op.get("responses", {}).items()
            ]
            for keys, body in bodies:
                for media, content in (body.get("content") or {}).items():
                    if isinstance(content, dict) and "schema" in content:
                        yield [*base, *keys, "content", media, "schema"], content["schema"]


def _schemas(schema: Any, keys: Keys) -> Iterator[tuple[Keys, dict[str, Any]]]:
    """``schema`` and every schema inside it (not through ``$ref``: each named
    schema is a root of its own), with their paths."""
    pending = [(keys, schema)]
    while pending:
        at, node = pending.pop()
        if not isinstance(node, dict):
            continue
        yield at, node
        for name in _CHILD_MAPS:
            for key, child in (node.get(name) or {}).items():
                pending.append(([*at, name, key], child))
        for name in _CHILD_LISTS:
            for index, child in enumerate(node.get(name) or []):
                pending.append(([*at, name, index], child))
        for name in _CHILDREN:
            if isinstance(node.get(name), dict):
                pending.append(([*at, name], node[name]))


def _check(
    spec: Spec, document: dict[str, Any], at: Keys, node: dict[str, Any], *, unions: bool
) -> None:
    where = locate.At(spec.path, at)
    for keyword in UNSUPPORTED:
        if keyword in node:
            raise SpecError(
                f"{where.child(keyword)}: {keyword!r} cannot be expressed by the generated "
                f"models (it would be dropped silently); {HINT}"
            )
    for member in node.get("allOf") or []:
        resolved = _resolve(document, member)
        if "oneOf" in resolved or "anyOf" in resolved:
            raise SpecError(
                f"{where.child('allOf')}: an allOf member that is itself a oneOf/anyOf "
                f"cannot become a model's base class; {HINT}"
            )
    for keyword in ("oneOf", "anyOf"):
        if keyword in node and unions:
            _alternatives(document, where.child(keyword), keyword, node)


def _alternatives(
    document: dict[str, Any], where: locate.At, keyword: str, node: dict[str, Any]
) -> None:
    """A union of objects must be decodable: by a discriminator every alternative
    declares, or by a required property each alternative has alone."""
    objects = [
        (index, _name(member, index), _flatten(document, member))
        for index, member in enumerate(node[keyword])
        if _is_object(_resolve(document, member))
    ]
    if len(objects) < 2:
        return
    discriminator = node.get("discriminator")
    if isinstance(discriminator, dict):
        tag = discriminator.get("propertyName")
        for index, name, (declared, _) in objects:
            if tag not in declared:
                raise SpecError(
                    f"{where.child(index)}: {keyword} alternative {name} does not declare "
                    f"the discriminator {tag!r}, so an answer cannot be told apart by it; "
                    f"add the property to {name} in the overlay"
                )
        return
    for index, name, (_, required) in objects:
        others = set().union(*(declared for i, _, (declared, _) in objects if i != index))
        if not required - others:
            raise SpecError(
                f"{where.child(index)}: {keyword} alternative {name} cannot be told apart "
                "from the others when decoding (it requires no property they lack), and "
                "there is no discriminator; add a discriminator (propertyName and mapping) "
                f"in the overlay, or replace the {keyword} with the alternative you need"
            )


def _name(member: Any, index: int) -> str:
    ref = member.get("$ref") if isinstance(member, dict) else None
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else f"#{index}"


def _resolve(document: dict[str, Any], schema: Any) -> dict[str, Any]:
    seen = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if ref in seen or not ref.startswith("#/"):
            break
        seen.add(ref)
        target: Any = document
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema = target
    return schema if isinstance(schema, dict) else {}


def _is_object(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "object" in kinds or "properties" in schema or "allOf" in schema


def _flatten(document: dict[str, Any], schema: Any) -> tuple[set[str], set[str]]:
    """The properties an object schema declares and requires, ``allOf`` included."""
    resolved = _resolve(document, schema)
    declared = set(resolved.get("properties") or {})
    required = set(resolved.get("required") or [])
    for member in resolved.get("allOf") or []:
        more, needed = _flatten(document, member)
        declared |= more
        required |= needed
    return declared, required

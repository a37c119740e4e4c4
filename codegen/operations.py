"""The operations of a spec: one client method each (commands expanded), read into the model."""

from __future__ import annotations

import keyword
from typing import Any

import attrs

from . import constraints, locate
from .model import Field, ModelClass, Operation, Type, snake
from .specs import Spec, SpecError

_METHODS = ("get", "put", "post", "delete", "patch")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
Classes = dict[str, ModelClass]


def _ref_name(schema: object, where: str) -> str:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str):
        raise SpecError(f"{where}: request and response bodies must be a $ref to a named schema")
    return ref.rsplit("/", 1)[-1]


def operations(spec: Spec, classes: Classes) -> list[Operation]:
    """Every method to generate, its fields those of the parsed models."""
    ops = []
    for path, item in spec.document.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            where = locate.where(spec.path, ["paths", path, method])
            if "operationId" not in op:
                raise SpecError(f"{where}: operationId is required")
            body_class, body_fields = _body(op, classes, where)
            ok = op.get("responses", {}).get("200")
            if ok is None or not ok.get("content"):
                raise SpecError(f"{where}: a 200 response with content is required")
            response = _ref_name(_media(ok, where).get("schema", {}), where)
            path_params = tuple(
                _path_param(p, where)
                for p in op.get("parameters", []) + item.get("parameters", [])
                if p.get("in") == "path"
            )
            base = Operation(
                name=snake(op["operationId"]),
                method=method.upper(),
                path=path,
                summary=op.get("summary", op["operationId"]).strip(),
                response=response,
                body_class=body_class,
                path_params=path_params,
                body_fields=body_fields,
                task_id=_task_id(op, path_params, body_fields, where),
                exposed=op.get("x-taskpoll-client", False),
                starts=_starts(op, classes, where),
                **_answer(op, response, classes, where),
            )
            ops += _commands(op, base, classes, where)
    if not ops:
        raise SpecError(f"{locate.where(spec.path, ['paths'])}: no operations to generate")
    _check_names(spec, ops)
    return ops


def _body(op: dict[str, Any], classes: Classes, where: str) -> tuple[str | None, tuple[Field, ...]]:
    body = op.get("requestBody")
    if body is None:
        return None, ()
    media = _media(body, where + ".requestBody")
    body_class = _ref_name(media.get("schema", {}), where + ".requestBody")
    model = classes.get(body_class)
    if model is None or model.kind == "alias":
        raise SpecError(
            f"{where}.requestBody: {body_class} must be an object schema "
            "(its properties become the method's keyword arguments)"
        )
    if any(p.factory for p in model.fields):
        raise SpecError(
            f"{where}.requestBody: list/dict defaults on request fields are not supported"
        )
    return body_class, _ordered(model.fields)


def _path_param(param: dict[str, Any], where: str) -> Field:
    schema = {"description": param.get("description", ""), **param.get("schema", {})}
    name = param["name"]
    return Field(
        snake(name),
        Type(_SCALARS.get(str(schema.get("type")), "str")),
        wire=name,
        constraint=constraints.source(name, schema, where)
        if constraints.has_facets(schema)
        else None,
    )


def _starts(op: dict[str, Any], classes: Classes, where: str) -> str | None:
    """``x-taskpoll-starts``: the model (or ``string``) a started task's result is."""
    name = op.get("x-taskpoll-starts")
    if name is None:
        return None
    if name == "string":
        return "str"
    if name not in classes:
        raise SpecError(f"{where}: x-taskpoll-starts: {name!r} is not a schema")
    return str(name)


def _answer(op: dict[str, Any], response: str, classes: Classes, where: str) -> dict[str, Any]:
    """``x-taskpoll-answer``: a response field (or a list, first present wins),
    or ``{field: …, type: Model}`` to pick one model of a union field; a dotted
    name (``status.msg``) returns a field of that part instead."""
    spec = op.get("x-taskpoll-answer")
    if spec is None:
        return {}
    wanted = spec.get("type") if isinstance(spec, dict) else None
    names = spec["field"] if isinstance(spec, dict) else spec
    names = [names] if isinstance(names, str) else names
    heads = [name.split(".")[0] for name in names]
    tails = {tuple(name.split(".")[1:]) for name in names}
    if len(tails) != 1:
        raise SpecError(f"{where}: x-taskpoll-answer: alternatives must end in the same fields")
    model = classes.get(response)
    found: dict[str, Type] = {}
    for name in heads:
        field = model.field(snake(name)) if model is not None else None
        if field is None:
            raise SpecError(f"{where}: x-taskpoll-answer: {response} has no field {name!r}")
        members = set(field.type.members) - {"None", "Unset"}
        if wanted is not None and wanted not in members:
            raise SpecError(f"{where}: x-taskpoll-answer: {name!r} cannot hold a {wanted}")
        part = wanted or " | ".join(sorted(members))
        found[part] = Type(part, frozenset({wanted}) if wanted else field.type.refs)
    if len(found) != 1:
        raise SpecError(f"{where}: x-taskpoll-answer: fields of different types {sorted(found)}")
    (part_type,) = found.values()
    tail = tuple(snake(n) for n in tails.pop())
    return {
        "answer": tuple(snake(n) for n in heads),
        "answer_type": part_type,
        "answer_tail": tail,
        "tail_type": _tail_type(part_type, tail, classes, where) if tail else None,
    }


def _tail_type(part: Type, tail: tuple[str, ...], classes: Classes, where: str) -> Type:
    kind = part
    for name in tail:
        model = classes.get(kind.hint)
        found = model.field(name) if model is not None else None
        if found is None:
            raise SpecError(f"{where}: x-taskpoll-answer: {kind.hint} has no field {name!r}")
        kind = found.type
    return kind


def _task_id(
    op: dict[str, Any], path_params: tuple[Field, ...], body_fields: tuple[Field, ...], where: str
) -> str | None:
    """The task id as a str expression, from the parameter ``x-taskpoll-task-id`` names."""
    wire = op.get("x-taskpoll-task-id")
    if wire is None:
        return None
    types = {p.name: p.type.hint for p in (*path_params, *body_fields)}
    name = snake(str(wire))
    if name not in types:
        raise SpecError(f"{where}: x-taskpoll-task-id {wire!r} is not a parameter of the operation")
    return name if types[name] == "str" else f"str({name})"


def _check_names(spec: Spec, ops: list[Operation]) -> None:
    """Two operations becoming one method would silently lose one of them."""
    seen: dict[str, Operation] = {}
    for op in ops:
        where = locate.where(spec.path, ["paths", op.path, op.method.lower()])
        if keyword.iskeyword(op.name) or not op.name.isidentifier():
            raise SpecError(f"{where}: operationId gives {op.name!r}, not a usable method name")
        if op.name in seen:
            other = seen[op.name]
            raise SpecError(
                f"{where}: method {op.name!r} is also generated for "
                f"{other.method} {other.path}; rename one operationId"
            )
        seen[op.name] = op


def _commands(op: dict[str, Any], base: Operation, classes: Classes, where: str) -> list[Operation]:
    """``x-taskpoll-commands``: one typed method per command where many commands
    share one path and method (XML APIs: the package's child element is the
    command).  Each takes the body's required fields plus its own command
    field, made required; a field-less command is filled in, not asked for."""
    commands = op.get("x-taskpoll-commands")
    if not commands:
        return [base]
    if base.body_class is None:
        raise SpecError(f"{where}: x-taskpoll-commands needs a request body")
    required = tuple(p for p in base.body_fields if p.default is None)
    out = []
    for command in commands:
        target = snake(command["command"])
        field = next((p for p in base.body_fields if p.name == target), None)
        if field is None:
            raise SpecError(f"{where}: {base.body_class} has no field for {command['command']!r}")
        kind = field.type.hint.removesuffix(" | None")
        model = classes.get(kind)
        empty = model is not None and model.kind != "alias" and not model.fields
        body_fields = required if empty else (*required, _argument(field, kind, classes))
        if len({p.name for p in body_fields}) != len(body_fields):
            raise SpecError(f"{where}: {command['command']!r}: its list clashes with a field")
        out.append(
            attrs.evolve(
                base,
                name=snake(command["operationId"]),
                summary=command.get("summary", command["operationId"]).strip(),
                body_fields=body_fields,
                body_consts=((field.name, kind),) if empty else (),
                task_id=_task_id(command, base.path_params, body_fields, where),
                exposed=command.get("x-taskpoll-client", False),
                **_answer(command, base.response, classes, where),
            )
        )
    return out


def _argument(field: Field, kind: str, classes: Classes) -> Field:
    """A command's argument: its element, or the list an element that only wraps a
    list holds (``<status><msg …/>…</status>``: ``msg=[MessageRef(...), …]``)."""
    model = classes.get(kind)
    inner = model.fields if model is not None else ()
    if len(inner) == 1 and inner[0].type.hint.startswith("list["):
        return attrs.evolve(inner[0], default=None, wrap=(field.name, kind))
    return attrs.evolve(field, type=Type(kind, field.type.refs), default=None)


def _media(body: dict[str, Any], where: str) -> dict[str, Any]:
    """The first media type's object (specs list one: JSON, or XML for XML APIs)."""
    content = body.get("content") or {}
    if not content:
        raise SpecError(f"{where}: content must name at least one media type")
    media: dict[str, Any] = next(iter(content.values()))
    return media


def _ordered(params: tuple[Field, ...]) -> tuple[Field, ...]:
    """Required parameters first, as a reader expects; otherwise spec order."""
    return tuple(p for p in params if p.default is None) + tuple(
        p for p in params if p.default is not None
    )

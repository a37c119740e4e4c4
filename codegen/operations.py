"""The operations of a spec: one client method each (commands expanded), read into the model."""

from __future__ import annotations

import keyword
from typing import Any

import attrs

from . import constraints, locate, security
from .model import Field, ModelClass, Operation, Type, snake
from .specs import HTTP_METHODS, Spec, SpecError

_METHODS = ("get", "put", "post", "delete", "patch")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
Classes = dict[str, ModelClass]


def _ref_name(schema: object, where: locate.At) -> str:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str):
        raise SpecError(f"{where}: request and response bodies must be a $ref to a named schema")
    return ref.rsplit("/", 1)[-1]


def operations(spec: Spec, classes: Classes) -> list[Operation]:
    """Every method to generate, its fields those of the parsed models."""
    ops = []
    media = _MediaTypes(bool(spec.options.get("xsd")))
    for path, item in spec.document.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            where = locate.At(spec.path, ["paths", path, method])
            if method not in _METHODS:
                raise SpecError(
                    f"{where}: {method.upper()} operations are not generated; leave it out "
                    "of x-taskpoll-operations (or remove it in the overlay)"
                )
            if "operationId" not in op:
                raise SpecError(f"{where}: operationId is required")
            body_class, body_fields = _body(op, classes, where, media)
            response = _response(op, where, media)
            params = _parameters(spec, item, op, where, classes)
            path_params = params["path"]
            key = security.key(spec, op, where)
            query_params, header_params = params["query"], params["header"]
            if key is not None:
                if key.wire.lower() in {p.wire.lower() for p in (*query_params, *header_params)}:
                    raise SpecError(
                        f"{where}: parameter {key.wire!r} is also the API key of securitySchemes"
                    )
                if key.location == "query":
                    query_params = (*query_params, key.field)
                else:
                    header_params = (*header_params, key.field)
            _check_unique(where, path_params, body_fields, query_params, header_params)
            base = Operation(
                name=snake(op["operationId"]),
                method=method.upper(),
                path=path,
                summary=_summary(op),
                response=response,
                body_class=body_class,
                path_params=path_params,
                body_fields=body_fields,
                query_params=query_params,
                header_params=header_params,
                task_id=_task_id(op, (*path_params, *query_params), body_fields, where),
                exposed=op.get("x-taskpoll-client", False),
                starts=_starts(op, classes, where),
                **_answer(op, response, classes, where),
            )
            ops += _commands(op, base, classes, where)
    if not ops:
        raise SpecError(f"{locate.At(spec.path, ['paths'])}: no operations to generate")
    _check_names(spec, ops)
    return ops


def _summary(op: dict[str, Any]) -> str:
    """The operation's summary as one line (a docstring's first line)."""
    return " ".join(str(op.get("summary", op["operationId"])).split())


def _body(
    op: dict[str, Any], classes: Classes, where: locate.At, media: _MediaTypes
) -> tuple[str | None, tuple[Field, ...]]:
    body = op.get("requestBody")
    if body is None:
        return None, ()
    at = where.child("requestBody")
    body_class = _ref_name(media.pick(body, at).get("schema", {}), at)
    model = classes.get(body_class)
    if model is None or model.kind == "alias":
        raise SpecError(
            f"{at}: {body_class} must be an object schema "
            "(its properties become the method's keyword arguments)"
        )
    if any(p.factory for p in model.fields):
        raise SpecError(f"{at}: list/dict defaults on request fields are not supported")
    return body_class, _ordered(model.fields)


def _response(op: dict[str, Any], where: locate.At, media: _MediaTypes) -> str:
    """The model of the operation's success answer: its one 2xx response with a
    body (``200``, ``201``, ``202``, ``2XX``, …; every 2xx is a success)."""
    responses = op.get("responses", {})
    ok = [str(code) for code in responses if str(code).startswith("2")]
    bodies = {code: responses[code] for code in ok if responses[code].get("content")}
    if not bodies:
        raise SpecError(
            f"{where.child('responses')}: a 2xx response with a body is required "
            f"(found {', '.join(ok) or 'no 2xx response'}); an answer without one "
            "cannot be generated yet: leave the operation out of x-taskpoll-operations"
        )
    names = {
        code: _ref_name(
            media.pick(answer, where.child("responses", code)).get("schema", {}),
            where.child("responses", code),
        )
        for code, answer in bodies.items()
    }
    if len(set(names.values())) > 1:
        shown = ", ".join(f"{code}: {name}" for code, name in names.items())
        raise SpecError(
            f"{where.child('responses')}: 2xx answers of different schemas ({shown}) "
            "cannot be one method's return type; make them one schema in the overlay"
        )
    return next(iter(names.values()))


def _parameters(
    spec: Spec, item: dict[str, Any], op: dict[str, Any], where: locate.At, classes: Classes
) -> dict[str, tuple[Field, ...]]:
    """Path, query and header parameters (``$ref``s to ``components/parameters``
    followed; an operation's parameter overrides its path item's of the same
    name and place), each as the method argument it becomes."""
    found: dict[tuple[str, str], tuple[dict[str, Any], locate.At]] = {}
    for keys, params in (
        (["paths", where.keys[1], "parameters"], item.get("parameters", [])),
        ([*where.keys, "parameters"], op.get("parameters", [])),
    ):
        for index, given in enumerate(params):
            param, at = _resolve_parameter(spec, given, locate.At(spec.path, [*keys, index]))
            found[(param["in"], param["name"])] = (param, at)
    out: dict[str, list[Field]] = {"path": [], "query": [], "header": []}
    for (place, _), (param, at) in found.items():
        if place not in out:
            raise SpecError(
                f"{at.child('in')}: {place} parameters cannot be generated "
                f"({param['name']!r}); leave the operation out of x-taskpoll-operations"
            )
        out[place].append(_parameter(param, at, classes))
    ordered = {place: tuple(fields) for place, fields in out.items()}
    return {**ordered, "query": _ordered(ordered["query"]), "header": _ordered(ordered["header"])}


def _resolve_parameter(
    spec: Spec, param: dict[str, Any], at: locate.At
) -> tuple[dict[str, Any], locate.At]:
    seen = set()
    while "$ref" in param:
        ref = param["$ref"]
        if not ref.startswith("#/components/parameters/") or ref in seen:
            raise SpecError(
                f"{at.child('$ref')}: a parameter $ref must name a parameter of "
                "components/parameters in this file"
            )
        seen.add(ref)
        name = ref.rsplit("/", 1)[-1]
        param = spec.document.get("components", {}).get("parameters", {}).get(name, {})
        at = locate.At(spec.path, ["components", "parameters", name])
    return param, at


def _parameter(param: dict[str, Any], at: locate.At, classes: Classes) -> Field:
    """One parameter as an argument: a scalar, an enum, or a list of either."""
    name = param["name"]
    if "content" in param:
        raise SpecError(
            f"{at.child('content')}: parameter {name!r}: a parameter with content (a "
            "serialized body) cannot be generated; give it a schema in the overlay"
        )
    schema = {"description": param.get("description", ""), **param.get("schema", {})}
    hint = _param_type(schema, at.child("schema"), name, classes)
    style = param.get("style", "form" if param["in"] == "query" else "simple")
    if hint.startswith("list[") and (param["in"], style) not in {
        ("query", "form"),
        ("header", "simple"),
    }:
        raise SpecError(
            f"{at.child('style')}: parameter {name!r}: style {style!r} is not generated"
        )
    required = bool(param.get("required")) or param["in"] == "path"
    facets = constraints.has_facets(schema) and not hint.startswith("list[")
    refs = frozenset(classes.keys() & {hint.removeprefix("list[").removesuffix("]")})
    return Field(
        snake(name),
        Type(hint if required else f"{hint} | None", refs),
        wire=name,
        default=None if required else "None",
        description=" ".join(str(schema.get("description", "")).split()),
        constraint=constraints.source(name, schema, at) if facets else None,
        # form style explodes by default (name=a&name=b); simple never does
        joined=param["in"] == "header" or not param.get("explode", style == "form"),
    )


def _param_type(schema: dict[str, Any], at: locate.At, name: str, classes: Classes) -> str:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = ref.rsplit("/", 1)[-1]
        if (
            ref.startswith("#/components/schemas/")
            and classes.get(target, None) is not None
            and classes[target].kind == "enum"
        ):
            return target
        raise SpecError(
            f"{at}: parameter {name!r}: only strings, numbers, booleans, enums and "
            f"lists of them can be parameters, not {target}"
        )
    kind = schema.get("type", "string")
    if kind == "array":
        return f"list[{_param_type(schema.get('items', {}), at.child('items'), name, classes)}]"
    if kind not in _SCALARS or set(schema) & {"oneOf", "anyOf", "allOf", "enum"}:
        raise SpecError(
            f"{at}: parameter {name!r}: only strings, numbers, booleans, enums (a $ref "
            "to a named enum schema) and lists of them can be parameters"
        )
    return _SCALARS[kind]


def _check_unique(where: locate.At, *groups: tuple[Field, ...]) -> None:
    """Two parameters becoming one argument would lose one of them."""
    seen: dict[str, str] = {}
    for field in (f for group in groups for f in group):
        if field.name in seen:
            raise SpecError(
                f"{where}: {field.wire!r} and {seen[field.name]!r} (a parameter or body "
                f"field) both become the argument {field.name!r}; rename one in the overlay"
            )
        seen[field.name] = field.wire


def _starts(op: dict[str, Any], classes: Classes, where: locate.At) -> str | None:
    """``x-taskpoll-starts``: the model (or ``string``) a started task's result is."""
    name = op.get("x-taskpoll-starts")
    if name is None:
        return None
    if name == "string":
        return "str"
    if name not in classes:
        raise SpecError(f"{where}: x-taskpoll-starts: {name!r} is not a schema")
    return str(name)


def _answer(
    op: dict[str, Any], response: str, classes: Classes, where: locate.At
) -> dict[str, Any]:
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


def _tail_type(part: Type, tail: tuple[str, ...], classes: Classes, where: locate.At) -> Type:
    kind = part
    for name in tail:
        model = classes.get(kind.hint)
        found = model.field(name) if model is not None else None
        if found is None:
            raise SpecError(f"{where}: x-taskpoll-answer: {kind.hint} has no field {name!r}")
        kind = found.type
    return kind


def _task_id(
    op: dict[str, Any],
    path_params: tuple[Field, ...],
    body_fields: tuple[Field, ...],
    where: locate.At,
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
        where = locate.At(spec.path, ["paths", op.path, op.method.lower()])
        if keyword.iskeyword(op.name) or not op.name.isidentifier():
            raise SpecError(f"{where}: operationId gives {op.name!r}, not a usable method name")
        if op.name in seen:
            other = seen[op.name]
            raise SpecError(
                f"{where}: method {op.name!r} is also generated for "
                f"{other.method} {other.path}; rename one operationId"
            )
        seen[op.name] = op


def _commands(
    op: dict[str, Any], base: Operation, classes: Classes, where: locate.At
) -> list[Operation]:
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


class _MediaTypes:
    """The media types the API's codec speaks: JSON, or XML for an API with an XSD."""

    def __init__(self, xml: bool) -> None:
        self.xml = xml

    def speaks(self, name: str) -> bool:
        kind = name.split(";", maxsplit=1)[0].strip().lower()
        if self.xml:
            return kind in {"application/xml", "text/xml"} or kind.endswith("+xml")
        return kind == "application/json" or kind.endswith("+json")

    def pick(self, body: dict[str, Any], where: locate.At) -> dict[str, Any]:
        """The media type object the codec reads or writes; another representation
        of the same body beside it is not needed, but a body with none is refused."""
        content = body.get("content") or {}
        if not content:
            raise SpecError(f"{where}: content must name at least one media type")
        for name, media in content.items():
            if self.speaks(str(name)):
                return dict(media)
        wanted = "XML" if self.xml else "application/json"
        raise SpecError(
            f"{where.child('content', next(iter(content)))}: {', '.join(content)} is not "
            f"{wanted}: the generated client sends and reads only {wanted}; leave the "
            "operation out of x-taskpoll-operations (or describe it as JSON in the overlay)"
        )


def _ordered(params: tuple[Field, ...]) -> tuple[Field, ...]:
    """Required parameters first, as a reader expects; otherwise spec order."""
    return tuple(p for p in params if p.default is None) + tuple(
        p for p in params if p.default is not None
    )

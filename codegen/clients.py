"""The synchronous client class, from the OpenAPI operations and our Jinja2 template."""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from . import constraints, locate, xsd
from .specs import Spec, SpecError, check_keys, extension_errors

TEMPLATES = Path(__file__).parent / "templates"
_METHODS = ("get", "put", "post", "delete", "patch")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    wire: str = ""
    default: str | None = None
    #: ``Constraint(...)`` source when the spec gives a path parameter facets
    #: (a body field's are its model's validators).
    constraint: str | None = None
    #: The module constant holding that constraint (named when rendering).
    check: str | None = None
    #: A ``writeOnly`` body field (an API key): given once to the API class, never per call.
    secret: bool = False
    #: ``(field, Model)``: the argument is the one list of ``Model``, which fills
    #: the body's ``field`` (an XML command element that only wraps a list).
    wrap: tuple[str, str] | None = None


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    summary: str
    response: str
    body_class: str | None
    path_params: tuple[Param, ...]
    body_fields: tuple[Param, ...]
    #: Body fields set to a fresh instance of a field-less class (an empty command).
    body_consts: tuple[tuple[str, str], ...] = ()
    #: The expression giving the task id as a str (``x-taskpoll-task-id``): errors carry it.
    task_id: str | None = None
    #: ``x-taskpoll-answer``: the response fields (first present wins) and the
    #: type the method returns instead of the whole response.
    answer: tuple[str, ...] = ()
    answer_type: str | None = None
    #: Fields below the answer (``status.msg``), and the type they end in.
    answer_tail: tuple[str, ...] = ()
    tail_type: str | None = None
    #: ``x-taskpoll-client: true``: the hand-written client exposes it as it is.
    exposed: bool = False
    #: A status operation of an API whose waiter reads a percent: it returns the
    #: answer with that percent kept in 0-100 (``Waiter.clamped``).
    clamped: bool = False
    #: The waiting operation (``x-taskpoll-waiter``'s, with the task id), exposed: it is
    #: also the client's ``_probe``, one poll of a wait.
    probe: bool = False

    @property
    def params(self) -> tuple[Param, ...]:
        return (*self.path_params, *self.body_fields)

    @property
    def arguments(self) -> tuple[Param, ...]:
        """The body fields a caller passes (secrets come from the API object)."""
        return tuple(p for p in self.body_fields if not p.secret)

    @property
    def returns(self) -> str:
        return self.tail_type or self.answer_type or self.response


def snake(name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return name.strip("_").lower()


def model_fields(models_source: str) -> dict[str, tuple[Param, ...]]:
    """Each generated class's constructor parameters, read back from the models' source,
    so the client's signatures are exactly the models' (types, defaults, order)."""
    classes: dict[str, tuple[Param, ...]] = {}
    for node in ast.parse(models_source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        params = []
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                params.append(
                    Param(
                        stmt.target.id, ast.unparse(stmt.annotation), default=_default(stmt.value)
                    )
                )
        classes[node.name] = tuple(params)
    return classes


def _default(value: ast.expr | None) -> str | None:
    if isinstance(value, ast.Call):
        for kw in value.keywords:
            if kw.arg == "default":
                return ast.unparse(kw.value)
            if kw.arg == "factory":
                return _FACTORY  # a response's empty list; refused as an argument
    return None


_FACTORY = "<factory>"


def _ref_name(schema: object, where: str) -> str:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str):
        raise SpecError(f"{where}: request and response bodies must be a $ref to a named schema")
    return ref.rsplit("/", 1)[-1]


def operations(
    spec: Spec, fields: dict[str, tuple[Param, ...]], document: dict[str, Any]
) -> list[Operation]:
    """Every method to generate.  ``document`` is the spec with an XML API's XSD
    types expanded, where request bodies' fields are read."""
    ops = []
    for path, item in spec.document.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            where = locate.where(spec.path, ["paths", path, method])
            if "operationId" not in op:
                raise SpecError(f"{where}: operationId is required")
            body_class = None
            body_fields: tuple[Param, ...] = ()
            body = op.get("requestBody")
            if body is not None:
                media = _media(body, where + ".requestBody")
                body_class = _ref_name(media.get("schema", {}), where + ".requestBody")
                if body_class not in fields:
                    raise SpecError(
                        f"{where}.requestBody: {body_class} must be an object schema "
                        "(its properties become the method's keyword arguments)"
                    )
                body_fields = _marked(document, body_class, _ordered(fields[body_class]))
                if any(p.default == _FACTORY for p in body_fields):
                    raise SpecError(
                        f"{where}.requestBody: list/dict defaults on request fields "
                        "are not supported"
                    )
            ok = op.get("responses", {}).get("200")
            if ok is None or not ok.get("content"):
                raise SpecError(f"{where}: a 200 response with content is required")
            response = _ref_name(_media(ok, where).get("schema", {}), where)
            path_params = tuple(
                _path_param(p, where)
                for p in op.get("parameters", []) + item.get("parameters", [])
                if p.get("in") == "path"
            )
            ops += _commands(
                op,
                Operation(
                    name=snake(op["operationId"]),
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", op["operationId"]).strip(),
                    response=response,
                    body_class=body_class,
                    path_params=path_params,
                    body_fields=body_fields,
                    task_id=_task_id(op, path_params, body_fields, where),
                    exposed=_exposed(op, where),
                    **_answer(op, response, fields, where),
                ),
                fields,
                where,
            )
    if not ops:
        raise SpecError(f"{locate.where(spec.path, ['paths'])}: no operations to generate")
    _check_names(spec, ops)
    return ops


def _path_param(param: dict[str, Any], where: str) -> Param:
    schema = {"description": param.get("description", ""), **param.get("schema", {})}
    name = param["name"]
    return Param(
        snake(name),
        _SCALARS.get(str(schema.get("type")), "str"),
        wire=name,
        constraint=constraints.source(name, schema, where)
        if constraints.has_facets(schema)
        else None,
    )


def _marked(
    document: dict[str, Any], body_class: str, params: tuple[Param, ...]
) -> tuple[Param, ...]:
    """A body's fields, with the ``writeOnly`` ones (API keys) marked secret.

    Their facets need no check here: the request model's validators apply them.
    """
    schema = document.get("components", {}).get("schemas", {}).get(body_class, {})
    secret = {snake(w) for w, prop in schema.get("properties", {}).items() if prop.get("writeOnly")}
    return tuple(replace(p, secret=p.name in secret) for p in params)


def _answer(
    op: dict[str, Any], response: str, fields: dict[str, tuple[Param, ...]], where: str
) -> dict[str, Any]:
    """``x-taskpoll-answer``: a response field (or a list, first present wins),
    or ``{field: …, type: Model}`` to pick one model of a union field; a dotted
    name (``status.msg``) returns a field of that part instead."""
    spec = op.get("x-taskpoll-answer")
    if spec is None:
        return {}
    wanted = spec.get("type") if isinstance(spec, dict) else None
    names = spec.get("field") if isinstance(spec, dict) else spec
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise SpecError(f"{where}: x-taskpoll-answer must name response fields")
    heads = [name.split(".")[0] for name in names]
    tails = {tuple(name.split(".")[1:]) for name in names}
    if len(tails) != 1:
        raise SpecError(f"{where}: x-taskpoll-answer: alternatives must end in the same fields")
    types = {p.name: p.type for p in fields.get(response, ())}
    found = set()
    for name in heads:
        if snake(name) not in types:
            raise SpecError(f"{where}: x-taskpoll-answer: {response} has no field {name!r}")
        members = {t.strip() for t in types[snake(name)].split("|")} - {"None", "Unset"}
        if wanted is not None and wanted not in members:
            raise SpecError(f"{where}: x-taskpoll-answer: {name!r} cannot hold a {wanted}")
        found.add(wanted or " | ".join(sorted(members)))
    if len(found) != 1:
        raise SpecError(f"{where}: x-taskpoll-answer: fields of different types {sorted(found)}")
    part = found.pop()
    tail = tuple(snake(n) for n in tails.pop())
    return {
        "answer": tuple(snake(n) for n in heads),
        "answer_type": part,
        "answer_tail": tail,
        "tail_type": _tail_type(part, tail, fields, where) if tail else None,
    }


def _tail_type(
    part: str, tail: tuple[str, ...], fields: dict[str, tuple[Param, ...]], where: str
) -> str:
    kind = part
    for name in tail:
        found = {p.name: p.type for p in fields.get(kind, ())}.get(name)
        if found is None:
            raise SpecError(f"{where}: x-taskpoll-answer: {kind} has no field {name!r}")
        kind = found
    return kind


def _exposed(op: dict[str, Any], where: str) -> bool:
    """``x-taskpoll-client: true``: the operation is part of the client's own surface,
    required arguments positional (``ClientCommands`` in the generated module)."""
    value = op.get("x-taskpoll-client", False)
    if not isinstance(value, bool):
        raise SpecError(f"{where}: x-taskpoll-client must be true or false, not {value!r}")
    return value


def _task_id(
    op: dict[str, Any], path_params: tuple[Param, ...], body_fields: tuple[Param, ...], where: str
) -> str | None:
    """The task id as a str expression, from the parameter ``x-taskpoll-task-id`` names."""
    wire = op.get("x-taskpoll-task-id")
    if wire is None:
        return None
    types = {p.name: p.type for p in (*path_params, *body_fields)}
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


def _commands(
    op: dict[str, Any], base: Operation, fields: dict[str, tuple[Param, ...]], where: str
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
    body = base.body_fields  # secrets marked
    required = tuple(p for p in body if p.default is None)
    out = []
    for command in commands:
        target = snake(command["command"])
        field = next((p for p in body if p.name == target), None)
        if field is None:
            raise SpecError(f"{where}: {base.body_class} has no field for {command['command']!r}")
        kind = field.type.removesuffix(" | None")
        empty = fields.get(kind) == ()
        body_fields = required if empty else (*required, _argument(field, kind, fields, where))
        if len({p.name for p in body_fields}) != len(body_fields):
            raise SpecError(f"{where}: {command['command']!r}: its list clashes with a field")
        out.append(
            replace(
                base,
                name=snake(command["operationId"]),
                summary=command.get("summary", command["operationId"]).strip(),
                body_fields=body_fields,
                body_consts=((field.name, kind),) if empty else (),
                task_id=_task_id(command, base.path_params, body_fields, where),
                exposed=_exposed(command, where),
                **_answer(command, base.response, fields, where),
            )
        )
    return out


def _argument(field: Param, kind: str, fields: dict[str, tuple[Param, ...]], where: str) -> Param:
    """A command's argument: its element, or the list an element that only wraps a
    list holds (``<status><msg …/>…</status>``: ``msg=[MessageRef(...), …]``)."""
    inner = fields.get(kind, ())
    if len(inner) == 1 and inner[0].type.startswith("list["):
        return replace(inner[0], default=None, wrap=(field.name, kind))
    return replace(field, type=kind, default=None)


def _media(body: dict[str, Any], where: str) -> dict[str, Any]:
    """The first media type's object (specs list one: JSON, or XML for XML APIs)."""
    content = body.get("content") or {}
    if not content:
        raise SpecError(f"{where}: content must name at least one media type")
    media: dict[str, Any] = next(iter(content.values()))
    return media


def _aliases(models_source: str) -> set[str]:
    """The models' type aliases (``TaskRequest: TypeAlias = ImageToTextTask | …``)."""
    return {
        node.target.id
        for node in ast.parse(models_source).body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }


def _ordered(params: tuple[Param, ...]) -> tuple[Param, ...]:
    """Required parameters first, as a reader expects; otherwise spec order."""
    return tuple(p for p in params if p.default is None) + tuple(
        p for p in params if p.default is not None
    )


def annotation_names(annotation: str) -> set[str]:
    """Every identifier in a type annotation (``list[DetectItem] | None`` → DetectItem, …)."""
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation))


def _name_checks(
    ops: list[Operation], shared: dict[str, str]
) -> tuple[list[Operation], dict[str, str]]:
    """Module constants for the constraints: one per distinct rule, named after
    its parameter (prefixed with the method where two rules share a name);
    ``shared`` (rule source -> name) are those another generated module defines."""
    constants: dict[str, str] = dict(shared)  # rule source -> constant name

    def named(op: Operation, params: tuple[Param, ...]) -> tuple[Param, ...]:
        for p in params:
            if p.constraint is not None and p.constraint not in constants:
                name = p.name.upper()
                taken = name in constants.values()
                constants[p.constraint] = f"{op.name.upper()}_{name}" if taken else name
        return tuple(
            replace(p, check=constants[p.constraint]) if p.constraint else p for p in params
        )

    ops = [
        replace(op, path_params=named(op, op.path_params), body_fields=named(op, op.body_fields))
        for op in ops
    ]
    used = {p.check for op in ops for p in op.params}
    return ops, {name: rule for rule, name in constants.items() if name in used}


_TIMEOUTS = ("connect", "read", "total")


def default_timeout(spec: Spec) -> str:
    """``Timeout(...)`` source from ``x-taskpoll.timeout``: the per-request limits,
    in seconds, this API's clients start with (omitted ones keep
    :class:`~taskpoll.transport.Timeout`'s defaults)."""
    fail = extension_errors(spec.path, "x-taskpoll", ["x-taskpoll"])
    given = spec.options.get("timeout", {})
    if not isinstance(given, dict):
        raise fail(["timeout"], "timeout must map connect/read/total to seconds")
    check_keys(given, _TIMEOUTS, lambda at, m: fail(["timeout", *at], m))
    for name, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e6:
            raise fail(["timeout", name], f"{name} must be a positive number of seconds")
    args = ", ".join(f"{name}={float(given[name])!r}" for name in _TIMEOUTS if name in given)
    return f"Timeout({args})"


def codec(spec: Spec) -> str:
    """``JsonCodec()``, or for an XML API (one with an XSD) ``XmlCodec(root)``."""
    name = spec.options.get("xsd")
    if not name:
        return "JsonCodec()"
    return f"XmlCodec({xsd.document_element(spec.path.parent / name)!r})"


def _status_operations(spec: Spec, ops: list[Operation]) -> list[Operation]:
    """``ops``, those that poll a task (a task id, and the waiting operation's answer
    type) marked ``clamped`` when the waiter reads a percent, and the waiting
    operation marked ``probe`` when the client exposes it."""
    from .waiters import find  # waiters reads models through this module

    located = find(spec)
    if located is None:
        return ops
    path, method = located[0][1], str(located[0][2]).upper()
    waiting = [op for op in ops if (op.path, op.method) == (path, method) and op.task_id]
    kinds = {op.returns for op in waiting} if located[1].get("percent") else set()
    return [
        replace(
            op,
            clamped=bool(op.task_id) and op.returns in kinds and not op.answer_tail,
            probe=op.exposed and waiting == [op] and _takes_only_the_task_id(op),
        )
        for op in ops
    ]


def _takes_only_the_task_id(op: Operation) -> bool:
    required = [*op.path_params, *(a for a in op.arguments if a.default is None)]
    return len(required) == 1 and op.task_id in {required[0].name, f"str({required[0].name})"}


def render_client(spec: Spec, models_source: str, document: dict[str, Any]) -> str:
    classes = model_fields(models_source)
    known = set(classes) | _aliases(models_source)
    from .waiters import task_id_rule  # waiters reads models through this module

    ops = _status_operations(spec, operations(spec, classes, document))
    rule = task_id_rule(spec, document)
    shared = {} if rule is None else {rule: "TASK_ID"}  # the waiter's, not a second copy
    ops, checks = _name_checks(ops, shared)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    imports = sorted(
        {op.response for op in ops}
        | {op.answer_type for op in ops if op.answer_type}
        | {op.body_class for op in ops if op.body_class}
        | {kind for op in ops for _, kind in op.body_consts}
        | {
            name
            for op in ops
            for p in op.body_fields
            for name in annotation_names(p.type)
            if name in known
        }
        | {p.wrap[1] for op in ops for p in op.body_fields if p.wrap}
        | {name for op in ops for name in annotation_names(op.returns) if name in known}
    )
    servers = spec.document.get("servers") or [{"url": "http://localhost"}]
    return env.get_template("client.py.jinja2").render(
        title=spec.document["info"]["title"],
        spec_path=f"specs/{spec.path.name}",
        client_class=spec.options["client"],
        server=servers[0]["url"],
        timeout=default_timeout(spec),
        codec=codec(spec),
        operations=ops,
        imports=imports,
        has_errors="x-taskpoll-errors" in spec.document,
        checks={name: rule for name, rule in checks.items() if rule not in shared},
        waiter_checks=sorted(name for name, rule in checks.items() if rule in shared),
        has_answers=any(op.answer for op in ops),
        has_clamps=any(op.clamped for op in ops),
        secrets=sorted({p.name for op in ops for p in op.body_fields if p.secret}),
    )

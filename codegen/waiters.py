"""``x-taskpoll-waiter``: an operation's waiting rules, checked and emitted as typed data.

The extension sits on an API's status operation::

    x-taskpoll-waiter:
      state: status                 # the response field holding the state
      percent: progress             # optional: percent done
      policy: {timeout: 180, first: 1, min: 2, max: 3, factor: 1.1, jitter: 0.2}
      max-requests: 120             # optional: the API's per-task request limit
      result-lifetime: 960          # optional: seconds the API keeps a task
      retry-statuses: [429, 500, 502, 503, 504]
      acceptors:                    # in order; the first that matches wins
        - {state: success, path: status, equals: [ready]}
        - {state: retry, http-status: [500, 503], retry-after: honour}
        - {state: retry, error: RateLimitedError, retry-after: 5, label: throttled}
        - {state: failure, path: status, equals: [FAILED], message: "..."}
      result:                       # optional: a typed wrapper of a finished task
        class: CompletedTask        # generated: the response as `task`, `field` as `data: D`,
        of: Task                    # and every other field of `of` as a property
        field: data
        holder: task                # optional: the response's attribute (default: snake(of))
        started: StartedTask        # optional: a started `of`, carrying its result type

Its shape is checked by ``extensions.schema.json``; that the result's model and
field exist, and the task id's parameter, here.  Every problem is reported as
``file:line:col: $.json.path`` and the generator stops (exit 2) before writing anything.
"""

from __future__ import annotations

from typing import Any

from . import constraints, locate
from .model import Acceptor, Field, ModelClass, ResultWrapper, Waiter, snake
from .specs import Spec, SpecError, extension_errors

_BACKOFF = ("first", "min", "max", "factor", "jitter")


def find(spec: Spec) -> tuple[list[str | int], dict[str, Any]] | None:
    """The waiter's JSON path and value, if an operation of the spec has one."""
    found = []
    for path, item in spec.document.get("paths", {}).items():
        for method, op in item.items():
            if isinstance(op, dict) and "x-taskpoll-waiter" in op:
                found.append((["paths", path, method, "x-taskpoll-waiter"], op))
    if len(found) > 1:
        raise SpecError(f"{locate.where(spec.path, found[1][0])}: only one operation may wait")
    return (found[0][0], found[0][1]["x-taskpoll-waiter"]) if found else None


def read(spec: Spec, document: dict[str, Any], classes: dict[str, ModelClass]) -> Waiter | None:
    """The spec's waiter, or ``None`` for an API without one.  ``document``: the spec
    with an XML API's XSD types expanded; ``classes``: the parsed models."""
    located = find(spec)
    if located is None:
        return None
    keys, waiter = located
    policy = waiter["policy"]
    task_id = _task_id(spec, keys, document)
    result = None
    if "result" in waiter:
        result = _result(waiter["result"], classes, spec, [*keys, "result"], task_id[1:])
    return Waiter(
        operation_path=str(keys[1]),
        operation_method=str(keys[2]).upper(),
        acceptors=tuple(_acceptor(a) for a in waiter["acceptors"]),
        max_wait=float(policy["timeout"]),
        backoff=tuple((name, float(policy[name])) for name in _BACKOFF if name in policy),
        status_field=waiter.get("state"),
        percent=waiter.get("percent"),
        retry_statuses=tuple(sorted(waiter.get("retry-statuses", []))),
        max_requests=waiter.get("max-requests"),
        result_lifetime=_float(waiter.get("result-lifetime")),
        task_id_source=task_id[0],
        result=result,
    )


def _result(
    result: dict[str, str],
    classes: dict[str, ModelClass],
    spec: Spec,
    at: list[str | int],
    task_id: tuple[str, str],
) -> ResultWrapper:
    """The generic wrapper a wait with ``result_type=`` returns: the response
    as it was decoded, its ``field`` structured as asked, the rest delegated."""
    fail = extension_errors(spec.path, "x-taskpoll-waiter", at)
    name, of, field = result["class"], result["of"], result["field"]
    model = classes.get(of)
    if model is None or model.kind != "class":
        raise fail(["of"], f"no generated model {of!r}")
    if not name.isidentifier() or name in classes:
        raise fail(["class"], f"{name!r} cannot name the wrapper class")
    if model.field(field) is None:
        raise fail(["field"], f"{of} has no field {field!r}")
    every = tuple((f, f.description or f"The {of}'s ``{f.name}``.") for f in model.fields)
    delegated = tuple(pair for pair in every if pair[0].name != field)
    names = {n for f in model.fields for n in f.type.refs if n in classes}
    started, id_field = result.get("started"), None
    if started is not None:
        if not started.isidentifier() or started in classes or started == name:
            raise fail(["started"], f"{started!r} cannot name the started task's class")
        id_field = task_id[0] if model.field(task_id[0]) is not None else None
        if id_field is None:
            raise fail(["started"], f"{of} has no field {task_id[0]!r} (the task id)")
    return ResultWrapper(
        name=name,
        of=of,
        field=field,
        holder=result.get("holder", snake(of)),
        delegated=delegated,
        imports=tuple(sorted({of, *names})),
        raw=_without_unset(model.field(field)),  # type: ignore[arg-type]
        id_type=task_id[1],
        started=started,
        id_field=id_field,
        started_delegated=every if started else (),
    )


def _without_unset(field: Field) -> str:
    return " | ".join(p for p in field.type.hint.split(" | ") if p != "Unset")


def _task_id(spec: Spec, keys: list[str | int], document: dict[str, Any]) -> tuple[str, str, str]:
    """The ``Constraint`` source of the waiting operation's task id
    (``x-taskpoll-task-id``), its name and its Python type."""
    op = spec.document["paths"][keys[1]][keys[2]]
    where = locate.where(spec.path, keys[:3])
    named = [op.get("x-taskpoll-task-id")] + [
        c.get("x-taskpoll-task-id") for c in op.get("x-taskpoll-commands", [])
    ]
    names = [n for n in named if n is not None]
    if len(names) != 1:
        raise SpecError(f"{where}: the waiting operation needs one x-taskpoll-task-id")
    schema = _parameter_schema(op, names[0], document)
    if schema is None:
        raise SpecError(f"{where}: x-taskpoll-task-id {names[0]!r} is not a parameter")
    kind = "int" if schema.get("type") == "integer" else "str"
    return constraints.source(str(names[0]), schema, where), str(names[0]), kind


def _parameter_schema(
    op: dict[str, Any], name: str, document: dict[str, Any]
) -> dict[str, Any] | None:
    for given in op.get("parameters", []):
        param = given
        ref = given.get("$ref", "")
        if ref.startswith("#/components/parameters/"):  # one level, as operations reads them
            param = (
                document.get("components", {}).get("parameters", {}).get(ref.rsplit("/", 1)[-1], {})
            )
        if param.get("name") == name:
            return {"description": param.get("description", ""), **param.get("schema", {})}
    content = op.get("requestBody", {}).get("content", {})
    for media in content.values():
        body = media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
        schemas = document.get("components", {}).get("schemas", {})
        prop = schemas.get(body, {}).get("properties", {}).get(name)
        if isinstance(prop, dict):
            return prop
    return None


def _acceptor(acceptor: dict[str, Any]) -> Acceptor:
    hint = acceptor.get("retry-after")
    return Acceptor(
        verdict=acceptor["state"],
        path=acceptor.get("path"),
        equals=tuple(acceptor["equals"]) if "path" in acceptor else None,
        http_status=tuple(acceptor["http-status"]) if "http-status" in acceptor else None,
        error=acceptor.get("error"),
        message=acceptor["message"].strip() if "message" in acceptor else None,
        label=acceptor.get("label"),
        honour_retry_after=hint == "honour",
        retry_after=None if hint in (None, "honour") else float(hint),
    )


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]

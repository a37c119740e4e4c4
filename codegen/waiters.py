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

Every problem is reported as ``file:line:col: $.json.path`` and the
generator stops (exit 2) before writing anything.
"""

from __future__ import annotations

import ast
import math
from typing import Any

from . import constraints, locate
from .clients import annotation_names, model_fields, snake
from .specs import Fail, Spec, SpecError, check_keys, extension_errors

_STATES = ("success", "failure", "not-found", "retry")
_POLICY = {"timeout", "first", "min", "max", "factor", "jitter"}
_ACCEPTOR_KEYS = {
    "state", "path", "equals", "http-status", "error", "message", "retry-after", "label",
}  # fmt: skip
_ERRORS = {
    "TaskpollError", "TransportError", "HTTPStatusError", "DecodeError", "ApiError",
    "AccountError", "RateLimitedError", "TaskNotFoundError", "TaskFailedError",
}  # fmt: skip
_WAITER_KEYS = {
    "state", "percent", "policy", "max-requests", "result-lifetime", "retry-statuses",
    "acceptors", "result",
}  # fmt: skip


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


def render(spec: Spec, document: dict[str, Any] | None = None, models: str = "") -> str | None:
    """``waiter.py``'s source, or ``None`` for an API without a waiter.
    ``document``: the spec with an XML API's XSD types expanded (default: the spec);
    ``models``: the generated models' source (a ``result`` wrapper reads its fields)."""
    located = find(spec)
    if located is None:
        return None
    keys, waiter = located
    _check(spec, keys, waiter)
    policy = waiter["policy"]
    backoff = ", ".join(
        f"{name}={float(policy[name])!r}"
        for name in ("first", "min", "max", "factor", "jitter")
        if name in policy
    )
    acceptors = "\n".join(f"        {_acceptor(a)}," for a in waiter["acceptors"])
    imports: list[str] = []
    wrapper: list[str] = []
    if "result" in waiter:
        fail = extension_errors(spec.path, "x-taskpoll-waiter", [*keys, "result"])
        imports, wrapper = _result_class(waiter["result"], models, fail)
    lines = [
        f'"""The waiting rules of {spec.path.name}, from its x-taskpoll-waiter."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "from ..._wire.constraints import Constraint",
        "from ..._waiting.policy import Backoff, WaitPolicy",
        "from ..._waiting.waiters import Acceptor, Waiter",
        *imports,
        "",
        "# What the waiting operation's task id must be; the generated client checks",
        "# path parameters with the same rule against this constant.",
        f"TASK_ID: Final = {_task_id(spec, keys, document or spec.document)}",
        "",
        "WAITER: Final = Waiter(",
        "    acceptors=(",
        acceptors,
        "    ),",
        f"    policy=WaitPolicy(timeout={float(policy['timeout'])!r}, backoff=Backoff({backoff})),",
        f"    state={waiter.get('state')!r},",
        f"    percent={waiter.get('percent')!r},",
        f"    retry_statuses=frozenset({sorted(waiter.get('retry-statuses', []))!r}),",
        f"    max_requests={waiter.get('max-requests')!r},",
        f"    result_lifetime={_float(waiter.get('result-lifetime'))!r},",
        "    task_id=TASK_ID,",
        ")",
        "",
        *wrapper,
    ]
    return "\n".join(lines)


def _result_class(result: object, models: str, fail: Fail) -> tuple[list[str], list[str]]:
    """The generic wrapper a wait with ``result_type=`` returns: the response
    as it was decoded, its ``field`` structured as asked, the rest delegated."""
    if not isinstance(result, dict) or not all(
        isinstance(result.get(k), str) for k in ("class", "of", "field")
    ):
        raise fail([], "result needs class, of and field (names)")
    check_keys(result, ("class", "of", "field"), fail)
    name, of, field = result["class"], result["of"], result["field"]
    known = model_fields(models)
    fields = known.get(of)
    if fields is None:
        raise fail(["of"], f"no generated model {of!r}")
    if not name.isidentifier() or name in known:
        raise fail(["class"], f"{name!r} cannot name the wrapper class")
    if not any(f.name == field for f in fields):
        raise fail(["field"], f"{of} has no field {field!r}")
    holder = snake(of)
    notes = _field_notes(models, of)
    properties = []
    for f in fields:
        if f.name == field:
            continue
        note = notes.get(f.name, f"The {of}'s ``{f.name}``.")
        properties += [
            "    @property",
            f"    def {f.name}(self) -> {f.type}:",
            f"        {_docstring(note)}",
            f"        return self.{holder}.{f.name}",
            "",
        ]
    names = {n for f in fields for n in annotation_names(f.type) if n in known}
    imports = [
        "import attrs",
        "from typing import Generic, TypeVar",
        f"from .models import {', '.join(sorted({of, *names}))}",
    ]
    return imports, [
        'D = TypeVar("D")',
        "",
        "",
        "@attrs.frozen",
        f"class {name}(Generic[D]):",
        f'    """A finished {of}, its ``{field}`` structured as a wait\'s ``result_type`` asks."""',
        "",
        f"    #: The {of} exactly as the last poll decoded it (``{field}`` raw).",
        f"    {holder}: {of}",
        f"    {field}: D",
        "",
        *properties,
    ]


def _docstring(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'"""{text[:-1]}\\""""' if text.endswith('"') else f'"""{text}"""'


def _field_notes(models: str, cls: str) -> dict[str, str]:
    """Each field's ``#:`` comment in the generated model, joined into one line."""
    lines = models.splitlines()
    for node in ast.parse(models).body:
        if isinstance(node, ast.ClassDef) and node.name == cls:
            notes = {}
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    above: list[str] = []
                    row = stmt.lineno - 2
                    while row >= 0 and lines[row].strip().startswith("#:"):
                        above.insert(0, lines[row].strip().removeprefix("#:").strip())
                        row -= 1
                    if above:
                        notes[stmt.target.id] = " ".join(above)
            return notes
    return {}


def task_id_rule(spec: Spec, document: dict[str, Any]) -> str | None:
    """``TASK_ID``'s ``Constraint`` source, if the spec has a waiter."""
    located = find(spec)
    return None if located is None else _task_id(spec, located[0], document)


def _task_id(spec: Spec, keys: list[str | int], document: dict[str, Any]) -> str:
    """The ``Constraint`` of the waiting operation's task id (``x-taskpoll-task-id``)."""
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
    return constraints.source(str(names[0]), schema, where)


def _parameter_schema(
    op: dict[str, Any], name: str, document: dict[str, Any]
) -> dict[str, Any] | None:
    for param in op.get("parameters", []):
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


def _acceptor(acceptor: dict[str, Any]) -> str:
    args = [repr(acceptor["state"])]
    if "path" in acceptor:
        args += [f"path={acceptor['path']!r}", f"equals={tuple(acceptor['equals'])!r}"]
    if "http-status" in acceptor:
        args.append(f"http_status={tuple(acceptor['http-status'])!r}")
    if "error" in acceptor:
        args.append(f"error={acceptor['error']!r}")
    if "message" in acceptor:
        args.append(f"message={constraints.literal(acceptor['message'].strip())}")
    if "label" in acceptor:
        args.append(f"label={acceptor['label']!r}")
    hint = acceptor.get("retry-after")
    if hint == "honour":
        args.append("honour_retry_after=True")
    elif hint is not None:
        args.append(f"retry_after={float(hint)!r}")
    return f"Acceptor({', '.join(args)})"


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _check(spec: Spec, keys: list[str | int], waiter: object) -> None:
    fail = extension_errors(spec.path, "x-taskpoll-waiter", keys)
    if not isinstance(waiter, dict):
        raise fail([], "must be a mapping")
    check_keys(waiter, _WAITER_KEYS, fail)
    policy = waiter.get("policy")
    if not isinstance(policy, dict) or "timeout" not in policy:
        raise fail(["policy"], "policy with at least a timeout is required")
    for name, value in policy.items():
        if name not in _POLICY:
            raise fail(["policy", name], f"unknown policy key {name!r}")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise fail(["policy", name], f"{name} must be a finite number")
    for name in ("max-requests", "result-lifetime"):
        value = waiter.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise fail([name], f"{name} must be a number")
    acceptors = waiter.get("acceptors")
    if not isinstance(acceptors, list) or not acceptors:
        raise fail(["acceptors"], "a non-empty list of acceptors is required")
    for index, acceptor in enumerate(acceptors):
        at = [*keys, "acceptors", index]
        _check_acceptor(acceptor, extension_errors(spec.path, "x-taskpoll-waiter", at))
    if not any(acceptor["state"] == "success" for acceptor in acceptors):
        raise fail(["acceptors"], "no acceptor ends the wait with success")


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_acceptor(acceptor: object, fail: Fail) -> None:
    if not isinstance(acceptor, dict):
        raise fail([], "an acceptor must be a mapping")
    check_keys(acceptor, _ACCEPTOR_KEYS, fail, "acceptor key")
    if acceptor.get("state") not in _STATES:
        raise fail(["state"], f"state must be one of {', '.join(_STATES)}")
    matchers = [key for key in ("path", "http-status", "error") if key in acceptor]
    if len(matchers) != 1:
        raise fail([], "exactly one matcher (path, http-status or error) is required")
    if "path" in acceptor:
        equals = acceptor.get("equals")
        if not isinstance(equals, list) or not equals:
            raise fail(["equals"], "a path matcher needs a non-empty list in equals")
    if "http-status" in acceptor:
        codes = acceptor["http-status"]
        if not isinstance(codes, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) and 100 <= c <= 599 for c in codes
        ):
            raise fail(["http-status"], "http-status must be a list of HTTP status codes")
    if "error" in acceptor and acceptor["error"] not in _ERRORS:
        raise fail(
            ["error"], f"error must name a taskpoll error class ({', '.join(sorted(_ERRORS))})"
        )
    hint = acceptor.get("retry-after")
    if (
        hint is not None
        and hint != "honour"
        and (isinstance(hint, bool) or not isinstance(hint, int | float) or hint < 0)
    ):
        raise fail(["retry-after"], "retry-after must be seconds or 'honour'")
    if hint is not None and acceptor["state"] != "retry":
        raise fail(["retry-after"], "only a retry acceptor can have retry-after")

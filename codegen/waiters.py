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

Every problem is reported as ``file:line:col: $.json.path`` and the
generator stops (exit 2) before writing anything.
"""

from __future__ import annotations

import math
from typing import Any

from . import constraints, locate
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
    "acceptors",
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


def render(spec: Spec, document: dict[str, Any] | None = None) -> str | None:
    """``waiter.py``'s source, or ``None`` for an API without a waiter.
    ``document``: the spec with an XML API's XSD types expanded (default: the spec)."""
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
    lines = [
        f'"""The waiting rules of {spec.path.name}, from its x-taskpoll-waiter."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        "from ...constraints import Constraint",
        "from ...poller import Backoff, WaitPolicy",
        "from ...waiters import Acceptor, Waiter",
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
        f"    task_id={_task_id(spec, keys, document or spec.document)},",
        ")",
        "",
    ]
    return "\n".join(lines)


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

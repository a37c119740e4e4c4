"""``x-taskpoll-errors``: where an API's answers carry error codes, and what each raises.

At the top level of a spec::

    x-taskpoll-errors:
      when: {path: errorId, equals: [1]}      # optional: the answer is an error when …
      code: errorCode                          # the field holding the code
      message: errorDescription                # optional: the server's description
      default: ApiError                        # an unknown code
      default-for-task: TaskFailedError        # an unknown code on a task's own request
      codes:
        ERROR_ZERO_BALANCE: {class: AccountError, description: "…"}
        CAPTCHA_NOT_READY: {class: none, description: "…"}   # not an error
        212: {class: RateLimitedError, description: "…", message-meaning: "…"}
        4105: {class: TaskNotFoundError, name: TASK_NOT_FOUND}  # also a constant
      task-codes:                              # optional: codes a failed task carries
        4106: {class: TaskFailedError, name: TASK_TIMED_OUT, description: "…"}

Checked with ``file:line:col: $.json.path``; emitted as an ``ErrorTable``
in ``<api>/_generated/errors.py``, with a constant for every named code.
"""

from __future__ import annotations

import re
from typing import Any

from .specs import Fail, Spec, check_keys, extension_errors

CLASSES = {
    "ApiError", "AccountError", "RateLimitedError", "TaskNotFoundError", "TaskFailedError",
}  # fmt: skip
_KEYS = {"when", "code", "message", "default", "default-for-task", "codes", "task-codes"}
_CODE_KEYS = {"class", "description", "message-meaning", "name"}


def render(spec: Spec) -> str | None:
    """``errors.py``'s source, or ``None`` for an API without the extension."""
    table = spec.document.get("x-taskpoll-errors")
    if table is None:
        return None
    _check(spec, table)
    when = table.get("when")
    every = {**table["codes"], **table.get("task-codes", {})}
    named = {_entry(e)["name"]: c for c, e in every.items() if "name" in _entry(e)}
    return "\n".join(
        [
            f'"""The error codes of {spec.path.name}, from its x-taskpoll-errors."""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import Final",
            "",
            "from ..._wire.errortables import ErrorCode, ErrorTable",
            "",
            f"__all__ = {sorted(['ERRORS', *named])!r}",
            "",
            *(f"{name}: Final = {code!r}" for name, code in named.items()),
            "",
            "ERRORS: Final = ErrorTable(",
            f"    code={table['code']!r},",
            f"    message={table.get('message')!r},",
            f"    when={(when['path'], tuple(when['equals'])) if when else None!r},",
            f"    default={table.get('default', 'ApiError')!r},",
            f"    default_for_task={table.get('default-for-task')!r},",
            "    codes={",
            _codes(table["codes"]),
            "    },",
            "    task_codes={",
            _codes(table.get("task-codes", {})),
            "    },",
            ")",
            "",
        ]
    )


def _codes(codes: dict[Any, Any]) -> str:
    return "\n".join(
        f"        {code!r}: ErrorCode({_kind(entry)!r}, {entry.get('description', '')!r}"
        + (f", message_meaning={entry['message-meaning']!r}" if "message-meaning" in entry else "")
        + "),"
        for code, entry in ((c, _entry(e)) for c, e in codes.items())
    )


def _entry(entry: Any) -> dict[str, Any]:
    return {"class": entry} if isinstance(entry, str) else dict(entry)


def _kind(entry: dict[str, Any]) -> str | None:
    return None if entry["class"] == "none" else str(entry["class"])


def _check(spec: Spec, table: object) -> None:
    fail = extension_errors(spec.path, "x-taskpoll-errors", ["x-taskpoll-errors"])
    if not isinstance(table, dict):
        raise fail([], "must be a mapping")
    check_keys(table, _KEYS, fail)
    if not isinstance(table.get("code"), str):
        raise fail(["code"], "code (the field holding the error code) is required")
    when = table.get("when")
    if when is not None and (
        not isinstance(when, dict) or set(when) != {"path", "equals"} or not when["equals"]
    ):
        raise fail(["when"], "when needs a path and a non-empty list in equals")
    for key in ("default", "default-for-task"):
        if key in table and table[key] not in CLASSES:
            raise fail([key], f"{key} must be one of {', '.join(sorted(CLASSES))}")
    codes = table.get("codes")
    if not isinstance(codes, dict) or not codes:
        raise fail(["codes"], "a mapping of codes is required")
    task_codes = table.get("task-codes", {})
    if not isinstance(task_codes, dict):
        raise fail(["task-codes"], "task-codes must be a mapping of codes")
    names: set[str] = set()
    for key, group in (("codes", codes), ("task-codes", task_codes)):
        for code, entry in group.items():
            at = ["x-taskpoll-errors", key, code]
            _check_code(entry, names, extension_errors(spec.path, "x-taskpoll-errors", at))


def _check_code(entry: object, names: set[str], fail: Fail) -> None:
    if isinstance(entry, str):
        entry = {"class": entry}
    if not isinstance(entry, dict):
        raise fail([], "a code maps to a class name or to {class, description}")
    check_keys(entry, _CODE_KEYS, fail)
    if entry.get("class") not in CLASSES | {"none"}:
        raise fail(["class"], f"class must be none or one of {', '.join(sorted(CLASSES))}")
    for key in ("description", "message-meaning"):
        if key in entry and not isinstance(entry[key], str):
            raise fail([key], f"{key} must be text")
    name = entry.get("name")
    if name is not None:
        if not isinstance(name, str) or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            raise fail(["name"], "name must be an UPPER_CASE Python name")
        if name in names or name == "ERRORS":
            raise fail(["name"], f"name {name!r} is used twice")
        names.add(name)

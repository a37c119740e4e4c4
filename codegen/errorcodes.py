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

Its shape is checked by ``extensions.schema.json``, that no constant is named
twice here, both with ``file:line:col: $.json.path``; emitted as an ``ErrorTable``
in ``<api>/_generated/errors.py``, with a constant for every named code.
"""

from __future__ import annotations

from typing import Any

from .model import ErrorCode, ErrorTable
from .specs import Spec, extension_errors


def read(spec: Spec) -> ErrorTable | None:
    """The spec's error table, or ``None`` for an API without the extension."""
    table = spec.document.get("x-taskpoll-errors")
    if table is None:
        return None
    when = table.get("when")
    groups = {key: table.get(key, {}) for key in ("codes", "task-codes")}
    return ErrorTable(
        code=table["code"],
        message=table.get("message"),
        when=(when["path"], tuple(when["equals"])) if when else None,
        default=table.get("default", "ApiError"),
        default_for_task=table.get("default-for-task"),
        codes=tuple(_code(c, e) for c, e in groups["codes"].items()),
        task_codes=tuple(_code(c, e) for c, e in groups["task-codes"].items()),
        named=_named(spec, groups),
    )


def _code(code: int | str, entry: str | dict[str, Any]) -> ErrorCode:
    entry = {"class": entry} if isinstance(entry, str) else entry
    return ErrorCode(
        code=code,
        kind=None if entry["class"] == "none" else str(entry["class"]),
        description=entry.get("description", ""),
        message_meaning=entry.get("message-meaning"),
    )


def _named(spec: Spec, groups: dict[str, dict[Any, Any]]) -> tuple[tuple[str, int | str], ...]:
    """``(NAME, code)`` of the codes that are also constants: each name once."""
    named: dict[str, int | str] = {}
    for key, group in groups.items():
        for code, entry in group.items():
            name = entry.get("name") if isinstance(entry, dict) else None
            if name is None:
                continue
            if name in named or name == "ERRORS":
                at = ["x-taskpoll-errors", key, code, "name"]
                raise extension_errors(spec.path, "x-taskpoll-errors", at)(
                    [], f"name {name!r} is used twice"
                )
            named[name] = code
    return tuple(named.items())

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

Checked with ``file:line:col: $.json.path``; emitted as an ``ErrorTable``
in ``<api>/_generated/errors.py``.
"""

from __future__ import annotations

from typing import Any

from . import locate
from .specs import Spec, SpecError

CLASSES = {
    "ApiError", "AccountError", "RateLimitedError", "TaskNotFoundError", "TaskFailedError",
}  # fmt: skip
_KEYS = {"when", "code", "message", "default", "default-for-task", "codes"}
_CODE_KEYS = {"class", "description", "message-meaning"}


def render(spec: Spec) -> str | None:
    """``errors.py``'s source, or ``None`` for an API without the extension."""
    table = spec.document.get("x-taskpoll-errors")
    if table is None:
        return None
    _check(spec, table)
    codes = "\n".join(
        f"        {code!r}: ErrorCode({_kind(entry)!r}, {entry.get('description', '')!r}"
        + (f", message_meaning={entry['message-meaning']!r}" if "message-meaning" in entry else "")
        + "),"
        for code, entry in ((c, _entry(e)) for c, e in table["codes"].items())
    )
    when = table.get("when")
    return "\n".join(
        [
            f'"""The error codes of {spec.path.name}, from its x-taskpoll-errors."""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import Final",
            "",
            "from ...errorcodes import ErrorCode, ErrorTable",
            "",
            "ERRORS: Final = ErrorTable(",
            f"    code={table['code']!r},",
            f"    message={table.get('message')!r},",
            f"    when={(when['path'], tuple(when['equals'])) if when else None!r},",
            f"    default={table.get('default', 'ApiError')!r},",
            f"    default_for_task={table.get('default-for-task')!r},",
            "    codes={",
            codes,
            "    },",
            ")",
            "",
        ]
    )


def _entry(entry: Any) -> dict[str, Any]:
    return {"class": entry} if isinstance(entry, str) else dict(entry)


def _kind(entry: dict[str, Any]) -> str | None:
    return None if entry["class"] == "none" else str(entry["class"])


def _check(spec: Spec, table: object) -> None:
    def fail(at: list[str | int], message: str) -> SpecError:
        keys = ["x-taskpoll-errors", *at]
        return SpecError(f"{locate.where(spec.path, keys)}: x-taskpoll-errors: {message}")

    if not isinstance(table, dict):
        raise fail([], "must be a mapping")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise fail([unknown[0]], f"unknown key {unknown[0]!r}")
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
    for code, entry in codes.items():
        _check_code(entry, lambda at, m, c=code: fail(["codes", c, *at], m))


def _check_code(entry: object, fail: Any) -> None:
    if isinstance(entry, str):
        entry = {"class": entry}
    if not isinstance(entry, dict):
        raise fail([], "a code maps to a class name or to {class, description}")
    unknown = sorted(set(entry) - _CODE_KEYS)
    if unknown:
        raise fail([unknown[0]], f"unknown key {unknown[0]!r}")
    if entry.get("class") not in CLASSES | {"none"}:
        raise fail(["class"], f"class must be none or one of {', '.join(sorted(CLASSES))}")
    for key in ("description", "message-meaning"):
        if key in entry and not isinstance(entry[key], str):
            raise fail([key], f"{key} must be text")

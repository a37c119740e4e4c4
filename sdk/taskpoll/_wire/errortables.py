"""Error codes as data: which answer is an error, and which error it raises.

Each spec's ``x-taskpoll-errors`` says where an answer's error code sits
(CapMonster's ``errorId``/``errorCode``, CloudCoin's ``payload.code``,
AlphaSMS's ``<error>``) and maps each code to an error class of
:mod:`taskpoll.errors`, with its description (and, for AlphaSMS, what the
same number means inside ``<msg>``).  The generator emits an
:class:`ErrorTable` in ``<api>/_generated/errors.py``; generated methods
pass it to the session, which raises the mapped error for every operation;
the emulators answer with the same codes and descriptions.  A code added to
a spec reaches the client, the emulator and the command line's exit codes
through ``make generate`` alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .. import errors
from ..errors import ApiError, DecodeError
from .models import plain, read

__all__ = ["ErrorCode", "ErrorTable"]


@attrs.frozen
class ErrorCode:
    """One code: the :mod:`taskpoll.errors` class it raises (``None``: the
    answer is not an error, such as CapMonster's ``CAPTCHA_NOT_READY``)."""

    kind: str | None
    description: str = ""
    #: The same number's meaning inside a per-message result (AlphaSMS).
    message_meaning: str = ""

    @property
    def throttle(self) -> bool:
        return self.kind == "RateLimitedError"

    def error_class(self) -> type[ApiError] | None:
        """The :mod:`taskpoll.errors` class this code raises (``None``: the table's default)."""
        found: type[ApiError] | None = None if self.kind is None else getattr(errors, self.kind)
        return found


@attrs.frozen
class ErrorTable:
    """Where an API's answers carry an error, and what each code raises."""

    #: The field holding the code (a dotted wire-name path).
    code: str
    codes: Mapping[str | int, ErrorCode]
    #: The field holding the server's description, if any.
    message: str | None = None
    #: The answer is an error when this field holds one of these values
    #: (``None``: whenever there is a code).
    when: tuple[str, tuple[str | int, ...]] | None = None
    #: What an unknown code raises, on a task's own request and elsewhere.
    default: str = "ApiError"
    default_for_task: str | None = None
    #: Codes found inside a failed task rather than in an error answer (CloudCoin's data).
    task_codes: Mapping[str | int, ErrorCode] = attrs.field(factory=dict)

    def check(self, answer: object, *, task_id: str | None = None) -> None:
        """Raise the error ``answer`` stands for; return if it is none."""
        if self.when is not None:
            path, values = self.when
            if plain(read(answer, path)) not in values:
                return
        code = plain(read(answer, self.code))
        if not isinstance(code, str | int):
            if self.when is None:
                return
            raise DecodeError(
                "an error answer without an error code", response=answer, task_id=task_id
            )
        known = self.codes.get(code)
        if known is not None and known.kind is None:
            return
        kind = self._class(known, task_id)
        description = known.description if known is not None else "undocumented error code"
        text = read(answer, self.message) if self.message else None
        raise kind(str(text) if text else description, code=code, response=answer, task_id=task_id)

    def _class(self, known: ErrorCode | None, task_id: str | None) -> type[ApiError]:
        if known is not None:
            found = known.error_class()
            assert found is not None
            return found
        name = self.default_for_task if task_id is not None and self.default_for_task else None
        found_default: type[ApiError] = getattr(errors, name or self.default)
        return found_default

    def describe(self, code: str | int) -> str:
        """The description of ``code`` (for emulators and messages)."""
        known = self.codes.get(code)
        return known.description if known is not None else str(code)

    def throttles(self) -> frozenset[str | int]:
        """The codes that raise :class:`~taskpoll.errors.RateLimitedError`: the server
        asking to slow down."""
        return frozenset(code for code, known in self.codes.items() if known.throttle)

"""A string that does not show itself: API keys live in these."""

from __future__ import annotations

import weakref
from typing import Final

__all__ = ["Secret", "redact_live"]

#: Every key held by a live Secret, so an error message can be scrubbed of
#: keys a server echoed back, wherever in the SDK the message is built.
_LIVE: weakref.WeakSet[Secret] = weakref.WeakSet()


class Secret:
    """Holds an API key; ``repr``/``str`` never reveal it, only :meth:`reveal` does."""

    __slots__ = ("__weakref__", "_value")

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("an API key must be a str")
        self._value: Final = value
        _LIVE.add(self)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> str:
        raise TypeError("a Secret cannot be pickled")


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """Replace every occurrence of each secret in ``text``."""
    for value in secrets:
        if value:
            text = text.replace(value, "***")
    return text


def redact_live(text: str) -> str:
    """``text`` without the key of any live :class:`Secret`."""
    return redact(text, tuple(secret._value for secret in list(_LIVE)))

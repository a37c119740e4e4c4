"""A string that does not show itself: API keys live in these."""

from __future__ import annotations

import logging
import weakref
from typing import Any, Final
from urllib.parse import quote, quote_plus

__all__ = [
    "RedactKeys",
    "Secret",
    "excerpt",
    "redact",
    "redact_live",
    "scrub_tree",
    "scrubbable",
]

#: How much of a body an error message or a log quotes.
EXCERPT: Final = 200

#: Only key-sized secrets are scrubbed from response data: replacing a short
#: one would corrupt ordinary values (a key "k" inside "<package>").  Messages
#: and excerpts are redacted whatever the length.
MIN_SCRUBBED: Final = 8

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

    @classmethod
    def of(cls, key: str | Secret) -> Secret:
        """``key`` as a Secret (itself, if it is one); an empty key is refused
        here rather than by the server on the first request."""
        secret = key if isinstance(key, Secret) else cls(key)
        if not secret._value:
            raise ValueError("an API key must not be empty")
        return secret

    def reveal(self) -> str:
        """The key itself, to put in a request; never in a message or a log."""
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


def excerpt(body: bytes, secrets: tuple[str, ...] = (), limit: int = EXCERPT) -> str:
    """The start of ``body`` as text, safe to put in a message or a log."""
    # Redact before cutting: a key straddling the cut would otherwise leave
    # its first half in the excerpt.  Enough bytes for ``limit`` characters
    # plus the longest secret, at up to 4 UTF-8 bytes each.
    longest = max((len(secret) for secret in secrets), default=0)
    window = body[: 4 * (limit + longest)]
    text = redact(window.decode("utf-8", "replace"), secrets)
    suffix = "…" if len(text) > limit or len(window) < len(body) else ""
    return text[:limit] + suffix


def redact_live(text: str) -> str:
    """``text`` without the key of any live :class:`Secret`, as it is or as a
    URL carries it (percent-encoded: a key sent in the query)."""
    keys = [secret._value for secret in list(_LIVE)]
    forms = {form for key in keys for form in (key, quote(key, safe=""), quote_plus(key))}
    return redact(text, tuple(sorted(forms, key=len, reverse=True)))


class RedactKeys(logging.Filter):
    """Takes every live key out of a log record's arguments (urllib3 logs each
    request's path and query, where an API may want its key)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(redact_live(a) if isinstance(a, str) else a for a in record.args)
        return True


def scrubbable(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """The secrets long enough to be scrubbed from response data."""
    return tuple(secret for secret in secrets if len(secret) >= MIN_SCRUBBED)


def scrub_tree(value: Any, secrets: tuple[str, ...]) -> Any:
    """Parsed JSON with every string (keys included) redacted of ``secrets``.

    A server that echoes the key in a UTF-16 body or through ``\\u`` escapes
    gets past a scrub of the raw bytes; this catches it after decoding, so no
    decoded model can hold the key.
    """
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {redact(k, secrets): scrub_tree(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_tree(item, secrets) for item in value]
    return value

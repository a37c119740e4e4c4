"""Where waits report themselves, when tracing is on.

A client with tracing begins one span per wait when the wait begins, under
the context its caller was in, reports every poll to it, makes it the
current span on the worker thread that sends the wait's poll (so that the
request's span is its child), and ends it with the wait's result or error.
The OpenTelemetry extra implements this.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from contextlib import AbstractContextManager
from typing import Protocol

__all__ = ["WaitSpan", "WaitSpans", "WaitTracing"]


class WaitSpan(Protocol):
    """One wait's span."""

    def current(self) -> AbstractContextManager[None]:
        """Within this block, on this thread, the wait's span is the current one."""
        ...

    def polled(self, status: str, percent: float | None, attempts: int) -> None:
        """A poll told the task's ``status`` (and ``percent``, if the API says)."""

    def ended(self, outcome: object) -> None:
        """The wait ended with ``outcome``: its result, or a ``TaskpollError``."""

    def paused(self) -> None:
        """This stretch of the wait ended, the wait goes on elsewhere (a later slice)."""


class WaitSpans(Protocol):
    """Begins the spans of the waits of one call, under its caller's context."""

    def begin(self, api: str, task_id: Hashable, *, resumed: bool) -> WaitSpan:
        """The span of a wait on ``task_id`` (``resumed``: from a saved state)."""
        ...


class WaitTracing(Protocol):
    """What a client traces its waits through."""

    def waits(self) -> WaitSpans:
        """Spans for waits about to begin, under the context current now."""
        ...

    def linked(
        self, name: str, origin: Mapping[str, str] | None, attributes: Mapping[str, object]
    ) -> AbstractContextManager[None]:
        """A span current within the block, linked to the span ``origin``
        names (W3C trace context, as :meth:`origin` gave it elsewhere)."""
        ...

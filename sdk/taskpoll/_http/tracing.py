"""Where the HTTP layer reports its requests, when tracing is on.

A :class:`~taskpoll.transport.Transport` given a :class:`RequestTracing`
opens one span per request around everything the request does (the connect
retries included) and reports its answer; an exception leaving the span is
its failure.  The OpenTelemetry extra implements this; without it nothing
here is called and the transport pays one ``None`` check per request.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

__all__ = ["RequestSpan", "RequestTracing"]


class RequestSpan(Protocol):
    """One request's span."""

    def resent(self, count: int) -> None:
        """The request was sent again ``count`` times so far (after a refused connect)."""

    def answered(self, status: int) -> None:
        """The server answered with HTTP ``status``."""


class RequestTracing(Protocol):
    """Opens a span for each request."""

    def request(self, method: str, url: str) -> AbstractContextManager[RequestSpan]:
        """The span of one request to ``url`` (redacted: no key, no credentials)."""
        ...

"""Waits and requests as OpenTelemetry spans (``pip install taskpoll[otel]``).

Only ``opentelemetry-api`` is needed: spans go to whatever tracer provider
the application set up (or the one a client was given), and with none set
there are none.  Two kinds of span:

* ``taskpoll.wait <api>``, one per wait, under the context that was
  current when the wait began (``wait``, ``wait_many``: one per task, each
  under the caller's span).  Attributes ``taskpoll.api``,
  ``taskpoll.task_id``, ``taskpoll.attempts``, ``taskpoll.outcome`` (done,
  failed, timed_out, cancelled) and, when it failed, ``error.type`` (the
  :class:`~taskpoll.errors.TaskpollError` class).  Each poll adds a
  ``taskpoll.poll`` event with the task's status and percent.
* a CLIENT span per HTTP request, named by its method, with the stable HTTP
  semantic conventions: ``http.request.method``, ``server.address``,
  ``server.port``, ``url.full`` (the redacted URL, without credentials),
  ``http.response.status_code``, ``error.type`` and, when a refused
  connect was retried, ``http.request.resend_count``.  A poll is the child
  of its wait's span, on whichever worker thread sends it.  Inside it,
  ``opentelemetry-instrumentation-urllib3`` is suppressed, so a request is
  not traced twice.  No body, header or key is ever recorded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator, Mapping
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from opentelemetry import context, trace
from opentelemetry.context import _SUPPRESS_HTTP_INSTRUMENTATION_KEY
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from .._version import __version__
from ..errors import TaskpollError, WaitCancelledError, WaitTimeoutError

__all__ = ["OtelTracing", "origin", "tracing"]

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
#: Trace context only: baggage could carry an application's data into messages.
_PROPAGATOR: Final = TraceContextTextMapPropagator()


def tracing(provider: Any = None) -> OtelTracing | None:
    """Tracing through ``provider``, or the application's global one; ``None``
    when neither is set, or when the provider's tracer is the API's no-op one
    (it would record nothing, at a cost per poll)."""
    if provider is None:
        provider = trace.get_tracer_provider()
        if isinstance(provider, trace.ProxyTracerProvider):  # what the API gives until one is set
            return None
    tracer = provider.get_tracer("taskpoll", __version__)
    return None if isinstance(tracer, trace.NoOpTracer) else OtelTracing(tracer)


class OtelTracing:
    """Both of taskpoll's tracing hooks, on one OpenTelemetry tracer."""

    def __init__(self, tracer: Any) -> None:
        self._tracer = tracer

    # -- requests (taskpoll._http.tracing.RequestTracing) ------------------

    @contextlib.contextmanager
    def request(self, method: str, url: str) -> Iterator[_RequestSpan]:
        """A CLIENT span around one request, with HTTP instrumentation below it off."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        attributes: dict[str, Any] = {
            "http.request.method": method,
            "server.address": host,
            "url.full": urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")),
        }
        if port is not None:
            attributes["server.port"] = port
        with self._tracer.start_as_current_span(
            method, kind=trace.SpanKind.CLIENT, attributes=attributes, record_exception=False
        ) as span:
            token = context.attach(context.set_value(_SUPPRESS_HTTP_INSTRUMENTATION_KEY, True))
            try:
                yield _RequestSpan(span)
            except BaseException as exc:
                _failed(span, exc)
                raise
            finally:
                context.detach(token)

    # -- waits (taskpoll._waiting.tracing.WaitTracing) ---------------------

    def waits(self) -> _Waits:
        """Begins wait spans under the context current now (the caller's)."""
        return _Waits(self._tracer, context.get_current())

    @contextlib.contextmanager
    def linked(
        self, name: str, origin: Mapping[str, str] | None, attributes: Mapping[str, Any]
    ) -> Iterator[None]:
        """A span of its own trace, current within the block, linked to ``origin``."""
        links = []
        if origin:
            found = trace.get_current_span(_PROPAGATOR.extract(dict(origin))).get_span_context()
            if found.is_valid:
                links.append(trace.Link(found))
        with self._tracer.start_as_current_span(
            name, context=context.Context(), links=links, attributes=dict(attributes)
        ):
            yield


def origin() -> dict[str, str] | None:
    """The span current now as W3C trace context (``traceparent``: ids, no
    data), for a message that another process's span links to; ``None`` with
    no valid span current."""
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carried: dict[str, str] = {}
    _PROPAGATOR.inject(carried)
    return carried


class _RequestSpan:
    def __init__(self, span: Any) -> None:
        self._span = span

    def resent(self, count: int) -> None:
        self._span.set_attribute("http.request.resend_count", count)

    def answered(self, status: int) -> None:
        self._span.set_attribute("http.response.status_code", status)
        if status >= 400:
            self._span.set_attribute("error.type", str(status))
            self._span.set_status(trace.StatusCode.ERROR)


class _Waits:
    def __init__(self, tracer: Any, parent: Any) -> None:
        self._tracer = tracer
        self._parent = parent

    def begin(self, api: str, task_id: Hashable, *, resumed: bool) -> _WaitSpan:
        attributes: dict[str, Any] = {"taskpoll.api": api, "taskpoll.task_id": str(task_id)}
        if resumed:
            attributes["taskpoll.resumed"] = True
        span = self._tracer.start_span(
            f"taskpoll.wait {api}", context=self._parent, attributes=attributes
        )
        return _WaitSpan(span)


class _WaitSpan:
    def __init__(self, span: Any) -> None:
        self._span = span
        self._attempts = 0

    @contextlib.contextmanager
    def current(self) -> Iterator[None]:
        """This wait's span is the parent of what runs inside (its poll's request)."""
        token = context.attach(trace.set_span_in_context(self._span))
        try:
            yield
        finally:
            context.detach(token)

    def polled(self, status: str, percent: float | None, attempts: int) -> None:
        self._attempts = attempts
        event: dict[str, Any] = {"taskpoll.status": status}
        if percent is not None:
            event["taskpoll.percent"] = percent
        self._span.add_event("taskpoll.poll", event)

    def paused(self) -> None:
        self._span.set_attribute("taskpoll.outcome", "continues")
        self._span.set_attribute("taskpoll.attempts", self._attempts)
        self._span.end()

    def ended(self, outcome: object) -> None:
        span = self._span
        attempts = self._attempts
        if isinstance(outcome, TaskpollError):
            attempts = outcome.attempts if outcome.attempts is not None else attempts
            span.set_attribute("taskpoll.outcome", _outcome_of(outcome))
            _failed(span, outcome)
        else:
            span.set_attribute("taskpoll.outcome", "done")
        span.set_attribute("taskpoll.attempts", attempts)
        span.end()


def _outcome_of(error: TaskpollError) -> str:
    if isinstance(error, WaitTimeoutError):
        return "timed_out"
    if isinstance(error, WaitCancelledError):
        return "cancelled"
    return "failed"


def _failed(span: Any, error: BaseException) -> None:
    """``error.type`` and an ERROR status: the class, never the message (which
    may quote what a server said)."""
    span.set_attribute("error.type", type(error).__name__)
    span.set_status(trace.StatusCode.ERROR)

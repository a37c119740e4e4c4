"""Whether a client traces, and through what (the otel extra, loaded by name).

Tracing is on when OpenTelemetry's API is importable and a tracer provider
is set, the application's global one or the client's ``tracer_provider=``.
Without the extra nothing is imported: one ``find_spec`` per client.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType
from typing import Protocol

from .._http.tracing import RequestTracing
from .._waiting.tracing import WaitTracing

__all__ = ["Tracing", "otel_integration", "tracing_for"]


class Tracing(RequestTracing, WaitTracing, Protocol):
    """Requests and waits, traced by one tracer."""


def otel_integration() -> ModuleType | None:
    """The OpenTelemetry integration module, or ``None`` when OpenTelemetry's
    API is not importable (or a vendored copy left the integration out)."""
    if importlib.util.find_spec("opentelemetry") is None:
        return None
    # by name: the core never imports an integration
    try:
        return importlib.import_module(".._integrations.otel", __package__)
    except ImportError:
        return None


def tracing_for(provider: object | None) -> Tracing | None:
    """Tracing through ``provider`` (else the global one), or ``None``; a
    provider given without the integration is an ``ImportError``."""
    otel = otel_integration()
    if otel is None:
        if provider is not None:
            raise ImportError("tracer_provider= needs OpenTelemetry: pip install taskpoll[otel]")
        return None
    traced: Tracing | None = otel.tracing(provider)
    return traced

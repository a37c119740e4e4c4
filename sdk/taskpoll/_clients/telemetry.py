"""Whether a client traces, and through what (the otel extra, loaded by name).

Tracing is on when OpenTelemetry's API is importable and a tracer provider
is set, the application's global one or the client's ``tracer_provider=``.
Without the extra nothing is imported: one ``find_spec`` per client.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Protocol

from .._http.tracing import RequestTracing
from .._waiting.tracing import WaitTracing

__all__ = ["Tracing", "tracing_for"]


class Tracing(RequestTracing, WaitTracing, Protocol):
    """Requests and waits, traced by one tracer."""


def tracing_for(provider: object | None) -> Tracing | None:
    """Tracing through ``provider`` (else the global one), or ``None``."""
    if provider is None and importlib.util.find_spec("opentelemetry") is None:
        return None
    # by name: the core never imports an integration (a vendored copy may lack
    # it, and then a provider given is an ImportError, none given no tracing)
    try:
        otel = importlib.import_module(".._integrations.otel", __package__)
    except ImportError:
        if provider is not None:
            raise
        return None
    traced: Tracing | None = otel.tracing(provider)
    return traced

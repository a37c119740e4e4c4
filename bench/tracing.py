"""Section 9: what OpenTelemetry tracing costs a poll.

One process waits (``capmonster.Client.wait_many``, FAST policy) on tasks of
the emulator in another process (section 7's, 20 ms per request) until its
``max_wait`` ends the waits, three ways: tracing off (no provider set), with
OpenTelemetry's no-op provider, and with the SDK's ``TracerProvider`` and
``BatchSpanProcessor`` (an exporter that drops what it is given, so the
export's own I/O is not counted).  CPU: this process's ``process_time``,
the batch processor's thread included; polls: the emulator's count.  Rounds
are interleaved in rotated order; each figure is the variant's best round.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench.celery_scale import INTERVAL, KEY, _child, _kill, fast_policy
from bench.children import ask
from bench.docs import footer, log, mark, publish

HEADING = "## 9. Tracing overhead (OpenTelemetry)"
TASKS = 300
WINDOW = 3.0
ROUNDS = 5


def _providers() -> dict[str, Callable[[], Any]]:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
    from opentelemetry.trace import NoOpTracerProvider

    class Dropped(SpanExporter):
        def export(self, spans: Sequence[Any]) -> SpanExportResult:
            return SpanExportResult.SUCCESS

    def sdk() -> Any:
        provider = TracerProvider()
        provider.add_span_processor(BatchSpanProcessor(Dropped()))
        return provider

    return {"off": lambda: None, "no-op provider": NoOpTracerProvider, "SDK, batch": sdk}


def _round(url: str, emulator: Any, provider: Any) -> tuple[float, int]:
    from taskpoll import capmonster

    ids = ask(emulator, {"do": "create", "tasks": TASKS})["ids"]
    client = capmonster.Client(KEY, base_url=url, tracer_provider=provider)
    client.get_task_result(ids[0])  # connection and decoders, before the count
    before = ask(emulator, {"do": "count"})["polls"]
    cpu = time.process_time()
    policy = fast_policy(INTERVAL, WINDOW)
    for _ in client.wait_many(ids, policy=policy):
        pass
    if provider is not None and hasattr(provider, "shutdown"):
        provider.shutdown()  # the batch processor's last export, in the count
    spent = time.process_time() - cpu
    polls = ask(emulator, {"do": "count"})["polls"] - before
    client.close()
    return spent, polls


def section() -> list[str]:
    started = time.monotonic()
    try:
        providers = _providers()
    except ImportError:
        return [HEADING, "", "Not run: `opentelemetry-sdk` is not installed.", ""]
    emulator = _child("serve")
    best: dict[str, float] = {}
    polls: dict[str, int] = {}
    try:
        url = ask(emulator)["url"]
        names = list(providers)
        for n in range(ROUNDS):
            for name in names[n % len(names) :] + names[: n % len(names)]:
                log(f"tracing: {name}, round {n + 1}")
                spent, count = _round(url, emulator, providers[name]())
                if spent / count < best.get(name, float("inf")):
                    best[name], polls[name] = spent / count, count
    finally:
        _kill(emulator)
    off = best["off"]
    goals = {"off": "", "no-op provider": mark(best["no-op provider"] <= 1.05 * off)}
    goals["SDK, batch"] = mark(best["SDK, batch"] <= 1.5 * off)
    lines = [
        HEADING,
        "",
        f"{TASKS} CapMonster tasks that never become ready, waited on by one"
        " `wait_many` on FAST (a poll every"
        f" {INTERVAL * 1000:.0f} ms per task) for {WINDOW:g} s, against section 7's emulator (its"
        " own process, 20 ms per request).  CPU per poll is this process's `process_time`"
        " over the emulator's count of polls; the SDK's `BatchSpanProcessor` thread is in it."
        f"  {ROUNDS} rounds in rotated order; each row is its best.  Goals: the no-op provider"
        " ≤ 1.05× tracing off, the SDK ≤ 1.5×.",
        "",
        "| tracing | polls | CPU per poll | vs off | goal |",
        "|---|---|---|---|---|",
    ]
    for name in providers:
        lines.append(
            f"| {name} | {polls[name]:,} | {best[name] * 1e6:,.0f} µs |"
            f" {best[name] / off:.2f}× | {goals[name]} |"
        )
    lines += [
        "",
        "Each poll with the SDK makes one CLIENT span (the request) and one event on its wait's"
        " span; each wait one span.",
    ]
    return lines + footer(started)


def main() -> int:
    publish(HEADING, section())
    return 0


if __name__ == "__main__":
    sys.exit(main())

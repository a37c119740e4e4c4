"""``make demo``: every API's emulator in-process, tasks started on each, all
waited on together with progress, and what came back printed.

Each API is waited on by its own client's ``wait_many`` (one scheduler, one
connection pool, that API's policy and limits); the four waits run side by
side, one thread per API, and report to this thread, which draws the
progress and prints each result as it arrives.  Which APIs take part, how
their tasks are started and how results are shown comes from the command
line's table (:mod:`taskpoll.cli.apis`), so the demo and ``taskpoll wait``
show results the same way.  Loopback only, ephemeral ports, a few seconds.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
from collections.abc import Hashable
from typing import Any, TextIO

from ..cli import EXIT_OK, Outcome
from ..cli.apis import APIS, Api
from ..cli.progress import Progress

__all__ = ["main"]


def _wait_for(
    api: Api,
    client: Any,
    ids: list[Hashable],
    events: queue.Queue[tuple[str, Api, Hashable, Any]],
    cancel: threading.Event,
) -> None:
    try:
        for task_id, outcome in client.wait_many(
            ids,
            timeout=30.0,
            cancel=cancel,
            on_progress=lambda task_id, response: events.put(("poll", api, task_id, response)),
        ):
            events.put(("done", api, task_id, outcome))
    finally:
        events.put(("end", api, None, None))


def run(out: TextIO, err: TextIO) -> int:
    apis = [api for api in APIS.values() if api.start_demo is not None]
    cancel = threading.Event()
    events: queue.Queue[tuple[str, Api, Hashable, Any]] = queue.Queue()
    threads: list[threading.Thread] = []
    with contextlib.ExitStack() as stack:
        started: dict[str, tuple[Api, Any, list[Hashable]]] = {}
        for api in apis:
            emulator = stack.enter_context(api.emulator(0))
            client = stack.enter_context(api.connect(emulator.url, api.demo_key))
            assert api.start_demo is not None
            ids = list(api.start_demo(client, emulator))
            started[api.name] = (api, client, ids)
            out.write(f"{api.title} emulator on {emulator.url}: started {len(ids)} task(s)\n")
            for task_id in ids:
                out.write(f"  {api.name} {task_id}\n")
        out.write("\nwaiting on all of them together:\n")
        out.flush()

        keys = [f"{name}:{task_id}" for name, (_, _, ids) in started.items() for task_id in ids]
        progress = Progress(err, keys, tty=err.isatty())
        begun = time.monotonic()
        for api, client, ids in started.values():
            thread = threading.Thread(
                target=_wait_for, args=(api, client, ids, events, cancel), name=f"wait-{api.name}"
            )
            thread.start()
            threads.append(thread)
        waiting = len(threads)
        failures = 0
        try:
            while waiting:
                try:
                    kind, api, task_id, payload = events.get(timeout=0.2)
                except queue.Empty:
                    progress.tick()
                    continue
                key = f"{api.name}:{task_id}"
                if kind == "end":
                    waiting -= 1
                elif kind == "poll":
                    percent, state = api.progress(payload)
                    progress.polled(key, percent, state)
                else:
                    report = Outcome.of(api, task_id, payload)
                    failures += not report.ok
                    progress.finished(key, report.state, ok=report.ok)
                    progress.clear()
                    out.write(f"{time.monotonic() - begun:5.1f}s  {api.name:<13} {report.text}\n")
                    if report.ok and api.details is not None:
                        client = started[api.name][1]
                        for line in api.details(client, task_id, payload):
                            out.write(f"{'':21}{line}\n")
                    out.flush()
        finally:
            cancel.set()
            for thread in threads:
                thread.join()
        progress.close()
        out.write(
            f"\n{len(keys)} task(s) on {len(started)} API(s) in {time.monotonic() - begun:.1f}s; "
            f"{failures} failed (the demo scripts one failure, to show it does not hide the rest)\n"
        )
    return EXIT_OK


def main() -> int:
    try:
        return run(sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

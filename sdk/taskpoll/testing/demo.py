"""``make demo``: every API's emulator in-process, tasks started on each, all
waited on together with progress, and what came back printed.

Every task of every API is waited on by one :func:`taskpoll.wait_many`: one
scheduler on this thread, each task with its own API's policy, limits and
pacing, polls in flight together; it draws the progress and prints each
result as it arrives, with no thread per API.  Which APIs take part, how
their tasks are started and how results are shown comes from the command
line's table (:mod:`taskpoll.cli.apis`), so the demo and ``taskpoll wait``
show results the same way.  Loopback only, ephemeral ports, a few seconds.
"""

from __future__ import annotations

import contextlib
import sys
import time
from typing import Any, TextIO

from .._client import TaskHandle, wait_many
from ..cli import EXIT_OK, Outcome
from ..cli.apis import APIS, Api
from ..cli.progress import Progress
from ..poller import PollEvent

__all__ = ["main"]


def run(out: TextIO, err: TextIO) -> int:
    apis = [api for api in APIS.values() if api.start_demo is not None]
    with contextlib.ExitStack() as stack:
        handles: list[TaskHandle[Any, Any]] = []
        clients: dict[str, tuple[Api, Any]] = {}
        for api in apis:
            emulator = stack.enter_context(api.emulator(0))
            client = stack.enter_context(api.connect(emulator.url, api.demo_key))
            assert api.start_demo is not None
            ids = list(api.start_demo(client, emulator))
            clients[api.name] = (api, client)
            handles.extend(client.task(task_id) for task_id in ids)
            out.write(f"{api.title} emulator on {emulator.url}: started {len(ids)} task(s)\n")
            for task_id in ids:
                out.write(f"  {api.name} {task_id}\n")
        out.write("\nwaiting on all of them together:\n")
        out.flush()

        def key(handle: TaskHandle[Any, Any]) -> str:
            return f"{handle.api}:{handle.task_id}"

        progress = Progress(err, [key(handle) for handle in handles], tty=err.isatty())

        def polled(handle: TaskHandle[Any, Any], event: PollEvent[Any, Any]) -> None:
            progress.polled(key(handle), event.percent, event.state)

        begun = time.monotonic()
        failures = 0
        for handle, outcome in wait_many(handles, timeout=30.0, on_progress=polled):
            api, client = clients[handle.api]
            report = Outcome.of(api, handle.task_id, outcome)
            failures += not report.ok
            progress.finished(key(handle), report.state, ok=report.ok)
            progress.clear()
            out.write(f"{time.monotonic() - begun:5.1f}s  {api.name:<13} {report.text}\n")
            if report.ok and api.details is not None:
                for line in api.details(client, handle.task_id, outcome):
                    out.write(f"{'':21}{line}\n")
            out.flush()
        progress.close()
        out.write(
            f"\n{len(handles)} task(s) on {len(clients)} API(s) in "
            f"{time.monotonic() - begun:.1f}s; {failures} failed "
            "(the demo scripts one failure, to show it does not hide the rest)\n"
        )
    return EXIT_OK


def main() -> int:
    try:
        return run(sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

"""``make demo``: every API's emulator in-process, tasks started on each, all
waited on together with progress, and what came back printed.

Every task of every API is waited on by one :func:`taskpoll.wait_many`: one
scheduler on this thread, each task with its own API's policy, limits and
pacing, polls in flight together; it draws the progress and prints each
result as it arrives, with no thread per API.  How each API's tasks are
started (and scripted on its emulator) is :data:`DEMOS`; clients, emulators
and how results are shown come from the registry of APIs
(:mod:`taskpoll._clients.registry`) and the clients, so the demo and
``taskpoll wait`` show results the same way.  Loopback only, ephemeral ports, a few seconds.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Final, TextIO

import attrs

from .. import alphasms, capmonster
from .._clients.client import TaskHandle, wait_many
from .._clients.outcome import EXIT_OK, Outcome
from .._clients.registry import APIS, Api
from .._waiting.policy import PollEvent
from ..testing import capmonster as capmonster_emulator
from ..testing import cloudcoin as cloudcoin_emulator
from .progress import Progress

__all__ = ["DEMOS", "Demo", "main"]


@attrs.frozen
class Demo:
    """How the demo starts one API's tasks on its emulator."""

    #: ``(client, emulator)`` → ids of freshly started tasks (scripting the emulator).
    start: Callable[[Any, Any], Sequence[Hashable]]
    #: The key the demo client sends (any key: emulators accept every key by default).
    key: str | None = None
    #: ``(client, task_id, result)`` → more lines about a finished task.
    details: Callable[[Any, Any, Any], Sequence[str]] | None = None


def _captchas(client: capmonster.Client, emulator: Any) -> list[Hashable]:
    # The third task is scripted to fail, to show one failure not hiding the rest.
    Script = capmonster_emulator.Script
    emulator.app.script(
        Script(solve_after=1.2),
        Script(solve_after=2.4),
        Script(solve_after=1.6, error="ERROR_CAPTCHA_UNSOLVABLE", description="Captcha unsolvable"),
    )
    tasks: list[capmonster.TaskRequest] = [
        capmonster.ImageToTextTask(body="iVBORw0KGgo="),
        capmonster.TurnstileTask(
            website_url="https://example.com", website_key="0x4AAAAAAABUYP0XeMJF0xoy"
        ),
        capmonster.RecaptchaV2Task(
            website_url="https://example.com",
            website_key="6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-",
        ),
    ]
    return [client.create_task(task).task_id for task in tasks]


def _echo(client: Any, emulator: Any) -> list[Hashable]:
    emulator.app.script(cloudcoin_emulator.Script(duration=3.0))
    return [client.echo().id]


def _messages(client: alphasms.Client, emulator: Any) -> list[Hashable]:
    texts = ["Your code is 4711", "Your parcel is on its way", "See you at 10:00"]
    messages = [
        alphasms.Message(recipient=f"+38097123456{n}", sender="SMSTest", text=text)
        for n, text in enumerate(texts)
    ]
    return [client.send_async(messages)]


def _message_codes(client: alphasms.Client, job_id: Any, job: Any) -> list[str]:
    # The job poll reports no per-message results; its messages' ids do.
    ids = getattr(job_id, "message_ids", ())
    results = client.get_status(ids=ids) if ids else []
    return [f"message {result.id}: {result.code.name} ({int(result.code)})" for result in results]


#: The demo's tasks, per API of the command line's table.
DEMOS: Final[dict[str, Demo]] = {
    "capmonster": Demo(_captchas, key="demo-key-not-secret"),
    "cloudcoin-v1": Demo(_echo),
    "cloudcoin": Demo(_echo),
    "alphasms": Demo(_messages, key="demo-alphasms-key", details=_message_codes),
}


def run(out: TextIO, err: TextIO) -> int:
    """Run the demo: what is started and what comes back to ``out``, progress to
    ``err``; returns 0, the demo's one scripted failure included."""
    apis = [api for api in APIS.values() if api.name in DEMOS]
    with contextlib.ExitStack() as stack:
        handles: list[TaskHandle[Any, Any]] = []
        clients: dict[str, tuple[Api, Any]] = {}
        for api in apis:
            emulator = stack.enter_context(api.emulator(0))
            demo = DEMOS[api.name]
            client = stack.enter_context(api.connect(emulator.url, demo.key))
            ids = list(demo.start(client, emulator))
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

        last: dict[str, PollEvent[Any, Any]] = {}

        def polled(handle: TaskHandle[Any, Any], event: PollEvent[Any, Any]) -> None:
            last[key(handle)] = event
            progress.polled(key(handle), event.percent, event.status)

        begun = time.monotonic()
        failures = 0
        for handle, outcome in wait_many(handles, max_wait=30.0, on_progress=polled):
            api, client = clients[handle.api]
            report = Outcome.after(api, handle.task_id, outcome, last.get(key(handle)))
            failures += not report.ok
            progress.finished(key(handle), report.status, ok=report.ok)
            progress.clear()
            out.write(f"{time.monotonic() - begun:5.1f}s  {api.name:<13} {report.text}\n")
            details = DEMOS[api.name].details
            if report.ok and details is not None:
                for line in details(client, handle.task_id, outcome):
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
    """``make demo`` (``python -m taskpoll.cli.demo``): :func:`run` on stdout and stderr;
    returns the exit code (130 on Ctrl-C)."""
    try:
        return run(sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

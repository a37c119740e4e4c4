"""``make demo``: start the emulators in-process, start tasks, wait, print results."""

from __future__ import annotations

import sys
import time

from .. import capmonster
from .capmonster import CapmonsterEmulator, Script

DEMO_KEY = "demo-key-not-secret"


def main() -> int:
    out = sys.stdout
    with CapmonsterEmulator(keys={DEMO_KEY}) as emulator:
        out.write(f"CapMonster Cloud emulator on {emulator.url}\n")
        emulator.app.script(
            Script(solve_after=1.0),
            Script(solve_after=2.5),
            Script(solve_after=1.5, error="ERROR_CAPTCHA_UNSOLVABLE"),
        )
        with capmonster.Client(DEMO_KEY, base_url=emulator.url) as client:
            out.write(f"balance: {client.get_balance().balance}\n")
            tasks = {
                "ImageToTextTask": {"type": "ImageToTextTask", "body": "iVBORw0KGgo="},
                "RecaptchaV2Task": {
                    "type": "RecaptchaV2Task",
                    "websiteURL": "https://example.com",
                    "websiteKey": "6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-",
                },
                "TurnstileTask": {
                    "type": "TurnstileTask",
                    "websiteURL": "https://example.com",
                    "websiteKey": "0x4AAAAAAABUYP0XeMJF0xoy",
                },
            }
            for name, task in tasks.items():
                task_id = client.create_task(task).task_id
                assert task_id is not None
                started = time.monotonic()

                def progress(response: capmonster.GetTaskResultResponse, name: str = name) -> None:
                    out.write(f"  {name}: {response.status}\n")

                try:
                    done = client.wait(task_id, timeout=30.0, on_progress=progress)
                    out.write(
                        f"{name} #{task_id} ready in {time.monotonic() - started:.1f}s: "
                        f"{done.solution}\n"
                    )
                except capmonster.TaskpollError as exc:
                    out.write(f"{name} #{task_id} failed: {exc}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

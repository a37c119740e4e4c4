"""The docs' own curl + jq polling loop (quoted in docs/apis/cloudcoin.md), run by bash
against the emulator while ``wait()`` polls the same task: both must see the
same states and end on the same task.

Real time, about three seconds per case (1 s per progress step, so a loaded
machine still lets the 50 ms loop see every step).  Needs bash, curl and jq; skipped only
when one of them is missing.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading

import pytest

from seed_loop import NEEDS_THE_TOOLS, SEED_LOOP, TASK_ID
from taskpoll import cloudcoin
from taskpoll._waiting.policy import Backoff, WaitPolicy
from taskpoll._wire.models import structure
from taskpoll.errors import TaskpollError
from taskpoll.testing.cloudcoin import CloudCoinEmulator, Script

pytestmark = NEEDS_THE_TOOLS

LINE = re.compile(r"Polling\.\.\. Status: (\w+), Progress: ([0-9.]+)%")


def run_seed_loop(url: str) -> tuple[list[tuple[str, float]], cloudcoin.Task]:
    script = SEED_LOOP.replace("http://localhost:8006", url).replace("sleep 2", "sleep 0.05")
    assert script != SEED_LOOP
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0] == f"Polling task with ID: {TASK_ID}"
    states = [(m[1], float(m[2])) for m in map(LINE.fullmatch, lines) if m]
    final = "\n".join(lines[lines.index("Final Response:") + 1 :])
    envelope = structure(json.loads(final), cloudcoin.TaskEnvelope)
    return states, cloudcoin.client.unwrap(envelope)


@pytest.mark.parametrize("error", [None, cloudcoin.RAIDA_QUORUM])
def test_seed_loop_and_wait_see_the_same_states(
    cloudcoin_emulator: CloudCoinEmulator, error: int | None
) -> None:
    cloudcoin_emulator.app.add_task(
        "echo", Script(duration=3.0, steps=3, error=error), task_id=TASK_ID
    )
    seen: list[cloudcoin.Task] = []
    outcome: list[cloudcoin.CompletedTask[cloudcoin.EchoResult] | TaskpollError] = []

    def wait() -> None:
        with cloudcoin.Client(base_url=cloudcoin_emulator.url) as client:
            try:
                outcome.append(
                    client.wait(
                        TASK_ID,
                        result_type=cloudcoin.EchoResult,
                        on_progress=lambda event: seen.append(event.outcome),
                        policy=WaitPolicy(
                            max_wait=30.0, backoff=Backoff(first=0.05, min=0.1, max=0.2)
                        ),
                    )
                )
            except TaskpollError as exc:
                outcome.append(exc)

    waiter = threading.Thread(target=wait)
    waiter.start()
    states, final = run_seed_loop(cloudcoin_emulator.url)
    waiter.join(timeout=30)
    assert not waiter.is_alive()

    end = "error" if error else "completed"
    waited = [(t.status.value, t.progress) for t in seen]
    for trace in (states, waited):
        assert trace[-1] == (end, 100.0)
        assert {status for status, _ in trace[:-1]} == {"running"}
        assert {progress for _, progress in trace[:-1]} <= {0.0, 33.33, 66.67}
        assert [p for _, p in trace] == sorted(p for _, p in trace)
    # The loop polls every 50 ms: it sees every step of the task, floats included.
    assert {p for _, p in states} == {0.0, 33.33, 66.67, 100.0}
    # Both end on the same task, to the byte of what the server says.
    assert final == seen[-1]
    if error:
        assert isinstance(outcome[0], cloudcoin.TaskFailed) and outcome[0].task == final
        assert final.message == "Error Occured"
    else:
        assert isinstance(outcome[0], cloudcoin.CompletedTask) and outcome[0].task == final
        assert outcome[0].data.online == 25

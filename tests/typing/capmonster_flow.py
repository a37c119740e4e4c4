"""CapMonster, typed from the request to the result: checked by mypy --strict
and pyright strict (tests/test_typing.py), never run."""

from __future__ import annotations

from typing import Any, assert_type

from taskpoll import TaskHandle, TaskpollError, capmonster, wait_many
from taskpoll.errors import TaskFailedError

client = capmonster.Client("key", base_url="http://127.0.0.1:1")

# create -> a created task that remembers its solution type
turnstile = capmonster.TurnstileTask(website_url="https://example.com", website_key="0x4AAA")
created = client.create_task(turnstile)
assert_type(created, capmonster.CreatedTask[capmonster.TurnstileSolution])
assert_type(created.task_id, int)

# wait -> the solution of that type, not optional, not a union
done = client.wait(created, max_wait=120.0, on_progress=lambda event: print(event.status))
assert_type(done, capmonster.SolvedTask[capmonster.TurnstileSolution])
assert_type(done.solution, capmonster.TurnstileSolution)
assert_type(done.solution.token, str | None)

image = client.create_task(capmonster.ImageToTextTask(body="aGVsbG8=", numeric=1))
assert_type(client.wait(image).solution, capmonster.ImageToTextSolution)
recaptcha = client.create_task(
    capmonster.RecaptchaV2Task(website_url="https://example.com", website_key="k")
)
assert_type(client.wait(recaptcha).solution, capmonster.RecaptchaSolution)

# an id from elsewhere, with and without result_type
by_id = client.wait(created.task_id, result_type=capmonster.TurnstileSolution)
assert_type(by_id.solution, capmonster.TurnstileSolution)
untyped = client.wait(created.task_id)
assert_type(untyped.solution, dict[str, Any] | capmonster.Solution | None)

# dict requests wait to dicts
raw = client.create_task({"type": "ImageToTextTask", "body": "aGVsbG8="})
assert_type(client.wait(raw).solution, dict[str, object])

# one poll
polled = client.get_task_result(created.task_id)
assert_type(polled, capmonster.GetTaskResultResponse)
assert_type(client.get_balance().balance, float | None)

# many tasks: one client, then across clients
for task_id, outcome in client.wait_many([created, created]):
    assert_type(task_id, int)
    assert_type(outcome, capmonster.SolvedTask[capmonster.TurnstileSolution] | TaskpollError)
handle = client.task(created)
assert_type(handle, TaskHandle[int, capmonster.SolvedTask[capmonster.TurnstileSolution]])
other = capmonster.Client("another-account", base_url="http://127.0.0.1:1")
same_type = [handle, other.task(other.create_task(turnstile))]
for got, result in wait_many(same_type):
    assert_type(got, TaskHandle[Any, capmonster.SolvedTask[capmonster.TurnstileSolution]])
    assert_type(result, capmonster.SolvedTask[capmonster.TurnstileSolution] | TaskpollError)

# errors carry the task id and the last response
try:
    client.wait(created)
except TaskFailedError as exc:
    assert_type(exc.task_id, str | None)

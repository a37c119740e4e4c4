"""CloudCoin, typed from the started task to its data: checked by mypy --strict
and pyright strict (tests/test_typing.py), never run."""

from __future__ import annotations

from typing import Any, assert_type

from taskpoll import TaskHandle, TaskpollError, cloudcoin, wait_many

v2 = cloudcoin.Client(base_url="http://127.0.0.1:1")
legacy = cloudcoin.LegacyClient()

# start -> a started task that carries its result type
started = v2.echo()
assert_type(started, cloudcoin.StartedTask[cloudcoin.EchoResult])
assert_type(started.task_id, str)
assert_type(started.progress, float)

# wait -> the completed task, its data of that type
done = v2.wait(started, max_wait=60.0, on_progress=lambda event: print(event.percent))
assert_type(done, cloudcoin.CompletedTask[cloudcoin.EchoResult])
assert_type(done.data, cloudcoin.EchoResult)
assert_type(done.data.online, int)
assert_type(legacy.wait(legacy.detect(["/coins/a.stack"])).data, cloudcoin.HealthResult)
assert_type(v2.wait(v2.backup("Default", "/backups")).data, cloudcoin.BackupResult)
assert_type(v2.wait(v2.join("Default")).data, str)

# an id from elsewhere, with and without result_type
assert_type(v2.wait(started.task_id, result_type=cloudcoin.EchoResult).data, cloudcoin.EchoResult)
assert_type(v2.wait(started.task_id).data, dict[str, Any] | str | None)

# one poll
assert_type(v2.get_task(started.task_id), cloudcoin.Task)

# many tasks
for task_id, outcome in v2.wait_many([started, v2.echo()]):
    assert_type(task_id, str)
    assert_type(outcome, cloudcoin.CompletedTask[cloudcoin.EchoResult] | TaskpollError)
handles = [v2.task(started), legacy.task(legacy.echo())]
for handle, result in wait_many(handles):
    assert_type(handle, TaskHandle[Any, cloudcoin.CompletedTask[cloudcoin.EchoResult]])
    assert_type(result, cloudcoin.CompletedTask[cloudcoin.EchoResult] | TaskpollError)

# errors
try:
    v2.wait(started)
except cloudcoin.TaskFailed as exc:
    assert_type(exc.task, cloudcoin.Task)
    assert_type(exc.error, cloudcoin.TaskErrorData | None)

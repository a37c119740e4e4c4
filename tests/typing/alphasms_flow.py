"""AlphaSMS, typed from send_async to the job's messages: checked by mypy
--strict and pyright strict (tests/test_typing.py), never run."""

from __future__ import annotations

from typing import Any, assert_type

from taskpoll import TaskHandle, TaskpollError, alphasms, wait_many

sms = alphasms.Client("key", base_url="http://127.0.0.1:1")

message = alphasms.Message(recipient="380971234567", sender="Shop", text="Hi")
job = sms.send_async([message])
assert_type(job, alphasms.JobId)
assert_type(job.message_ids, tuple[int, ...])

done = sms.wait(job, max_wait=600.0, on_progress=lambda event: print(event.percent))
assert_type(done, alphasms.JobState)
assert_type(done.status, alphasms.JobStatus)
assert_type(done.progress, int | None)

# one poll, and the messages' own results
assert_type(sms.get_job(job), alphasms.JobState)
for result in sms.get_status(ids=job.message_ids):
    assert_type(result, alphasms.MessageResult)
assert_type(sms.send([message]), list[alphasms.MessageResult])

# many jobs
for job_id, outcome in sms.wait_many([job, sms.send_async([message])]):
    assert_type(job_id, str)
    assert_type(outcome, alphasms.JobState | TaskpollError)
for handle, state in wait_many([sms.task(job)]):
    assert_type(handle, TaskHandle[Any, alphasms.JobState])
    assert_type(state, alphasms.JobState | TaskpollError)

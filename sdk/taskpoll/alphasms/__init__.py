"""AlphaSMS (https://alphasms.net) XML API: send SMS, wait for asynchronous sending jobs.

>>> from taskpoll import alphasms
>>> sms = alphasms.Client(key="…")                                   # doctest: +SKIP
>>> job_id = sms.send_async([alphasms.Message(recipient="380971234567", sender="Shop", text="Hi")])
>>> done = sms.wait(job_id, max_wait=600.0, on_progress=print)
"""

from ..errors import TaskpollError
from ._generated.models import (
    Balance,
    JobState,
    JobStatus,
    MessageCode,
    MessageResult,
    MessageType,
    PhonePrice,
    RequestErrorCode,
)
from .client import (
    REQUEST_ERRORS,
    RETENTION_HOURS,
    THROTTLE_PAUSE,
    Client,
    JobId,
    Message,
    raise_for_error,
)

__all__ = [
    "REQUEST_ERRORS",
    "RETENTION_HOURS",
    "THROTTLE_PAUSE",
    "Balance",
    "Client",
    "JobId",
    "JobState",
    "JobStatus",
    "Message",
    "MessageCode",
    "MessageResult",
    "MessageType",
    "PhonePrice",
    "RequestErrorCode",
    "TaskpollError",
    "raise_for_error",
]

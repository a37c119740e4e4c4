# generated — do not edit.
# Source: specs/assemblyai.openapi.yml (sha256 919d8d027d713704); regenerate with `make generate`.
"""The waiting rules of assemblyai.openapi.yml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import Final

from ..._waiting.policy import Backoff, WaitPolicy
from ..._waiting.waiters import Acceptor, Waiter
from ..._wire.constraints import Constraint

# What the waiting operation's task id must be; the generated client checks
# path parameters with the same rule against this constant.
TASK_ID: Final = Constraint("transcript_id", str, description="ID of the transcript")

WAITER: Final = Waiter(
    acceptors=(
        Acceptor("success", path="status", equals=("completed",)),
        Acceptor("failure", path="status", equals=("error",)),
        Acceptor("retry", path="status", equals=("queued", "processing")),
        Acceptor("not-found", http_status=(404,)),
    ),
    policy=WaitPolicy(
        max_wait=1800.0, backoff=Backoff(first=1.0, min=3.0, max=10.0, factor=1.3, jitter=0.2)
    ),
    status_field="status",
    percent=None,
    retry_statuses=frozenset([429, 500, 502, 503, 504]),
    max_requests=None,
    result_lifetime=None,
    task_id=TASK_ID,
)

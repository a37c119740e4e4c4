# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 60ab128726b83394); regenerate with `make generate`.
"""The waiting rules of capmonster.openapi.yaml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import Final

from ..._waiting.policy import Backoff, WaitPolicy
from ..._waiting.waiters import Acceptor, Waiter
from ..._wire.constraints import Constraint

# What the waiting operation's task id must be; the generated client checks
# path parameters with the same rule against this constant.
TASK_ID: Final = Constraint(
    "taskId",
    int,
    minimum=1,
    maximum=9223372036854775807,
    description="a positive integer, as createTask returned it",
)

WAITER: Final = Waiter(
    acceptors=(
        Acceptor("success", path="status", equals=("ready",)),
        Acceptor("retry", path="status", equals=("processing",)),
        Acceptor("retry", path="errorCode", equals=("CAPTCHA_NOT_READY",), label="processing"),
        Acceptor("retry", http_status=(500, 503), label="processing", honour_retry_after=True),
    ),
    policy=WaitPolicy(
        max_wait=180.0, backoff=Backoff(first=1.0, min=2.0, max=3.0, factor=1.1, jitter=0.2)
    ),
    status_field="status",
    percent=None,
    retry_statuses=frozenset([429, 500, 502, 503, 504]),
    max_requests=120,
    result_lifetime=960.0,
    task_id=TASK_ID,
)

# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 b86d7350366fa83b); regenerate with `make generate`.
"""The waiting rules of alphasms.openapi.yaml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import Final

from ..._waiting.policy import Backoff, WaitPolicy
from ..._waiting.waiters import Acceptor, Waiter
from ..._wire.constraints import Constraint

# What the waiting operation's task id must be; the generated client checks
# path parameters with the same rule against this constant.
TASK_ID: Final = Constraint("job", str, min_length=1, max_length=64)

WAITER: Final = Waiter(
    acceptors=(
        Acceptor("success", path="status", equals=("COMPLETE",)),
        Acceptor("retry", error="RateLimitedError", label="throttled (212)", retry_after=5.0),
        Acceptor("retry", path="status", equals=("WAITING", "RUNNING")),
        Acceptor(
            "failure",
            path="status",
            equals=("FAILED",),
            message=(
                "the job FAILED, but some of its messages may still have been"
                " accepted for sending: look each one up with "
                "Client.get_status(ids=[...]) before sending again"
            ),
        ),
        Acceptor(
            "not-found",
            path="status",
            equals=("NOTFOUND",),
            message=(
                "no such job: its id is unknown, or its results are older "
                "than the 12 hours AlphaSMS keeps them"
            ),
        ),
    ),
    policy=WaitPolicy(
        max_wait=600.0, backoff=Backoff(first=2.0, min=2.0, max=12.0, factor=1.03, jitter=0.2)
    ),
    status_field="status",
    percent="progress",
    retry_statuses=frozenset([429, 500, 502, 503, 504]),
    max_requests=None,
    result_lifetime=43200.0,
    task_id=TASK_ID,
)

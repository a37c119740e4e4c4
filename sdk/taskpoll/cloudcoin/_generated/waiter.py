# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 7fde285032f290df); regenerate with `make generate`.
"""The waiting rules of cloudcoin.openapi.yaml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import Final

from ...constraints import Constraint
from ...poller import Backoff, WaitPolicy
from ...waiters import Acceptor, Waiter

WAITER: Final = Waiter(
    acceptors=(
        Acceptor("success", path="status", equals=("completed",)),
        Acceptor("failure", path="status", equals=("error",)),
    ),
    policy=WaitPolicy(
        timeout=660.0, backoff=Backoff(first=2.0, min=1.5, max=4.0, factor=1.2, jitter=0.2)
    ),
    state="status",
    percent="progress",
    retry_statuses=frozenset([429, 500, 502, 503, 504]),
    max_requests=None,
    result_lifetime=None,
    task_id=Constraint(
        "id",
        str,
        pattern="^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        description=(
            "the server only accepts lowercase dashed UUIDv4 ids such as "
            "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71, not the docs' 32-hex "
            "GUIDs"
        ),
    ),
)

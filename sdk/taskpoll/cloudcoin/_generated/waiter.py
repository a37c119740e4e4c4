# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 e1e236f68c972a03); regenerate with `make generate`.
"""The waiting rules of cloudcoin.openapi.yaml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import Final

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
)

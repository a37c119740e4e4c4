"""Wait policies more than one test file uses, named for what they do.

A test whose timing depends on other numbers keeps its own policy beside it,
named for why (for example ``SHORT_WAIT`` in http/test_network.py, whose bound
is asserted).
"""

from __future__ import annotations

from taskpoll._waiting.policy import Backoff, WaitPolicy

#: Real time against an emulator whose tasks end within a second: the first poll
#: at once, then one every 50 ms (jittered); 20 s is only a backstop.
POLL_EVERY_50MS = WaitPolicy(max_wait=20.0, backoff=Backoff(first=0.0, min=0.05, max=0.05))

#: The scheduler's property tests in virtual time (waiting/test_concurrency.py,
#: waiting/test_wait_many.py): polls 2-10 s apart, so 120 s never reaches 120 requests.
MODEL_POLICY = WaitPolicy(
    max_wait=120.0, backoff=Backoff(first=1.0, min=2.0, max=10.0, factor=1.3), max_requests=120
)

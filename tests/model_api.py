"""A model API in virtual time for the scheduler's property tests: tasks that
finish (or fail) at given virtual times."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

from taskpoll._durable.ledger import RequestBudget
from taskpoll._waiting.policy import Decision, done, failed, keep_polling, transient
from taskpoll.errors import TaskFailedError, TaskpollError
from virtual_time import VirtualTime


class ModelApi:
    """Tasks ending at given virtual times; records when each was polled and
    counts the polls (thread-safe), spending a request budget when given one."""

    def __init__(
        self, vt: VirtualTime, fates: dict[int, tuple[float, bool]], budget: int = 0
    ) -> None:
        self.vt = vt
        self.fates = fates
        self.polled: defaultdict[int, list[float]] = defaultdict(list)
        self.polls: Counter[int] = Counter()
        self.budget = RequestBudget(budget) if budget else None
        #: Set when the wait is cancelled: a poll after it is recorded in ``late``.
        self.cancelled = threading.Event()
        self.late: list[tuple[int, float]] = []
        self._lock = threading.Lock()

    def probe(self, task_id: int, timeout: float) -> str:
        assert timeout > 0
        if self.budget is not None:
            self.budget.spend(task_id)
        with self._lock:
            self.polled[task_id].append(self.vt.now)
            self.polls[task_id] += 1
            if self.cancelled.is_set():
                self.late.append((task_id, self.vt.now))
        ends, ok = self.fates[task_id]
        if self.vt.now < ends:
            return "running"
        return "done" if ok else "failed"

    def rules(self, task_id: int, outcome: str | TaskpollError) -> Decision[str]:
        if isinstance(outcome, TaskpollError):
            return transient(outcome, retry_statuses=frozenset())
        if outcome == "running":
            return keep_polling(status="running")
        if outcome == "done":
            return done(f"result {task_id}")
        return failed(TaskFailedError("it failed", code="X"))

"""What every hand-written API client shares: construction, closing, waiting.

An API's client subclasses :class:`BaseClient` and supplies three things:
``_probe`` (one status request), ``_rules`` (what a response means) and a
default :class:`~taskpoll.poller.WaitPolicy`.  ``wait`` and ``wait_many``
are written once, here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Generic, Self, TypeVar

from .errors import TaskpollError
from .poller import Decision, PollEvent, Timing, WaitPolicy, poll_many
from .session import Codec, Session
from .transport import DEFAULT_MAX_BODY, Timeout, Transport

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
R = TypeVar("R")


class BaseClient(Generic[K, T, R]):
    """Construction and waiting shared by every API client."""

    #: The API's default :class:`WaitPolicy`; ``timeout`` is replaced per call.
    default_policy: WaitPolicy

    def __init__(
        self,
        base_url: str,
        codec: Codec,
        *,
        timeout: Timeout = Timeout(),
        max_body: int = DEFAULT_MAX_BODY,
        secrets: tuple[str, ...] = (),
    ) -> None:
        self._transport = Transport(
            base_url, timeout=timeout, max_body=max_body, redactions=secrets
        )
        self._session = Session(self._transport, codec)

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def __repr__(self) -> str:
        return f"{type(self).__module__.rsplit('.', 1)[0]}.{type(self).__name__}({self.base_url!r})"

    def close(self) -> None:
        """Close pooled connections; the client stays usable and reconnects on demand."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what each API supplies ------------------------------------------

    def _probe(self, task_id: K, timeout: float) -> T:
        raise NotImplementedError

    def _rules(self, task_id: K, outcome: T | TaskpollError) -> Decision[R]:
        raise NotImplementedError

    # -- waiting, written once -------------------------------------------

    def _policy(self, timeout: float | None, policy: WaitPolicy | None) -> WaitPolicy:
        chosen = policy or self.default_policy
        return chosen if timeout is None else chosen.with_timeout(timeout)

    def wait(
        self,
        task_id: K,
        *,
        timeout: float | None = None,
        on_progress: Callable[[T], Any] | None = None,
        cancel: threading.Event | None = None,
        policy: WaitPolicy | None = None,
        timing: Timing | None = None,
    ) -> R:
        """Poll until the task finishes; return its result or raise its error.

        ``timeout`` (seconds) replaces the API's default deadline;
        ``on_progress`` gets every decoded poll response; setting ``cancel``
        stops the wait with :class:`~taskpoll.errors.WaitCancelledError`.
        The errors a task can end with are listed on each API's client.
        """
        return self._wait(
            task_id,
            timeout=timeout,
            on_progress=on_progress,
            cancel=cancel,
            policy=policy,
            timing=timing,
        )

    def wait_many(
        self,
        task_ids: Iterable[K],
        *,
        timeout: float | None = None,
        on_progress: Callable[[K, T], Any] | None = None,
        cancel: threading.Event | None = None,
        policy: WaitPolicy | None = None,
        timing: Timing | None = None,
    ) -> Iterator[tuple[K, R | TaskpollError]]:
        """Wait for many tasks on this thread, sharing one deadline and one
        connection pool; yields ``(task_id, result or error)`` as each
        finishes.  Each task keeps its own backoff and the API's per-task limits."""
        return self._wait_many(
            task_ids,
            timeout=timeout,
            on_progress=on_progress,
            cancel=cancel,
            policy=policy,
            timing=timing,
        )

    def _wait_many(
        self,
        task_ids: Iterable[K],
        *,
        timeout: float | None,
        policy: WaitPolicy | None,
        on_progress: Callable[[K, T], Any] | None,
        cancel: threading.Event | None,
        timing: Timing | None,
        rules: Callable[[K, T | TaskpollError], Decision[R]] | None = None,
    ) -> Iterator[tuple[K, R | TaskpollError]]:
        """:meth:`wait_many` with other ``rules`` (CloudCoin's ``result_type``)."""

        def report(event: PollEvent[K, T]) -> None:
            if on_progress is not None and not isinstance(event.outcome, TaskpollError):
                on_progress(event.task_id, event.outcome)  # type: ignore[arg-type]

        return poll_many(
            task_ids,
            self._probe,
            rules or self._rules,
            self._policy(timeout, policy),
            cancel=cancel,
            on_poll=report if on_progress else None,
            timing=timing,
        )

    def _wait(
        self,
        task_id: K,
        *,
        timeout: float | None,
        policy: WaitPolicy | None,
        on_progress: Callable[[T], Any] | None,
        cancel: threading.Event | None,
        timing: Timing | None,
        rules: Callable[[K, T | TaskpollError], Decision[R]] | None = None,
    ) -> R:
        def each(_: K, response: T) -> None:
            if on_progress is not None:
                on_progress(response)

        for _, outcome in self._wait_many(
            [task_id],
            timeout=timeout,
            policy=policy,
            on_progress=each if on_progress else None,
            cancel=cancel,
            timing=timing,
            rules=rules,
        ):
            if isinstance(outcome, TaskpollError):
                raise outcome
            return outcome
        raise AssertionError("poll_many yields once per task")  # pragma: no cover

# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 acaa533075bbcee8); regenerate with `make generate`.
"""The waiting rules of capmonster.openapi.yaml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, overload

import attrs

from ..._clients.started import Started
from ..._waiting.policy import Backoff, WaitPolicy
from ..._waiting.waiters import Acceptor, Waiter
from ..._wire.constraints import Constraint
from ..._wire.models import Unset
from .models import ErrorId, GetTaskResultResponse, Solution, TaskStatus

if TYPE_CHECKING:
    import os
    import threading
    from collections.abc import Callable, Iterable, Iterator
    from typing import Unpack

    from ..._clients.client import TaskHandle
    from ..._clients.renamed import RenamedWaitArgs
    from ..._durable.store import StateStore
    from ..._waiting.policy import PollEvent, Timing
    from ...errors import TaskpollError

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

D = TypeVar("D")


class GetTaskResultResponseFields:
    """Every field of a GetTaskResultResponse but ``solution``, read from its ``response``."""

    __slots__ = ()
    response: GetTaskResultResponse

    @property
    def error_id(self) -> ErrorId:
        """The GetTaskResultResponse's ``error_id``."""
        return self.response.error_id

    @property
    def error_code(self) -> str | Unset | None:
        """Null while processing, absent once ready."""
        return self.response.error_code

    @property
    def error_description(self) -> str | Unset | None:
        """The GetTaskResultResponse's ``error_description``."""
        return self.response.error_description

    @property
    def status(self) -> TaskStatus | None:
        """The GetTaskResultResponse's ``status``."""
        return self.response.status


@attrs.frozen
class SolvedTask(GetTaskResultResponseFields, Generic[D]):
    """A finished GetTaskResultResponse: its ``solution`` structured as the task's type,
    or a wait's ``result_type=``, says."""

    #: The GetTaskResultResponse exactly as the last poll decoded it (``solution`` raw).
    response: GetTaskResultResponse
    solution: D


class Waits:
    """The typed forms of a client's ``wait``, ``wait_many`` and ``task``.

    A started task, or an id with ``result_type=D``, gives a ``SolvedTask[D]``;
    an id alone gives ``SolvedTask[dict[str, Any] | Solution | None]``.
    Only a type checker reads these; the client's base class implements them.
    """

    if TYPE_CHECKING:

        @overload
        def wait(
            self,
            task: Started[int, D],
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> SolvedTask[D]: ...

        @overload
        def wait(
            self,
            task: int,
            *,
            result_type: type[D],
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> SolvedTask[D]: ...

        @overload
        def wait(
            self,
            task: int,
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> SolvedTask[dict[str, Any] | Solution | None]: ...

        @overload
        def wait(
            self,
            task: int | Started[int, Any],
            *,
            result_type: type[Any] | None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> SolvedTask[Any]: ...

        def wait(self, *args: Any, **kwargs: Any) -> Any: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[Started[int, D]],
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[int, SolvedTask[D] | TaskpollError]]: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[int],
            *,
            result_type: type[D],
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[int, SolvedTask[D] | TaskpollError]]: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[int],
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[int, SolvedTask[dict[str, Any] | Solution | None] | TaskpollError]]: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[int | Started[int, Any]],
            *,
            result_type: type[Any] | None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[int, GetTaskResultResponse]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[int, SolvedTask[Any] | TaskpollError]]: ...

        def wait_many(self, *args: Any, **kwargs: Any) -> Any: ...

        @overload
        def task(
            self, task: Started[int, D], *, result_type: None = None
        ) -> TaskHandle[int, SolvedTask[D]]: ...

        @overload
        def task(self, task: int, *, result_type: type[D]) -> TaskHandle[int, SolvedTask[D]]: ...

        @overload
        def task(
            self, task: int, *, result_type: None = None
        ) -> TaskHandle[int, SolvedTask[dict[str, Any] | Solution | None]]: ...

        @overload
        def task(
            self, task: int | Started[int, Any], *, result_type: type[Any] | None = None
        ) -> TaskHandle[int, SolvedTask[Any]]: ...

        def task(self, *args: Any, **kwargs: Any) -> Any: ...

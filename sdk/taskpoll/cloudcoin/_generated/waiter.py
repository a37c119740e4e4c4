# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 0c9e588f631ff627); regenerate with `make generate`.
"""The waiting rules of cloudcoin.openapi.yaml, from its x-taskpoll-waiter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, overload

import attrs

from ..._clients.started import Started
from ..._waiting.policy import Backoff, WaitPolicy
from ..._waiting.waiters import Acceptor, Waiter
from ..._wire.constraints import Constraint
from ..._wire.models import Unset
from .models import Task, TaskStatus

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
    "id",
    str,
    pattern="^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
    description=(
        "the server only accepts lowercase dashed UUIDv4 ids such as "
        "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71, not the docs' 32-hex "
        "GUIDs"
    ),
)

WAITER: Final = Waiter(
    acceptors=(
        Acceptor("success", path="status", equals=("completed",)),
        Acceptor("failure", path="status", equals=("error",)),
    ),
    policy=WaitPolicy(
        max_wait=660.0, backoff=Backoff(first=2.0, min=1.5, max=4.0, factor=1.2, jitter=0.2)
    ),
    status_field="status",
    percent="progress",
    retry_statuses=frozenset([429, 500, 502, 503, 504]),
    max_requests=None,
    result_lifetime=None,
    task_id=TASK_ID,
)

D = TypeVar("D")


class TaskFields:
    """Every field of a Task but ``data``, read from its ``task``."""

    __slots__ = ()
    task: Task

    @property
    def id(self) -> str:
        """The Task's ``id``."""
        return self.task.id

    @property
    def status(self) -> TaskStatus:
        """The Task's ``status``."""
        return self.task.status

    @property
    def progress(self) -> float:
        """Percent done, a float rounded to 2 decimals (the docs say integer)."""
        return self.task.progress

    @property
    def started(self) -> int | None:
        """Unix time the task was created (absent from the Gen B examples)."""
        return self.task.started

    @property
    def finished(self) -> int | None:
        """Unix time the task ended; 0 while running."""
        return self.task.finished

    @property
    def message(self) -> str | None:
        """ "Command Completed", "Error Occured", or a progress note."""
        return self.task.message


@attrs.frozen
class CompletedTask(TaskFields, Generic[D]):
    """A finished Task: its ``data`` structured as the task's type,
    or a wait's ``result_type=``, says."""

    #: The Task exactly as the last poll decoded it (``data`` raw).
    task: Task
    data: D


@attrs.frozen(kw_only=True)
class StartedTask(TaskFields, Started[str, D]):
    """A Task just started: ``wait()`` on it returns a ``CompletedTask[D]``."""

    #: The Task the call that started the task answered.
    task: Task

    @classmethod
    def of(cls, task: Task, result_type: type[D]) -> StartedTask[D]:
        """``task``, whose finished result is structured as ``result_type``."""
        return cls(task_id=task.id, result_type=result_type, task=task)

    @property
    def data(self) -> dict[str, Any] | str | Unset | None:
        """Null/counter string while running, result, or TaskErrorData."""
        return self.task.data


class Waits:
    """The typed forms of a client's ``wait``, ``wait_many`` and ``task``.

    A started task, or an id with ``result_type=D``, gives a ``CompletedTask[D]``;
    an id alone gives ``CompletedTask[dict[str, Any] | str | None]``.
    Only a type checker reads these; the client's base class implements them.
    """

    if TYPE_CHECKING:

        @overload
        def wait(
            self,
            task: Started[str, D],
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> CompletedTask[D]: ...

        @overload
        def wait(
            self,
            task: str,
            *,
            result_type: type[D],
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> CompletedTask[D]: ...

        @overload
        def wait(
            self,
            task: str,
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> CompletedTask[dict[str, Any] | str | None]: ...

        @overload
        def wait(
            self,
            task: str | Started[str, Any],
            *,
            result_type: type[Any] | None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> CompletedTask[Any]: ...

        def wait(self, *args: Any, **kwargs: Any) -> Any: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[Started[str, D]],
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[str, CompletedTask[D] | TaskpollError]]: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[str],
            *,
            result_type: type[D],
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[str, CompletedTask[D] | TaskpollError]]: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[str],
            *,
            result_type: None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[str, CompletedTask[dict[str, Any] | str | None] | TaskpollError]]: ...

        @overload
        def wait_many(
            self,
            tasks: Iterable[str | Started[str, Any]],
            *,
            result_type: type[Any] | None = None,
            max_wait: float | None = None,
            on_progress: Callable[[PollEvent[str, Task]], Any] | None = None,
            cancel: threading.Event | None = None,
            policy: WaitPolicy | None = None,
            timing: Timing | None = None,
            store: str | os.PathLike[str] | StateStore | None = None,
            max_in_flight: int = ...,
            **renamed: Unpack[RenamedWaitArgs],
        ) -> Iterator[tuple[str, CompletedTask[Any] | TaskpollError]]: ...

        def wait_many(self, *args: Any, **kwargs: Any) -> Any: ...

        @overload
        def task(
            self, task: Started[str, D], *, result_type: None = None
        ) -> TaskHandle[str, CompletedTask[D]]: ...

        @overload
        def task(self, task: str, *, result_type: type[D]) -> TaskHandle[str, CompletedTask[D]]: ...

        @overload
        def task(
            self, task: str, *, result_type: None = None
        ) -> TaskHandle[str, CompletedTask[dict[str, Any] | str | None]]: ...

        @overload
        def task(
            self, task: str | Started[str, Any], *, result_type: type[Any] | None = None
        ) -> TaskHandle[str, CompletedTask[Any]]: ...

        def task(self, *args: Any, **kwargs: Any) -> Any: ...

# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 0c9e588f631ff627); regenerate with `make generate`.
"""CloudCoin task API: one method per operation of specs/cloudcoin.openapi.yaml."""

from __future__ import annotations

from typing import ClassVar

from ..._http.transport import Timeout
from ..._wire.codec import Codec, JsonCodec
from ..._wire.session import Session, answer
from .errors import ERRORS
from .models import (
    BackupRequest,
    BackupResult,
    DetectItem,
    DetectRequest,
    EchoResult,
    JoinRequest,
    Task,
    TaskEnvelope,
)
from .waiter import TASK_ID, WAITER, StartedTask


class CloudcoinApi:
    """CloudCoin task API operations, typed.  Transport, codec and errors come from the session.

    ``validate=False`` skips the spec's patterns, lengths and ranges on path
    parameters (types are still checked), for a server that accepts more than
    its spec says.
    """

    DEFAULT_BASE_URL: ClassVar[str] = "http://localhost:8004"
    #: Per-request time limits unless a client is given others.
    DEFAULT_TIMEOUT: ClassVar[Timeout] = Timeout(connect=5.0, read=20.0, total=30.0)
    #: How request bodies are written and responses read.
    CODEC: ClassVar[Codec] = JsonCodec()

    def __init__(
        self,
        session: Session,
        *,
        validate: bool = True,
    ) -> None:
        self._session = session
        self.validate = validate

    def __repr__(self) -> str:
        return f"CloudcoinApi({self._session!r})"

    def get_task_v1(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> Task:
        """A task's state (Gen A route).

        ``GET /api/v1/task/{id}``.
        Returns the answer's ``payload``.
        Its percent is kept in 0-100 (clamped, with a warning).
        ``timeout`` caps this request's total time in seconds.
        """
        TASK_ID.check(id, facets=self.validate)
        response = self._session.call(
            "GET",
            "/api/v1/task/{id}",
            TaskEnvelope,
            path_params={
                "id": id,
            },
            timeout=timeout,
            task_id=id,
            errors=ERRORS,
        )
        return WAITER.clamped(answer(response, ("payload",), Task, task_id=id), id)

    def get_task(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> Task:
        """A task's state (Gen B route).

        ``GET /api/v1/tasks/{id}``.
        Returns the answer's ``payload``.
        Its percent is kept in 0-100 (clamped, with a warning).
        ``timeout`` caps this request's total time in seconds.
        """
        TASK_ID.check(id, facets=self.validate)
        response = self._session.call(
            "GET",
            "/api/v1/tasks/{id}",
            TaskEnvelope,
            path_params={
                "id": id,
            },
            timeout=timeout,
            task_id=id,
            errors=ERRORS,
        )
        return WAITER.clamped(answer(response, ("payload",), Task, task_id=id), id)

    def get_task_status(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> Task:
        """A task's state (Gen B alias, as the docs literally write it).

        ``GET /get-task-status/{id}``.
        Returns the answer's ``payload``.
        Its percent is kept in 0-100 (clamped, with a warning).
        ``timeout`` caps this request's total time in seconds.
        """
        TASK_ID.check(id, facets=self.validate)
        response = self._session.call(
            "GET",
            "/get-task-status/{id}",
            TaskEnvelope,
            path_params={
                "id": id,
            },
            timeout=timeout,
            task_id=id,
            errors=ERRORS,
        )
        return WAITER.clamped(answer(response, ("payload",), Task, task_id=id), id)

    def get_task_status_v1(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> Task:
        """A task's state (Gen B alias, read relative to /api/v1 like the page title).

        ``GET /api/v1/get-task-status/{id}``.
        Returns the answer's ``payload``.
        Its percent is kept in 0-100 (clamped, with a warning).
        ``timeout`` caps this request's total time in seconds.
        """
        TASK_ID.check(id, facets=self.validate)
        response = self._session.call(
            "GET",
            "/api/v1/get-task-status/{id}",
            TaskEnvelope,
            path_params={
                "id": id,
            },
            timeout=timeout,
            task_id=id,
            errors=ERRORS,
        )
        return WAITER.clamped(answer(response, ("payload",), Task, task_id=id), id)

    def echo(
        self,
        *,
        timeout: float | None = None,
    ) -> Task:
        """Start an echo of the 25 RAIDA servers; the task's data is an EchoResult.

        ``GET /api/v1/echo``.
        Returns the answer's ``payload``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "GET",
            "/api/v1/echo",
            TaskEnvelope,
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("payload",), Task)

    def detect(
        self,
        *,
        items: list[DetectItem],
        fix: bool | None = None,
        timeout: float | None = None,
    ) -> Task:
        """Start authenticating coin files; the task's data is a HealthResult.

        ``POST /api/v1/detect`` with a ``DetectRequest`` body.
        Returns the answer's ``payload``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/v1/detect",
            TaskEnvelope,
            body=DetectRequest(
                items=items,
                fix=fix,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("payload",), Task)

    def backup(
        self,
        *,
        name: str,
        folder: str,
        tag: str | None = None,
        timeout: float | None = None,
    ) -> Task:
        """Start backing up a wallet; the task's data is a BackupResult.

        ``POST /api/v1/backup`` with a ``BackupRequest`` body.
        Returns the answer's ``payload``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/v1/backup",
            TaskEnvelope,
            body=BackupRequest(
                name=name,
                folder=folder,
                tag=tag,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("payload",), Task)

    def join(
        self,
        *,
        name: str,
        timeout: float | None = None,
    ) -> Task:
        """Start joining a wallet's coins; the task's data is the string "OK".

        ``POST /api/v1/join`` with a ``JoinRequest`` body.
        Returns the answer's ``payload``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/v1/join",
            TaskEnvelope,
            body=JoinRequest(
                name=name,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("payload",), Task)


class ClientCommands:
    """The operations a hand-written client offers as they are (``x-taskpoll-client``).

    A mixin: the client sets ``operations``, its CloudcoinApi.
    """

    operations: CloudcoinApi

    def echo(
        self,
        *,
        timeout: float | None = None,
    ) -> StartedTask[EchoResult]:
        """Start an echo of the 25 RAIDA servers; the task's data is an EchoResult."""
        reply = self.operations.echo(
            timeout=timeout,
        )
        return StartedTask.of(reply, EchoResult)

    def backup(
        self,
        name: str,
        folder: str,
        *,
        tag: str | None = None,
        timeout: float | None = None,
    ) -> StartedTask[BackupResult]:
        """Start backing up a wallet; the task's data is a BackupResult."""
        reply = self.operations.backup(
            name=name,
            folder=folder,
            tag=tag,
            timeout=timeout,
        )
        return StartedTask.of(reply, BackupResult)

    def join(
        self,
        name: str,
        *,
        timeout: float | None = None,
    ) -> StartedTask[str]:
        """Start joining a wallet's coins; the task's data is the string "OK"."""
        reply = self.operations.join(
            name=name,
            timeout=timeout,
        )
        return StartedTask.of(reply, str)

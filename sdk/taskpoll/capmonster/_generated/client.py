# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 acaa533075bbcee8); regenerate with `make generate`.
"""CapMonster Cloud: one method per operation of specs/capmonster.openapi.yaml."""

from __future__ import annotations

from typing import Any, ClassVar

from ..._http.transport import Timeout
from ..._secret import Secret
from ..._wire.codec import Codec, JsonCodec
from ..._wire.session import Session
from .errors import ERRORS
from .models import (
    CreateTaskRequest,
    CreateTaskResponse,
    GetBalanceRequest,
    GetBalanceResponse,
    GetTaskResultRequest,
    GetTaskResultResponse,
    TaskRequest,
)


class CapmonsterApi:
    """CapMonster Cloud operations, typed.  Transport, codec and errors come from the session.

    ``client_key`` (a write-only field: the API key) fills that field of every request.
    """

    DEFAULT_BASE_URL: ClassVar[str] = "https://api.capmonster.cloud"
    #: Per-request time limits unless a client is given others.
    DEFAULT_TIMEOUT: ClassVar[Timeout] = Timeout(connect=5.0, read=20.0, total=30.0)
    #: How request bodies are written and responses read.
    CODEC: ClassVar[Codec] = JsonCodec()

    def __init__(
        self,
        session: Session,
        *,
        client_key: Secret,
    ) -> None:
        self._session = session
        self._client_key = client_key

    def __repr__(self) -> str:
        return f"CapmonsterApi({self._session!r})"

    def create_task(
        self,
        *,
        task: TaskRequest | dict[str, Any],
        callback_url: str | None = None,
        soft_id: int | None = None,
        timeout: float | None = None,
    ) -> CreateTaskResponse:
        """Create a recognition task.

        ``POST /createTask`` with a ``CreateTaskRequest`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/createTask",
            CreateTaskResponse,
            body=CreateTaskRequest(
                client_key=self._client_key.reveal(),
                task=task,
                callback_url=callback_url,
                soft_id=soft_id,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

    def get_task_result(
        self,
        *,
        task_id: int,
        timeout: float | None = None,
    ) -> GetTaskResultResponse:
        """Poll a task's result (at most 120 requests per task).

        ``POST /getTaskResult`` with a ``GetTaskResultRequest`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/getTaskResult",
            GetTaskResultResponse,
            body=GetTaskResultRequest(
                client_key=self._client_key.reveal(),
                task_id=task_id,
            ),
            timeout=timeout,
            task_id=str(task_id),
            errors=ERRORS,
        )

    def get_balance(
        self,
        *,
        timeout: float | None = None,
    ) -> GetBalanceResponse:
        """Read the account balance.

        ``POST /getBalance`` with a ``GetBalanceRequest`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/getBalance",
            GetBalanceResponse,
            body=GetBalanceRequest(
                client_key=self._client_key.reveal(),
            ),
            timeout=timeout,
            errors=ERRORS,
        )


class ClientCommands:
    """The operations a hand-written client offers as they are (``x-taskpoll-client``).

    A mixin: the client sets ``operations``, its CapmonsterApi.
    """

    operations: CapmonsterApi

    def get_balance(
        self,
        *,
        timeout: float | None = None,
    ) -> GetBalanceResponse:
        """Read the account balance."""
        return self.operations.get_balance(
            timeout=timeout,
        )

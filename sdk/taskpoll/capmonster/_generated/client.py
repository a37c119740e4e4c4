# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 84be9912040bbff8); regenerate with `make generate`.
"""CapMonster Cloud: one method per operation of specs/capmonster.openapi.yaml."""

from __future__ import annotations

from typing import Any, Final

from ...session import Session
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
    """CapMonster Cloud operations, typed.  Transport, codec and errors come from the session."""

    DEFAULT_BASE_URL: Final = "https://api.capmonster.cloud"

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"CapmonsterApi({self._session!r})"

    def create_task(
        self,
        *,
        client_key: str,
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
                client_key=client_key,
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
        client_key: str,
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
                client_key=client_key,
                task_id=task_id,
            ),
            timeout=timeout,
            task_id=str(task_id),
            errors=ERRORS,
        )

    def get_balance(
        self,
        *,
        client_key: str,
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
                client_key=client_key,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

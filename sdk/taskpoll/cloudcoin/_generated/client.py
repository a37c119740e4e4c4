# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 e1e236f68c972a03); regenerate with `make generate`.
"""CloudCoin task API: one method per operation of specs/cloudcoin.openapi.yaml."""

from __future__ import annotations

from typing import Final

from ...session import Session
from .errors import ERRORS
from .models import (
    BackupRequest,
    DetectItem,
    DetectRequest,
    JoinRequest,
    TaskEnvelope,
)


class CloudcoinApi:
    """CloudCoin task API operations, typed.  Transport, codec and errors come from the session."""

    DEFAULT_BASE_URL: Final = "http://localhost:8004"

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"CloudcoinApi({self._session!r})"

    def get_task_v1(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """A task's state (Gen A route).

        ``GET /api/v1/task/{id}``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
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

    def get_task(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """A task's state (Gen B route).

        ``GET /api/v1/tasks/{id}``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
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

    def get_task_status(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """A task's state (Gen B alias, as the docs literally write it).

        ``GET /get-task-status/{id}``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
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

    def get_task_status_v1(
        self,
        id: str,
        *,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """A task's state (Gen B alias, read relative to /api/v1 like the page title).

        ``GET /api/v1/get-task-status/{id}``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
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

    def echo(
        self,
        *,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """Start an echo of the 25 RAIDA servers; the task's data is an EchoResult.

        ``GET /api/v1/echo``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "GET",
            "/api/v1/echo",
            TaskEnvelope,
            timeout=timeout,
            errors=ERRORS,
        )

    def detect(
        self,
        *,
        items: list[DetectItem],
        fix: bool | None = None,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """Start authenticating coin files; the task's data is a HealthResult.

        ``POST /api/v1/detect`` with a ``DetectRequest`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
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

    def backup(
        self,
        *,
        name: str,
        folder: str,
        tag: str | None = None,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """Start backing up a wallet; the task's data is a BackupResult.

        ``POST /api/v1/backup`` with a ``BackupRequest`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
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

    def join(
        self,
        *,
        name: str,
        timeout: float | None = None,
    ) -> TaskEnvelope:
        """Start joining a wallet's coins; the task's data is the string "OK".

        ``POST /api/v1/join`` with a ``JoinRequest`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/v1/join",
            TaskEnvelope,
            body=JoinRequest(
                name=name,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

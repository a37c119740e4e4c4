# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 168d337bb0eb80fb); regenerate with `make generate`.
from __future__ import annotations

from typing import Any

import attrs

from ...codec import UNSET, OpenIntEnum, OpenStrEnum, Unset


class ErrorId(OpenIntEnum):
    """0 means success, 1 means an error described by errorCode."""

    OK = 0
    ERROR = 1


class TaskStatus(OpenStrEnum):
    """Documented as only processing or ready."""

    PROCESSING = "processing"
    READY = "ready"


@attrs.define(kw_only=True)
class CreateTaskRequest:
    #: Account key (secret).
    client_key: str = attrs.field(metadata={"wire": "clientKey"}, repr=False)
    #: The task, with `type` and the type's own parameters.
    task: dict[str, Any] = attrs.field(metadata={"wire": "task"})
    #: URL that receives the result by POST, same body as getTaskResult.
    callback_url: str | None = attrs.field(default=None, metadata={"wire": "callbackUrl"})
    #: Software id (not on the createTask page; the official clients send it).
    soft_id: int | None = attrs.field(default=None, metadata={"wire": "softId"})


@attrs.define(kw_only=True)
class CreateTaskResponse:
    error_id: ErrorId = attrs.field(metadata={"wire": "errorId"})
    error_code: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "errorCode"})
    error_description: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "errorDescription"}
    )
    #: The new task's id; 0 on error.
    task_id: int | None = attrs.field(default=None, metadata={"wire": "taskId"})


@attrs.define(kw_only=True)
class GetTaskResultRequest:
    client_key: str = attrs.field(metadata={"wire": "clientKey"}, repr=False)
    task_id: int = attrs.field(metadata={"wire": "taskId"})


@attrs.define(kw_only=True)
class GetTaskResultResponse:
    error_id: ErrorId = attrs.field(metadata={"wire": "errorId"})
    #: Null while processing, absent once ready.
    error_code: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "errorCode"})
    error_description: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "errorDescription"}
    )
    status: TaskStatus | None = attrs.field(default=None, metadata={"wire": "status"})
    #: The result; its shape depends on the task type.
    solution: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "solution"})


@attrs.define(kw_only=True)
class GetBalanceRequest:
    client_key: str = attrs.field(metadata={"wire": "clientKey"}, repr=False)


@attrs.define(kw_only=True)
class GetBalanceResponse:
    error_id: ErrorId = attrs.field(metadata={"wire": "errorId"})
    error_code: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "errorCode"})
    error_description: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "errorDescription"}
    )
    #: Balance in USD.
    balance: float | None = attrs.field(default=None, metadata={"wire": "balance"})

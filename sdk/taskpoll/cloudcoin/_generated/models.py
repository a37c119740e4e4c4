# generated — do not edit.
# Source: specs/cloudcoin.openapi.yaml (sha256 0c9e588f631ff627); regenerate with `make generate`.
from __future__ import annotations

from typing import Any

import attrs

from ..._wire.models import UNSET, OpenStrEnum, Unset


class EnvelopeStatus(OpenStrEnum):
    """Whether the call itself succeeded; a failed task still comes in a success envelope."""

    SUCCESS = "success"
    ERROR = "error"


@attrs.define(kw_only=True)
class ProgramError:
    """An application error (the server's perror.ProgramError)."""

    code: int = attrs.field(metadata={"wire": "code"})
    message: str = attrs.field(metadata={"wire": "message"})
    details: Any | None = attrs.field(default=None, metadata={"wire": "details"})


class TaskStatus(OpenStrEnum):
    """A task's own status; error means the task failed (its envelope still says success)."""

    RUNNING = "running"
    COMPLETED = "completed"
    ERROR = "error"


@attrs.define(kw_only=True)
class Task:
    """A background task's state."""

    id: str = attrs.field(metadata={"wire": "id"})
    status: TaskStatus = attrs.field(metadata={"wire": "status"})
    #: Percent done, a float rounded to 2 decimals (the docs say integer).
    progress: float = attrs.field(metadata={"wire": "progress"})
    #: Unix time the task was created (absent from the Gen B examples).
    started: int | None = attrs.field(default=None, metadata={"wire": "started"})
    #: Unix time the task ended; 0 while running.
    finished: int | None = attrs.field(default=None, metadata={"wire": "finished"})
    #: "Command Completed", "Error Occured", or a progress note.
    message: str | None = attrs.field(default=None, metadata={"wire": "message"})
    #: Null/counter string while running, result, or TaskErrorData.
    data: dict[str, Any] | str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "data"}
    )


@attrs.define(kw_only=True)
class TaskErrorData:
    """The `data` of a task whose status is error."""

    #: 4104 RAIDA quorum not reached, 4106 task timed out, …
    code: int = attrs.field(metadata={"wire": "code"})
    message: str = attrs.field(metadata={"wire": "message"})
    details: list[Any] | Unset | None = attrs.field(default=UNSET, metadata={"wire": "details"})


@attrs.define(kw_only=True)
class EchoResult:
    """The data of a completed echo task."""

    #: How many of the 25 RAIDA servers answered.
    online: int = attrs.field(metadata={"wire": "online"})
    pownstring: str = attrs.field(metadata={"wire": "pownstring"})
    pownarray: list[int] = attrs.field(metadata={"wire": "pownarray"})
    #: Milliseconds per RAIDA server.
    latencies: list[int] = attrs.field(metadata={"wire": "latencies"})


@attrs.define(kw_only=True)
class CoinResult:
    """One coin of a HealthResult's `Coins`: its `sn`, `pownstring` and `result` (such as
    Authentic)."""

    sn: int = attrs.field(metadata={"wire": "sn"})
    pownstring: str = attrs.field(metadata={"wire": "pownstring"})
    result: str = attrs.field(metadata={"wire": "result"})


@attrs.define(kw_only=True)
class HealthResult:
    """The data of a completed health or detect task (the docs' "Detect task"
    example).  Keys are capitalised: the Go struct has no json tags."""

    total_coins: int = attrs.field(metadata={"wire": "TotalCoins"})
    total_checked_coins: int = attrs.field(metadata={"wire": "TotalCheckedCoins"})
    total_authentic: int = attrs.field(metadata={"wire": "TotalAuthentic"})
    total_fracked: int = attrs.field(metadata={"wire": "TotalFracked"})
    total_counterfeit: int = attrs.field(metadata={"wire": "TotalCounterfeit"})
    total_limbo: int = attrs.field(metadata={"wire": "TotalLimbo"})
    total_errors: int = attrs.field(metadata={"wire": "TotalErrors"})
    total_already_fracked: int | None = attrs.field(
        default=None, metadata={"wire": "TotalAlreadyFracked"}
    )
    #: In the docs, not in the 2022 source.
    total_already_limbo: int | None = attrs.field(
        default=None, metadata={"wire": "TotalAlreadyLimbo"}
    )
    details: Any | None = attrs.field(default=None, metadata={"wire": "Details"})
    coins: list[CoinResult] | Unset | None = attrs.field(default=UNSET, metadata={"wire": "Coins"})


@attrs.define(kw_only=True)
class BackupResult:
    """The data of a completed backup task (capitalised keys, as sent)."""

    total_coins: int = attrs.field(metadata={"wire": "TotalCoins"})
    file_name: str = attrs.field(metadata={"wire": "FileName"})


@attrs.define(kw_only=True)
class DetectItem:
    #: Path of a coin file on the server's machine.
    data: str = attrs.field(metadata={"wire": "data"})


@attrs.define(kw_only=True)
class BackupRequest:
    #: Wallet name.
    name: str = attrs.field(metadata={"wire": "name"})
    #: Folder to write the backup to.
    folder: str = attrs.field(metadata={"wire": "folder"})
    tag: str | None = attrs.field(default=None, metadata={"wire": "tag"})


@attrs.define(kw_only=True)
class JoinRequest:
    #: Wallet name.
    name: str = attrs.field(metadata={"wire": "name"})


@attrs.define(kw_only=True)
class TaskEnvelope:
    """Every answer; `payload` is a Task on success and a ProgramError on error."""

    payload: Task | ProgramError = attrs.field(metadata={"wire": "payload"})
    status: EnvelopeStatus = attrs.field(metadata={"wire": "status"})


@attrs.define(kw_only=True)
class DetectRequest:
    #: The coin files to check (Gen B docs).
    items: list[DetectItem] = attrs.field(metadata={"wire": "items"})
    #: Also fix fracked coins.
    fix: bool | None = attrs.field(default=None, metadata={"wire": "fix"})

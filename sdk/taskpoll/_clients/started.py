"""A task an API call just started, carrying the type its wait's result will have.

``client.wait(started)`` needs no ``result_type=``: the started task knows it,
both at run time (``result_type``) and to a type checker (``D``), so a typed
request gives a typed result with no cast.  Each API's client returns a
subclass that also holds the answer that started the task (CapMonster's
``CreatedTask``, CloudCoin's generated ``StartedTask``).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Generic, TypeVar

import attrs

__all__ = ["Started", "unpack"]

K = TypeVar("K", bound=Hashable)
D = TypeVar("D")


@attrs.frozen(kw_only=True)
class Started(Generic[K, D]):
    """A started task: its id, and what a wait on it structures the result as."""

    #: The task's id, as the API's status operation takes it.
    task_id: K
    #: The model the finished task's result is structured as; ``None`` keeps
    #: the API's raw JSON (a task started from a dict).
    result_type: type[D] | None = attrs.field(default=None, repr=False)


def unpack(task: K | Started[K, Any]) -> tuple[K, type[Any] | None]:
    """The id of ``task`` (an id or a started task) and the result type it carries."""
    if isinstance(task, Started):
        return task.task_id, task.result_type
    return task, None

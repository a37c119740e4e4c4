"""Kinds of task told apart by a tag: each accepted name's request and result model.

A spec's ``x-taskpoll-task-types`` is generated into a :class:`TaskTypes`
(CapMonster's ``TASK_TYPES``).  The client reads it to know what a typed
request solves to; the emulator reads it to accept the same names and to
answer each with its type's documented result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

from .models import CONVERTER, explain

__all__ = ["Solves", "TaskType", "TaskTypes"]

S_co = TypeVar("S_co", covariant=True)


class Solves(Generic[S_co]):
    """The base of a task request model whose finished task's result is an
    ``S_co`` (the spec's ``x-taskpoll-solution``): what lets
    ``create_task(TurnstileTask(...))`` type its wait's result as a
    ``TurnstileSolution``.  It adds nothing at run time."""

    __slots__ = ()


@attrs.frozen
class TaskType:
    """One task type: its request model, its result model, a documented result."""

    request: type
    result: type
    example: Mapping[str, Any] = attrs.field(repr=False)


@attrs.frozen
class TaskTypes:
    """Every accepted tag value (``type`` name) and the :class:`TaskType` it stands for."""

    tag: str
    types: Mapping[str, TaskType]

    def named(self, name: object) -> TaskType | None:
        """The type a tag value names, or ``None`` for a name the spec does not list."""
        return self.types.get(name) if isinstance(name, str) else None

    def of(self, task: object) -> TaskType | None:
        """The type of a request: a model (checked against its own names) or a dict."""
        if isinstance(task, Mapping):
            return self.named(task.get(self.tag))
        name = getattr(task, self.tag, None)
        found = self.named(name)
        if found is None or found.request is not type(task):
            names = sorted(n for n, t in self.types.items() if t.request is type(task))
            if not names:
                raise TypeError(f"{type(task).__name__} is not a task request model")
            raise ValueError(
                f"{type(task).__name__}.{self.tag} must be one of {names}, not {name!r}"
            )
        return found

    def parse(self, task: Mapping[str, Any]) -> object:
        """A request dict as its type's model (``ValueError``: unknown type or bad fields)."""
        found = self.named(task.get(self.tag))
        if found is None:
            raise ValueError(f"unknown {self.tag} {task.get(self.tag)!r}")
        try:
            return CONVERTER.structure(task, found.request)
        except Exception as exc:
            raise ValueError(f"not a valid {task[self.tag]}: {explain(exc)}") from None

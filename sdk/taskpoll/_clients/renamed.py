"""Keyword arguments renamed in taskpoll 0.2, still taken for one release.

A wait's length is ``max_wait`` (``timeout`` is a request's), and where its
state is saved is a ``store`` (``state`` is the saved wait itself):
https://taskpoll.readthedocs.io/architecture/#vocabulary.  The old names warn with a
:class:`DeprecationWarning` and go in 0.3.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import Any, TypedDict, TypeVar

from .._durable.store import StateStore

__all__ = ["RenamedWaitArgs", "take"]

V = TypeVar("V")


class RenamedWaitArgs(TypedDict, total=False):
    """The old names a wait still takes."""

    #: Now ``max_wait``.
    timeout: float | None
    #: Now ``store``.
    state: str | os.PathLike[str] | StateStore | None


def take(
    given: Mapping[str, Any],
    old: str,
    new: str,
    value: V,
    *,
    known: tuple[str, ...] = ("timeout", "state"),
) -> V:
    """``value`` (passed as ``new``), or what was passed under the ``old`` name,
    with a warning pointing at the caller's caller; ``TypeError`` for both, or
    for a keyword that is not one of the call's ``known`` old names."""
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    if old not in given:
        return value
    if value is not None:
        raise TypeError(f"{new}= and its old name {old}= were both given")
    warnings.warn(
        f"{old}= is deprecated; use {new}= (renamed in taskpoll 0.2)",
        DeprecationWarning,
        stacklevel=3,
    )
    renamed: V = given[old]
    return renamed

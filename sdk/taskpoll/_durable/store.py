"""Where waits in progress are saved, so that a restarted process resumes them.

A :class:`StateStore` keeps :class:`~taskpoll.state.WaitState` values (on
the wall clock) by API and task id.  :class:`FileStore` is one JSON file,
rewritten whole and atomically (a temporary file beside it, flushed, then
renamed over it) after every poll, so a process killed at any moment leaves
either the old document or the new one, never half of one.  A wait that
ends is removed from the store.

A file that is not a taskpoll state document, is truncated or corrupt, or
was written by a newer taskpoll raises :class:`~taskpoll.errors.StateError`
naming the file: a wait never silently starts afresh over lost counts.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Final, Protocol

from .._waiting.state import FORMAT, VERSION, WaitState, check_version
from ..errors import StateError

__all__ = ["FileStore", "Saving", "StateStore", "store_for"]

#: The ``format`` of a file of several states.
FILE_FORMAT: Final = "taskpoll.wait-states"
_MAX_FILE: Final = 64 << 20


class StateStore(Protocol):
    """Saved waits, by API and task id."""

    def load(self) -> list[WaitState]:
        """Every saved wait (an empty list when there are none)."""
        ...

    def save(self, states: Iterable[WaitState]) -> None:
        """Replace what is saved with ``states``, atomically."""
        ...


class FileStore:
    """Waits in progress in one JSON file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path: Final = Path(path)

    def __repr__(self) -> str:
        return f"FileStore({str(self.path)!r})"

    def load(self) -> list[WaitState]:
        """From the file: ``[]`` when it is missing, one for a lone :meth:`WaitState.to_json`
        document; :class:`~taskpoll.errors.StateError` if it is unreadable, damaged or newer."""
        try:
            with self.path.open("rb") as file:
                raw = file.read(_MAX_FILE + 1)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StateError(f"{self.path}: cannot read the state file: {exc.strerror}") from None
        if len(raw) > _MAX_FILE:
            raise StateError(f"{self.path}: too large to be a taskpoll state file")
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            raise StateError(
                f"{self.path}: not a taskpoll state file (truncated or corrupt JSON)"
            ) from None
        if not isinstance(document, dict) or document.get("format") not in (FILE_FORMAT, FORMAT):
            raise StateError(f"{self.path}: not a taskpoll state file")
        if document.get("format") == FORMAT:  # a single state, as WaitState.to_json writes
            return [WaitState.from_document(document, source=str(self.path))]
        check_version(document, str(self.path))
        waits = document.get("waits")
        if not isinstance(waits, list):
            raise StateError(f"{self.path}: a damaged state file (no list of waits)")
        return [WaitState.from_document(wait, source=str(self.path)) for wait in waits]

    def save(self, states: Iterable[WaitState]) -> None:
        """Rewrite the whole file atomically (a flushed temporary file renamed over it);
        :class:`~taskpoll.errors.StateError` if it cannot be written."""
        documents = [json.loads(state.to_json()) for state in states]
        text = json.dumps({"format": FILE_FORMAT, "version": VERSION, "waits": documents}, indent=1)
        directory = self.path.parent
        try:
            directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=directory)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(text)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as exc:
            raise StateError(f"{self.path}: cannot save the wait state: {exc.strerror}") from None


def store_for(state: str | os.PathLike[str] | StateStore) -> StateStore:
    """``state`` as a store: a path names a :class:`FileStore`."""
    if isinstance(state, str | os.PathLike):
        return FileStore(state)
    return state


class Saving:
    """The waits of one call, loaded from a store and saved after every poll.

    States go to the store on the wall clock and come back on the
    scheduler's: ``offset`` is the wall clock minus the scheduler's.
    Saved waits of other APIs and tasks are kept as they are.
    """

    def __init__(self, store: StateStore, api: str, offset: float) -> None:
        self._store = store
        self._api = api
        self._offset = offset
        self._states = {(s.api, _key(s.task_id)): s for s in store.load()}

    def resume(self, task_id: Hashable) -> WaitState | None:
        saved = self._states.get((self._api, _key(task_id)))
        if saved is None:
            return None
        return saved.shifted(-self._offset)

    def polled(self, state: WaitState) -> None:
        self._states[(state.api, _key(state.task_id))] = state.shifted(self._offset)
        self._store.save(self._states.values())

    def ended(self, task_id: Hashable) -> None:
        if self._states.pop((self._api, _key(task_id)), None) is not None:
            self._store.save(self._states.values())


def _key(task_id: Hashable) -> str:
    return str(task_id)  # "7654321" on the command line is CapMonster's 7654321

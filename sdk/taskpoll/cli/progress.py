"""Waiting progress on stderr: a bar redrawn in place on a terminal, plain
log lines anywhere else (a file, a pipe, CI logs), so that neither carriage
returns nor escape codes end up in a log.

Memory and time per update are constant: the display keeps one small entry
per task and running totals, never a history, and redraws the bar at most
ten times a second however many tasks report.
"""

from __future__ import annotations

import collections
import os
import shutil
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Final, TextIO

__all__ = ["Progress"]

BAR_WIDTH: Final = 24
REDRAW_EVERY: Final = 0.1
CLEAR_LINE: Final = "\r\x1b[K"


def _elapsed(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m{rest:02d}s"


class Progress:
    """Tracks the tasks of one wait and shows where they are."""

    def __init__(
        self,
        stream: TextIO,
        task_ids: Iterable[Hashable],
        *,
        tty: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._tty = tty
        self._clock = clock
        self._start = clock()
        self._last_draw = float("-inf")
        self._drawn = False
        # task id -> (percent or None, state, finished)
        self._tasks: dict[Hashable, tuple[float | None, str, bool]] = {
            task_id: (None, "waiting", False) for task_id in task_ids
        }
        self._states: collections.Counter[str] = collections.Counter({"waiting": len(self._tasks)})
        self._percent_sum = 0.0
        self._reports_percent = False
        self._done = 0

    @property
    def elapsed(self) -> float:
        return self._clock() - self._start

    def polled(self, task_id: Hashable, percent: float | None, state: str) -> None:
        """A poll of ``task_id`` said ``state`` (and ``percent`` where the API reports it)."""
        self._set(task_id, percent, state, finished=False)

    def finished(self, task_id: Hashable, state: str, *, ok: bool) -> None:
        """``task_id`` ended with ``state`` (``ok``: it succeeded, and counts as 100%);
        later reports of it are ignored."""
        self._set(task_id, 100.0 if ok else None, state, finished=True)

    def tick(self) -> None:
        """Time passed without a poll: keep the elapsed time on the bar current."""
        if self._tty:
            self._draw()

    def clear(self) -> None:
        """Take the bar off the terminal, before something else writes a line there."""
        if self._tty and self._drawn:
            self._stream.write(CLEAR_LINE)
            self._stream.flush()
            self._drawn = False
            self._last_draw = float("-inf")

    def close(self) -> None:
        """Show the final state; on a terminal, leave the bar's last frame on its own line."""
        if self._tty:
            self._draw(force=True)
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False

    # -- internals -------------------------------------------------------

    def _set(self, task_id: Hashable, percent: float | None, state: str, *, finished: bool) -> None:
        old_percent, old_state, was_finished = self._tasks.get(task_id, (None, "waiting", False))
        if was_finished:
            return
        if percent is not None and not finished:
            self._reports_percent = True
        self._tasks[task_id] = (percent, state, finished)
        self._states[old_state] -= 1
        if not self._states[old_state]:
            del self._states[old_state]
        self._states[state] += 1
        self._percent_sum += (percent or 0.0) - (old_percent or 0.0)
        self._done += finished
        if self._tty:
            self._draw(force=finished and self._done == len(self._tasks))
        elif (percent, state) != (old_percent, old_state) and not (finished and state == old_state):
            shown = f" {percent:.0f}%" if percent is not None and not finished else ""
            self._stream.write(f"taskpoll: {_elapsed(self.elapsed):>6} {task_id} {state}{shown}\n")
            self._stream.flush()

    def _line(self) -> str:
        total = len(self._tasks) or 1
        if self._reports_percent:
            fraction = self._percent_sum / 100.0 / total
        else:
            fraction = self._done / total
        # Running sums of float percentages drift; finished is exactly 1.
        fraction = 1.0 if self._done == total else min(max(fraction, 0.0), 1.0)
        filled = int(fraction * BAR_WIDTH)  # full only when everything is
        parts = [f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}]"]
        if self._reports_percent:
            parts.append(f"{fraction * 100:3.0f}%")
        if len(self._tasks) == 1:
            task_id, (_, state, _) = next(iter(self._tasks.items()))
            parts.insert(0, str(task_id))
            parts.append(state)
        else:
            parts.append(f"{self._done}/{len(self._tasks)} done")
            parts.append(", ".join(f"{s} {n}" for s, n in sorted(self._states.items())))
        parts.append(_elapsed(self.elapsed))
        return "  ".join(parts)

    def _draw(self, *, force: bool = False) -> None:
        now = self._clock()
        if not force and now - self._last_draw < REDRAW_EVERY:
            return
        self._last_draw = now
        try:
            width = os.get_terminal_size(self._stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            width = shutil.get_terminal_size().columns
        line = self._line()
        if len(line) >= width:
            line = line[: max(width - 2, 10)] + "…"
        self._stream.write(CLEAR_LINE + line)
        self._stream.flush()
        self._drawn = True

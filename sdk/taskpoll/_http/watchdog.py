"""A request's deadline over every byte: status line, headers, chunk framing, body.

Socket timeouts bound each ``recv``, not a response: a server that sends one
byte of its status line every half second never trips a one-second read
timeout, and http.client reads the status line, the headers and each
chunk-size line with buffered reads the transport cannot pace.  So each
request is *armed* with its deadline when it is sent, and one daemon thread
shuts down the socket of any request still running at its deadline, which
ends the blocked read at once.  The thread starts on demand and ends after a
few idle seconds; it wakes at most every :data:`RESOLUTION` seconds, so a
request may run up to that much past its deadline.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import socket
import threading
import time
from typing import Any, Final

__all__ = ["RESOLUTION", "Watchdog", "socket_of"]

log: logging.Logger = logging.getLogger("taskpoll.watchdog")

#: Seconds between the watchdog's checks: how late a broken-off request may end.
RESOLUTION: Final = 0.05
_IDLE: Final = 5.0  # seconds with nothing armed before the thread ends


class Watchdog:
    """Breaks off connections whose request outlived its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Condition(threading.Lock())
        self._heap: list[tuple[float, int]] = []
        self._armed: dict[int, tuple[float, Any]] = {}  # token -> (deadline, connection)
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None
        self.fired = 0

    def arm(self, connection: Any, deadline: float) -> int:
        """Watch ``connection`` until :meth:`disarm`; returns the token to disarm with."""
        with self._lock:
            token = next(self._tokens)
            self._armed[token] = (deadline, connection)
            earliest = not self._heap or deadline < self._heap[0][0]
            heapq.heappush(self._heap, (deadline, token))
            if len(self._heap) > 64 + 2 * len(self._armed):
                self._heap = [(d, t) for d, t in self._heap if t in self._armed]
                heapq.heapify(self._heap)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="taskpoll-deadline", daemon=True
                )
                self._thread.start()
            elif earliest:
                self._lock.notify()
            return token

    def disarm(self, token: int) -> bool:
        """Stop watching; ``False`` if the deadline had already broken the request off."""
        with self._lock:
            return self._armed.pop(token, None) is not None

    def _run(self) -> None:
        idle_since: float | None = None
        with self._lock:
            while True:
                now = time.monotonic()
                self._fire_due(now)
                if self._armed:
                    idle_since = None
                elif idle_since is None:
                    idle_since = now
                elif now - idle_since >= _IDLE:
                    self._thread = None
                    self._heap.clear()
                    return
                pause = _IDLE if not self._heap else self._heap[0][0] - now
                self._lock.wait(max(RESOLUTION, min(pause, _IDLE)))

    def _fire_due(self, now: float) -> None:
        while self._heap and self._heap[0][0] <= now:
            _, token = heapq.heappop(self._heap)
            entry = self._armed.pop(token, None)
            if entry is not None:
                self.fired += 1
                sock = socket_of(entry[1])
                log.debug("deadline passed: breaking off a request on %r", sock)
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)


def socket_of(connection: Any) -> Any:
    """The socket a connection's request is using: its own, or, once http.client
    handed it to a response that closes the connection, the one it had."""
    return getattr(connection, "sock", None) or getattr(connection, "taskpoll_sock", None)


#: The one watchdog every transport shares.
WATCHDOG: Final = Watchdog()

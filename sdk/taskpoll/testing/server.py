"""The machinery every emulator shares: a threaded loopback HTTP server,
fault injection, a virtual-time clock, and a bounded request log.

An emulator is an :class:`App` (``handle(request) -> Reply``) served by an
:class:`EmulatorServer`.  Faults are applied here, before the app sees the
request, so every emulator supports the same ones.
"""

from __future__ import annotations

import collections
import email.utils
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, Self

import attrs

__all__ = [
    "App",
    "Clock",
    "EmulatorServer",
    "Fault",
    "FaultPlan",
    "LoggedRequest",
    "Reply",
    "Request",
]

log: logging.Logger = logging.getLogger("taskpoll.testing")

MAX_REQUEST_BODY = 1 << 20


class Clock:
    """Monotonic time that tests can move forward (task durations, retention)."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds: :func:`time.monotonic` plus every :meth:`advance` so far."""
        with self._lock:
            return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Move this clock ``seconds`` forward (thread-safe)."""
        with self._lock:
            self._offset += seconds


@attrs.frozen
class Request:
    """One request as an app sees it: ``path`` and ``query`` split at ``?``, the
    headers as sent, the whole body."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes


@attrs.frozen
class Reply:
    """An app's answer: status, body, ``Content-Type`` and any further headers."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: Mapping[str, str] = attrs.field(factory=dict)


class App(Protocol):
    """One emulated API."""

    def handle(self, request: Request) -> Reply:
        """The reply to ``request``, on the request's own thread (so concurrently with
        others); an exception becomes a 500 reply."""
        ...

    def describe(self, request: Request) -> str:
        """A one-line summary of a request for the log, with no secrets in it."""
        ...


@attrs.frozen
class Fault:
    """One injected misbehaviour.

    ``kind`` is one of ``status`` (answer ``status`` with a short body),
    ``rate_limit`` (429 with ``Retry-After``: ``retry_after`` seconds, or an
    HTTP date when ``http_date``), ``slow`` (sleep ``delay`` then answer
    normally), ``drop`` (close the connection without answering),
    ``malformed`` (200 with a body that is not the API's format),
    ``truncated`` (promise more bytes than are sent, then close), ``stall``
    (send headers and half a body, then go silent for ``delay``).
    """

    kind: str
    status: int = 503
    delay: float = 0.0
    retry_after: float = 1.0
    http_date: bool = False
    body: bytes = b'{"errorId": 0, "status": '

    def __attrs_post_init__(self) -> None:
        kinds = {"status", "rate_limit", "slow", "drop", "malformed", "truncated", "stall"}
        if self.kind not in kinds:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(kinds)}")


class FaultPlan:
    """Which requests get which faults: a queue of scripted faults first, then
    random ones at given rates (seeded, so a run can be replayed)."""

    def __init__(self, seed: int = 0) -> None:
        self._queue: collections.deque[Fault] = collections.deque()
        self._rates: list[tuple[float, Fault]] = []
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self.injected: collections.Counter[str] = collections.Counter()
        self.only_paths: tuple[str, ...] = ()

    def next(self, *faults: Fault) -> None:
        """The next requests get these faults, in order."""
        with self._lock:
            self._queue.extend(faults)

    def at_rates(self, rates: Iterable[tuple[float, Fault]], *, paths: Iterable[str] = ()) -> None:
        """From now on each request draws a fault with these probabilities
        (restricted to ``paths`` when given)."""
        with self._lock:
            self._rates = list(rates)
            self.only_paths = tuple(paths)

    def clear(self) -> None:
        """Drop the queued faults and stop drawing random ones; :attr:`injected` keeps
        its counts."""
        with self._lock:
            self._queue.clear()
            self._rates = []

    def draw(self, path: str) -> Fault | None:
        """The fault for the next request to ``path`` (a queued one first, then a random
        one), or ``None``; each drawn fault is counted in :attr:`injected`."""
        with self._lock:
            fault: Fault | None = None
            if self._queue:
                fault = self._queue.popleft()
            elif self._rates and (not self.only_paths or path in self.only_paths):
                roll = self._random.random()
                for rate, candidate in self._rates:
                    if roll < rate:
                        fault = candidate
                        break
                    roll -= rate
            if fault is not None:
                self.injected[fault.kind if fault.kind != "status" else str(fault.status)] += 1
            return fault


@attrs.frozen
class LoggedRequest:
    """One entry of an emulator's log: the ``status`` answered (0: the connection was
    dropped), the app's ``summary`` of the request, and the fault's kind, if any."""

    method: str
    path: str
    status: int
    summary: str
    fault: str | None


#: The status a fault is logged with (``status`` faults carry their own).
_FAULT_STATUS = {"drop": 0, "rate_limit": 429, "malformed": 200, "truncated": 200, "stall": 200}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Buffered so that headers and body leave in one segment: written
    # separately, Nagle's algorithm and the client's delayed ACK hold every
    # keep-alive response back ~40 ms.  handle_one_request flushes.
    wbufsize = 1 << 16
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return  # the emulator keeps its own log, without bodies

    def _serve(self) -> None:
        emulator = self.server.emulator
        length = self.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_REQUEST_BODY):
            self._send(Reply(status=413, body=b""), close=True)
            return
        body = self.rfile.read(int(length)) if length else b""
        emulator.delay()
        path, _, query = self.path.partition("?")
        request = Request(self.command, path, query, dict(self.headers.items()), body)
        fault = emulator.faults.draw(path)
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        elif fault is not None:
            # logged before acting, so a client that sees the fault also sees it logged
            emulator.record(request, _FAULT_STATUS.get(fault.kind, fault.status), fault)
            self._misbehave(fault)
            return
        try:
            reply = emulator.app.handle(request)
        except Exception:
            log.exception("emulator app failed")
            reply = Reply(status=500, body=b"internal emulator error", content_type="text/plain")
        emulator.record(request, reply.status, fault)
        self._send(reply)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def _misbehave(self, fault: Fault) -> None:
        """Answer (or fail to answer) in the fault's way instead of the app's."""
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault.kind == "status":
            self._send(
                Reply(status=fault.status, body=b"Service Unavailable", content_type="text/plain")
            )
        elif fault.kind == "rate_limit":
            when = (
                email.utils.formatdate(time.time() + fault.retry_after, usegmt=True)
                if fault.http_date
                else str(int(fault.retry_after))
            )
            self._send(
                Reply(
                    status=429,
                    body=b"Too Many Requests",
                    content_type="text/plain",
                    headers={"Retry-After": when},
                )
            )
        elif fault.kind == "malformed":
            self._send(Reply(status=200, body=fault.body))
        elif fault.kind in {"truncated", "stall"}:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(fault.body) * 2))
            self.end_headers()
            self.wfile.write(fault.body)
            self.wfile.flush()
            if fault.kind == "stall":
                time.sleep(fault.delay)
            self.close_connection = True

    def _send(self, reply: Reply, *, close: bool = False) -> None:
        self.send_response(reply.status)
        if reply.body or reply.status not in {204, 304}:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(reply.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # a scheduler may open one connection per poll in flight
    emulator: EmulatorServer

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        context = self.emulator.ssl_context
        if context is not None:
            # The handshake is left to the first read, in the connection's own
            # thread, so a client that never completes one can't stall accept().
            sock = context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a client hanging up mid-fault is expected here, not worth a traceback on stderr
        log.debug("connection from %s ended abruptly", client_address, exc_info=True)


class EmulatorServer:
    """Serves an :class:`App` on 127.0.0.1 in a background thread.

    >>> with EmulatorServer(app) as server:     # doctest: +SKIP
    ...     client = Client(base_url=server.url)

    With ``ssl_context`` (a server-side context with a certificate loaded) it
    speaks HTTPS instead; the attribute of that name can also be set after
    construction, before :meth:`start` (the emulator subclasses don't pass it on).
    """

    def __init__(
        self,
        app: App,
        *,
        port: int = 0,
        log_size: int = 1000,
        latency: float = 0.0,
        latency_jitter: float = 0.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.app = app
        self.ssl_context = ssl_context
        self.faults: FaultPlan = FaultPlan()
        self.set_latency(latency, latency_jitter)
        self._latency_random = random.Random(0)
        self.log: collections.deque[LoggedRequest] = collections.deque(maxlen=log_size)
        self.requests: int = 0
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.emulator = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        scheme = "http" if self.ssl_context is None else "https"
        return f"{scheme}://127.0.0.1:{self.port}"

    def __repr__(self) -> str:
        return f"<{type(self.app).__name__} on {self.url}>"

    def set_latency(self, seconds: float, jitter: float = 0.0) -> None:
        """Answer every request ``seconds`` late, ± up to ``jitter`` (a fraction):
        a network's round trip, on loopback."""
        if seconds < 0 or not 0 <= jitter < 1:
            raise ValueError("need latency >= 0 and 0 <= jitter < 1")
        self.latency: float = seconds
        self.latency_jitter: float = jitter

    def delay(self) -> None:
        """Sleep one round trip (on the request's own handler thread)."""
        if self.latency > 0:
            spread = self.latency_jitter * (2 * self._latency_random.random() - 1)
            time.sleep(self.latency * (1 + spread))

    def record(self, request: Request, status: int, fault: Fault | None) -> None:
        """Log one request and count it in :attr:`requests` (thread-safe)."""
        entry = LoggedRequest(
            request.method,
            request.path,
            status,
            self.app.describe(request),
            None if fault is None else fault.kind,
        )
        with self._lock:
            self.requests += 1
            self.log.append(entry)

    def start(self) -> Self:
        """Serve on a background daemon thread (a second call does nothing); returns
        the server."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"emulator-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket, for good."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread (for ``taskpoll emulate``) until :meth:`stop`."""
        self._httpd.serve_forever(poll_interval=0.1)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

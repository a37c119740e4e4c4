"""HTTP on one ``urllib3.PoolManager``: timeouts, a deadline, a size cap.

The transport knows nothing of any API.  It sends bytes and returns a
:class:`Response` whose body was read under a cap, or raises
:class:`~taskpoll.errors.TransportError` /
:class:`~taskpoll.errors.ResponseTooLargeError`.  Only connection failures
(before a byte of the request left) are retried here: a request that may
have reached the server is never resent behind the caller's back, because
``createTask``-style calls are not idempotent.  Polls are retried by the
poller, which knows they are safe.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import re
import socket
import threading
import time
import weakref
from collections.abc import Collection, Mapping
from typing import Any, Final
from urllib.parse import quote, urlsplit

import attrs
import urllib3
from urllib3.connection import HTTPConnection
from urllib3.exceptions import ConnectTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error

from ._version import __version__
from .errors import ResponseTooLargeError, TransportError
from .secret import redact

__all__ = ["Response", "Timeout", "Transport", "quote_path_param"]

log = logging.getLogger("taskpoll.transport")

USER_AGENT: Final = f"taskpoll/{__version__}"
DEFAULT_MAX_BODY: Final = 1 << 20  # 1 MiB: every documented response is a few KiB
_CHUNK: Final = 64 * 1024
_EXCERPT: Final = 200
_MIN_SCRUBBED: Final = 8
# one regex scan instead of a per-character loop: every poll quotes a task id
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")


@attrs.frozen
class Timeout:
    """Per-request time limits, in seconds.

    ``connect`` and ``read`` bound each socket operation; ``total`` bounds the
    whole request, body included, however slowly the server trickles it.
    """

    connect: float = 5.0
    read: float = 30.0
    total: float = 60.0

    def __attrs_post_init__(self) -> None:
        if min(self.connect, self.read, self.total) <= 0:
            raise ValueError("timeouts must be positive")


@attrs.frozen(repr=False)
class Response:
    """A response read whole (under the size cap)."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str
    #: Secrets to scrub from any text derived from this response.
    redactions: tuple[str, ...] = attrs.field(default=(), eq=False)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def excerpt(self, limit: int = _EXCERPT) -> str:
        """The start of the body as text, safe to put in a message or a log."""
        # Redact before cutting: a key straddling the cut would otherwise
        # leave its first half in the excerpt.  Enough bytes for ``limit``
        # characters plus the longest secret, at up to 4 UTF-8 bytes each.
        longest = max((len(secret) for secret in self.redactions), default=0)
        window = self.body[: 4 * (limit + longest)]
        text = redact(window.decode("utf-8", "replace"), self.redactions)
        suffix = "…" if len(text) > limit or len(window) < len(self.body) else ""
        return text[:limit] + suffix

    def retry_after(self, now: float | None = None) -> float | None:
        """``Retry-After`` in seconds (delta or HTTP-date form), or ``None``."""
        return parse_retry_after(self.header("retry-after"), now)

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.url} {self.excerpt(80)!r}>"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def quote_path_param(name: str, value: str | int) -> str:
    """Validate and percent-encode one path segment.

    Rejects what no task id can legitimately be (empty, ``.``/``..``, control
    characters, absurd length) and quotes everything else, ``/`` included, so
    a value can never change the path it is placed in.
    """
    text = str(value)
    if not text or text in {".", ".."} or len(text) > 256:
        raise ValueError(f"invalid {name}: {text[:40]!r}")
    if _CONTROL.search(text):
        raise ValueError(f"invalid {name}: contains control characters")
    return quote(text, safe="")


class Transport:
    """Sends requests to one base URL over one pool of connections."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: Timeout = Timeout(),
        connect_retries: int = 2,
        max_body: int = DEFAULT_MAX_BODY,
        maxsize: int = 10,
        redactions: tuple[str, ...] = (),
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        if parts.query or parts.fragment:
            raise ValueError("base_url must not have a query or fragment")
        self.base_url: Final = base_url.rstrip("/")
        self.timeout: Final = timeout
        self.max_body: Final = max_body
        self._redactions = redactions
        # Only key-sized secrets are scrubbed from bodies: replacing a short one
        # would corrupt ordinary data (a key "k" inside "<package>").  Messages
        # and excerpts are redacted whatever the length.
        self._scrub = tuple(
            secret.encode() for secret in redactions if len(secret) >= _MIN_SCRUBBED
        )
        self._connect_retries = connect_retries
        self._maxsize = maxsize
        self._pool = urllib3.PoolManager(num_pools=4, maxsize=maxsize, block=False)
        # Every connection this transport opened, so that a wait ending early
        # can break off the requests its worker threads have in flight.
        self._opened: weakref.WeakSet[HTTPConnection] = weakref.WeakSet()
        # Requests go straight to the one host's pool: the PoolManager's per-call
        # URL parsing and pool lookup were ~15% of a poll's CPU (docs/benchmarks.md).
        self._prefix = parts.path.rstrip("/")
        self._host_pool: urllib3.HTTPConnectionPool | None = None

    def __repr__(self) -> str:
        return f"Transport({self.base_url!r})"

    def close(self) -> None:
        self._host_pool = None
        self._pool.clear()

    def reserve(self, connections: int) -> None:
        """Pool at least ``connections`` connections: one per request in flight.

        With fewer, urllib3 would open the extra ones and throw them away
        ("Connection pool is full"), paying a new handshake per poll.
        """
        if connections <= self._maxsize:
            return
        self._maxsize = connections
        old = self._pool
        self._pool = urllib3.PoolManager(num_pools=4, maxsize=connections, block=False)
        self._host_pool = None
        old.clear()  # connections in use now are closed when they come back

    def abort(self, threads: Collection[int]) -> None:
        """Break off the requests the given threads are making on this transport.

        Shutting the socket down wakes a thread blocked in a read at once;
        its request ends as a :class:`~taskpoll.errors.TransportError`.
        """
        for conn in list(self._opened):
            sock = getattr(conn, "sock", None)
            if getattr(conn, "taskpoll_thread", None) in threads and sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _connections(self) -> urllib3.HTTPConnectionPool:
        if self._host_pool is None:
            pool = self._pool.connection_from_url(self.base_url)
            pool.ConnectionCls = _tracked(pool.ConnectionCls, self._opened)
            self._host_pool = pool
        return self._host_pool

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Response:
        """Send one request; ``timeout`` (seconds) lowers the total deadline."""
        url = self.base_url + path
        total = self.timeout.total if timeout is None else min(timeout, self.timeout.total)
        deadline = time.monotonic() + max(total, 0.001)
        started = time.monotonic()
        failures = 0
        while True:
            left = max(deadline - time.monotonic(), 0.001)
            try:
                raw = self._connections().urlopen(
                    method,
                    self._prefix + path,
                    body=body,
                    headers=self._headers(headers),
                    retries=False,
                    redirect=False,
                    preload_content=False,
                    timeout=urllib3.Timeout(
                        connect=min(self.timeout.connect, left),
                        read=min(self.timeout.read, left),
                    ),
                )
                break
            except ConnectTimeoutError as exc:  # NewConnectionError included
                # Nothing was sent, so another attempt is safe, but only
                # within this request's time (urllib3's own connect retries
                # gave each attempt the whole timeout: 3 of them tripled it).
                failures += 1
                pause = 0.0 if failures == 1 else 0.2 * 2 ** (failures - 1)
                if failures > self._connect_retries or time.monotonic() + pause >= deadline:
                    raise TransportError(f"{method} {url} failed: {_describe(exc)}") from None
                time.sleep(pause)
            except Urllib3Error as exc:
                raise TransportError(f"{method} {url} failed: {_describe(exc)}") from None
        try:
            payload = self._read_capped(raw, deadline, url)
        except Urllib3Error as exc:
            raw.close()
            raise TransportError(
                f"{method} {url}: reading the body failed: {_describe(exc)}"
            ) from None
        finally:
            raw.release_conn()
        for secret in self._scrub:
            # A server that echoes the key (in an error description, say) must
            # not put it into a decoded model, whose repr a user may log.
            if secret in payload:
                payload = payload.replace(secret, b"***")
        log.debug(
            "%s %s -> %d (%d bytes, %.3fs)",
            method,
            url,
            raw.status,
            len(payload),
            time.monotonic() - started,
        )
        return Response(
            status=raw.status,
            headers={k.lower(): v for k, v in raw.headers.items()},
            body=payload,
            url=url,
            redactions=self._redactions,
        )

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        # urlopen() ignores the pool's default headers whenever headers are given
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if extra:
            headers.update(extra)
        return headers

    def _unread(self, raw: urllib3.BaseHTTPResponse, url: str) -> Response:
        """Status and headers of a response whose body was refused, for the error."""
        return Response(
            status=raw.status,
            headers={k.lower(): v for k, v in raw.headers.items()},
            body=b"",
            url=url,
            redactions=self._redactions,
        )

    def _read_capped(self, raw: urllib3.BaseHTTPResponse, deadline: float, url: str) -> bytes:
        declared = raw.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            raw.close()  # drop the connection: never read (or drain) an oversized body
            raise ResponseTooLargeError(
                f"{url}: response of {declared} bytes exceeds the {self.max_body}-byte cap",
                response=self._unread(raw, url),
            )
        # One recv per read1(), each allowed only the time left: a server that
        # trickles a byte every few seconds would otherwise keep a buffered
        # read (and the caller's deadline) going for as long as it likes.
        sock = getattr(raw.connection, "sock", None)
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raw.close()
                raise TransportError(f"{url}: response body not received within the deadline")
            wanted = min(remaining, self.timeout.read)
            # Each settimeout() is a syscall; skip it while the socket's timeout
            # overshoots the time left by under 10 ms (the common case: the
            # body came with the headers).
            if sock is not None and (sock.gettimeout() or float("inf")) > wanted + 0.01:
                sock.settimeout(wanted)
            chunk = raw.read1(_CHUNK, decode_content=False)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_body:
                raw.close()
                raise ResponseTooLargeError(
                    f"{url}: response exceeds the {self.max_body}-byte cap",
                    response=self._unread(raw, url),
                )
            chunks.append(chunk)


def _tracked(base: type[Any], opened: weakref.WeakSet[HTTPConnection]) -> type[Any]:
    """``base``, recording each connection and the thread sending on it."""

    class Tracked(base):  # type: ignore[misc]
        def request(self, *args: Any, **kwargs: Any) -> None:
            self.taskpoll_thread = threading.get_ident()
            opened.add(self)
            super().request(*args, **kwargs)

    return Tracked


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return f"{type(exc).__name__}: {reason or exc}"

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

import email.utils
import logging
import os
import re
import ssl
import time
from collections.abc import Collection, Mapping
from typing import Final
from urllib.parse import quote, urlsplit, urlunsplit

import attrs
import urllib3
from urllib3.exceptions import ConnectTimeoutError, ProxyError
from urllib3.exceptions import HTTPError as Urllib3Error

from .._secret import EXCERPT, RedactKeys, excerpt, redact, scrubbable
from .._version import __version__
from ..errors import CertificateError, ResponseTooLargeError, TransportError
from .connections import Connections
from .tracing import RequestSpan, RequestTracing
from .watchdog import RESOLUTION, socket_of

__all__ = ["Response", "Timeout", "Transport", "ascii_int", "parse_retry_after", "quote_path_param"]

log: logging.Logger = logging.getLogger("taskpoll.transport")
# urllib3 logs every request line, query included: a key sent there is taken out
logging.getLogger("urllib3.connectionpool").addFilter(RedactKeys())

USER_AGENT: Final = f"taskpoll/{__version__}"
DEFAULT_MAX_BODY: Final = 1 << 20  # 1 MiB: every documented response is a few KiB
_CHUNK: Final = 64 * 1024
_MAX_DIGITS: Final = 18  # more digits than any length or delay can mean
_MAX_HINT: Final = 10**9  # seconds; a wait's deadline ends any longer hint first
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
        """The value of the header ``name``, in any case; ``None`` if it was not sent."""
        return self.headers.get(name.lower())

    def excerpt(self, limit: int = EXCERPT) -> str:
        """The start of the body as text, safe to put in a message or a log."""
        return excerpt(self.body, self.redactions, limit)

    def retry_after(self, now: float | None = None) -> float | None:
        """``Retry-After`` in seconds (delta or HTTP-date form), or ``None``."""
        return parse_retry_after(self.header("retry-after"), now)

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.url} {self.excerpt(80)!r}>"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait, from ``delay-seconds`` or an HTTP-date; ``None`` for
    anything else (a hint is advice: a bad one is ignored, never raised)."""
    if value is None:
        return None
    value = value.strip()
    seconds = ascii_int(value)
    if seconds is not None:
        return float(seconds) if seconds < _MAX_HINT else float(_MAX_HINT)
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when is None or when.tzinfo is None:
            return None
        delay = when.timestamp() - (time.time() if now is None else now)
        return min(max(0.0, delay), float(_MAX_HINT))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # absurd days, years or offsets


def ascii_int(text: str) -> int | None:
    """``text`` as a non-negative decimal integer, or ``None``.

    Only ASCII digits count: ``str.isdigit()`` is also true of "²" and
    "٣", which ``int()`` then refuses or reads as a number no header means.
    """
    if not text or not text.isascii() or not text.isdigit() or len(text) > _MAX_DIGITS:
        return None
    return int(text)


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
    """Sends requests to one base URL over one pool of connections.

    TLS, proxy and pool options are those of
    :class:`~taskpoll.connections.Connections`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: Timeout = Timeout(),
        connect_retries: int = 2,
        max_body: int = DEFAULT_MAX_BODY,
        maxsize: int = 10,
        redactions: tuple[str, ...] = (),
        ca_certs: str | os.PathLike[str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        proxy: str | None = None,
        trust_env: bool = True,
        tracing: RequestTracing | None = None,
    ) -> None:
        self.base_url: Final = _checked_base_url(base_url)
        self._tracing = tracing
        self.timeout: Final = timeout
        self.max_body: Final = max_body
        self._redactions = redactions
        self._scrub = tuple(secret.encode() for secret in scrubbable(redactions))
        self._connect_retries = connect_retries
        self._connections = Connections(
            self.base_url,
            maxsize=maxsize,
            ca_certs=ca_certs,
            ssl_context=ssl_context,
            proxy=proxy,
            trust_env=trust_env,
        )
        self._prefix = urlsplit(self.base_url).path.rstrip("/")

    def __repr__(self) -> str:
        proxy = self._connections.proxy
        return f"Transport({self.base_url!r}" + (f", proxy={proxy.address!r})" if proxy else ")")

    def close(self) -> None:
        """Close the pooled connections (a later request opens new ones)."""
        self._connections.close()

    def reserve(self, connections: int) -> None:
        """Pool at least ``connections`` connections (one per request in flight)."""
        self._connections.reserve(connections)

    def abort(self, threads: Collection[int]) -> None:
        """Break off the requests the given threads are making on this transport."""
        self._connections.abort(threads)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Response:
        """Send one request; ``timeout`` (seconds) lowers the total deadline,
        which covers every byte of the response."""
        url = self.base_url + path
        # what messages, logs, spans and responses show: a key sent in the query is not in it
        shown = redact(url, self._redactions)
        if self._tracing is None:
            return self._request(method, path, url, shown, body, headers, timeout, None)
        with self._tracing.request(method, shown) as span:
            response = self._request(method, path, url, shown, body, headers, timeout, span)
            span.answered(response.status)
            return response

    def _request(  # noqa: PLR0917 (request()'s arguments, passed on)
        self,
        method: str,
        path: str,
        url: str,
        shown: str,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        timeout: float | None,
        span: RequestSpan | None,
    ) -> Response:
        total = self.timeout.total if timeout is None else min(timeout, self.timeout.total)
        started = time.monotonic()
        deadline = started + max(total, 0.001)
        try:
            raw = self._send(
                method, path, url=url, body=body, headers=headers, deadline=deadline, span=span
            )
            try:
                payload = self._read_capped(raw, deadline, shown)
            except (Urllib3Error, OSError) as exc:  # OSError: a socket closed under the read
                raw.close()
                raise self._failure(f"{method} {shown}: reading the body", exc, deadline) from None
            finally:
                raw.release_conn()
        finally:
            in_time = self._connections.finished()
        if not in_time:
            # Broken off mid-body, urllib3 may see a clean end of a chunked body.
            raise TransportError(f"{method} {shown}: no complete response within the deadline")
        for secret in self._scrub:
            # A server that echoes the key (in an error description, say) must
            # not put it into a decoded model, whose repr a user may log.
            if secret in payload:
                payload = payload.replace(secret, b"***")
        log.debug(
            "%s %s -> %d (%d bytes, %.3fs)",
            method,
            shown,
            raw.status,
            len(payload),
            time.monotonic() - started,
        )
        return Response(
            status=raw.status,
            headers={k.lower(): v for k, v in raw.headers.items()},
            body=payload,
            url=shown,
            redactions=self._redactions,
        )

    def _send(
        self,
        method: str,
        path: str,
        *,
        url: str,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        deadline: float,
        span: RequestSpan | None = None,
    ) -> urllib3.BaseHTTPResponse:
        failures = 0
        shown = redact(url, self._redactions)
        while True:
            left = max(deadline - time.monotonic(), 0.001)
            try:
                response: urllib3.BaseHTTPResponse = self._connections.urlopen(
                    method,
                    self._prefix + path,
                    url,
                    deadline,
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
                return response
            except ConnectTimeoutError as exc:  # NewConnectionError included
                # Nothing was sent, so another attempt is safe, but only
                # within this request's time (urllib3's own connect retries
                # gave each attempt the whole timeout: 3 of them tripled it).
                failures += 1
                pause = 0.0 if failures == 1 else 0.2 * 2 ** (failures - 1)
                if failures > self._connect_retries or time.monotonic() + pause >= deadline:
                    raise self._failure(f"{method} {shown}", exc, deadline) from None
                if span is not None:
                    span.resent(failures)
                time.sleep(pause)
            except Urllib3Error as exc:
                raise self._failure(f"{method} {shown}", exc, deadline) from None

    def _failure(self, what: str, exc: Exception, deadline: float) -> TransportError:
        """The SDK error for a failed request, saying what failed in words a user can act on."""
        refused = _certificate_problem(exc)
        if refused is not None:
            return CertificateError(f"{what}: the server's TLS certificate was refused: {refused}")
        proxy = self._connections.proxy
        if isinstance(exc, ProxyError) and proxy is not None:
            return TransportError(f"{what}: the proxy {proxy.address} failed: {_describe(exc)}")
        if time.monotonic() >= deadline - RESOLUTION:
            return TransportError(f"{what}: no complete response within the deadline")
        return TransportError(f"{what} failed: {_describe(exc)}")

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

    def _declared_length(self, raw: urllib3.BaseHTTPResponse, url: str) -> int | None:
        """The body's ``Content-Length`` (``None``: none given); a
        :class:`TransportError`, with the body unread, for one that is not
        ASCII digits, that contradicts itself or a ``Transfer-Encoding``:
        RFC 9112 makes each an unrecoverable framing error, which a reader
        that guessed (http.client reads to the close) would act on."""
        given = raw.headers.getlist("content-length")
        if not given:
            return None
        lengths = {ascii_int(part.strip()) for value in given for part in value.split(",")}
        if None in lengths or len(lengths) != 1 or "transfer-encoding" in raw.headers:
            raw.close()  # the framing is unknown: no later response on this connection
            shown = ", ".join(repr(value) for value in given)
            raise TransportError(
                f"{url}: invalid Content-Length {shown}: the response cannot be framed",
                response=self._unread(raw, url),
            )
        return lengths.pop()

    def _read_capped(self, raw: urllib3.BaseHTTPResponse, deadline: float, url: str) -> bytes:
        declared = self._declared_length(raw, url)
        if declared is not None and declared > self.max_body:
            raw.close()  # drop the connection: never read (or drain) an oversized body
            raise ResponseTooLargeError(
                f"{url}: response of {declared} bytes exceeds the {self.max_body}-byte cap",
                response=self._unread(raw, url),
            )
        # One recv per read1(), each allowed only the time left: a server that
        # trickles a byte every few seconds would otherwise keep a buffered
        # read (and the caller's deadline) going for as long as it likes.
        sock = socket_of(raw.connection)
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raw.close()
                raise TransportError(f"{url}: response body not received within the deadline")
            wanted = min(remaining, self.timeout.read)
            if raw.connection is None:
                # urllib3 gave the connection back with the whole body read: its
                # socket may be another request's now, or closed (EBADF)
                sock = None
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


def _checked_base_url(base_url: str) -> str:
    """``base_url`` without a trailing slash and with an IDNA host, or ValueError."""
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
    if parts.query or parts.fragment:
        raise ValueError("base_url must not have a query or fragment")
    if "@" in parts.netloc:
        raise ValueError("base_url must not hold credentials")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise ValueError(f"base_url has a bad host or port: {exc}") from None
    if not host:
        raise ValueError(f"base_url has no host: {base_url!r}")
    netloc = parts.netloc
    if not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"base_url host {host!r} is not a valid domain name") from None
        netloc = ascii_host + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")).rstrip("/")


def _certificate_problem(exc: BaseException) -> str | None:
    """What was wrong with the certificate, if that is why ``exc`` happened."""
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        cause = pending.pop()
        if not isinstance(cause, BaseException) or id(cause) in seen:
            continue
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause.verify_message or str(cause)
        pending.extend([*cause.args, cause.__cause__, cause.__context__])
        pending.append(getattr(cause, "reason", None))
    return None


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return f"{type(exc).__name__}: {reason or exc}"

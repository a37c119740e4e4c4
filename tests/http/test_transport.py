"""The urllib3 transport against real loopback servers."""

from __future__ import annotations

import contextlib
import gzip
import socket
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from netservers import closed_port
from taskpoll._http.transport import (
    Response,
    Timeout,
    Transport,
    ascii_int,
    parse_retry_after,
    quote_path_param,
)
from taskpoll._version import __version__
from taskpoll._wire.session import raise_for_status
from taskpoll.errors import ResponseTooLargeError, TransportError
from taskpoll.testing.server import EmulatorServer, Fault, Reply, Request


class Echo:
    """Answers with what it was sent, or a canned reply."""

    def __init__(self) -> None:
        self.seen: list[Request] = []
        self.reply: Reply | None = None

    def handle(self, request: Request) -> Reply:
        self.seen.append(request)
        return self.reply or Reply(body=b'{"ok": true}')

    def describe(self, request: Request) -> str:
        return request.path


@pytest.fixture
def echo() -> Iterator[EmulatorServer]:
    with EmulatorServer(Echo()) as server:
        yield server


def app(server: EmulatorServer) -> Echo:
    assert isinstance(server.app, Echo)
    return server.app


def test_sends_user_agent_and_reuses_one_connection(echo: EmulatorServer) -> None:
    transport = Transport(echo.url)
    for _ in range(5):
        assert transport.request("GET", "/a").body == b'{"ok": true}'
    assert app(echo).seen[0].headers["User-Agent"] == f"taskpoll/{__version__}"
    # keep-alive: one pooled connection served all five requests
    assert transport._connections.pool().num_connections == 1


def test_base_url_path_prefix_is_kept_and_close_reconnects(echo: EmulatorServer) -> None:
    transport = Transport(echo.url + "/api/v1/")
    response = transport.request("GET", "/tasks/7?x=1")
    assert response.url == echo.url + "/api/v1/tasks/7?x=1"
    transport.close()
    transport.request("GET", "/again")
    assert [(r.path, r.query) for r in app(echo).seen] == [
        ("/api/v1/tasks/7", "x=1"),
        ("/api/v1/again", ""),
    ]


def test_body_over_the_cap_is_refused_by_content_length(echo: EmulatorServer) -> None:
    app(echo).reply = Reply(body=b"x" * 5_000_000)
    transport = Transport(echo.url, max_body=1000)
    with pytest.raises(ResponseTooLargeError, match="5000000 bytes exceeds"):
        transport.request("GET", "/big")
    app(echo).reply = Reply(body=b"small")
    assert transport.request("GET", "/small").body == b"small"  # the client stays usable


def endless_server(stall_after: int | None = None) -> tuple[int, threading.Event]:
    """A raw server that streams a chunked body forever (or stalls after N bytes)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        sent = 0
        chunk = b"a" * 65536
        try:
            while not stop.is_set():
                if stall_after is not None and sent >= stall_after:
                    stop.wait(30)
                    break
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except OSError:
            pass
        finally:
            conn.close()
            listener.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1], stop


def test_endless_body_is_cut_at_the_cap_without_reading_it_whole() -> None:
    port, stop = endless_server()
    try:
        transport = Transport(f"http://127.0.0.1:{port}", max_body=256 * 1024)
        with pytest.raises(ResponseTooLargeError):
            transport.request("GET", "/")
    finally:
        stop.set()


def test_stalled_body_ends_by_the_request_deadline() -> None:
    port, stop = endless_server(stall_after=65536)
    try:
        transport = Transport(f"http://127.0.0.1:{port}", timeout=Timeout(1.0, 0.5, 1.0))
        started = time.monotonic()
        with pytest.raises(TransportError):
            transport.request("GET", "/")
        assert time.monotonic() - started < 5.0
    finally:
        stop.set()


def test_connection_refused_is_a_transport_error() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    transport = Transport(f"http://127.0.0.1:{port}", connect_retries=1)
    with pytest.raises(TransportError, match="failed"):
        transport.request("GET", "/")


def test_dropped_connection_is_a_transport_error_and_is_not_resent(echo: EmulatorServer) -> None:
    echo.faults.next(Fault("drop"))
    with pytest.raises(TransportError):
        Transport(echo.url).request("POST", "/createTask", body=b"{}")
    assert len(app(echo).seen) == 0  # the app never saw it, and no silent resend reached it
    assert echo.requests == 1


def test_truncated_body_is_a_transport_error(echo: EmulatorServer) -> None:
    echo.faults.next(Fault("truncated"))
    with pytest.raises(TransportError):
        Transport(echo.url).request("GET", "/")


def test_redirects_are_not_followed(echo: EmulatorServer) -> None:
    app(echo).reply = Reply(status=302, headers={"Location": "http://127.0.0.1:9/steal"})
    response = Transport(echo.url).request("POST", "/x", body=b'{"clientKey": "k"}')
    assert response.status == 302
    with pytest.raises(Exception, match="HTTP 302"):
        raise_for_status(response)


def test_base_url_must_be_http() -> None:
    for bad in ["ftp://x", "localhost:8004", "http://", "http://x/?q=1"]:
        with pytest.raises(ValueError):
            Transport(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "abc"),
        ("../wallets", "..%2Fwallets"),
        ("a b?c#d", "a%20b%3Fc%23d"),
        (7654321, "7654321"),
        ("ünï", "%C3%BCn%C3%AF"),
    ],
)
def test_path_params_are_quoted_into_one_segment(value: str | int, expected: str) -> None:
    assert quote_path_param("id", value) == expected


@pytest.mark.parametrize("value", ["", ".", "..", "a\nb", "a\x00", "x" * 300])
def test_impossible_path_params_are_rejected(value: str) -> None:
    with pytest.raises(ValueError):
        quote_path_param("id", value)


def test_retry_after_both_forms() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_an_echoed_key_is_scrubbed_from_the_body_but_short_secrets_are_not(
    echo: EmulatorServer,
) -> None:
    key = "67b6bcbb1a728ea8d563de6d169a2057"
    app(echo).reply = Reply(body=f'{{"errorDescription": "key {key} not found"}}'.encode())
    response = Transport(echo.url, redactions=(key,)).request("GET", "/")
    assert response.body == b'{"errorDescription": "key *** not found"}'
    # a one-letter "key" would otherwise eat every k in every body
    app(echo).reply = Reply(body=b"<package>ok</package>")
    assert Transport(echo.url, redactions=("k",)).request("GET", "/").body == (
        b"<package>ok</package>"
    )


def test_a_body_at_the_cap_is_read_and_one_over_is_refused_with_its_response(
    echo: EmulatorServer,
) -> None:
    """Kills _read_capped's mutants: ``>=`` for ``>`` against a declared length
    at the cap, and the refused response's status and URL dropped."""
    transport = Transport(echo.url, max_body=1000)
    app(echo).reply = Reply(body=b"x" * 1000)
    assert len(transport.request("GET", "/at").body) == 1000
    app(echo).reply = Reply(body=b"x" * 1001)
    with pytest.raises(ResponseTooLargeError) as info:
        transport.request("GET", "/over")
    assert str(info.value).startswith(f"{echo.url}/over: response of 1001 bytes exceeds")
    refused = info.value.response
    assert isinstance(refused, Response)
    assert (refused.status, refused.url, refused.body) == (200, f"{echo.url}/over", b"")


def test_header_numbers_at_their_bounds() -> None:
    """Kills ascii_int's ``>=`` for ``>`` (18 digits are a number, 19 not) and
    parse_retry_after's mutant that ignores the wall clock when no ``now`` is given."""
    assert ascii_int("9" * 18) == 10**18 - 1
    assert ascii_int("9" * 19) is None
    later = parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT")
    assert later is not None and 0 < later <= 10**9


@contextlib.contextmanager
def canned(response: bytes) -> Iterator[str]:
    """A loopback server that answers each connection's first request with
    ``response`` as raw bytes (whatever its headers say), then waits for the
    client to hang up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.02)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                conn.settimeout(5.0)
                conn.recv(65536)
                conn.sendall(response)
                while not stop.is_set() and conn.recv(65536):
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(6.0)
        listener.close()


def test_an_unframeable_content_length_is_named_in_the_error_with_its_response() -> None:
    """Kills _declared_length's mutants of the message (each value given, in
    order) and of the response it carries, and _read_capped's that drops the
    URL: two Content-Length headers that are not numbers."""
    head = b"HTTP/1.1 203 OK\r\nContent-Length: x1\r\nContent-Length: y2\r\nX-Seen: 1\r\n\r\n"
    with canned(head + b"body") as url, pytest.raises(TransportError) as info:
        Transport(url).request("GET", "/framing")
    assert str(info.value) == (
        f"{url}/framing: invalid Content-Length 'x1', 'y2': the response cannot be framed"
    )
    refused = info.value.response
    assert isinstance(refused, Response)
    assert (refused.status, refused.url, refused.body) == (203, f"{url}/framing", b"")
    assert refused.header("x-seen") == "1"


def test_each_body_read_is_allowed_only_the_time_left(echo: EmulatorServer) -> None:
    """Kills _read_capped's mutants of the per-read socket timeout (no socket
    found, ``settimeout(None)``, a 1.01 s slack, ``deadline + now``) and its
    ``remaining <= 1``: urllib3 gives the socket the 1 s left when the request
    leaves; the answer comes 0.1 s later, so the body's reads may take only
    the 0.9 s then left, and the connection goes back to the pool with that."""
    echo.faults.next(Fault("slow", delay=0.1))
    transport = Transport(echo.url, timeout=Timeout(connect=1.0, read=5.0, total=1.0))
    assert transport.request("GET", "/slow").body == b'{"ok": true}'
    idle = transport._connections.pool().pool
    assert idle is not None
    [connection] = [c for c in idle.queue if c is not None]
    left = connection.sock.gettimeout()
    assert left is not None and left < 0.95  # 1 s less the 0.1 s wait, at most


def test_a_compressed_body_is_returned_as_sent_never_inflated(echo: EmulatorServer) -> None:
    """Kills _read_capped's mutants of ``decode_content=False``: 100 kB of
    zeros gzipped to a few hundred bytes is read, and capped, as those bytes."""
    packed = gzip.compress(b"0" * 100_000)
    app(echo).reply = Reply(body=packed, headers={"Content-Encoding": "gzip"})
    response = Transport(echo.url, max_body=1000).request("GET", "/packed")
    assert response.body == packed


def test_a_body_of_many_reads_is_joined_whole(echo: EmulatorServer) -> None:
    """Kills _read_capped's mutant that joins the reads with b"XXXX"."""
    body = bytes(range(256)) * 800  # 200 kB: more than one 64 KiB read
    app(echo).reply = Reply(body=body)
    assert Transport(echo.url).request("GET", "/many").body == body


def test_an_undeclared_body_over_the_cap_is_refused_with_its_response() -> None:
    """Kills _read_capped's mutants of the response a body cut at the cap
    (chunked, no Content-Length) carries: its status and URL."""
    port, stop = endless_server()
    try:
        url = f"http://127.0.0.1:{port}"
        with pytest.raises(ResponseTooLargeError) as info:
            Transport(url, max_body=100_000).request("GET", "/endless")
    finally:
        stop.set()
    assert str(info.value) == f"{url}/endless: response exceeds the 100000-byte cap"
    refused = info.value.response
    assert isinstance(refused, Response)
    assert (refused.status, refused.url, refused.body) == (200, f"{url}/endless", b"")


#: Times of the socket connects made to each port registered here (an audit
#: hook: a refused connect leaves no trace a server could count).
_CONNECTS: dict[int, list[float]] = {}


def _count_connects(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.connect" and _CONNECTS:
        address = args[1]
        if isinstance(address, tuple) and len(address) >= 2 and address[1] in _CONNECTS:
            _CONNECTS[address[1]].append(time.monotonic())


sys.addaudithook(_count_connects)


def refused_connects(connect_retries: int, total: float) -> tuple[list[float], str]:
    """Times of the connects one request made to a port that refuses them, and its error."""
    with closed_port() as port:
        _CONNECTS[port] = []
        try:
            url = f"http://127.0.0.1:{port}"
            transport = Transport(
                url, connect_retries=connect_retries, timeout=Timeout(total=total)
            )
            with pytest.raises(TransportError) as info:
                transport.request("GET", "/")
            return _CONNECTS[port], str(info.value).replace(url, "URL")
        finally:
            del _CONNECTS[port]


def test_a_refused_connect_is_retried_at_once_then_after_a_pause() -> None:
    """Kills _send's mutants of the connect retries: with connect_retries=2 a
    refused connect is tried three times, the second at once, the third 0.4 s
    later (not a first count of 1, steps of 2, ``>=`` for ``>``, or any other
    pause), and the error names the request and the cause."""
    # the deadline leaves room for the 0.4 s pause (0.6 s would not fit)
    times, _ = refused_connects(2, total=0.6)
    assert len(times) == 3
    assert times[1] - times[0] < 0.1
    assert times[2] - times[1] >= 0.39
    # a pause that would end past the deadline is not taken: the error, at
    # once, says why the connect failed
    times, error = refused_connects(2, total=0.3)
    assert len(times) == 2
    assert error.startswith("GET URL/ failed: NewConnectionError: ")


@pytest.mark.skipif(sys.platform != "linux", reason="a full accept queue drops SYNs on Linux")
def test_a_connect_that_hangs_ends_by_the_deadline() -> None:
    """Kills _send's mutants of the connect timeout (the time left ignored,
    at least 1.001 s, none at all): a listener whose accept queue is full
    never answers a connect, and no watchdog can break a socket not yet
    connected, so only the connect timeout, the time left, ends it."""
    with socket.socket() as listener, socket.socket() as filler:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        filler.connect(listener.getsockname())  # the queue's one place
        transport = Transport(
            f"http://127.0.0.1:{listener.getsockname()[1]}",
            timeout=Timeout(connect=5.0, read=5.0, total=0.3),
        )
        began = time.monotonic()
        with pytest.raises(TransportError, match="within the deadline"):
            transport.request("GET", "/")
        assert time.monotonic() - began < 0.8


def test_a_silent_server_is_cut_off_by_the_read_timeout(echo: EmulatorServer) -> None:
    """Kills _send's mutants that drop the read timeout (None, or not given):
    a server silent for 2 s trips the 0.2 s read timeout, long before the
    3 s deadline would break the request off."""
    echo.faults.next(Fault("slow", delay=2.0))
    transport = Transport(echo.url, timeout=Timeout(connect=1.0, read=0.2, total=3.0))
    with pytest.raises(TransportError, match=r"failed: ReadTimeoutError: .*Read timed out"):
        transport.request("GET", "/silent")


def test_a_get_on_a_dropped_connection_is_not_resent(echo: EmulatorServer) -> None:
    """Kills _send's mutants of ``retries=False`` (None, True, not given): urllib3
    would resend a GET whose connection dropped; the transport never resends.
    And the one that drops what failed from the error."""
    echo.faults.next(Fault("drop"))
    with pytest.raises(TransportError) as info:
        Transport(echo.url).request("GET", "/once")
    assert echo.requests == 1
    assert str(info.value).startswith(f"GET {echo.url}/once failed: ProtocolError: ")


def test_the_callers_headers_are_sent(echo: EmulatorServer) -> None:
    """Kills request's and _send's mutants that drop the caller's headers."""
    Transport(echo.url).request("POST", "/h", body=b"{}", headers={"X-Taskpoll-Test": "7"})
    assert app(echo).seen[0].headers["X-Taskpoll-Test"] == "7"


def test_a_call_timeout_under_a_second_is_kept(echo: EmulatorServer) -> None:
    """Kills request's mutant that makes every deadline at least 1.001 s away:
    an answer 0.6 s late misses a 0.2 s call timeout."""
    echo.faults.next(Fault("slow", delay=0.6))
    with pytest.raises(TransportError, match="within the deadline"):
        Transport(echo.url).request("GET", "/late", timeout=0.2)


def test_a_broken_body_says_what_broke(echo: EmulatorServer) -> None:
    """Kills request's mutants that drop what failed, or why, from the error
    for a body that ends early (well before the deadline)."""
    echo.faults.next(Fault("truncated"))
    with pytest.raises(TransportError) as info:
        Transport(echo.url).request("GET", "/cut")
    assert str(info.value).startswith(
        f"GET {echo.url}/cut: reading the body failed: ProtocolError: "
    )
    assert "IncompleteRead" in str(info.value)

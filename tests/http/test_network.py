"""The transport on the real internet (issue 14): TLS, proxies, a deadline over
every byte, base URLs, and hostile input that only ever gives SDK errors.

Real servers throughout: emulators over HTTPS with certificates made here
(trustme), a real forward proxy process (proxy.py), and raw socket servers
that trickle bytes.  Every case is written from the defect it guards, not
from one payload: every header the transport parses, every unreadable XML
declaration, every way a key can be spelled inside a decoded body.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netservers import (
    Certs,
    down_proxy,
    forward_proxy,
    https_emulator,
    make_certs,
)
from taskpoll import alphasms, capmonster
from taskpoll._http.connections import environment_proxy
from taskpoll._http.transport import Timeout, Transport, ascii_int, parse_retry_after
from taskpoll._waiting.policy import Backoff, WaitPolicy
from taskpoll._wire.codec import JsonCodec
from taskpoll._wire.session import Session
from taskpoll._wire.xmlcodec import decode_xml
from taskpoll.alphasms._generated.models import ResponsePackage
from taskpoll.errors import (
    CertificateError,
    DecodeError,
    HTTPStatusError,
    TaskpollError,
    TransportError,
    WaitTimeoutError,
)
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from taskpoll.testing.server import Fault

KEY = "net-key-4f1c9a7e2b6d"
PASSWORD = "proxy-pass-8c2e41"
#: Its own numbers: a wait that cannot succeed must end within 5 s (a bound asserted below).
SHORT_WAIT = WaitPolicy(max_wait=5.0, backoff=Backoff(first=0.0, min=0.2, max=0.2))

#: Characters ``str.isdigit()`` accepts that no header means as a digit.
UNICODE_DIGITS = ["²", "³", "¹", "٣", "۴", "५", "５", "①", "𝟙", "߁", "᠒"]


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


# -- TLS --------------------------------------------------------------------------


def test_a_trusted_chain_works_with_ca_certs_or_an_ssl_context(certs: Certs) -> None:
    with https_emulator(CapmonsterEmulator(keys={KEY}), certs.server) as emulator:
        assert emulator.url.startswith("https://")
        with capmonster.Client(KEY, base_url=emulator.url, ca_certs=certs.ca_file) as client:
            assert client.get_balance().balance > 0
        context = certs.client_context()
        with capmonster.Client(KEY, base_url=emulator.url, ssl_context=context) as client:
            task_id = client.create_task({"type": "ImageToTextTask", "body": "aGk="}).task_id
            assert client.wait(task_id, policy=SHORT_WAIT).solution == {"text": "answer"}


def test_the_system_trust_store_is_the_default(certs: Certs) -> None:
    """The test CA is in no system store: a default client must refuse it."""
    with (
        https_emulator(CapmonsterEmulator(keys={KEY}), certs.server) as emulator,
        capmonster.Client(KEY, base_url=emulator.url) as client,
        pytest.raises(CertificateError, match="certificate"),
    ):
        client.get_balance()


@pytest.mark.parametrize("which", ["untrusted", "wrong_host", "expired", "not_yet_valid"])
def test_a_bad_certificate_is_refused_once_and_never_retried(certs: Certs, which: str) -> None:
    cert = getattr(certs, which)()
    with https_emulator(CapmonsterEmulator(keys={KEY}), cert) as emulator:
        task_id = emulator.app.add_task(script=Script(solve_after=0.1))
        with capmonster.Client(KEY, base_url=emulator.url, ca_certs=certs.ca_file) as client:
            with pytest.raises(CertificateError, match="TLS certificate was refused") as direct:
                client.get_balance()
            began = time.monotonic()
            with pytest.raises(CertificateError) as waited:
                client.wait(task_id, policy=SHORT_WAIT)
        assert time.monotonic() - began < 3.0  # not retried until the deadline
        assert waited.value.attempts == 1
        assert waited.value.task_id == str(task_id)
        assert emulator.requests == 0  # no request ever left over an unverified channel
    assert KEY not in str(direct.value)


def test_ca_certs_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ca_certs"):
        capmonster.Client(KEY, ca_certs=tmp_path / "missing.pem")


# -- proxies ------------------------------------------------------------------------


def test_http_through_an_explicit_proxy_with_credentials(
    no_proxy_env: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="taskpoll")
    with (
        forward_proxy(auth=f"user:{PASSWORD}") as proxy,
        CapmonsterEmulator(keys={KEY}) as emulator,
        capmonster.Client(KEY, base_url=emulator.url, proxy=proxy.url) as client,
    ):
        assert client.get_balance().balance > 0
        assert [r.target for r in proxy.forwarded()] == [f"{emulator.url}/getBalance"]
        assert PASSWORD not in repr(client) + repr(client._transport)
        assert proxy.address in repr(client._transport)
    assert not [r for r in caplog.records if PASSWORD in r.getMessage()]


def test_https_goes_through_a_connect_tunnel(
    certs: Certs, no_proxy_env: pytest.MonkeyPatch
) -> None:
    with (
        forward_proxy() as proxy,
        https_emulator(CapmonsterEmulator(keys={KEY}), certs.server) as emulator,
        capmonster.Client(
            KEY, base_url=emulator.url, proxy=proxy.address, ca_certs=certs.ca_file
        ) as client,
    ):
        for _ in range(3):
            client.get_balance()
        assert proxy.connects() == [f"127.0.0.1:{emulator.port}"]  # one tunnel, kept alive
        assert proxy.forwarded() == []
        assert KEY not in proxy.log()  # the proxy never saw the request inside


@pytest.mark.parametrize("name", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
def test_the_environment_names_the_proxy(no_proxy_env: pytest.MonkeyPatch, name: str) -> None:
    with forward_proxy() as proxy, CapmonsterEmulator(keys={KEY}) as emulator:
        no_proxy_env.setenv(name, proxy.address)
        with capmonster.Client(KEY, base_url=emulator.url) as client:
            client.get_balance()
        assert len(proxy.forwarded()) == 1
        with capmonster.Client(KEY, base_url=emulator.url, trust_env=False) as client:
            client.get_balance()
        assert len(proxy.forwarded()) == 1  # trust_env=False: straight to the server


def test_https_proxy_and_no_proxy_from_the_environment(
    certs: Certs, no_proxy_env: pytest.MonkeyPatch
) -> None:
    with (
        forward_proxy() as proxy,
        https_emulator(CapmonsterEmulator(keys={KEY}), certs.server) as emulator,
    ):
        no_proxy_env.setenv("https_proxy", proxy.address)
        with capmonster.Client(KEY, base_url=emulator.url, ca_certs=certs.ca_file) as client:
            client.get_balance()
        assert len(proxy.connects()) == 1
        for bypass in ("127.0.0.1", f"127.0.0.1:{emulator.port}", "*", "example.org,127.0.0.1"):
            no_proxy_env.setenv("NO_PROXY", bypass)
            with capmonster.Client(KEY, base_url=emulator.url, ca_certs=certs.ca_file) as client:
                client.get_balance()
        assert len(proxy.connects()) == 1  # every NO_PROXY form bypassed it


def test_environment_proxy_reads_names_as_requests_does() -> None:
    env = {"HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2"}
    assert environment_proxy("https://api.example/x", env) == "http://lower:2"
    assert environment_proxy("http://api.example/x", env) is None
    assert environment_proxy("http://h/", {"ALL_PROXY": "http://all:3"}) == "http://all:3"
    assert environment_proxy("http://h.example/", {**env, "http_proxy": "p:1"}) == "p:1"
    bypassed = {"https_proxy": "http://p:1", "no_proxy": ".example.com"}
    assert environment_proxy("https://api.example.com/", bypassed) is None
    assert environment_proxy("https://api.example.org/", bypassed) == "http://p:1"
    # httpoxy: under CGI, HTTP_PROXY may come from a request header
    assert (
        environment_proxy("http://h/", {"HTTP_PROXY": "http://x:1", "REQUEST_METHOD": "GET"})
        is None
    )


def test_a_proxy_that_wants_credentials_refuses_with_407(no_proxy_env: pytest.MonkeyPatch) -> None:
    with (
        forward_proxy(auth=f"user:{PASSWORD}") as proxy,
        CapmonsterEmulator(keys={KEY}) as emulator,
        capmonster.Client(KEY, base_url=emulator.url, proxy=proxy.address) as client,
        pytest.raises(HTTPStatusError) as info,
    ):
        client.get_balance()
    assert info.value.status == 407


def test_a_refused_tunnel_is_a_transport_error(
    certs: Certs, no_proxy_env: pytest.MonkeyPatch
) -> None:
    wrong = f"http://user:wrong-{PASSWORD}@"
    with (
        forward_proxy(auth=f"user:{PASSWORD}") as proxy,
        https_emulator(CapmonsterEmulator(keys={KEY}), certs.server) as emulator,
    ):
        url = wrong + proxy.address.removeprefix("http://")
        with (
            capmonster.Client(KEY, base_url=emulator.url, proxy=url, ca_certs=certs.ca_file) as c,
            pytest.raises(TransportError, match="proxy") as info,
        ):
            c.get_balance()
    assert "407" in str(info.value)
    assert PASSWORD not in str(info.value)


def test_a_proxy_whose_upstream_is_down_gives_502(no_proxy_env: pytest.MonkeyPatch) -> None:
    with forward_proxy() as proxy:
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        with (
            capmonster.Client(KEY, base_url=url, proxy=proxy.address) as client,
            pytest.raises(HTTPStatusError) as info,
        ):
            client.get_balance()
        closed.close()
    assert info.value.status == 502


def test_a_proxy_that_is_down_fails_within_the_deadline(no_proxy_env: pytest.MonkeyPatch) -> None:
    with down_proxy() as address, CapmonsterEmulator(keys={KEY}) as emulator:
        url = f"http://user:{PASSWORD}@" + address.removeprefix("http://")
        task_id = emulator.app.add_task()
        with capmonster.Client(KEY, base_url=emulator.url, proxy=url) as client:
            with pytest.raises(TransportError) as info:
                client.get_balance()
            began = time.monotonic()
            with pytest.raises(WaitTimeoutError) as waited:
                client.wait(task_id, policy=SHORT_WAIT)  # a proxy may come back: polls go on
            assert (
                time.monotonic() - began
                <= SHORT_WAIT.max_wait + SHORT_WAIT.min_request_timeout + 1.0
            )
    assert address in str(info.value)
    assert PASSWORD not in str(info.value) + repr(info.value)
    cause = waited.value.__cause__
    assert isinstance(cause, TransportError) and address in str(cause)


@pytest.mark.parametrize("url", ["socks5://127.0.0.1:1080", "ftp://h:1", "http://"])
def test_unsupported_proxies_are_refused_without_echoing_them(url: str) -> None:
    with pytest.raises(ValueError, match="proxy") as info:
        capmonster.Client(KEY, proxy=url.replace("//", f"//u:{PASSWORD}@", 1))
    assert PASSWORD not in str(info.value)


def test_the_cli_follows_the_proxy_environment(no_proxy_env: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    COMMAND = [sys.executable, "-m", "taskpoll"]
    with forward_proxy() as proxy, CapmonsterEmulator(keys={KEY}) as emulator:
        task_id = emulator.app.add_task(script=Script(solve_after=0.0))
        env = {
            "PATH": "/usr/bin:/bin",
            "HTTP_PROXY": proxy.address,
            "CAPMONSTER_CLIENT_KEY": KEY,
            "XDG_STATE_HOME": os.environ["XDG_STATE_HOME"],  # this run's, from conftest
        }
        done = subprocess.run(
            [*COMMAND, "status", "capmonster", str(task_id), "--base-url", emulator.url],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert [r.target for r in proxy.forwarded()] == [f"{emulator.url}/getTaskResult"]


# -- a deadline over every byte ---------------------------------------------------------


class _Trickler(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, response: bytes, split_at: int) -> None:
        super().__init__(("127.0.0.1", 0), _TrickleHandler)
        self.response = response
        self.split_at = split_at  # bytes sent at once; the rest one per 0.3 s
        self.stop = threading.Event()


class _TrickleHandler(socketserver.BaseRequestHandler):
    server: _Trickler

    def handle(self) -> None:
        self.request.recv(65536)
        data = self.server.response
        with contextlib.suppress(OSError):
            self.request.sendall(data[: self.server.split_at])
            for i in range(self.server.split_at, len(data)):
                if self.server.stop.wait(0.3):
                    return
                self.request.sendall(data[i : i + 1])


@contextlib.contextmanager
def trickling(response: bytes, split_at: int = 0) -> Iterator[str]:
    server = _Trickler(response, split_at)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


BALANCE = b'{"errorId":0,"balance":1.5}'
TRICKLED = {
    "status line": (b"HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n" + BALANCE, 0),
    "headers": (b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"x" * 60 + b"\r\n\r\n", 17),
    "chunk size line": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"0" * 60 + b"1b\r\n",
        48,
    ),
}


@pytest.mark.parametrize("part", sorted(TRICKLED))
def test_the_total_deadline_covers_whatever_the_server_trickles(part: str) -> None:
    response, split_at = TRICKLED[part]
    with trickling(response, split_at) as url:
        client = capmonster.Client(KEY, base_url=url, timeout=Timeout(connect=1, read=1, total=2))
        began = time.monotonic()
        with pytest.raises(TransportError, match="deadline"):
            client.get_balance()
        assert time.monotonic() - began < 2.0 + 1.0  # bytes kept coming every 0.3 s


def test_a_wait_on_a_trickling_server_ends_by_its_deadline() -> None:
    response, split_at = TRICKLED["chunk size line"]
    with trickling(response, split_at) as url:
        client = capmonster.Client(KEY, base_url=url)
        policy = WaitPolicy(max_wait=2.0, backoff=Backoff(first=0.0, min=0.5, max=0.5))
        began = time.monotonic()
        with pytest.raises(WaitTimeoutError) as info:
            client.wait(1, policy=policy)
        assert time.monotonic() - began <= policy.max_wait + policy.min_request_timeout + 1.0
    assert isinstance(info.value.__cause__, TransportError)
    assert "deadline" in str(info.value.__cause__)


# -- base URLs --------------------------------------------------------------------------


class _V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True


class _BalanceHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BALANCE)))
        self.end_headers()
        self.wfile.write(BALANCE)

    def log_message(self, *args: object) -> None:
        pass


def test_an_ipv6_literal_base_url_works() -> None:
    server = _V6Server(("::1", 0), _BalanceHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://[::1]:{server.server_address[1]}"
        with capmonster.Client(KEY, base_url=url) as client:
            assert client.get_balance().balance == 1.5
    finally:
        server.shutdown()
        server.server_close()


def test_non_ascii_hosts_are_idna_encoded_or_refused() -> None:
    assert Transport("https://bücher.example/api").base_url == "https://xn--bcher-kva.example/api"
    assert Transport("http://münchen.de:8080").base_url == "http://xn--mnchen-3ya.de:8080"
    with pytest.raises(ValueError, match="not a valid domain name"):
        Transport("http://" + "ä" * 70 + ".example")
    with pytest.raises(ValueError, match="credentials"):
        Transport(f"http://user:{PASSWORD}@example.org")
    with pytest.raises(ValueError, match="port"):
        Transport("http://example.org:99999")


# -- headers parsed defensively -----------------------------------------------------------


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_non_ascii_digits_are_not_numbers(digit: str) -> None:
    assert digit.isdigit()
    for text in (digit, "1" + digit, digit + "0"):
        assert ascii_int(text) is None
        assert parse_retry_after(text) is None


@pytest.mark.parametrize(
    "value",
    [
        "Mon, 99 Jan 2026 00:00:00 GMT",
        "Fri, 31 Dec 99999 23:59:59 GMT",
        "Fri, 31 Dec 9999 23:59:59 +9999",
        "Tue, 01 Dec 2026 99:99:99 GMT",
        "Tue, 01 Dec 2026 00:00:00 -0000",
        "1" * 400,
        "-5",
        "NaN",
        "inf",
        "1e9",
        "1.5",
        "",
    ],
)
def test_absurd_retry_after_values_are_ignored(value: str) -> None:
    assert parse_retry_after(value) is None


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("999999999999", 1e9),  # delay-seconds past the cap
        ("Fri, 31 Dec 9999 23:59:59 GMT", 1e9),  # an HTTP date past it
        ("Thu, 01 Jan 1970 00:01:40 GMT", 0.0),  # a date in the past: now
        ("Thu, 01 Jan 1970 00:03:20 GMT", 100.0),
    ],
)
def test_retry_after_hints_are_read_and_capped(value: str, hint: float) -> None:
    assert parse_retry_after(value, now=100.0) == hint


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_retry_after_never_raises(value: str) -> None:
    hint = parse_retry_after(value)
    assert hint is None or hint >= 0


def test_a_non_ascii_retry_after_is_refused_as_a_hint() -> None:
    """ "²" travels as the latin-1 byte 0xB2, which http.client reads back as "²";
    ``int()`` would read "1٣" as 13, so only ASCII digits make a hint."""
    response = (
        b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\xb2\r\n"
        b"Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    with trickling(response, split_at=len(response)) as url:
        client = capmonster.Client(KEY, base_url=url)
        with pytest.raises(HTTPStatusError) as info:
            client.get_balance()
    assert info.value.status == 429 and info.value.response is not None
    assert info.value.response.header("retry-after") == "1\xb2"
    assert info.value.response.retry_after() is None  # seen, and refused as a hint


FRAMING = {
    "non-ascii digit": b"Content-Length: 2\xb2\r\n",
    "arabic-indic digit": "Content-Length: 2\u0667\r\n".encode("utf-8"),
    "negative": b"Content-Length: -27\r\n",
    "two values": b"Content-Length: 27, 28\r\n",
    "two headers": b"Content-Length: 27\r\nContent-Length: 28\r\n",
    "beside chunked": b"Content-Length: 27\r\nTransfer-Encoding: chunked\r\n",
}


@pytest.mark.parametrize("framing", sorted(FRAMING))
def test_an_invalid_content_length_is_refused_without_reading_the_body(framing: str) -> None:
    """RFC 9112: an invalid or conflicting length is an unrecoverable framing error.
    The body trickles a byte per 0.3 s: a client that read it (to the close,
    as http.client does) would take the whole 5 s deadline."""
    head = b"HTTP/1.1 200 OK\r\n" + FRAMING[framing] + b"\r\n"
    with trickling(head + BALANCE, split_at=len(head) + 1) as url:
        client = capmonster.Client(KEY, base_url=url, timeout=Timeout(connect=1, read=5, total=5))
        began = time.monotonic()
        with pytest.raises(TransportError, match="Content-Length") as info:
            client.get_balance()  # urllib3 itself refuses two different numbers
        elapsed = time.monotonic() - began
    assert elapsed < 1.5
    assert info.value.response is None or info.value.response.body == b""


def test_a_repeated_equal_content_length_is_one_length() -> None:
    response = b"HTTP/1.1 200 OK\r\nContent-Length: 27, 27\r\n\r\n" + BALANCE
    with trickling(response, split_at=len(response)) as url:
        assert capmonster.Client(KEY, base_url=url).get_balance().balance == 1.5


# -- bodies: encodings, numbers, echoed keys ------------------------------------------------


#: A declared encoding, and what expat makes of it: the document's bytes are
#: ASCII, so a decoder that ignored the declaration would read every one of them.
DECLARED = {
    "UTF-7": "encoding that cannot be read",
    "utf-32": "encoding that cannot be read",
    "UTF-32-LE": "encoding that cannot be read",
    "x-made-up": "encoding that cannot be read",
    "cp037": "unknown encoding",
    "EBCDIC-CP-US": "unknown encoding",
    "utf-16": "encoding specified in XML declaration is incorrect",
    "": "XML declaration not well-formed",
}
BALANCE_XML = "<package><balance><amount>1.5</amount><currency>UAH</currency></balance></package>"


@pytest.mark.parametrize("encoding", sorted(DECLARED))
def test_unreadable_xml_declarations_are_decode_errors(encoding: str) -> None:
    body = f'<?xml version="1.0" encoding="{encoding}"?>{BALANCE_XML}'.encode()
    with pytest.raises(DecodeError) as info:
        decode_xml(body, ResponsePackage, "package")
    assert DECLARED[encoding] in str(info.value)
    assert BALANCE_XML not in str(info.value)  # the reason, not a quote of the body


def test_a_readable_declared_encoding_decodes() -> None:
    body = f'<?xml version="1.0" encoding="ascii"?>{BALANCE_XML}'.encode()
    decoded = decode_xml(body, ResponsePackage, "package")
    assert decoded.balance is not None and decoded.balance.currency == "UAH"


def test_unreadable_xml_over_http_is_a_decode_error() -> None:
    body = f'<?xml version="1.0" encoding="UTF-7"?>{BALANCE_XML}'.encode()  # complete
    with AlphasmsEmulator() as emulator, alphasms.Client(KEY, base_url=emulator.url) as sms:
        emulator.faults.next(Fault("malformed", body=body))
        with pytest.raises(DecodeError, match="encoding that cannot be read"):
            sms.get_balance()


@pytest.mark.parametrize(
    "number", ["NaN", "Infinity", "-Infinity", "1e999999", "-1e999999", "1" + "0" * 400]
)
def test_json_numbers_outside_their_meaning_are_refused(number: str) -> None:
    body = f'{{"errorId":0,"balance":{number}}}'.encode()
    with CapmonsterEmulator(keys={KEY}) as emulator:
        emulator.faults.next(Fault("malformed", body=body))
        with capmonster.Client(KEY, base_url=emulator.url) as client, pytest.raises(DecodeError):
            client.get_balance()


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


ECHOES = {
    "utf-16": lambda doc: doc.encode("utf-16"),
    "utf-16-le": lambda doc: doc.encode("utf-16-le"),
    "utf-32": lambda doc: doc.encode("utf-32"),
    "utf-32-be": lambda doc: doc.encode("utf-32-be"),
    "u-escapes": lambda doc: doc.replace(KEY, _escaped(KEY)).encode(),
    "half-escaped": lambda doc: doc.replace(KEY, KEY[:5] + _escaped(KEY[5:])).encode(),
    "slash-escape": lambda doc: doc.replace(KEY, KEY.replace("-", "\\u002d")).encode(),
}


@pytest.mark.parametrize("spelling", sorted(ECHOES))
def test_an_echoed_key_never_survives_in_a_decoded_json_model(spelling: str) -> None:
    doc = json.dumps(
        {
            "errorId": 1,
            "errorCode": "ERROR_KEY_DOES_NOT_EXIST",
            "errorDescription": f"key {KEY} is unknown",
            KEY: KEY,
        }
    )
    with CapmonsterEmulator() as emulator:
        emulator.faults.next(Fault("malformed", body=ECHOES[spelling](doc)))
        with (
            capmonster.Client(KEY, base_url=emulator.url) as client,
            pytest.raises(TaskpollError) as info,
        ):
            client.get_balance()
    error = info.value
    assert error.response is not None
    shown = repr(error.response) + str(error) + str(attrs.asdict(error.response))
    assert KEY not in shown
    assert "***" in error.response.error_description


@pytest.mark.parametrize("spelling", ["char-refs", "hex-refs", "utf-16"])
def test_an_echoed_key_never_survives_in_a_decoded_xml_model(spelling: str) -> None:
    def refs(text: str, hexa: bool) -> str:
        return "".join(f"&#x{ord(c):x};" if hexa else f"&#{ord(c)};" for c in text)

    currency = {"char-refs": refs(KEY, False), "hex-refs": refs(KEY, True)}.get(spelling, KEY)
    doc = (
        f"<package><balance><amount>1</amount><currency>{currency}</currency>"
        f'</balance><extra key="{currency}"/></package>'
    )
    body = (
        doc.encode("utf-16") if spelling == "utf-16" else ('<?xml version="1.0"?>' + doc).encode()
    )
    with AlphasmsEmulator() as emulator, alphasms.Client(KEY, base_url=emulator.url) as sms:
        emulator.faults.next(Fault("malformed", body=body))
        balance = sms.get_balance()
    assert KEY not in repr(balance)
    assert balance.currency == "***"


@pytest.mark.parametrize(("sent", "seen"), [(-5, 0), (150, 100), (100, 100), (0, 0)])
def test_alphasms_progress_is_clamped_to_its_documented_range(
    sent: int, seen: int, caplog: pytest.LogCaptureFixture
) -> None:
    body = f"<package><job><progress>{sent}</progress><status>RUNNING</status></job></package>"
    with AlphasmsEmulator() as emulator, alphasms.Client(KEY, base_url=emulator.url) as sms:
        emulator.faults.next(Fault("malformed", body=body.encode()))
        assert sms.get_job("a" * 32).progress == seen
    assert ("clamped" in caplog.text) == (sent != seen)


def test_the_session_turns_any_decoder_slip_into_a_decode_error() -> None:
    class Slipping(JsonCodec):
        def decode(
            self,
            body: bytes,
            model: type,
            *,
            secrets: tuple[str, ...] = (),
            task_id: str | None = None,
        ) -> object:
            raise LookupError("a decoder bug")

    with CapmonsterEmulator(keys={KEY}) as emulator:
        session = Session(Transport(emulator.url), Slipping())
        with pytest.raises(DecodeError, match="LookupError") as info:
            session.call("POST", "/getBalance", dict, body={"clientKey": KEY}, task_id="7")
    assert info.value.task_id == "7"
    assert info.value.response is not None


class _StallAfter(socketserver.BaseRequestHandler):
    """Headers saying ``Connection: close`` and 100 bytes of body, then 4
    body bytes 0.2 s apart, then nothing (the connection held open)."""

    def handle(self) -> None:
        self.request.recv(65536)
        head = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 100\r\n\r\n"
        with contextlib.suppress(OSError):
            self.request.sendall(head)
            for _ in range(4):
                time.sleep(0.2)
                self.request.sendall(b"{")
            time.sleep(5.0)


def test_the_deadline_covers_the_body_of_a_response_that_closes_its_connection() -> None:
    """http.client hands the socket of a ``Connection: close`` response to the
    response (the connection's ``sock`` becomes None): the body's reads must
    still be held to the time left.  Before, they kept the read timeout set
    when the request left, and this request ended 0.8 s past its 1 s deadline."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _StallAfter)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        client = capmonster.Client(KEY, base_url=url, timeout=Timeout(connect=1, read=5, total=1))
        began = time.monotonic()
        with pytest.raises(TransportError, match="deadline"):
            client.get_balance()
        assert time.monotonic() - began < 1.0 + 0.5  # the defect took 1.8 s
    finally:
        server.shutdown()
        server.server_close()

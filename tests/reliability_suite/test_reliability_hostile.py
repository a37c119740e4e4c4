"""Hostile servers and hostile input, on every endpoint.

* XML attacks (billion laughs, quadratic blowup, external entities by file
  and by network, DTDs, processing instructions) are refused by the
  AlphaSMS codec, and nothing is fetched;
* a body of hundreds of MB is refused without being read whole (the bytes
  the server got out before the client hung up are counted; memory is for
  ``make bench`` to measure, not for a test to assert);
* a Content-Type that lies does not matter: the body decides;
* task ids and keys with ``/``, ``..``, ``?``, ``#``, spaces, control
  characters or non-ASCII are refused before any request leaves, or sent
  so that they cannot change the request (one quoted path segment, or an
  escaped XML/JSON value that parses back to exactly what was given).
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import attrs
import pytest
from defusedxml.ElementTree import fromstring

from conftest import ALPHASMS_KEY, KEY
from policies import POLL_EVERY_50MS
from reliability.adapters import Adapter
from reliability.figures import report
from taskpoll import alphasms, capmonster, cloudcoin
from taskpoll._wire.xmlcodec import XmlCodec
from taskpoll.alphasms._generated.models import ResponsePackage
from taskpoll.errors import DecodeError, ResponseTooLargeError, TaskpollError
from taskpoll.testing.server import App, EmulatorServer, Reply, Request

MB = 1 << 20


class Replay:
    """Answers every request with one fixed reply."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply

    def handle(self, request: Request) -> Reply:
        return self.reply

    def describe(self, request: Request) -> str:
        return request.method


class Recorder:
    """Keeps every request (bodies included) and, optionally, relabels replies."""

    def __init__(self, app: App, content_type: str | None = None) -> None:
        self.app = app
        self.content_type = content_type
        self.requests: list[Request] = []

    def handle(self, request: Request) -> Reply:
        self.requests.append(request)
        reply = self.app.handle(request)
        if self.content_type is not None:
            reply = attrs.evolve(reply, content_type=self.content_type)
        return reply

    def describe(self, request: Request) -> str:
        return self.app.describe(request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)  # add_task, start_job, … still reach the emulator


def outcome_of(action: Callable[[], object]) -> object:
    """``action()``'s result, or the TaskpollError it raised."""
    try:
        return action()
    except TaskpollError as exc:
        return exc


# -- XML attacks -------------------------------------------------------------------


def attacks(canary: str) -> dict[str, bytes]:
    """Attack documents; anything they could fetch points at ``canary``."""
    laughs = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    return {
        "billion laughs": b'<?xml version="1.0"?><!DOCTYPE package [' + laughs + b"]>"
        b"<package><job><progress>1</progress><status>&lol9;</status></job></package>",
        # one 100 kB entity used 10,000 times: 1 GB if expanded, no nesting to spot
        "quadratic blowup": b'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY a "'
        + b"x" * 100_000
        + b'">]><package><job><progress>1</progress><status>'
        + b"&a;" * 10_000
        + b"</status></job></package>",
        "external entity (file)": b'<?xml version="1.0"?>'
        b'<!DOCTYPE package [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<package><job><progress>1</progress><status>&e;</status></job></package>",
        "external entity (network)": b'<?xml version="1.0"?>'
        b'<!DOCTYPE package [<!ENTITY e SYSTEM "' + canary.encode() + b'/entity">]>'
        b"<package><job><progress>1</progress><status>&e;</status></job></package>",
        "external DTD": b'<?xml version="1.0"?><!DOCTYPE package SYSTEM "'
        + canary.encode()
        + b'/package.dtd"><package><job><progress>1</progress><status>RUNNING</status>'
        b"</job></package>",
        "parameter entity": b'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY % p SYSTEM "'
        + canary.encode()
        + b'/p.dtd"> %p;]><package><error>201</error></package>',
        "internal DTD": b'<?xml version="1.0"?><!DOCTYPE package [<!ELEMENT package ANY>]>'
        b"<package><error>201</error></package>",
        "processing instruction (prolog)": b'<?xml version="1.0"?><?xml-stylesheet href="'
        + canary.encode()
        + b'/x.xsl"?><package><job><progress>1</progress><status>RUNNING</status></job>'
        b"</package>",
        "processing instruction (inside)": b"<package><job><?php system('id'); ?>"
        b"<progress>1</progress><status>RUNNING</status></job></package>",
    }


@pytest.fixture
def canary() -> Iterator[EmulatorServer]:
    """A server on loopback that attacks point at; it must never be asked anything."""
    with EmulatorServer(Replay(Reply(body=b"<!ENTITY x 'leaked'>"))) as server:
        yield server


ATTACK_NAMES = list(attacks("http://127.0.0.1:9"))


@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_xml_attack_is_refused_and_fetches_nothing(name: str, canary: EmulatorServer) -> None:
    body = attacks(canary.url)[name]
    codec = XmlCodec("package")
    outcome = outcome_of(lambda: codec.decode(body, ResponsePackage))
    assert isinstance(outcome, DecodeError), outcome
    assert "refused" in str(outcome) or "DTD" in str(outcome)

    # the same document as a server's answer to a real job poll
    with (
        EmulatorServer(Replay(Reply(body=body, content_type="application/json"))) as server,
        alphasms.Client(ALPHASMS_KEY, base_url=server.url) as client,
    ):
        outcome = outcome_of(lambda: client.get_job("0123456789abcdef"))
    assert isinstance(outcome, DecodeError), outcome
    assert outcome.response is not None
    assert canary.requests == 0  # nothing was fetched
    report("xml attack", attack=name, body_bytes=len(body))


# -- the size cap ------------------------------------------------------------------


class Flood:
    """A raw HTTP server answering with ``size`` bytes of body, declared or chunked,
    that counts how many bytes it got out before the client hung up."""

    def __init__(self, size: int, *, chunked: bool) -> None:
        self.size = size
        self.chunked = chunked
        self.sent = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _serve(self) -> None:
        conn, _ = self._listener.accept()
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            head += (
                b"Transfer-Encoding: chunked\r\n\r\n"
                if self.chunked
                else b"Content-Length: %d\r\n\r\n" % self.size
            )
            block = b" " * (256 * 1024)
            try:
                conn.sendall(head)
                while self.sent < self.size:
                    conn.sendall(b"%x\r\n%s\r\n" % (len(block), block) if self.chunked else block)
                    self.sent += len(block)
            except OSError:
                pass  # the client hung up, as it should

    def close(self) -> int:
        self._thread.join(30)
        self._listener.close()
        return self.sent


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_of_hundreds_of_mb_is_refused_without_reading_it(
    adapter: Adapter, chunked: bool
) -> None:
    flood = Flood(400 * MB, chunked=chunked)
    task_id = adapter.start(None, "missing", 1, 0.0).task_id
    with adapter.client(flood.url) as client:
        outcome = outcome_of(lambda: adapter.poll(client, task_id))
    sent = flood.close()
    assert isinstance(outcome, ResponseTooLargeError), outcome
    assert outcome.response is not None and outcome.response.status == 200  # headers kept
    report(
        "size cap",
        api=adapter.name,
        framing="chunked" if chunked else "content-length",
        offered_bytes=flood.size,
        sent_before_hang_up=sent,
    )
    # The cap is 1 MiB: the client hung up long before the end (what the
    # kernel's socket buffers took in the meantime is all the rest).
    assert sent < 64 * MB


# -- Content-Type lies ---------------------------------------------------------------


@pytest.mark.parametrize("label", ["application/json", "application/xml", "text/html"])
def test_content_type_lies_do_not_matter(adapter: Adapter, label: str) -> None:
    """The emulator's real answers, labelled as something else: the wait still
    ends with the task's own result (AlphaSMS's docs label XML as JSON)."""
    with adapter.emulator() as server:
        server.app = Recorder(server.app, content_type=label)
        task = adapter.start(server, "done", 1, 0.2)
        with adapter.client(server.url) as client:
            outcome = client.wait(task.task_id, policy=POLL_EVERY_50MS)
    assert task.right(outcome), outcome


def test_json_labelled_xml_is_a_clear_decode_error() -> None:
    body = b'{"error": 201}'
    with (
        EmulatorServer(Replay(Reply(body=body, content_type="application/xml"))) as server,
        alphasms.Client(ALPHASMS_KEY, base_url=server.url) as client,
        pytest.raises(DecodeError, match="looks like JSON"),
    ):
        client.get_job("0123456789abcdef")


# -- hostile ids and keys ------------------------------------------------------------

HOSTILE = [
    "a/b",
    "../../admin",
    "..",
    ".",
    "id?x=1",
    "id#frag",
    "a b",
    "%2e%2e%2f",
    "a\x00b",
    "a\nb",
    "a\rb",
    "a\x1bb",
    "\x7f",
    "ünïcödé-☃",
    "a\u202eb",
    "",
    "x" * 300,
]
SEGMENT = r"[A-Za-z0-9%._~-]+"


@pytest.mark.parametrize("task_id", HOSTILE, ids=[repr(i)[:16] for i in HOSTILE])
def test_hostile_task_ids_are_refused_or_cannot_change_the_request(
    adapter: Adapter, task_id: str
) -> None:
    with adapter.emulator() as server:
        recorder = Recorder(server.app)
        server.app = recorder
        with adapter.client(server.url) as client:
            try:
                adapter.poll(client, task_id)
            except ValueError:
                assert recorder.requests == [], "refused, but only after a request left"
                return
            except TaskpollError:
                pass
    # it was sent: exactly one request, and the id is carried as data
    [request] = recorder.requests
    assert carried_id(adapter, request) == task_id


def carried_id(adapter: Adapter, request: Request) -> str:
    """The task id as the server sees it (and proof it changed nothing else)."""
    if adapter.id_in == "xml":
        assert request.path == "/api/xml.php" and request.query == ""
        root = fromstring(request.body)
        assert [child.tag for child in root] == ["job"]
        return str(root.find("job").text or "")
    route = adapter.endpoint.split(" ", 1)[1].removesuffix("{id}")
    assert request.path.startswith(route) and request.query == ""
    segment = request.path[len(route) :]
    assert re.fullmatch(SEGMENT, segment), segment  # one segment, quoted
    return unquote(segment)


def test_cloudcoin_without_id_checks_still_sends_one_quoted_segment() -> None:
    """With ``validate_ids=False`` nothing is refused for its shape, but no id
    can leave its path segment."""
    with EmulatorServer(Recorder(Replay(Reply(body=b"{}")))) as server:
        recorder: Recorder = server.app  # type: ignore[assignment]
        client = cloudcoin.Client(base_url=server.url, validate_ids=False)
        sent = []
        for task_id in HOSTILE:
            try:
                client.get_task(task_id)
            except ValueError:
                continue
            except TaskpollError:
                pass
            sent.append(task_id)
        assert sent, "every id was refused"
        assert len(recorder.requests) == len(sent)
        for task_id, request in zip(sent, recorder.requests, strict=True):
            assert request.path.startswith("/api/v1/tasks/") and request.query == ""
            segment = request.path.removeprefix("/api/v1/tasks/")
            assert re.fullmatch(SEGMENT, segment), segment
            assert unquote(segment) == task_id


HOSTILE_KEYS = [
    "key/../?#% with spaces",
    "<key attr=\"1\" & 'more'>]]>",
    "ключ-🔑",
    "tab\tnewline\nreturn\r",
    "&amp;&#0;&lt;",
]


@pytest.mark.parametrize("key", HOSTILE_KEYS, ids=range(len(HOSTILE_KEYS)))
def test_hostile_keys_reach_the_server_exactly_and_change_nothing(key: str) -> None:
    """A key is data in the request document (JSON or XML): it comes out of
    the server's parser exactly as given, and the document's shape is intact."""
    # CapMonster: the key is a JSON string value
    with EmulatorServer(Recorder(Replay(Reply(body=b'{"errorId": 0, "balance": 1}')))) as server:
        recorder: Recorder = server.app  # type: ignore[assignment]
        with capmonster.Client(key, base_url=server.url) as client:
            client.get_balance()
        [request] = recorder.requests
        assert json.loads(request.body) == {"clientKey": key}
    # AlphaSMS: the key is an XML attribute
    job = b"<package><job><status>RUNNING</status><progress>5</progress></job></package>"
    with EmulatorServer(Recorder(Replay(Reply(body=job)))) as server:
        recorder = server.app  # type: ignore[assignment]
        with alphasms.Client(key, base_url=server.url) as sms:
            sms.get_job('<job & id="x">')
        [request] = recorder.requests
        root = fromstring(request.body)
        assert root.get("key") == key and list(root.attrib) == ["key"]
        assert [child.tag for child in root] == ["job"]
        assert root.find("job").text == '<job & id="x">'
        if any(c in key for c in '<&"'):
            assert key.encode() not in request.body  # written escaped, never raw


@pytest.mark.parametrize("key", ["nul\x00key", "esc\x1bkey", "\ufffe"])
def test_keys_xml_cannot_carry_are_refused_when_the_client_is_made(key: str) -> None:
    with pytest.raises(ValueError):
        alphasms.Client(key, base_url="http://127.0.0.1:9")


@pytest.mark.parametrize("bad", ["a\x00b", ""], ids=["NUL", "empty"])
def test_wait_with_an_unsendable_id_sends_nothing(adapter: Adapter, bad: str) -> None:
    """wait() and wait_many() refuse such an id before the first poll."""
    with adapter.emulator() as server:
        with adapter.client(server.url) as client:
            with pytest.raises(ValueError):
                client.wait(bad, policy=POLL_EVERY_50MS)
            with pytest.raises(ValueError):
                list(client.wait_many([bad], policy=POLL_EVERY_50MS))
        assert server.requests == 0


def test_a_huge_error_description_makes_a_short_message() -> None:
    """A server's error text goes into the exception message: capped, so a
    hostile server cannot flood the caller's logs (500 kB here)."""
    description = "d" * 500_000
    body = json.dumps({"errorId": 1, "errorCode": "ERROR_X", "errorDescription": description})
    with (
        EmulatorServer(Replay(Reply(body=body.encode()))) as server,
        capmonster.Client(KEY, base_url=server.url) as client,
        pytest.raises(TaskpollError) as info,
    ):
        client.get_balance()
    assert len(str(info.value)) < 1200
    assert "more characters" in str(info.value)

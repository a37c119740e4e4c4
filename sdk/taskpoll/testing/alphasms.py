"""An emulator of AlphaSMS's XML API (``POST /api/xml.php``).

Faithful to what clients depend on (https://taskpoll.readthedocs.io/apis/alphasms/):

* the body is read whatever the Content-Type (and by GET too, as one old
  client sends it), parsed with defusedxml, decoded with the same generated
  models and XML codec as the SDK, so the emulator speaks exactly the spec;
* every answer is HTTP 200, labelled ``application/json`` as in the docs
  (``content_type=`` changes it); request-level errors are
  ``<package><error>N</error></package>``: 201 for a document that does not
  parse or has no single known command, 202 for an unknown key, 212 above
  ``rate_limit`` requests per second, and any code queued with
  :meth:`AlphasmsApp.fail_next`;
* per-message checks: 202 bad sender (3-11 Latin letters/digits), 203 bad or
  unpriced recipient, 204 empty or too long text, 206 no balance left,
  208 a reused ``id``; refused messages get ``sms_id="0"``;
* ``message-async`` returns a 32-hex job id; the job is WAITING for
  ``queue_time`` seconds, then RUNNING while its messages are processed one
  every ``time_per_message`` seconds (``progress`` rising), then COMPLETE,
  or FAILED when any message was refused; jobs are forgotten (NOTFOUND)
  ``retention`` seconds (12 h) after they were created;
* ``delete`` turns a message still queued in a job into DELETED (104) and
  answers 211 (ERR_DELETE) for any other; it answers in ``<delete>`` (docs)
  or, with ``delete_wrapper="status"``, in ``<status>`` (2013 PDF);
* each processed message is visible to ``status`` by its ``id`` and
  ``sms_id``: ENROUTE (101), then DELIVERED (102) with ``date_completed``
  after ``delivery_time``; an id the account never sent answers 201 (ERR_ID).

``validate=True`` checks every request and response against
specs/alphasms.xsd with xmlschema (a development dependency, imported only
then); problems answer 201 for requests and are collected in
:attr:`AlphasmsApp.schema_errors` either way.
"""

from __future__ import annotations

import collections
import itertools
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from .._wire.xmlcodec import encode_xml, parse_xml, structure_element
from ..alphasms._generated.models import (
    AsyncAccepted,
    Balance,
    JobState,
    JobStatus,
    MessageCode,
    MessageRef,
    MessageRefs,
    MessageResult,
    MessageResults,
    PhonePrice,
    PriceQuery,
    Prices,
    RequestErrorCode,
    RequestPackage,
    ResponsePackage,
    SendMessages,
    SendMsg,
)
from ..errors import DecodeError
from .scripted import AppEmulator, Route, ScriptedApp
from .server import Clock, Reply, Request

__all__ = ["AlphasmsApp", "AlphasmsEmulator"]

PATH: Final = "/api/xml.php"
RETENTION: Final = 12 * 3600.0
XSD: Final = Path(__file__).resolve().parents[3] / "specs" / "alphasms.xsd"
#: Price of one SMS part by number prefix (longest prefix wins); others cost 0 = unsupported.
PRICES: Final[Mapping[str, Decimal]] = {
    "380": Decimal("0.28"),
    "48": Decimal("0.35"),
    "1": Decimal("0.12"),
}
MAX_TEXT: Final = 1000
_SENDER: Final = re.compile(r"[A-Za-z][A-Za-z0-9 .\-]{2,10}|[0-9]{3,11}")
_RECIPIENT: Final = re.compile(r"\+?[0-9]{10,15}")
_GSM7: Final = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def sms_parts(text: str) -> int:
    """Parts a text takes: GSM-7 160/153 characters, otherwise UCS-2 70/67."""
    single, multi = (160, 153) if set(text) <= _GSM7 else (70, 67)
    return 1 if len(text) <= single else -(-len(text) // multi)


@attrs.define
class _Message:
    id: int | None
    sms_id: int
    parts: int
    code: MessageCode
    #: When the gateway took it (emulator clock); None while queued in a job.
    processed: float | None
    wall_processed: float | None = None


@attrs.define
class _Job:
    job_id: str
    created: float
    messages: list[_Message]


class AlphasmsApp(ScriptedApp[int]):
    """The API's behaviour.  Thread-safe; all durations come from :attr:`clock`.

    Its scripts are request error codes (:meth:`fail_next`).
    """

    def __init__(
        self,
        *,
        keys: set[str] | None = None,
        queue_time: float = 1.0,
        time_per_message: float = 0.5,
        delivery_time: float = 2.0,
        retention: float = RETENTION,
        balance: Decimal = Decimal("100.000"),
        currency: str = "UAH",
        prices: Mapping[str, Decimal] = PRICES,
        content_type: str = "application/json",
        delete_wrapper: str = "delete",
        rate_limit: float | None = None,
        validate: bool = False,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(clock)
        self.keys = keys
        self.queue_time = queue_time
        self.time_per_message = time_per_message
        self.delivery_time = delivery_time
        self.retention = retention
        self.balance: Decimal = balance
        self.currency = currency
        self.prices: dict[str, Decimal] = dict(prices)
        self.content_type = content_type
        self.delete_wrapper = delete_wrapper
        self.rate_limit = rate_limit
        self._schema: Any = _load_schema() if validate else None
        #: Every XSD violation seen, request or response: ``(what, problem)``.
        self.schema_errors: list[tuple[str, str]] = []
        #: How many requests each command received.
        self.commands: collections.Counter[str] = collections.Counter()
        self._jobs: dict[str, _Job] = {}
        self._by_id: dict[int, _Message] = {}
        self._by_sms_id: dict[int, _Message] = {}
        self._sms_ids = itertools.count(1234568)
        self._recent: collections.deque[float] = collections.deque()
        self._routes = {PATH: Route(frozenset({"POST", "GET"}), self._xml)}

    # -- scripting -----------------------------------------------------------

    def fail_next(self, *codes: int) -> None:
        """The next requests answer ``<error>code</error>``, one code each, in order."""
        self._queue(codes)

    def start_job(self, messages: Iterable[SendMsg]) -> str:
        """Start a job as ``message-async`` would (per-message checks included)."""
        with self._lock:
            return self._start_job(list(messages))

    def job_state(self, job_id: str) -> JobState:
        """What a ``job`` request for ``job_id`` would answer now, without making one
        (nothing is counted or rate-limited)."""
        with self._lock:
            return self._job_state(job_id, self.clock.now())

    # -- the App protocol ----------------------------------------------------

    def describe(self, request: Request) -> str:
        """The command, and how many messages or numbers it carries; never the key."""
        try:
            root = parse_xml(request.body)
        except DecodeError:
            return "(unparsable body)"
        command = next(iter(root), None)
        if command is None:
            return "(no command)"
        if command.tag == "job":
            return f"job {(command.text or '')[:64]}"
        count = len(command.findall("msg")) or len(command.findall("phone"))
        return f"{command.tag[:20]} ({count} item(s))" if count else command.tag[:20]

    def _xml(self, request: Request) -> Reply:
        return self._answer(self._respond(request.body))

    def _respond(self, body: bytes) -> ResponsePackage:
        try:
            root = parse_xml(body)
        except DecodeError:
            return _error(RequestErrorCode.ERR_FORMAT)
        if root.tag != "package" or self._invalid("request", root):
            return _error(RequestErrorCode.ERR_FORMAT)
        try:
            package = structure_element(root, RequestPackage)
        except DecodeError:
            return _error(RequestErrorCode.ERR_FORMAT)
        commands = [
            name
            for name in (
                "message",
                "message_async",
                "status",
                "delete",
                "job",
                "balance",
                "prices",
            )
            if getattr(package, name) is not None
        ]
        now = self.clock.now()
        with self._lock:
            failure = self._next_script()
            if failure is not None:
                return _error(failure)
            if self.keys is not None and package.key not in self.keys:
                return _error(RequestErrorCode.ERR_AUTHORIZATION)
            if self._throttled(now):
                return _error(RequestErrorCode.ERR_THROTTLE)
            if len(commands) != 1:
                return _error(RequestErrorCode.ERR_FORMAT)
            command = commands[0]
            self.commands[command] += 1
            self._forget(now)
            if command == "job":
                return ResponsePackage(job=self._job_state(package.job or "", now))
            if command == "message_async":
                assert package.message_async is not None
                job_id = self._start_job(package.message_async.msg)
                return ResponsePackage(message_async=AsyncAccepted(job=job_id))
            if command == "message":
                assert package.message is not None
                return ResponsePackage(message=self._send_now(package.message))
            if command == "status":
                assert package.status is not None
                return ResponsePackage(status=self._status(package.status, now))
            if command == "delete":
                assert package.delete is not None
                deleted = self._delete(package.delete, now)
                if self.delete_wrapper == "status":
                    return ResponsePackage(status=deleted)
                return ResponsePackage(delete=deleted)
            if command == "balance":
                return ResponsePackage(balance=Balance(amount=self.balance, currency=self.currency))
            assert package.prices is not None
            return ResponsePackage(prices=self._prices(package.prices))

    def _answer(self, response: ResponsePackage) -> Reply:
        body = encode_xml(response, "package")
        if self._schema is not None:
            self._invalid("response", parse_xml(body))
        return Reply(body=body, content_type=self.content_type)

    def _invalid(self, what: str, root: Any) -> bool:
        if self._schema is None:
            return False
        problems = [str(e.reason or e.message) for e in self._schema.iter_errors(root)]
        with self._lock:
            self.schema_errors.extend((what, p) for p in problems)
        return bool(problems)

    def _throttled(self, now: float) -> bool:
        if self.rate_limit is None:
            return False
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.rate_limit:
            return True
        self._recent.append(now)
        return False

    # -- sending -------------------------------------------------------------

    def _check(self, msg: SendMsg, batch_ids: set[int]) -> tuple[MessageCode, int]:
        """The code a message gets, and its part count."""
        parts = sms_parts(msg.text)
        if msg.id is not None and (msg.id in self._by_id or msg.id in batch_ids):
            return MessageCode.ERR_DUPLICATE, parts
        if not _SENDER.fullmatch(msg.sender):
            return MessageCode.ERR_SENDER, parts
        price = self._price(msg.recipient)
        if not _RECIPIENT.fullmatch(msg.recipient) or price == 0:
            return MessageCode.ERR_RECIPIENT, parts
        if not msg.text or len(msg.text) > MAX_TEXT:
            return MessageCode.ERR_LENGTH, parts
        if self.balance < price * parts:
            return MessageCode.ERR_BILLING, parts
        self.balance -= price * parts
        return MessageCode.ACCEPTED_FOR_SENDING, parts

    def _accept(self, msgs: list[SendMsg], processed: float | None) -> list[_Message]:
        out: list[_Message] = []
        batch_ids: set[int] = set()
        for msg in msgs:
            code, parts = self._check(msg, batch_ids)
            ok = code == MessageCode.ACCEPTED_FOR_SENDING
            record = _Message(msg.id, next(self._sms_ids) if ok else 0, parts, code, processed)
            out.append(record)
            if msg.id is not None and code != MessageCode.ERR_DUPLICATE:
                batch_ids.add(msg.id)
        return out

    def _register(self, record: _Message) -> None:
        if record.id is not None and record.code != MessageCode.ERR_DUPLICATE:
            self._by_id[record.id] = record
        if record.sms_id:
            self._by_sms_id[record.sms_id] = record

    def _send_now(self, messages: SendMessages) -> MessageResults:
        now = self.clock.now()
        records = self._accept(messages.msg, now)
        for record in records:
            record.wall_processed = time.time()
            self._register(record)
        return MessageResults(msg=[_result(r, now, self.delivery_time) for r in records])

    def _start_job(self, msgs: list[SendMsg]) -> str:
        job_id = secrets.token_hex(16)
        now = self.clock.now()
        records = self._accept(msgs, None)
        for i, record in enumerate(records):
            record.processed = now + self.queue_time + (i + 1) * self.time_per_message
            record.wall_processed = time.time() + (record.processed - now)
            self._register(record)
        self._jobs[job_id] = _Job(job_id, now, records)
        return job_id

    def _job_state(self, job_id: str, now: float) -> JobState:
        job = self._jobs.get(job_id)
        if job is None or now - job.created >= self.retention:
            return JobState(status=JobStatus.NOTFOUND)
        if now - job.created < self.queue_time:
            return JobState(progress=0, status=JobStatus.WAITING)
        total = len(job.messages)
        done = sum(1 for m in job.messages if m.processed is not None and m.processed <= now)
        if done < total:
            return JobState(progress=100 * done // total, status=JobStatus.RUNNING)
        refused = any(m.sms_id == 0 for m in job.messages)
        return JobState(progress=100, status=JobStatus.FAILED if refused else JobStatus.COMPLETE)

    def _forget(self, now: float) -> None:
        for job_id, job in list(self._jobs.items()):
            if now - job.created >= self.retention:
                del self._jobs[job_id]

    def _status(self, refs: MessageRefs, now: float) -> MessageResults:
        results = []
        for ref in refs.msg:
            record = self._lookup(ref)
            if record is not None and (
                record.code == MessageCode.DELETED
                or (record.processed is not None and record.processed <= now)
            ):
                results.append(_result(record, now, self.delivery_time))
            else:  # unknown, or still queued in its job
                results.append(
                    MessageResult(code=MessageCode.ERR_ID, id=ref.id, sms_id=ref.sms_id or 0)
                )
        return MessageResults(msg=results)

    def _delete(self, refs: MessageRefs, now: float) -> MessageResults:
        results = []
        for ref in refs.msg:
            record = self._lookup(ref)
            queued = record is not None and record.processed is not None and record.processed > now
            if record is not None and queued and record.code == MessageCode.ACCEPTED_FOR_SENDING:
                record.code = MessageCode.DELETED
                results.append(_result(record, now, self.delivery_time))
            else:
                results.append(
                    MessageResult(code=MessageCode.ERR_DELETE, id=ref.id, sms_id=ref.sms_id or 0)
                )
        return MessageResults(msg=results)

    def _lookup(self, ref: MessageRef) -> _Message | None:
        if ref.id is not None:
            return self._by_id.get(ref.id)
        if ref.sms_id is not None:
            return self._by_sms_id.get(ref.sms_id)
        return None

    def _price(self, recipient: str) -> Decimal:
        number = recipient.lstrip("+")
        for prefix in sorted(self.prices, key=len, reverse=True):
            if number.startswith(prefix):
                return self.prices[prefix]
        return Decimal(0)

    def _prices(self, query: PriceQuery) -> Prices:
        return Prices(
            phone=[
                PhonePrice(phone=p, price=self._price(p), currency=self.currency)
                for p in query.phone
            ]
        )


def _result(record: _Message, now: float, delivery_time: float) -> MessageResult:
    code = record.code
    completed = None
    if code == MessageCode.ACCEPTED_FOR_SENDING and record.processed is not None:
        if now >= record.processed + delivery_time:
            code = MessageCode.DELIVERED
            wall = (record.wall_processed or time.time()) + delivery_time
            completed = datetime.fromtimestamp(wall, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        elif now > record.processed:
            code = MessageCode.ENROUTE
    return MessageResult(
        code=code,
        id=record.id,
        sms_id=record.sms_id,
        sms_count=record.parts,
        date_completed=completed,
    )


def _error(code: int) -> ResponsePackage:
    return ResponsePackage(error=RequestErrorCode(code))


def _load_schema() -> Any:
    try:
        import xmlschema
    except ImportError as exc:  # a development dependency
        raise RuntimeError("validate=True needs xmlschema (pip install xmlschema)") from exc
    return xmlschema.XMLSchema11(str(XSD))


class AlphasmsEmulator(AppEmulator[AlphasmsApp]):
    """An AlphaSMS emulator on loopback; ``.app`` scripts it, ``.faults`` breaks it."""

    def _new_app(self, **options: Any) -> AlphasmsApp:
        return AlphasmsApp(**options)

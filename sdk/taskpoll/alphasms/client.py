"""AlphaSMS: what its XML answers mean, and how to wait on a sending job.

Facts this layer is built on (docs/apis/alphasms.md, the docs' job page):

* every command is ``POST /api/xml.php`` with a ``<package key="…">``
  document; every answer is HTTP 200, errors included, as
  ``<package><error>N</error></package>``;
* numbers mean different things by position: ``<error>201</error>`` is a
  malformed request, ``<msg …>201</msg>`` a bad message id, so request
  errors and message codes are separate enums and are never compared;
* 205 and 212 are request-level here (current docs, newer clients); the 2013
  PDF lists them per message, where the open :class:`MessageCode` still
  decodes them;
* a job is WAITING, RUNNING, COMPLETE, FAILED (some messages may still have
  been accepted) or NOTFOUND (unknown, or older than the 12 hours results are
  kept); the job poll carries no per-message results, so :meth:`Client.send_async`
  gives every message a user ``id`` (status lookups need it);
* no rate limit is published, only error 212: polls are spaced at least 2 s
  apart and a 212 pauses the wait for :data:`THROTTLE_PAUSE` seconds.

Generated ids are microseconds since the epoch (unique and increasing within
a process, and across restarts unless it sent more than a million messages a
second).  The docs type ``id`` as "int" without a width; if an account
refuses such ids (per-message code 201), pass ``id_factory``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar, Final, TypeVar, Unpack

import attrs

from .._client import BaseClient, ClientOptions
from ..errors import (
    AccountError,
    ApiError,
    DecodeError,
    RateLimitedError,
    TaskFailedError,
    TaskNotFoundError,
    TaskpollError,
)
from ..poller import Backoff, Decision, WaitPolicy, done, failed, keep_polling, transient
from ..secret import Secret
from ..transport import Timeout
from ..xmlcodec import XmlCodec, escape_attribute
from ._generated.client import AlphasmsApi
from ._generated.models import (
    Balance,
    JobState,
    JobStatus,
    MessageRef,
    MessageRefs,
    MessageResult,
    MessageType,
    PhonePrice,
    PriceQuery,
    RequestErrorCode,
    ResponsePackage,
    SendMessages,
    SendMsg,
)

__all__ = [
    "REQUEST_ERRORS",
    "RETENTION_HOURS",
    "THROTTLE_PAUSE",
    "Client",
    "JobId",
    "Message",
    "raise_for_error",
]

log = logging.getLogger("taskpoll.alphasms")

P = TypeVar("P")

#: How long the API keeps a job's results.
RETENTION_HOURS: Final = 12
#: Seconds a wait pauses after error 212 (no limit is published; twice the
#: normal spacing, and the backoff keeps growing after it).
THROTTLE_PAUSE: Final = 5.0
#: Request-level ``<error>`` codes: what to raise, and what it means.
REQUEST_ERRORS: Final[Mapping[int, tuple[type[ApiError], str]]] = {
    RequestErrorCode.ERR_UNKNOWN: (ApiError, "unknown error"),
    RequestErrorCode.ERR_FORMAT: (ApiError, "the request document was refused as malformed"),
    RequestErrorCode.ERR_AUTHORIZATION: (AccountError, "authorisation failed: check the API key"),
    RequestErrorCode.ERR_USER_DISABLE: (AccountError, "the user account is disabled"),
    RequestErrorCode.ERR_API_DISABLE: (
        AccountError,
        "the API is disabled for this account (enable it in the cabinet's API settings)",
    ),
    RequestErrorCode.ERR_IP_DENIED: (
        AccountError,
        "this IP address is not on the account's allow-list",
    ),
    RequestErrorCode.ERR_THROTTLE: (RateLimitedError, "too many requests: throttled"),
}
#: HTTP statuses worth another poll (the API documents none; proxies send these).
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})

# Never closer than 2 s, growing 3% a poll to 12 s.  On task lengths
# log-uniform in 1-120 s (docs/benchmarks.md, section 4) that makes fewer
# requests than a fixed 2 s loop (9.8 vs 12.8) with less lag than a fixed
# 3 s one (1.34 s vs 1.47 s); the benchmark's suggestion, capped at 3.5 s,
# does as well there but spends 183 polls on a 10-minute bulk job, this 86.
# The old growth to 30 s made a third of the requests but lagged 5 s.
_DEFAULT_POLICY: Final = WaitPolicy(
    timeout=600.0,
    backoff=Backoff(first=2.0, min=2.0, max=12.0, factor=1.03, jitter=0.2),
)


def raise_for_error(response: ResponsePackage, *, task_id: str | None = None) -> None:
    """Raise what a request-level ``<error>`` stands for; undocumented codes
    raise :class:`ApiError` with the code."""
    if response.error is None:
        return
    code = int(response.error)
    kind, meaning = REQUEST_ERRORS.get(code, (ApiError, "undocumented error code"))
    raise kind(f"AlphaSMS: {meaning}", code=code, response=response, task_id=task_id)


@attrs.frozen(kw_only=True)
class Message:
    """One message to send.  ``type`` defaults to a plain SMS; ``id`` is your
    own id, unique per account (one is generated by :meth:`Client.send_async`
    when absent)."""

    recipient: str
    sender: str
    text: str
    id: int | None = None
    type: MessageType = MessageType.SMS
    url: str | None = None
    date_beg: str | None = None
    date_end: str | None = None

    def _wire(self, id: int | None) -> SendMsg:
        return SendMsg(
            text=self.text,
            recipient=self.recipient,
            sender=self.sender,
            type=self.type,
            id=id,
            url=self.url,
            date_beg=self.date_beg,
            date_end=self.date_end,
        )


class JobId(str):
    """A job id (it *is* the id string) that also remembers the user ids of the
    messages the job carries, for :meth:`Client.get_status` after a FAILED job."""

    message_ids: tuple[int, ...]

    def __new__(cls, value: str, message_ids: Iterable[int] = ()) -> JobId:
        self = super().__new__(cls, value)
        self.message_ids = tuple(message_ids)
        return self


class _MicrosecondIds:
    """Microseconds since the epoch, strictly increasing within the process."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            self._last = max(self._last + 1, time.time_ns() // 1000)
            return self._last


_IDS: Final = _MicrosecondIds()


class Client(BaseClient[str, JobState, JobState]):
    """An AlphaSMS XML API client.

    >>> sms = Client(key="…")                                    # doctest: +SKIP
    >>> job = sms.send_async([Message(recipient="380971234567", sender="Shop", text="Hi")])
    >>> sms.wait(job, on_progress=lambda state: print(state.progress))

    Direct calls raise :class:`~taskpoll.errors.ApiError` subclasses for a
    request-level ``<error>``; per-message codes are returned, not raised.

    :meth:`wait` returns the COMPLETE job state, or raises
    :class:`~taskpoll.errors.TaskFailedError` (FAILED: some messages may
    have been sent; its message says how to check),
    :class:`~taskpoll.errors.TaskNotFoundError` (NOTFOUND: unknown, or older
    than 12 hours), :class:`~taskpoll.errors.AccountError`,
    :class:`~taskpoll.errors.WaitTimeoutError` (default 600 s) or
    :class:`~taskpoll.errors.WaitCancelledError`.
    """

    default_policy = _DEFAULT_POLICY
    api_name: ClassVar[str] = "alphasms"

    def __init__(
        self,
        key: str | Secret,
        *,
        base_url: str = AlphasmsApi.DEFAULT_BASE_URL,
        id_factory: Callable[[], int] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        self._key = key if isinstance(key, Secret) else Secret(key)
        raw = self._key.reveal()
        if not raw:
            raise ValueError("key must not be empty")
        escape_attribute(raw)  # fail here, not on the first request, if it cannot be sent
        # Redact the key as written in a document too, should a body ever echo it.
        secrets = tuple(dict.fromkeys((raw, escape_attribute(raw))))
        super().__init__(
            base_url,
            XmlCodec("package"),
            default_timeout=Timeout(connect=5.0, read=30.0, total=60.0),
            secrets=secrets,
            **options,
        )
        self.api = AlphasmsApi(self._session)
        self._new_id = id_factory or _IDS

    # -- commands ------------------------------------------------------------

    def get_job(self, job_id: str, *, timeout: float | None = None) -> JobState:
        """One ``<job>`` poll: its ``status`` and ``progress`` (0-100)."""
        if not isinstance(job_id, str) or not 0 < len(job_id) <= 64:
            raise ValueError(f"job_id must be a string of 1 to 64 characters, got {job_id!r}")
        response = self.api.get_job(key=self._key.reveal(), job=job_id, timeout=timeout)
        return _percent(_part(response, response.job, "job", task_id=job_id), job_id)

    def send_async(self, messages: Iterable[Message], *, timeout: float | None = None) -> JobId:
        """Start sending ``messages`` as one job and return its id.

        Every message without an ``id`` is given one (the job poll reports no
        per-message results, so ids are how you find each one later); the
        returned :class:`JobId` lists them all in ``message_ids``.
        """
        batch = list(messages)
        ids = [m.id if m.id is not None else self._new_id() for m in batch]
        generated = sum(m.id is None for m in batch)
        _check_batch(batch, ids)
        if generated:
            log.info(
                "gave %d of %d message(s) generated ids (%d..%d): look them up with get_status",
                generated,
                len(batch),
                min(i for m, i in zip(batch, ids, strict=True) if m.id is None),
                max(i for m, i in zip(batch, ids, strict=True) if m.id is None),
            )
        wire = SendMessages(msg=[m._wire(i) for m, i in zip(batch, ids, strict=True)])
        response = self.api.send_async(key=self._key.reveal(), message_async=wire, timeout=timeout)
        accepted = _part(response, response.message_async, "message-async")
        return JobId(accepted.job, ids)

    def send(
        self, messages: Iterable[Message], *, timeout: float | None = None
    ) -> list[MessageResult]:
        """Send ``messages`` now; one result per message, in order.  A refused
        message is a result with an error ``code`` (2xx), not an exception."""
        batch = list(messages)
        ids = [m.id for m in batch]
        _check_batch(batch, ids)
        wire = SendMessages(msg=[m._wire(m.id) for m in batch])
        response = self.api.send(key=self._key.reveal(), message=wire, timeout=timeout)
        return _part(response, response.message, "message").msg or []

    def get_status(
        self,
        *,
        ids: Iterable[int] = (),
        sms_ids: Iterable[int] = (),
        timeout: float | None = None,
    ) -> list[MessageResult]:
        """Each message's current code, looked up by your ``id`` or the gateway's ``sms_id``."""
        refs = _refs(ids, sms_ids)
        response = self.api.get_status(
            key=self._key.reveal(), status=MessageRefs(msg=refs), timeout=timeout
        )
        return _part(response, response.status, "status").msg or []

    def delete(
        self,
        *,
        ids: Iterable[int] = (),
        sms_ids: Iterable[int] = (),
        timeout: float | None = None,
    ) -> list[MessageResult]:
        """Remove messages the gateway has not yet passed to the operator: each
        result is DELETED (104), or ERR_DELETE (211) when it is too late."""
        refs = _refs(ids, sms_ids)
        response = self.api.delete(
            key=self._key.reveal(), delete=MessageRefs(msg=refs), timeout=timeout
        )
        # The docs answer in <delete>, the 2013 PDF (and clients built on it) in <status>.
        part = response.delete if response.delete is not None else response.status
        return _part(response, part, "delete").msg or []

    def get_balance(self, *, timeout: float | None = None) -> Balance:
        """The account balance: ``amount`` (a Decimal) and ``currency``."""
        response = self.api.get_balance(key=self._key.reveal(), timeout=timeout)
        return _part(response, response.balance, "balance")

    def get_prices(
        self, phones: Sequence[str], *, timeout: float | None = None
    ) -> list[PhonePrice]:
        """The price of one SMS part to each number (``price`` 0: not supported)."""
        if isinstance(phones, str) or not phones:
            raise ValueError("phones must be a non-empty sequence of numbers")
        response = self.api.get_prices(
            key=self._key.reveal(), prices=PriceQuery(phone=list(phones)), timeout=timeout
        )
        return _part(response, response.prices, "prices").phone or []

    # -- waiting -------------------------------------------------------------

    def _probe(self, task_id: str, timeout: float) -> JobState:
        return self.get_job(task_id, timeout=timeout)

    def _rules(self, task_id: str, outcome: JobState | TaskpollError) -> Decision[JobState]:
        if isinstance(outcome, RateLimitedError):
            return keep_polling(state="throttled (212)", retry_after=THROTTLE_PAUSE)
        if isinstance(outcome, TaskpollError):
            return transient(outcome, retry_statuses=RETRY_STATUSES)
        status = outcome.status
        if status == JobStatus.COMPLETE:
            return done(outcome, state=status.value)
        if status in (JobStatus.WAITING, JobStatus.RUNNING):
            return keep_polling(state=status.value, percent=outcome.progress)
        if status == JobStatus.FAILED:
            return failed(
                TaskFailedError(_failed_message(task_id), code=status.value, response=outcome)
            )
        if status == JobStatus.NOTFOUND:
            return failed(
                TaskNotFoundError(
                    f"no such job: its id is unknown, or its results are older than the "
                    f"{RETENTION_HOURS} hours AlphaSMS keeps them",
                    code=status.value,
                    response=outcome,
                )
            )
        # A state the docs do not list: the deadline still bounds the wait.
        log.warning("job %s: undocumented status %r, still polling", task_id, status.value)
        return keep_polling(state=status.value, percent=outcome.progress)


def _percent(job: JobState, job_id: str) -> JobState:
    """``job`` with its progress inside the documented 0-100.

    Clamped, not refused: progress only informs, and refusing it would count
    the poll as garbled and could fail a wait on a job that is fine.
    """
    if job.progress is None or 0 <= job.progress <= 100:
        return job
    log.warning("job %s: progress %d is outside 0-100; clamped", job_id, job.progress)
    return attrs.evolve(job, progress=min(100, max(0, job.progress)))


def _failed_message(job_id: str) -> str:
    text = (
        "the job FAILED, but some of its messages may still have been accepted for sending: "
        "look each one up with Client.get_status(ids=[...]) before sending again"
    )
    ids = getattr(job_id, "message_ids", ())
    if ids:
        shown = ", ".join(str(i) for i in ids[:5]) + (", …" if len(ids) > 5 else "")
        text += f" (this job's message ids: {shown})"
    return text


def _refs(ids: Iterable[int], sms_ids: Iterable[int]) -> list[MessageRef]:
    refs = [MessageRef(id=i) for i in ids] + [MessageRef(sms_id=i) for i in sms_ids]
    if not refs:
        raise ValueError("give at least one id or sms_id")
    return refs


def _check_batch(batch: Sequence[Message], ids: Sequence[int | None]) -> None:
    if not batch:
        raise ValueError("give at least one message")
    if not all(isinstance(m, Message) for m in batch):
        raise TypeError("messages must be alphasms.Message instances")
    given = [i for i in ids if i is not None]
    if len(set(given)) != len(given):
        raise ValueError("message ids must be unique (the API refuses a reused id with 208)")


def _part(response: ResponsePackage, part: P | None, name: str, *, task_id: str | None = None) -> P:
    """The command's echo element, after raising for a request-level error."""
    raise_for_error(response, task_id=task_id)
    if part is None:
        raise DecodeError(
            f"the response has neither <error> nor <{name}>", response=response, task_id=task_id
        )
    return part

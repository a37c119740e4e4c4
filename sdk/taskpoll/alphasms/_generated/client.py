# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 b86d7350366fa83b); regenerate with `make generate`.
"""AlphaSMS XML API: one method per operation of specs/alphasms.openapi.yaml."""

from __future__ import annotations

from typing import ClassVar

from ..._http.transport import Timeout
from ..._secret import Secret
from ..._wire.codec import Codec
from ..._wire.session import Session, answer
from ..._wire.xmlcodec import XmlCodec
from .errors import ERRORS
from .models import (
    AsyncAccepted,
    Balance,
    BalanceQuery,
    JobState,
    MessageRef,
    MessageRefs,
    MessageResult,
    MessageResults,
    PhoneItem,
    PhonePrice,
    PriceQuery,
    Prices,
    RequestPackage,
    ResponsePackage,
    SendMessages,
    SendMsg,
)
from .waiter import WAITER


class AlphasmsApi:
    """AlphaSMS XML API operations, typed.  Transport, codec and errors come from the session.

    ``key`` (a write-only field: the API key) fills that field of every request.
    """

    DEFAULT_BASE_URL: ClassVar[str] = "https://alphasms.net"
    #: Per-request time limits unless a client is given others.
    DEFAULT_TIMEOUT: ClassVar[Timeout] = Timeout(connect=5.0, read=30.0, total=60.0)
    #: How request bodies are written and responses read.
    CODEC: ClassVar[Codec] = XmlCodec("package")

    def __init__(
        self,
        session: Session,
        *,
        key: Secret,
    ) -> None:
        self._session = session
        self._key = key

    def __repr__(self) -> str:
        return f"AlphasmsApi({self._session!r})"

    def get_job(
        self,
        *,
        job: str,
        timeout: float | None = None,
    ) -> JobState:
        """Poll an asynchronous sending job (results are kept 12 hours).

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``job``.
        Its percent is kept in 0-100 (clamped, with a warning).
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                job=job,
            ),
            timeout=timeout,
            task_id=job,
            errors=ERRORS,
        )
        return WAITER.clamped(answer(response, ("job",), JobState, task_id=job), job)

    def send_async(
        self,
        *,
        msg: list[SendMsg],
        timeout: float | None = None,
    ) -> str:
        """Start sending messages asynchronously; returns a job id.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``message_async``, its ``job``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                message_async=SendMessages(msg=msg),
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("message_async",), AsyncAccepted).job

    def send(
        self,
        *,
        msg: list[SendMsg],
        timeout: float | None = None,
    ) -> list[MessageResult]:
        """Send messages and return each one's code.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``message``, its ``msg``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                message=SendMessages(msg=msg),
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("message",), MessageResults).msg

    def get_status(
        self,
        *,
        msg: list[MessageRef],
        timeout: float | None = None,
    ) -> list[MessageResult]:
        """Look up messages' delivery status by user id or sms_id.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``status``, its ``msg``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                status=MessageRefs(msg=msg),
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("status",), MessageResults).msg

    def delete(
        self,
        *,
        msg: list[MessageRef],
        timeout: float | None = None,
    ) -> list[MessageResult]:
        """Remove messages not yet passed to the operator (211 when too late).

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``delete`` or ``status``, its ``msg``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                delete=MessageRefs(msg=msg),
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("delete", "status"), MessageResults).msg

    def get_balance(
        self,
        *,
        timeout: float | None = None,
    ) -> Balance:
        """Read the account balance.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``balance``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                balance=BalanceQuery(),
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("balance",), Balance)

    def get_prices(
        self,
        *,
        phone: list[PhoneItem],
        timeout: float | None = None,
    ) -> list[PhonePrice]:
        """Price of one SMS part to each phone number.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``prices``, its ``phone``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                prices=PriceQuery(phone=phone),
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("prices",), Prices).phone


class ClientCommands:
    """The operations a hand-written client offers as they are (``x-taskpoll-client``).

    A mixin: the client sets ``operations``, its AlphasmsApi.
    """

    operations: AlphasmsApi

    def _probe(self, task_id: str, timeout: float) -> JobState:
        """One poll of a wait: the spec's waiting operation."""
        return self.get_job(task_id, timeout=timeout)

    def get_job(
        self,
        job: str,
        *,
        timeout: float | None = None,
    ) -> JobState:
        """Poll an asynchronous sending job (results are kept 12 hours)."""
        return self.operations.get_job(
            job=job,
            timeout=timeout,
        )

    def get_balance(
        self,
        *,
        timeout: float | None = None,
    ) -> Balance:
        """Read the account balance."""
        return self.operations.get_balance(
            timeout=timeout,
        )

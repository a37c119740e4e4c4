# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 cd7431a0d1e350a7); regenerate with `make generate`.
"""AlphaSMS XML API: one method per operation of specs/alphasms.openapi.yaml."""

from __future__ import annotations

from typing import ClassVar

from ...secret import Secret
from ...session import Codec, Session, answer
from ...transport import Timeout
from ...xmlcodec import XmlCodec
from .errors import ERRORS
from .models import (
    AsyncAccepted,
    Balance,
    BalanceQuery,
    JobState,
    MessageRefs,
    MessageResults,
    PriceQuery,
    Prices,
    RequestPackage,
    ResponsePackage,
    SendMessages,
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
        message_async: SendMessages,
        timeout: float | None = None,
    ) -> AsyncAccepted:
        """Start sending messages asynchronously; returns a job id.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``message_async``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                message_async=message_async,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("message_async",), AsyncAccepted)

    def send(
        self,
        *,
        message: SendMessages,
        timeout: float | None = None,
    ) -> MessageResults:
        """Send messages and return each one's code.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``message``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                message=message,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("message",), MessageResults)

    def get_status(
        self,
        *,
        status: MessageRefs,
        timeout: float | None = None,
    ) -> MessageResults:
        """Look up messages' delivery status by user id or sms_id.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``status``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                status=status,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("status",), MessageResults)

    def delete(
        self,
        *,
        delete: MessageRefs,
        timeout: float | None = None,
    ) -> MessageResults:
        """Remove messages not yet passed to the operator (211 when too late).

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``delete`` or ``status``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                delete=delete,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("delete", "status"), MessageResults)

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
        prices: PriceQuery,
        timeout: float | None = None,
    ) -> Prices:
        """Price of one SMS part to each phone number.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        Returns the answer's ``prices``.
        ``timeout`` caps this request's total time in seconds.
        """
        response = self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=self._key.reveal(),
                prices=prices,
            ),
            timeout=timeout,
            errors=ERRORS,
        )
        return answer(response, ("prices",), Prices)


class ClientCommands:
    """The operations a hand-written client offers as they are (``x-taskpoll-client``).

    A mixin: the client sets ``api``, its AlphasmsApi.
    """

    api: AlphasmsApi

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
        return self.api.get_job(
            job=job,
            timeout=timeout,
        )

    def get_balance(
        self,
        *,
        timeout: float | None = None,
    ) -> Balance:
        """Read the account balance."""
        return self.api.get_balance(
            timeout=timeout,
        )

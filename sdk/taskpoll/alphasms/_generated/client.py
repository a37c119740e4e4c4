# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 be7a07ae8d7c95c9); regenerate with `make generate`.
"""AlphaSMS XML API: one method per operation of specs/alphasms.openapi.yaml."""

from __future__ import annotations

from typing import Final

from ...session import Session
from .errors import ERRORS
from .models import (
    BalanceQuery,
    MessageRefs,
    PriceQuery,
    RequestPackage,
    ResponsePackage,
    SendMessages,
)


class AlphasmsApi:
    """AlphaSMS XML API operations, typed.  Transport, codec and errors come from the session."""

    DEFAULT_BASE_URL: Final = "https://alphasms.net"

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"AlphasmsApi({self._session!r})"

    def get_job(
        self,
        *,
        key: str,
        job: str,
        timeout: float | None = None,
    ) -> ResponsePackage:
        """Poll an asynchronous sending job (results are kept 12 hours).

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=key,
                job=job,
            ),
            timeout=timeout,
            task_id=job,
            errors=ERRORS,
        )

    def send_async(
        self,
        *,
        key: str,
        message_async: SendMessages,
        timeout: float | None = None,
    ) -> ResponsePackage:
        """Start sending messages asynchronously; returns a job id.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=key,
                message_async=message_async,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

    def send(
        self,
        *,
        key: str,
        message: SendMessages,
        timeout: float | None = None,
    ) -> ResponsePackage:
        """Send messages and return each one's code.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=key,
                message=message,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

    def get_status(
        self,
        *,
        key: str,
        status: MessageRefs,
        timeout: float | None = None,
    ) -> ResponsePackage:
        """Look up messages' delivery status by user id or sms_id.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=key,
                status=status,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

    def delete(
        self,
        *,
        key: str,
        delete: MessageRefs,
        timeout: float | None = None,
    ) -> ResponsePackage:
        """Remove messages not yet passed to the operator (211 when too late).

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=key,
                delete=delete,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

    def get_balance(
        self,
        *,
        key: str,
        timeout: float | None = None,
    ) -> ResponsePackage:
        """Read the account balance.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=key,
                balance=BalanceQuery(),
            ),
            timeout=timeout,
            errors=ERRORS,
        )

    def get_prices(
        self,
        *,
        key: str,
        prices: PriceQuery,
        timeout: float | None = None,
    ) -> ResponsePackage:
        """Price of one SMS part to each phone number.

        ``POST /api/xml.php`` with a ``RequestPackage`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/api/xml.php",
            ResponsePackage,
            body=RequestPackage(
                key=key,
                prices=prices,
            ),
            timeout=timeout,
            errors=ERRORS,
        )

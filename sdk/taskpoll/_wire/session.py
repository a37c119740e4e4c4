"""One API call: build the path, encode the body, send, check, decode.

Generated clients call :meth:`Session.call` and nothing else; whether the
API speaks JSON or XML is the :class:`Codec` the session was built with.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Final, TypeAlias, TypeVar
from urllib.parse import urlencode

from .._http.pacing import Pacer
from .._http.transport import Response, Transport, quote_path_param
from ..errors import DecodeError, HTTPStatusError, RateLimitedError, TaskpollError
from .codec import Codec
from .errortables import ErrorTable

__all__ = ["Session", "answer", "raise_for_status"]

T = TypeVar("T")
A = TypeVar("A")

log: logging.Logger = logging.getLogger("taskpoll.session")

#: A query or header parameter: ``(name, value, joined)`` (see :meth:`Session.call`).
Parameter: TypeAlias = tuple[str, object, bool]
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")


class Session:
    """A transport plus the codec of one API."""

    def __init__(self, transport: Transport, codec: Codec, pacer: Pacer | None = None) -> None:
        self.transport = transport
        self.codec = codec
        self.pacer = pacer

    def __repr__(self) -> str:
        return f"Session({self.transport!r}, {type(self.codec).__name__})"

    def call(
        self,
        method: str,
        path: str,
        response_type: type[T],
        *,
        path_params: Mapping[str, str | int] | None = None,
        body: object | None = None,
        query: Sequence[Parameter] = (),
        headers: Sequence[Parameter] = (),
        timeout: float | None = None,
        task_id: str | None = None,
        errors: ErrorTable | None = None,
    ) -> T:
        """Send one operation and decode its answer as ``response_type``; with
        ``errors`` (the API's generated table), an answer that is an error
        raises the error its code stands for.

        ``query`` and ``headers`` are ``(name, value, joined)``: a ``None``
        value is left out, a list is one comma-separated value when
        ``joined`` (else one ``name=item`` each), booleans are
        ``true``/``false`` and enums their value."""
        if path_params:
            path = path.format_map({k: quote_path_param(k, v) for k, v in path_params.items()})
        if query:
            encoded = urlencode(
                [(name, text) for name, value, joined in query for text in _texts(value, joined)]
            )
            path = f"{path}?{encoded}" if encoded else path
        sent = {name: text for name, value, _ in headers for text in _texts(value, joined=True)}
        for name, text in sent.items():
            if _CONTROL.search(text):
                raise ValueError(f"header {name}: contains control characters")
        headers_ = {**sent, "Accept": self.codec.content_type}
        payload = None
        if body is not None:
            payload = self.codec.encode(body)
            headers_["Content-Type"] = self.codec.content_type
        total = self.transport.timeout.total
        budget = total if timeout is None else min(timeout, total)
        try:
            waited = self.pacer.acquire(within=budget) if self.pacer is not None else 0.0
            response = self.transport.request(
                method, path, body=payload, headers=headers_, timeout=max(budget - waited, 0.001)
            )
        except TaskpollError as exc:
            exc.task_id = exc.task_id or task_id  # the transport knows URLs, not tasks
            raise
        if response.status == 429 and self.pacer is not None:
            self.pacer.refused()
        raise_for_status(response, task_id=task_id)
        decoded = self._decode(response, response_type, task_id)
        if errors is not None:
            try:
                errors.check(decoded, task_id=task_id)
            except RateLimitedError:
                if self.pacer is not None:
                    self.pacer.refused()  # an API's own "too many requests" code
                raise
        return decoded

    def _decode(self, response: Response, response_type: type[T], task_id: str | None) -> T:
        try:
            return self.codec.decode(
                response.body, response_type, secrets=response.redactions, task_id=task_id
            )
        except TaskpollError as exc:
            exc.response = response  # decoders see bytes, not the exchange
            raise
        except Exception as exc:
            # Every decoder refuses bad input with a DecodeError at its root;
            # this is the net under them, so that whatever a server sends,
            # only SDK errors leave an API call.
            log.warning("decoder let %s escape on %s", type(exc).__name__, response.url)
            raise DecodeError(
                f"undecodable response ({type(exc).__name__}): {response.excerpt()!r}",
                task_id=task_id,
                response=response,
            ) from None


def _texts(value: object, joined: bool) -> list[str]:
    """A parameter's value as the texts sent for it (none when it is ``None``)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [_text(item) for item in value]
        return [",".join(items)] if joined else items
    return [_text(value)]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def answer(
    response: object, fields: Sequence[str], kind: type[A], *, task_id: str | None = None
) -> A:
    """The part of ``response`` an operation answers with (its spec's
    ``x-taskpoll-answer``): the first of ``fields`` that holds a ``kind``.

    Error answers were raised already, so a missing part is a response that
    is neither an error nor an answer: a :class:`DecodeError` carrying it.
    """
    for name in fields:
        part = getattr(response, name, None)
        if isinstance(part, kind):
            return part
    raise DecodeError(
        f"the response is not an error and has no {' or '.join(fields)} ({kind.__name__})",
        response=response,
        task_id=task_id,
    )


def raise_for_status(response: Response, *, task_id: str | None = None) -> None:
    if 200 <= response.status < 300:
        return
    raise HTTPStatusError(
        f"HTTP {response.status} from {response.url}: {response.excerpt()!r}",
        status=response.status,
        task_id=task_id,
        response=response,
    )

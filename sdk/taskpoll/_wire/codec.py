"""How an API's bodies are written and read: the :class:`Codec` every session
uses, and the JSON one (AlphaSMS's XML codec is :mod:`._wire.xmlcodec`)."""

from __future__ import annotations

import json
import math
from typing import Any, Protocol, TypeVar

from .._secret import excerpt, scrub_tree, scrubbable
from ..errors import DecodeError
from .models import CONVERTER, structure

__all__ = ["Codec", "JsonCodec", "decode_json", "encode_json"]

T = TypeVar("T")


class Codec(Protocol):
    """Turns models into request bodies and response bodies into models."""

    content_type: str

    def encode(self, model: object) -> bytes:
        """A request model as a UTF-8 body of :attr:`content_type`, absent fields
        omitted; ``ValueError`` for a value the format cannot carry."""
        ...

    def decode(
        self,
        body: bytes,
        model: type[T],
        *,
        secrets: tuple[str, ...] = (),
        task_id: str | None = None,
    ) -> T:
        """``body`` as ``model``; :class:`DecodeError` otherwise, quoting the
        body without ``secrets``."""
        ...

    def secret_forms(self, secret: str) -> tuple[str, ...]:
        """Every way ``secret`` can appear in a body this codec writes (each is
        redacted); ``ValueError`` if it cannot be written at all."""
        ...


class JsonCodec:
    """JSON bodies (``application/json``), through the generated models' converter."""

    content_type = "application/json"

    def encode(self, model: object) -> bytes:
        """``model`` as a JSON body, absent fields omitted."""
        return encode_json(model)

    def secret_forms(self, secret: str) -> tuple[str, ...]:
        """``secret`` as typed, and as a JSON string carries it."""
        return tuple(dict.fromkeys((secret, json.dumps(secret, ensure_ascii=False)[1:-1])))

    def decode(
        self,
        body: bytes,
        model: type[T],
        *,
        secrets: tuple[str, ...] = (),
        task_id: str | None = None,
    ) -> T:
        """``body`` read as JSON and as ``model`` (see :meth:`Codec.decode`)."""
        return decode_json(body, model, secrets=secrets, task_id=task_id)


def encode_json(model: object) -> bytes:
    """A request model as compact UTF-8 JSON, wire names, absent fields omitted."""
    return json.dumps(
        CONVERTER.unstructure(model), separators=(",", ":"), ensure_ascii=False
    ).encode()


def decode_json(
    body: bytes, model: type[T], *, secrets: tuple[str, ...] = (), task_id: str | None = None
) -> T:
    """``body`` as ``model``, or :class:`DecodeError` saying exactly what is wrong.

    ``NaN``, ``Infinity`` and numbers too large for a float are refused: JSON
    has no such values, and no field of any API means one.
    """
    try:
        data = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
    except (ValueError, RecursionError) as exc:
        raise DecodeError(
            f"response is not valid JSON ({type(exc).__name__}: {str(exc)[:80]}): "
            f"{excerpt(body, secrets)!r}",
            task_id=task_id,
        ) from None
    scrubbed = scrubbable(secrets)
    # The transport scrubbed the key's UTF-8 bytes; escapes and other
    # encodings can still spell it.
    if scrubbed and (b"\\" in body or json.detect_encoding(body) != "utf-8"):
        try:
            data = scrub_tree(data, scrubbed)
        except RecursionError:
            raise DecodeError(
                f"response is nested too deeply: {excerpt(body, secrets)!r}", task_id=task_id
            ) from None
    return structure(data, model, body=body, secrets=secrets, task_id=task_id)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is out of range for a number")
    return value

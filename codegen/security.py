"""``securitySchemes``: where an API's key goes when it is not a body field.

An operation's ``security`` (else the document's) lists alternatives; the
first whose schemes are all an ``apiKey`` in a header or the query, or HTTP
``bearer``, is used, and its key becomes the API class's ``api_key``: a
:class:`~taskpoll.Secret`, sent with every such request and redacted
wherever the transport or the codec could show it.  An operation whose every
alternative needs something else (OAuth 2, OpenID Connect, HTTP basic, a
cookie) is refused: a client generated without its credentials would send
requests the server can only refuse.
"""

from __future__ import annotations

from typing import Any

import attrs

from . import locate
from .model import Field, Type
from .specs import Spec, SpecError

#: The API class's argument holding a securitySchemes key.
KEY_ARGUMENT = "api_key"


@attrs.frozen
class Key:
    """Where one operation sends the key: ``location`` (header or query) and name."""

    location: str
    wire: str
    prefix: str = ""

    @property
    def field(self) -> Field:
        return Field(
            KEY_ARGUMENT,
            Type("str"),
            wire=self.wire,
            default=None,
            secret=True,
            prefix=self.prefix,
        )


def key(spec: Spec, op: dict[str, Any], where: locate.At) -> Key | None:
    """Where ``op`` sends the API key (``None``: it needs none)."""
    document = spec.document
    if "security" in op:
        requirements, at = op["security"], where.child("security")
    else:
        requirements, at = document.get("security", []), locate.At(spec.path, ["security"])
    if not requirements or any(not requirement for requirement in requirements):
        return None  # no requirement, or an empty one: the key is optional
    schemes = document.get("components", {}).get("securitySchemes", {})
    reasons = []
    for index, requirement in enumerate(requirements):
        found = [_scheme(name, schemes.get(name, {})) for name in requirement]
        usable = [k for k, _ in found if k is not None]
        if len(usable) == len(found) == 1:
            return usable[0]
        reasons += [reason for _, reason in found if reason] or [
            f"alternative {index} needs {len(found)} credentials at once"
        ]
    raise SpecError(
        f"{at}: no security alternative the generator can send ({'; '.join(reasons)}): "
        "only an apiKey in a header or the query, or HTTP bearer, becomes the client's "
        "key; leave the operation out of x-taskpoll-operations, or give it a security "
        "the client can send in the overlay"
    )


def _scheme(name: str, scheme: dict[str, Any]) -> tuple[Key | None, str]:
    kind = scheme.get("type")
    if kind == "apiKey" and scheme.get("in") in ("header", "query"):
        return Key(scheme["in"], str(scheme["name"])), ""
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return Key("header", "Authorization", "Bearer "), ""
    where = f" in a {scheme['in']}" if kind == "apiKey" else ""
    detail = f" {scheme.get('scheme')}" if kind == "http" else ""
    return None, f"{name!r} is {kind}{detail}{where}"

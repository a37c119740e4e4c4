"""The APIs taskpoll knows, by the name a user types: one :class:`Api` entry each.

The command line, Celery workers and the demo find a client here.  What a
user at a shell needs to know of an API (its title, the environment
variable holding its key, how a result reads in one line) is stated by the
client class itself (:class:`~taskpoll._clients.client.BaseClient`'s
``title``, ``key_env`` and ``summary``); an entry only names that class and
the API's emulator, so that they are imported when used: ``taskpoll wait
capmonster …`` never loads the XML stack, and nothing loads
:mod:`taskpoll.testing` unless asked to emulate.
"""

from __future__ import annotations

import importlib
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

if TYPE_CHECKING:
    from .client import BaseClient

__all__ = ["APIS", "Api", "api"]


@attrs.frozen
class Api:
    """One API: its name, its client class and its emulator, named, not imported."""

    name: str
    #: ``module:Class`` of the client, in :mod:`taskpoll`.
    client: str
    #: ``module:Class`` of the emulator server, in :mod:`taskpoll.testing`.
    server: str
    #: ``taskpoll emulate``'s default port (0: ephemeral).
    default_port: int = 0

    def load(self) -> type[BaseClient[Any, Any, Any]]:
        """The client class (imported on first use)."""
        found: type[BaseClient[Any, Any, Any]] = _load("..", self.client)
        return found

    @property
    def title(self) -> str:
        return self.load().title

    @property
    def key_env(self) -> str | None:
        """The environment variable read for the key; ``None`` when the API has none."""
        return self.load().key_env

    def summary(self, result: object) -> str:
        """A finished wait's result as one short line for humans."""
        return self.load().summary(result)

    def connect(self, base_url: str | None, key: str | None, **options: Any) -> Any:
        """A client of ``base_url`` (the API's default if None)."""
        where = {} if base_url is None else {"base_url": base_url}
        client: Any = self.load()
        return client(key, **where, **options) if self.key_env else client(**where, **options)

    def parse_id(self, text: str) -> Hashable:
        """The task id as typed → the id the client takes; ``ValueError`` when
        malformed (by the spec's rule for the status operation's task id)."""
        rule = self.load().waiter.task_id
        parsed: Hashable = text if rule is None else rule.parse(text)
        return parsed

    def emulator(self, port: int) -> Any:
        """A startable emulator server on ``port`` (0: ephemeral)."""
        return _load("..testing.", self.server)(port=port)


def _load(prefix: str, name: str) -> Any:
    module, _, attribute = name.partition(":")
    # relative, so that a vendored copy loads its own modules
    return getattr(importlib.import_module(f"{prefix}{module}", __package__), attribute)


#: Every API taskpoll knows, by its name (``BaseClient.api_name``).
APIS: Final[Mapping[str, Api]] = {
    entry.name: entry
    for entry in (
        Api("capmonster", "capmonster:Client", "capmonster:CapmonsterEmulator"),
        # the older server (docs on port 8004) and the current one (port 8006)
        Api("cloudcoin-v1", "cloudcoin:LegacyClient", "cloudcoin:CloudCoinEmulator", 8004),
        Api("cloudcoin", "cloudcoin:Client", "cloudcoin:CloudCoinEmulator", 8006),
        Api("alphasms", "alphasms:Client", "alphasms:AlphasmsEmulator"),
    )
}


def api(name: str) -> Api:
    """The entry of ``name``, or ``ValueError`` naming the known ones."""
    try:
        return APIS[name]
    except KeyError:
        raise ValueError(f"unknown API {name!r}; one of {sorted(APIS)}") from None

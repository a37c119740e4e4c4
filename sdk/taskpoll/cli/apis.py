"""The APIs the command line and the demo know, one :class:`Api` entry each.

An entry says only what differs between APIs for a user at a shell: which
environment variable holds the key, which client and emulator classes to
use, and how to show a result.  A task id typed on the command line is
parsed by the rule the client's spec states for it.  Everything else
(waiting, progress and state from each poll's event, exit codes) is written
once in :mod:`taskpoll.cli`, with the clients' public API alone; the demo's
scripting is in :mod:`taskpoll.testing.demo`.

Clients and emulators are named, and imported only when used, so that
``taskpoll wait capmonster …`` never imports the XML stack, and the command
line never imports :mod:`taskpoll.testing` unless asked to emulate.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Hashable
from typing import Any, Final

import attrs

from .._wire.constraints import Constraint
from .._wire.models import CONVERTER

__all__ = ["APIS", "Api", "to_json"]


def to_json(value: object) -> Any:
    """A decoded model as plain JSON data, with the API's wire names."""
    return json.loads(json.dumps(CONVERTER.unstructure(value), default=str))


def _brief(value: Any) -> Any:
    """Long lists shortened to their length: a line shows a result's shape."""
    if isinstance(value, dict):
        return {key: _brief(item) for key, item in value.items()}
    if isinstance(value, list) and len(value) > 4:
        return f"[{len(value)} items]"
    return value


def _compact(value: object, limit: int = 160) -> str:
    text = json.dumps(_brief(to_json(value)), separators=(", ", ": "), ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@attrs.frozen
class Api:
    """How one API is driven from the command line and the demo."""

    name: str
    title: str
    #: Environment variable read for the API key by default; ``None`` when the API has no key.
    key_env: str | None
    #: ``module:Class`` of the client, in :mod:`taskpoll`.
    client: str
    #: ``module:Class`` of the emulator server, in :mod:`taskpoll.testing`.
    server: str
    #: A finished wait's result → one short line for humans.
    summary: Callable[[Any], str]
    #: ``taskpoll emulate``'s default port (0: ephemeral).
    default_port: int = 0

    def connect(self, base_url: str | None, key: str | None, **options: Any) -> Any:
        """A client (a ``BaseClient``) of ``base_url`` (the API's default if None)."""
        where = {} if base_url is None else {"base_url": base_url}
        client = _load("taskpoll", self.client)
        return client(key, **where, **options) if self.key_env else client(**where, **options)

    def parse_id(self, text: str) -> Hashable:
        """The task id as typed → the id the client takes; ``ValueError`` when
        malformed (by the spec's rule for the status operation's task id)."""
        rule: Constraint | None = _load("taskpoll", self.client).waiter.task_id
        return text if rule is None else rule.parse(text)

    def emulator(self, port: int) -> Any:
        """A startable emulator server on ``port`` (0: ephemeral)."""
        return _load("taskpoll.testing", self.server)(port=port)


def _load(package: str, name: str) -> Any:
    module, _, attribute = name.partition(":")
    return getattr(importlib.import_module(f"{package}.{module}"), attribute)


def _job_summary(job: Any) -> str:
    shown = "" if job.progress is None else f", {job.progress}% of its messages processed"
    return f"job {job.status}{shown}"


CAPMONSTER: Final = Api(
    name="capmonster",
    title="CapMonster Cloud",
    key_env="CAPMONSTER_CLIENT_KEY",
    client="capmonster:Client",
    server="capmonster:CapmonsterEmulator",
    summary=lambda response: f"solution {_compact(response.solution)}",
)
#: The Gen A server (docs on port 8004) and the Gen B one (port 8006).
CLOUDCOIN_V1: Final = Api(
    name="cloudcoin-v1",
    title="CloudCoin /api/v1/task/{id}",
    key_env=None,
    client="cloudcoin:TaskClient",
    server="cloudcoin:CloudCoinEmulator",
    summary=lambda done: f"data {_compact(done.data)}",
    default_port=8004,
)
CLOUDCOIN: Final = attrs.evolve(
    CLOUDCOIN_V1,
    name="cloudcoin",
    title="CloudCoin /api/v1/tasks/{id}",
    client="cloudcoin:TasksClient",
    default_port=8006,
)
ALPHASMS: Final = Api(
    name="alphasms",
    title="AlphaSMS XML API",
    key_env="ALPHASMS_API_KEY",
    client="alphasms:Client",
    server="alphasms:AlphasmsEmulator",
    summary=_job_summary,
)

#: Every API the command line knows, by the name typed on it.
APIS: Final[dict[str, Api]] = {
    api.name: api for api in (CAPMONSTER, CLOUDCOIN_V1, CLOUDCOIN, ALPHASMS)
}

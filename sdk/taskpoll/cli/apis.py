"""The APIs the command line and the demo know, one :class:`Api` entry each.

An entry says everything that differs between APIs for a user at a shell:
which environment variable holds the key, how to parse a task id typed on
the command line, how to build a client, what one poll says about progress,
how to show a result, which emulator to run and on which port, and how to
start a demo task.  Everything else (waiting, progress display, exit codes)
is written once in :mod:`taskpoll.cli`.

API packages and emulators are imported inside the entry's functions so
that ``taskpoll wait capmonster …`` never imports the XML stack, and the
command line never imports :mod:`taskpoll.testing` unless asked to emulate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, Final

import attrs

from ..codec import CONVERTER

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
    #: The task id as typed → the id the client takes; ``ValueError`` when malformed.
    parse_id: Callable[[str], Hashable]
    #: ``(base_url or None, key or None, **ClientOptions)`` → a client (a ``BaseClient``).
    connect: Callable[..., Any]
    #: ``(client, task_id)`` → one status poll's decoded response.
    poll: Callable[[Any, Any], Any]
    #: A poll's response → ``(percent or None, state)``.
    progress: Callable[[Any], tuple[float | None, str]]
    #: A finished wait's result → one short line for humans.
    summary: Callable[[Any], str]
    #: ``port`` → a started-able emulator server.
    emulator: Callable[[int], Any]
    #: A finished wait's result → the decoded response it came from (for state and JSON).
    response_of: Callable[[Any], Any] = lambda result: result
    #: ``taskpoll emulate``'s default port (0: ephemeral).
    default_port: int = 0
    #: ``(client, emulator)`` → ids of freshly started demo tasks.
    start_demo: Callable[[Any, Any], Sequence[Hashable]] | None = None
    #: Key the demo's emulator accepts and the demo client sends.
    demo_key: str | None = None
    #: ``(client, task_id, result)`` → more lines about a finished task (the demo shows them).
    details: Callable[[Any, Any, Any], Sequence[str]] | None = None


# -- CapMonster Cloud --------------------------------------------------------


def _capmonster_id(text: str) -> int:
    if not re.fullmatch(r"[1-9][0-9]{0,18}", text):
        raise ValueError(f"a CapMonster task id is a positive integer, not {text!r}")
    return int(text)


def _capmonster_connect(base_url: str | None, key: str | None, **options: Any) -> Any:
    from .. import capmonster

    assert key is not None
    if base_url is None:
        return capmonster.Client(key, **options)
    return capmonster.Client(key, base_url=base_url, **options)


def _capmonster_progress(response: Any) -> tuple[float | None, str]:
    # CapMonster reports no percentage, only processing/ready.
    if response.status is not None:
        return None, str(response.status)
    return None, str(response.error_code or "unknown")


def _capmonster_summary(response: Any) -> str:
    return f"solution {_compact(response.solution)}"


def _capmonster_emulator(port: int) -> Any:
    from ..testing.capmonster import CapmonsterEmulator

    return CapmonsterEmulator(port=port)


_CAPMONSTER_DEMO_TASKS: Final[Mapping[str, Mapping[str, Any]]] = {
    "ImageToTextTask": {"type": "ImageToTextTask", "body": "iVBORw0KGgo="},
    "TurnstileTask": {
        "type": "TurnstileTask",
        "websiteURL": "https://example.com",
        "websiteKey": "0x4AAAAAAABUYP0XeMJF0xoy",
    },
    "RecaptchaV2Task": {
        "type": "RecaptchaV2Task",
        "websiteURL": "https://example.com",
        "websiteKey": "6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-",
    },
}


def _capmonster_demo(client: Any, emulator: Any) -> list[Hashable]:
    from ..testing.capmonster import Script

    # The third task is scripted to fail, to show one failure not hiding the rest.
    emulator.app.script(
        Script(solve_after=1.2),
        Script(solve_after=2.4),
        Script(solve_after=1.6, error="ERROR_CAPTCHA_UNSOLVABLE", description="Captcha unsolvable"),
    )
    return [client.create_task(dict(task)).task_id for task in _CAPMONSTER_DEMO_TASKS.values()]


CAPMONSTER: Final = Api(
    name="capmonster",
    title="CapMonster Cloud",
    key_env="CAPMONSTER_CLIENT_KEY",
    parse_id=_capmonster_id,
    connect=_capmonster_connect,
    poll=lambda client, task_id: client.get_task_result(task_id),
    progress=_capmonster_progress,
    summary=_capmonster_summary,
    emulator=_capmonster_emulator,
    start_demo=_capmonster_demo,
    demo_key="demo-key-not-secret",
)


# -- CloudCoin (both task-status servers) -------------------------------------------


def _cloudcoin_id(text: str) -> str:
    from ..cloudcoin.client import check_task_id

    return check_task_id(text)


def _cloudcoin_connect(route: str) -> Callable[[str | None, str | None], Any]:
    def connect(base_url: str | None, key: str | None, **options: Any) -> Any:
        from .. import cloudcoin

        client_class = cloudcoin.TaskClient if route == "task" else cloudcoin.TasksClient
        return client_class(base_url, **options)

    return connect


def _cloudcoin_progress(task: Any) -> tuple[float | None, str]:
    return float(task.progress), str(task.status)


def _cloudcoin_summary(done: Any) -> str:
    return f"data {_compact(done.data)}"


def _cloudcoin_emulator(port: int) -> Any:
    from ..testing.cloudcoin import CloudCoinEmulator

    return CloudCoinEmulator(port=port)


def _cloudcoin_demo(client: Any, emulator: Any) -> list[Hashable]:
    from ..testing.cloudcoin import Script

    emulator.app.script(Script(duration=3.0))
    return [client.echo().id]


def _cloudcoin(name: str, route: str, port: int) -> Api:
    return Api(
        name=name,
        title=f"CloudCoin /api/v1/{route}/{{id}}",
        key_env=None,
        parse_id=_cloudcoin_id,
        connect=_cloudcoin_connect(route),
        poll=lambda client, task_id: client.get_task(task_id),
        progress=_cloudcoin_progress,
        summary=_cloudcoin_summary,
        response_of=lambda done: done.task,
        emulator=_cloudcoin_emulator,
        default_port=port,
        start_demo=_cloudcoin_demo,
    )


#: The Gen A server (docs on port 8004) and the Gen B one (port 8006).
CLOUDCOIN_V1: Final = _cloudcoin("cloudcoin-v1", "task", 8004)
CLOUDCOIN: Final = _cloudcoin("cloudcoin", "tasks", 8006)


# -- AlphaSMS (message-async jobs) ---------------------------------------------------


def _alphasms_id(text: str) -> str:
    # The docs type job ids as varchar(64); the example is 32 hex digits.
    if not re.fullmatch(r"[!-~]{1,64}", text):
        raise ValueError(f"an AlphaSMS job id is 1 to 64 printable characters, not {text!r}")
    return text


def _alphasms_connect(base_url: str | None, key: str | None, **options: Any) -> Any:
    from .. import alphasms

    assert key is not None
    if base_url is None:
        return alphasms.Client(key, **options)
    return alphasms.Client(key, base_url=base_url, **options)


def _alphasms_progress(job: Any) -> tuple[float | None, str]:
    return (None if job.progress is None else float(job.progress)), str(job.status)


def _alphasms_summary(job: Any) -> str:
    shown = "" if job.progress is None else f", {job.progress}% of its messages processed"
    return f"job {job.status}{shown}"


def _alphasms_emulator(port: int) -> Any:
    from ..testing.alphasms import AlphasmsEmulator

    return AlphasmsEmulator(port=port)


def _alphasms_demo(client: Any, emulator: Any) -> list[Hashable]:
    from .. import alphasms

    texts = ["Your code is 4711", "Your parcel is on its way", "See you at 10:00"]
    messages = [
        alphasms.Message(recipient=f"+38097123456{n}", sender="SMSTest", text=text)
        for n, text in enumerate(texts)
    ]
    return [client.send_async(messages)]


def _alphasms_details(client: Any, job_id: Any, job: Any) -> list[str]:
    # The job poll reports no per-message results; its messages' ids do.
    ids = getattr(job_id, "message_ids", ())
    if not ids:
        return []
    return [
        f"message {result.id}: {result.code.name} ({int(result.code)})"
        for result in client.get_status(ids=ids)
    ]


ALPHASMS: Final = Api(
    name="alphasms",
    title="AlphaSMS XML API",
    key_env="ALPHASMS_API_KEY",
    parse_id=_alphasms_id,
    connect=_alphasms_connect,
    poll=lambda client, job_id: client.get_job(job_id),
    progress=_alphasms_progress,
    summary=_alphasms_summary,
    emulator=_alphasms_emulator,
    start_demo=_alphasms_demo,
    demo_key="demo-alphasms-key",
    details=_alphasms_details,
)


#: Every API the command line knows, by the name typed on it.
APIS: Final[dict[str, Api]] = {
    api.name: api for api in (CAPMONSTER, CLOUDCOIN_V1, CLOUDCOIN, ALPHASMS)
}

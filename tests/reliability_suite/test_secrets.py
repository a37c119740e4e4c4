"""API keys never show: one test drives both keyed APIs through success,
faults, refusals and servers that echo the key back, then greps everything
a user or a log could see for the CapMonster ``clientKey`` and the AlphaSMS
``key`` (raw, XML- or JSON-escaped, or either half of it):

* ``repr()``/``str()`` of every client, its generated client, session,
  transport and key, and of every model that holds a key;
* every exception's message, ``repr``, traceback text and last response;
* every log record at every level (DEBUG on ``taskpoll``);
* the ``taskpoll`` command line's stdout and stderr, verbose included;
* the emulators' request logs as printed.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import attrs
import pytest

from conftest import ALPHASMS_KEY, KEY
from taskpoll import Backoff, WaitPolicy, alphasms, capmonster
from taskpoll.alphasms._generated.models import RequestPackage
from taskpoll.capmonster._generated.models import (
    CreateTaskRequest,
    GetBalanceRequest,
    GetTaskResultRequest,
)
from taskpoll.errors import TaskpollError
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from taskpoll.testing.server import EmulatorServer, Fault, Reply, Request

KEYS = (KEY, ALPHASMS_KEY)
#: Polls 20-50 ms apart through the injected faults; a wait that fails gives up within 10 s.
RAPID_SHORT_WAIT = WaitPolicy(max_wait=10.0, backoff=Backoff(first=0.0, min=0.02, max=0.05))
TASKPOLL = Path(sys.executable).with_name("taskpoll")


def needles() -> list[str]:
    """Every form in which a key would count as leaked."""
    found = []
    for key in KEYS:
        found += [key, escape(key), quoteattr(key)[1:-1], json.dumps(key)[1:-1]]
        found += [key[:12], key[-12:]]  # half a key is a leak too
    return sorted(set(found))


class Echo:
    """A hostile or buggy server that puts the key it was sent into its answer."""

    def __init__(self, make: Callable[[str], Reply]) -> None:
        self.make = make

    def handle(self, request: Request) -> Reply:
        return self.make(request.body.decode("utf-8", "replace"))

    def describe(self, request: Request) -> str:
        return request.method


def echo_cases() -> dict[str, tuple[str, Callable[[str], Reply]]]:
    """name -> (api, reply built from the request body, which holds the key)."""
    pad = "x" * 190  # the key straddles the 200-character excerpt limit

    def at(offset_text: str) -> Callable[[str], Reply]:
        return lambda body: Reply(body=(offset_text + body).encode())

    return {
        "json error description": (
            "capmonster",
            lambda body: Reply(
                body=json.dumps(
                    {
                        "errorId": 1,
                        "errorCode": "ERROR_KEY_DOES_NOT_EXIST",
                        "errorDescription": f"key {json.loads(body)['clientKey']} not found",
                    }
                ).encode()
            ),
        ),
        "garbled json": ("capmonster", at("{oops ")),
        "garbled json, key at the excerpt edge": ("capmonster", at(pad)),
        "http 500 body": ("capmonster", lambda body: Reply(status=500, body=body.encode())),
        "xml garbled": ("alphasms", at("<package><error>")),
        "xml key at the excerpt edge": ("alphasms", at(pad)),
        "xml http 502 body": ("alphasms", lambda body: Reply(status=502, body=body.encode())),
    }


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every log record so far, formatted, with its raw arguments."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    texts = []
    for record in caplog.records:
        texts.append(formatter.format(record))
        texts.append(repr(record.args))
    return texts


def seen(texts: list[str], *things: object) -> None:
    """Record what a user could print of each thing, an error's response
    (raw or decoded model) included: a key the server echoes is scrubbed from
    the body before decoding, so no model field can hold it."""
    for thing in things:
        texts.append(repr(thing))
        texts.append(str(thing))
        if isinstance(thing, BaseException):
            texts.append("".join(traceback.format_exception(thing)))
            if isinstance(thing, TaskpollError):
                texts.append(repr(thing.response))
                texts.append(str(thing.response))


def attempt(texts: list[str], action: Callable[[], object]) -> object:
    try:
        outcome = action()
    except TaskpollError as exc:
        outcome = exc
    seen(texts, outcome)
    return outcome


def cli(texts: list[str], code: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line, expecting exit ``code`` and something on stdout
    or stderr: a command that crashed before printing would show no key."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_KEY")}
    env |= {"CAPMONSTER_CLIENT_KEY": KEY, "ALPHASMS_API_KEY": ALPHASMS_KEY}
    done = subprocess.run(
        [str(TASKPOLL), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    texts += [done.stdout, done.stderr]
    assert done.returncode == code, (args, done.returncode, done.stderr[-1000:])
    assert done.stdout.strip() or done.stderr.strip(), args
    assert "Traceback" not in done.stderr or "-v" in args, done.stderr[-1000:]
    return done


def test_keys_appear_nowhere(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="taskpoll")
    texts: list[str] = []
    job = alphasms.Message(recipient="380971234567", sender="Shop", text="hi")

    # -- normal work, with faults, against the emulators -----------------------
    with (
        CapmonsterEmulator(keys={KEY}, default_solve_time=0.1) as cm_server,
        AlphasmsEmulator(keys={ALPHASMS_KEY}, queue_time=0.05, time_per_message=0.05) as sms_server,
    ):
        cm = capmonster.Client(KEY, base_url=cm_server.url)
        sms = alphasms.Client(ALPHASMS_KEY, base_url=sms_server.url)
        seen(texts, cm, cm.operations, cm._session, cm._transport, cm._key)
        seen(texts, sms, sms.operations, sms._session, sms._transport, sms._key)
        task_id = cm.create_task({"type": "ImageToTextTask", "body": "x"}).task_id
        assert task_id is not None
        job_id = sms.send_async([job])
        for server in (cm_server, sms_server):
            server.faults.next(
                Fault("status", status=503),
                Fault("drop"),
                Fault("malformed"),
                Fault("truncated"),
                Fault("rate_limit", retry_after=0),
            )
        seen(texts, cm.wait(task_id, policy=RAPID_SHORT_WAIT), cm.get_balance())
        seen(texts, sms.wait(str(job_id), policy=RAPID_SHORT_WAIT), sms.get_balance())
        cm_server.app.script(Script(solve_after=0.0, error="ERROR_CAPTCHA_UNSOLVABLE"))
        failing = cm.create_task({"type": "ImageToTextTask", "body": "x"}).task_id
        attempt(texts, lambda: cm.wait(failing or 0, policy=RAPID_SHORT_WAIT))
        attempt(texts, lambda: cm.get_task_result(999))
        attempt(texts, lambda: sms.wait("0" * 32, policy=RAPID_SHORT_WAIT))

        # -- the command line, verbose, success and failure ------------------------
        cli(texts, 0, "wait", "capmonster", str(task_id), "--base-url", cm_server.url, "-v")
        cli(texts, 0, "status", "capmonster", str(task_id), "--base-url", cm_server.url, "--json")
        cli(texts, 0, "wait", "alphasms", str(job_id), "--base-url", sms_server.url, "-v")
        cli(texts, 1, "status", "alphasms", "0" * 32, "--base-url", sms_server.url, "-v")
        cli(texts, 1, "wait", "capmonster", "999", "--base-url", cm_server.url, "-v")

        # -- the emulators' logs, as printed ------------------------------------
        for server in (cm_server, sms_server):
            assert server.log
            texts += [str(entry) for entry in server.log]
            texts.append(repr(list(server.log)))

    # -- refusals: the account does not know the key --------------------------------
    with (
        CapmonsterEmulator(keys={"someone-else"}) as cm_server,
        AlphasmsEmulator(keys={"someone-else"}) as sms_server,
    ):
        cm = capmonster.Client(KEY, base_url=cm_server.url)
        sms = alphasms.Client(ALPHASMS_KEY, base_url=sms_server.url)
        attempt(texts, cm.get_balance)
        attempt(texts, lambda: sms.get_job("0" * 32))
        cli(texts, 4, "status", "capmonster", "1", "--base-url", cm_server.url, "-v")
        cli(texts, 4, "status", "alphasms", "0" * 32, "--base-url", sms_server.url, "-v")
        texts += [str(entry) for server in (cm_server, sms_server) for entry in server.log]

    # -- servers that echo the key back ----------------------------------------------
    for name, (api, make) in echo_cases().items():
        with EmulatorServer(Echo(make)) as server:
            if api == "capmonster":
                client = capmonster.Client(KEY, base_url=server.url)
                outcome = attempt(texts, client.get_balance)
                cli(texts, 4, "status", "capmonster", "1", "--base-url", server.url, "-v")
            else:
                sms = alphasms.Client(ALPHASMS_KEY, base_url=server.url)
                outcome = attempt(texts, lambda sms=sms: sms.get_job("0" * 32))
                cli(texts, 4, "status", "alphasms", "0" * 32, "--base-url", server.url, "-v")
            assert isinstance(outcome, TaskpollError), name

    # -- models that hold a key ----------------------------------------------------------
    seen(
        texts,
        CreateTaskRequest(client_key=KEY, task={"type": "ImageToTextTask"}),
        GetTaskResultRequest(client_key=KEY, task_id=1),
        GetBalanceRequest(client_key=KEY),
        RequestPackage(key=ALPHASMS_KEY, job="1"),
    )
    for package in ("capmonster", "alphasms", "cloudcoin"):
        models = importlib.import_module(f"taskpoll.{package}._generated.models")
        for model in vars(models).values():
            if isinstance(model, type) and attrs.has(model):
                for field in attrs.fields(model):
                    # a site key (websiteKey, websitePublicKey) is public: it is in the
                    # page; hCaptcha's respKey is part of a solution, like its token
                    public = field.name.startswith("website") or field.name == "resp_key"
                    if "key" in field.name.lower() and not public:
                        assert field.repr is False, f"{model.__name__}.{field.name} is shown"

    # -- every log record, at every level, before the check ---------------------------
    records = [r for r in caplog.records if r.name.startswith("taskpoll")]
    assert {logging.DEBUG, logging.INFO} <= {r.levelno for r in records}  # DEBUG was on
    assert {"taskpoll.transport", "taskpoll.scheduler"} <= {r.name for r in records}
    texts += logged(caplog)

    leaks = [(needle, text) for text in texts for needle in needles() if needle in text]
    assert not leaks, [(needle, text[:300]) for needle, text in leaks[:5]]
    assert len(texts) > 100  # the net was really cast

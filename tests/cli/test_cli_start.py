"""``taskpoll start``: the real console script, in subprocesses (and a real shell
pipe), against emulators on loopback; the key only ever in the environment.

Breakages seen caught (each made by hand in the code, the named tests run, then undone):
requests built lazily, so records are sent as built (the second-bad-row case: one
request sent); no base64 for binary fields; every field read as a string; ``wait -``
not reading stdin (all four pipes); ``start --wait`` also printing ids; unknown field
names let through; argparse echoing unrecognized values; ``--key-env`` not checked; ids
printed only once all started; no key check (a request sent); no enum check; no
XML-encode check (a NUL becomes exit 4).
"""

from __future__ import annotations

import base64
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from keys import ALPHASMS_KEY, KEY
from taskpoll._clients.registry import APIS
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from taskpoll.testing.cloudcoin import CloudCoinEmulator

TASKPOLL = Path(sys.executable).with_name("taskpoll")
SECRETS = (KEY, ALPHASMS_KEY)
#: Bytes that are not UTF-8 (a PNG's signature): only base64 carries them.
IMAGE = b"\x89PNG\r\n\x1a\n\x00\xff\xfe"
DONE = {"capmonster": "ready", "cloudcoin": "completed", "cloudcoin-v1": "completed",
        "alphasms": "COMPLETE"}  # fmt: skip
#: One task of each API, as a user types it: KIND and its --set arguments.
TASKS: dict[str, list[str]] = {
    "capmonster": ["TurnstileTask", "--set", "websiteURL=https://example.com",
                   "--set", "website_key=0x4AAAAAAABUYP0XeMJF0xoy"],
    "cloudcoin": ["backup", "--set", "name=Default", "--set", "folder=/backups"],
    "cloudcoin-v1": ["join", "--set", "name=Default"],
    "alphasms": ["send", "--set", "recipient=+380971234567", "--set", "sender=Shop",
                 "--set", "text=Your code is 4711"],
}  # fmt: skip


def environment(*, keys: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_CLIENT_KEY", "_API_KEY"))}
    if keys:
        env.update(CAPMONSTER_CLIENT_KEY=KEY, ALPHASMS_API_KEY=ALPHASMS_KEY)
    return env


def taskpoll(
    *args: str, keys: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(TASKPOLL), *args], check=False, capture_output=True, text=True,
        env=environment(keys=keys), timeout=60, cwd=cwd,
    )  # fmt: skip
    for secret in SECRETS:
        assert secret not in proc.stdout and secret not in proc.stderr
    return proc


@pytest.fixture
def emulators() -> Iterator[dict[str, Any]]:
    """One emulator per API of the command line, each accepting only the test keys."""
    with (
        CapmonsterEmulator(keys={KEY}, default_solve_time=0.2) as capmonster,
        CloudCoinEmulator(default_duration=0.3) as cloudcoin,
        CloudCoinEmulator(default_duration=0.3) as legacy,
        AlphasmsEmulator(keys={ALPHASMS_KEY}, validate=True, queue_time=0.2) as alphasms,
    ):
        yield {"capmonster": capmonster, "cloudcoin": cloudcoin, "cloudcoin-v1": legacy,
               "alphasms": alphasms}  # fmt: skip


def test_every_api_has_a_task_here() -> None:
    assert set(TASKS) == set(APIS) == set(DONE)


@pytest.mark.parametrize("api", sorted(TASKS))
def test_start_prints_only_the_new_id(api: str, emulators: dict[str, Any]) -> None:
    emulator = emulators[api]
    proc = taskpoll("start", api, *TASKS[api], "--base-url", emulator.url)
    assert proc.returncode == 0, proc.stderr
    [task_id] = proc.stdout.split()
    assert proc.stdout == f"{task_id}\n" and proc.stderr == ""
    assert emulator.requests == 1  # the start, no poll
    status = taskpoll("status", api, task_id, "--base-url", emulator.url)
    assert status.returncode == 0, status.stderr  # the API knows the task


@pytest.mark.parametrize("api", sorted(TASKS))
def test_start_and_wait_on_every_api(api: str, emulators: dict[str, Any]) -> None:
    emulator = emulators[api]
    proc = taskpoll("start", api, *TASKS[api], "--wait", "--json", "--base-url", emulator.url)
    assert proc.returncode == 0, proc.stderr
    [result] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert result["api"] == api and result["ok"] is True and result["state"] == DONE[api]
    assert "taskpoll: " in proc.stderr  # the wait's progress lines, as `taskpoll wait` writes


@pytest.mark.parametrize("api", sorted(TASKS))
def test_pipe_into_wait_dash(api: str, emulators: dict[str, Any], tmp_path: Path) -> None:
    """Two tasks started by one command, waited on by another, through a shell pipe."""
    emulator = emulators[api]
    url = shlex.quote(emulator.url)
    kind, *sets = TASKS[api]
    if api == "alphasms":  # two recipients, from a CSV: two jobs
        (tmp_path / "to.csv").write_text("recipient\n+380971234567\n+380971234568\n")
        sets = ["--set", "sender=Shop", "--set", "text=Hi", "--task", "@to.csv"]
    else:  # the same fields twice, as a JSON array: two tasks
        fields = dict(s.split("=", 1) for s in sets[1::2])
        sets = ["--task", json.dumps([fields, fields])]
    start = shlex.join([str(TASKPOLL), "start", api, kind, *sets])
    wait = shlex.join([str(TASKPOLL), "wait", api, "-", "--json"])
    script = f"set -o pipefail; {start} --base-url {url} | {wait} --base-url {url}"
    proc = subprocess.run(
        ["bash", "-c", script], check=False, capture_output=True, text=True,
        env=environment(), timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == 2 and len({str(r["task_id"]) for r in results}) == 2
    assert all(r["ok"] and r["state"] == DONE[api] for r in results), results


def test_fields_are_typed_by_the_model_and_files_read(
    emulators: dict[str, Any], tmp_path: Path
) -> None:
    """A binary field gets the file's bytes in base64; ints, bools, lists and
    objects are JSON; wire and Python names both work; text files lose their
    final newline."""
    capmonster = emulators["capmonster"]
    (tmp_path / "captcha.png").write_bytes(IMAGE)
    (tmp_path / "module.txt").write_text("amazon\n")
    proc = taskpoll(
        "start", "capmonster", "ImageToTextTask", "--set", "body=@captcha.png",
        "--set", "recognizingThreshold=70", "--set", "case=true",
        "--set", "cap_monster_module=@module.txt", "--base-url", capmonster.url, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert capmonster.app.created[-1] == {
        "type": "ImageToTextTask",
        "body": base64.b64encode(IMAGE).decode(),
        "recognizingThreshold": 70,
        "case": True,
        "capMonsterModule": "amazon",
    }
    proc = taskpoll(
        "start", "capmonster", "ComplexImageTask", "--set", "class=recaptcha",
        "--set", 'imageUrls=["https://a.example/1.png","https://a.example/2.png"]',
        "--task", '{"type": "ComplexImageTask", "metadata": {"Task": "Click on traffic lights", '
        '"Grid": "3x3"}}',
        "--base-url", capmonster.url,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert capmonster.app.created[-1] == {
        "type": "ComplexImageTask",
        "class": "recaptcha",
        "imageUrls": ["https://a.example/1.png", "https://a.example/2.png"],
        "metadata": {"Task": "Click on traffic lights", "Grid": "3x3"},
    }


def test_json_without_wait_and_a_literal_at(emulators: dict[str, Any]) -> None:
    cloudcoin = emulators["cloudcoin"]
    proc = taskpoll("start", "cloudcoin", "backup", "--set", "name=@@home", "--set",
                    "folder=/b", "--json", "--base-url", cloudcoin.url)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    [line] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert line["api"] == "cloudcoin" and isinstance(line["task_id"], str)


def test_start_wait_ends_as_wait_does(emulators: dict[str, Any]) -> None:
    """--wait is `taskpoll wait`: its deadline, its exit codes, its lines."""
    capmonster = emulators["capmonster"]
    capmonster.app.script(Script(solve_after=60))
    proc = taskpoll("start", "capmonster", *TASKS["capmonster"], "--wait", "--max-wait", "1.5",
                    "--base-url", capmonster.url)  # fmt: skip
    assert proc.returncode == 3
    assert "  timed out  not finished within 1.5s" in proc.stdout


def test_ids_started_before_an_api_error_are_printed(emulators: dict[str, Any]) -> None:
    capmonster = emulators["capmonster"]
    capmonster.app.balance = 0.0003  # one task's price: the second is refused
    fields = {"websiteURL": "https://example.com", "websiteKey": "0x4AAAAAAABUYP0XeMJF0xoy"}
    proc = taskpoll("start", "capmonster", "TurnstileTask", "--task",
                    json.dumps([fields, fields]), "--base-url", capmonster.url)  # fmt: skip
    assert proc.returncode == 4
    assert len(proc.stdout.split()) == 1  # the first task's id
    assert "ERROR_ZERO_BALANCE" in proc.stderr


# -- bad input sends nothing -----------------------------------------------------------

GOOD_CSV = "recipient,text\n+380971234567,hi\n"
BAD_INPUT: list[tuple[str, list[str], dict[str, str], str]] = [
    ("capmonster", ["NoSuchTask"], {}, "unknown task type 'NoSuchTask' for capmonster"),
    ("alphasms", ["receive"], {}, "unknown task type 'receive' for alphasms (send)"),
    ("capmonster", ["TurnstileTask", "--set", "websiteURL=https://example.com"], {},
     "TurnstileTask: missing required field websiteKey"),
    ("cloudcoin", ["backup", "--set", "name=w"], {}, "backup: missing required field folder"),
    ("capmonster", ["ImageToTextTask", "--set", "body=x", "--set", "recognizingThreshold=101"],
     {}, "invalid recognizingThreshold 101: more than 100"),
    ("capmonster", ["ImageToTextTask", "--set", "body="], {},
     "invalid body '': shorter than 1 character"),
    ("capmonster", ["ImageToTextTask", "--set", "body=x", "--set", "case=yes"], {},
     "invalid case 'yes': expected true or false"),
    ("capmonster", ["ImageToTextTask", "--task", '{"body": "x", "math": "1"}'], {},
     "math: invalid value for type, expected bool"),
    ("capmonster", [*TASKS["capmonster"], "--set", "proxyType=ftp"], {},
     "invalid proxyType 'ftp': not one of http, https, socks4, socks5"),
    ("cloudcoin-v1", ["detect", "--set", "items=/coins/1.stack"], {},
     "invalid items '/coins/1.stack': expected an array"),
    ("alphasms", ["send", "--set", "recipient=+380971234567", "--set", "sender=TooLongSender",
                  "--set", "text=hi"], {}, "invalid sender 'TooLongSender': longer than 11"),
    ("capmonster", ["ImageToTextTask", "--set", "body=@missing.png"], {},
     "ImageToTextTask: body: cannot read missing.png: No such file or directory"),
    ("alphasms", ["send", "--task", "@missing.csv"], {}, "--task: cannot read missing.csv"),
    ("capmonster", ["ImageToTextTask", "--set", "body=x"], {"keys": "no"},
     "set the environment variable CAPMONSTER_CLIENT_KEY"),
    ("alphasms", ["send", "--task", "@good.csv", "--set", "sender=Shop"], {"keys": "no"},
     "set the environment variable ALPHASMS_API_KEY"),
    ("capmonster", ["ImageToTextTask", "--task", "{'body': 'x'}"], {}, "--task: not valid JSON"),
    ("capmonster", ["ImageToTextTask", "--task", "[1, 2]"], {}, "expected a JSON object"),
    ("capmonster", ["ImageToTextTask", "--set", "body=x", "--set", "colour=red"], {},
     "ImageToTextTask: unknown field 'colour' (fields: body, capMonsterModule"),
    ("capmonster", ["ImageToTextTask", "--set", "body"], {}, "expected FIELD=VALUE"),
    ("capmonster", ["ImageToTextTask", "--set", "body=x", "--set", "type=TurnstileTask"], {},
     "type is set by the kind (ImageToTextTask)"),
    ("alphasms", ["send", "--set", "sender=Shop", "--task", "@extra-cell.csv"], {},
     "extra-cell.csv line 3: 3 cell(s), the header has 2"),
    ("alphasms", ["send", "--set", "sender=Shop", "--task", "@unknown-column.csv"], {},
     "send: unknown field 'phone'"),
    ("alphasms", ["send", "--set", "sender=Shop", "--task", "@nul.csv"], {},
     "send: U+0000 cannot be written in an XML document"),
    ("capmonster", ["ImageToTextTask", "--task", '{"type": "TurnstileTask", "body": "x"}'], {},
     "type is set by the kind (ImageToTextTask)"),
    ("alphasms", ["send", "--set", "sender=Shop", "--task", "@header-only.csv"], {},
     "header-only.csv: expected a header of field names and a row at least"),
    # the first row is good, the second is not: not even the first is sent
    ("alphasms", ["send", "--set", "sender=Shop", "--task", "@second-row-bad.csv"], {},
     "send: invalid recipient '+3809712345678901234567': longer than 21"),
    ("capmonster", ["ImageToTextTask", "--set", "body=x", "--max-wait", "5"], {"wait": "no"},
     "--max-wait and --state are options of the wait: add --wait"),
    ("capmonster", ["ImageToTextTask", "--set", "body=x", "--key-env", "sk-live-0123456789"], {},
     "--key-env takes the name of an environment variable"),
]  # fmt: skip
CSVS = {
    "good.csv": GOOD_CSV,
    "extra-cell.csv": GOOD_CSV + "+380971234568,hi,again\n",
    "unknown-column.csv": "phone,text\n+380971234567,hi\n",
    "header-only.csv": "recipient,text\n",
    "nul.csv": "recipient,text\n+380971234567,h\0i\n",
    "second-row-bad.csv": GOOD_CSV + "+3809712345678901234567,hi\n",
}


@pytest.mark.parametrize(("api", "args", "options", "message"), BAD_INPUT,
                         ids=[f"{case[0]}-{case[3][:40]}" for case in BAD_INPUT])  # fmt: skip
def test_bad_input_sends_nothing(
    api: str, args: list[str], options: dict[str, str], message: str,
    emulators: dict[str, Any], tmp_path: Path,
) -> None:  # fmt: skip
    for name, text in CSVS.items():
        (tmp_path / name).write_text(text)
    emulator = emulators[api]
    wait = [] if options.get("wait") == "no" else ["--wait"]
    proc = taskpoll("start", api, *args, *wait, "--base-url", emulator.url,
                    keys=options.get("keys") != "no", cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()  # one line, no usage text, no traceback
    assert line.startswith("taskpoll: error: ") and message in line, line
    assert emulator.requests == 0


def test_the_key_is_no_argument() -> None:
    """No option takes a key; --key (an abbreviation argparse would otherwise
    expand to --key-env) is refused without being echoed."""
    proc = taskpoll("start", "--help")
    assert proc.returncode == 0
    assert "--set FIELD=VALUE" in proc.stdout and "--task JSON|@FILE" in proc.stdout
    assert "--key " not in proc.stdout.replace("--key-env", "")
    for option in ("--key", "--api-key", "--client-key=", "--key-env="):
        typed = (
            [option + "sk-live-0123456789"]
            if option.endswith("=")
            else [option, "sk-live-0123456789"]
        )
        proc = taskpoll("start", "capmonster", "ImageToTextTask", "--set", "body=x", *typed)
        assert proc.returncode == 2, option
        assert "sk-live-0123456789" not in proc.stderr, proc.stderr


def test_every_task_type_and_its_base64_fields_come_from_the_models() -> None:
    """No table by hand: the kinds are the spec's task types, and the fields
    encoded from a file's bytes are those the spec marks contentEncoding: base64."""
    from taskpoll.capmonster import TASK_TYPES
    from taskpoll.cli.start import kinds

    found = kinds("capmonster")
    assert set(found) == set(TASK_TYPES.types)
    binary = {(name, f.wire) for name, kind in found.items() for f in kind.form.fields if f.binary}
    assert {wire for _, wire in binary} == {"body", "htmlPageBase64"}
    assert ("ImageToTextTask", "body") in binary and ("TurnstileTask", "htmlPageBase64") in binary
    assert (
        set(kinds("cloudcoin"))
        == set(kinds("cloudcoin-v1"))
        == {"echo", "detect", "backup", "join"}
    )
    assert set(kinds("alphasms")) == {"send"}

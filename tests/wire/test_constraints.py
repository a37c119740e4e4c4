"""Spec constraints and answers (issue 15): what the specs say a parameter must be
is checked by the generated code, and generated methods return what an
operation answers with.

The rule itself (types, lengths, JSON Schema's end-of-text ``$``, ranges,
numbers typed on a command line), each API's task-id rule as the client, the
waiter and the command line apply it, the generator's checks of facets and
of ``x-taskpoll-answer``, and a changed pattern that reaches client, emulator
and command line through ``make generate`` alone.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generation import codegen, copy_repo, edit, generate_broken
from paths import SPECS
from taskpoll import alphasms, capmonster, cloudcoin
from taskpoll._clients.registry import APIS
from taskpoll._wire.constraints import Constraint
from taskpoll.errors import DecodeError
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.server import Fault

DOC_ID = "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71"
UUID4 = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

# -- the rule ------------------------------------------------------------------


def test_text_rules_check_length_and_pattern() -> None:
    rule = Constraint("job", str, min_length=1, max_length=4, pattern="^[a-z]+$")
    assert rule.check("abcd") == "abcd"
    for bad, problem in [
        ("", "shorter than 1"),
        ("abcde", "longer than 4"),
        ("AB", "does not match"),
        (12, "must be a string, not int"),
    ]:
        with pytest.raises(ValueError, match=problem):
            rule.check(bad)


def test_dollar_is_the_end_of_the_text_as_in_json_schema() -> None:
    """Python's ``$`` also matches before a final newline; JSON Schema's does not."""
    rule = Constraint("id", str, pattern=UUID4)
    assert rule.check(DOC_ID) == DOC_ID
    for bad in (DOC_ID + "\n", DOC_ID.upper(), DOC_ID + "/../x"):
        with pytest.raises(ValueError, match="does not match"):
            rule.check(bad)
    # an escaped dollar and one in a class stay literal
    assert Constraint("p", str, pattern=r"^a\$[$]$").check("a$$") == "a$$"


def test_facets_can_be_skipped_but_never_the_type() -> None:
    rule = Constraint("id", str, pattern=UUID4)
    assert rule.check("any-old-id", facets=False) == "any-old-id"
    with pytest.raises(ValueError, match="must be a string"):
        rule.check(12345, facets=False)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, "less than 1"),
        (10, "more than 9"),
        (True, "must be an integer, not bool"),
        (1.0, "must be an integer, not float"),
        ("3", "must be an integer, not str"),
    ],
)
def test_number_rules_check_type_and_range(value: Any, problem: str) -> None:
    rule = Constraint("taskId", int, minimum=1, maximum=9, description="a small integer")
    with pytest.raises(ValueError, match=problem) as info:
        rule.check(value)
    assert "(a small integer)" in str(info.value)  # the spec's description says what is meant


def test_floats_must_be_finite() -> None:
    rule = Constraint("score", float, minimum=0.1)
    assert rule.check(0.5) == 0.5 and rule.check(1) == 1  # an int is a number
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError, match="finite"):
            rule.check(bad)


@pytest.mark.parametrize("text", ["١٢", "1_000", " 12", "12 ", "+12", "0x1f", "1e3", "", "1.5"])
def test_typed_numbers_are_ascii_digits_only(text: str) -> None:
    """``int()`` takes Arabic-Indic digits, underscores and blanks; no API sends those."""
    with pytest.raises(ValueError, match="must be an integer"):
        Constraint("taskId", int, minimum=1).parse(text)


def test_typed_numbers_parse_and_are_checked() -> None:
    rule = Constraint("taskId", int, minimum=1, maximum=9223372036854775807)
    assert rule.parse("7654321") == 7654321
    with pytest.raises(ValueError, match="less than 1"):
        rule.parse("0")
    with pytest.raises(ValueError, match="more than"):
        rule.parse("9" * 30)  # no overflow: Python ints are exact, the range refuses it


def test_a_huge_value_is_shown_short() -> None:
    with pytest.raises(ValueError) as info:
        Constraint("job", str, max_length=64).check("x" * 100_000)
    assert len(str(info.value)) < 200


# -- each API's task-id rule: client, wait and command line ----------------------


@pytest.mark.parametrize(
    ("api", "good", "bad"),
    [
        ("capmonster", "7654321", ["0", "-5", "abc", "١٢٣", "1_000"]),
        ("cloudcoin", DOC_ID, [DOC_ID.upper(), DOC_ID + "\n", DOC_ID.replace("-", "")]),
        ("cloudcoin-v1", DOC_ID, ["../wallets", ""]),
        ("alphasms", "5d8a3c1e", ["", "x" * 65]),
    ],
)
def test_the_command_line_parses_ids_by_the_specs_rule(api: str, good: str, bad: list[str]) -> None:
    parsed = APIS[api].parse_id(good)
    assert str(parsed) == good
    for text in bad:
        with pytest.raises(ValueError, match="invalid"):
            APIS[api].parse_id(text)


def test_every_status_operation_states_its_task_id_rule() -> None:
    rules = {
        "capmonster": capmonster.Client.waiter.task_id,
        "cloudcoin": cloudcoin.Client.waiter.task_id,
        "alphasms": alphasms.Client.waiter.task_id,
    }
    assert rules["capmonster"] == Constraint(
        "taskId",
        int,
        minimum=1,
        maximum=9223372036854775807,
        description="a positive integer, as createTask returned it",
    )
    assert rules["cloudcoin"] is not None and rules["cloudcoin"].pattern == UUID4
    assert rules["alphasms"] == Constraint("job", str, min_length=1, max_length=64)


def test_a_bad_capmonster_id_is_refused_before_any_request(capmonster_emulator: Any) -> None:
    client = capmonster.Client("k" * 32, base_url=capmonster_emulator.url)
    for bad in (0, -1, True, "12"):
        with pytest.raises(ValueError, match="taskId"):
            client.get_task_result(bad)
        with pytest.raises(ValueError, match="taskId"):
            client.wait(bad, max_wait=5.0)
    assert list(capmonster_emulator.log) == []


# -- answers ---------------------------------------------------------------------


def test_an_answer_without_its_part_is_a_decode_error_carrying_it() -> None:
    """Neither an error nor the command's echo: the generated method says so."""
    with AlphasmsEmulator() as emulator:
        emulator.faults.next(Fault("malformed", body=b"<package></package>"))
        with (
            alphasms.Client("k" * 16, base_url=emulator.url) as sms,
            pytest.raises(DecodeError, match="no job") as info,
        ):
            sms.get_job("5d8a3c1e")
    assert info.value.task_id == "5d8a3c1e"
    assert isinstance(info.value.response, alphasms._generated.models.ResponsePackage)


# -- the generator's checks --------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "old", "new", "problem"),
    [
        (
            "cloudcoin.openapi.yaml",
            'pattern: "^[0-9a-f]{8}',
            'pattern: "^[0-9a-f{8}',
            "is not a 'regex'",
        ),
        (
            "capmonster.openapi.yaml",
            "          minimum: 1\n",
            "          minimum: .nan\n",
            "minimum must be a finite number",
        ),
        (
            "cloudcoin.openapi.yaml",
            "x-taskpoll-answer: {field: payload, type: Task}",
            "x-taskpoll-answer: {field: paylaod, type: Task}",
            "TaskEnvelope has no field 'paylaod'",
        ),
        (
            "cloudcoin.openapi.yaml",
            "x-taskpoll-answer: {field: payload, type: Task}",
            "x-taskpoll-answer: {field: payload, type: EchoResult}",
            "'payload' cannot hold a EchoResult",
        ),
        (
            "cloudcoin.openapi.yaml",
            "name: TASK_NOT_FOUND",
            "name: task-not-found",
            "name must be an UPPER_CASE Python name",
        ),
    ],
)
def test_a_broken_constraint_or_answer_names_the_spec(
    spec: str, old: str, new: str, problem: str, tmp_path: Path, capsys: Any
) -> None:
    err = generate_broken(SPECS / spec, old, new, tmp_path, capsys)
    assert problem in err


# -- a changed pattern, through make generate ------------------------------------------

UPPER = textwrap.dedent(
    f"""
    import os, subprocess, sys
    from taskpoll import cloudcoin
    from taskpoll.errors import TaskNotFoundError
    from taskpoll.testing.cloudcoin import CloudCoinEmulator

    upper = {DOC_ID.upper()!r}
    with CloudCoinEmulator() as emulator:
        client = cloudcoin.Client(base_url=emulator.url)
        try:
            client.get_task(upper)
        except TaskNotFoundError as exc:
            print("client", type(exc).__name__, exc.code)
        except ValueError as exc:
            print("client ValueError")
        cli = subprocess.run(
            [sys.executable, "-m", "taskpoll", "status", "cloudcoin", upper,
             "--base-url", emulator.url],
            capture_output=True, text=True, timeout=60,
        )
        print("cli", cli.returncode)
    """
)


def _run(repo: Path | None, tmp_path: Path) -> list[str]:
    sdk = repo / "sdk" if repo is not None else SPECS.parent / "sdk"
    ran = subprocess.run(
        [sys.executable, "-c", UPPER],
        env={"PYTHONPATH": str(sdk), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.strip().splitlines()


def test_a_changed_pattern_reaches_client_emulator_and_cli_through_make_generate(
    tmp_path: Path,
) -> None:
    # the control: today an upper-case id is refused before any request (exit 2: usage)
    assert _run(None, tmp_path) == ["client ValueError", "cli 2"]
    repo = copy_repo(tmp_path / "repo", specs=("cloudcoin.openapi.yaml",))
    edit(
        repo / "specs" / "cloudcoin.openapi.yaml",
        UUID4,
        UUID4.replace("a-f", "a-fA-F").replace("[89ab]", "[89abAB]"),
    )
    generated = codegen(repo)
    assert generated.returncode == 0, generated.stderr
    # now it is sent, the emulator holds it to the same rule (an unknown task,
    # not a validation error), and the command line takes the id and reports
    # the task as not found (exit 1) instead of refusing it (exit 2)
    assert _run(repo, tmp_path) == ["client TaskNotFoundError 4105", "cli 1"]


# -- models: requests are checked when built, responses are read leniently ------------


def test_a_request_model_refuses_what_its_spec_refuses() -> None:
    with pytest.raises(ValueError, match="websiteURL '': shorter than 1"):
        capmonster.TurnstileTask(website_url="", website_key="0x4AAAAAAA")
    with pytest.raises(ValueError, match="proxyPort 70000: more than 65535"):
        capmonster.RecaptchaV2Task(
            website_url="https://example.com",
            website_key="6Le-wvkS",
            proxy_type=capmonster._generated.models.ProxyType.HTTP,
            proxy_address="203.0.113.7",
            proxy_port=70000,
        )
    with pytest.raises(ValueError, match=r"minScore 0\.95: more than 0\.9"):
        capmonster.RecaptchaV3Task(
            website_url="https://example.com", website_key="6Le-wvkS", min_score=0.95
        )


def test_an_alphasms_message_too_long_for_its_field_is_refused_before_sending() -> None:
    with AlphasmsEmulator() as emulator, alphasms.Client("k" * 16, base_url=emulator.url) as sms:
        with pytest.raises(ValueError, match="sender 'A sender far too long'"):
            sms.send(
                [
                    alphasms.Message(
                        recipient="380971234567", sender="A sender far too long", text="Hi"
                    )
                ]
            )
        assert list(emulator.log) == []


def test_response_models_carry_no_checks() -> None:
    """An answer out of its documented range is read (and the client decides what it
    means), never refused: AlphaSMS clamps a progress of 150, it does not fail the poll."""
    job = alphasms.JobState(status=alphasms.JobStatus.RUNNING, progress=150)
    assert job.progress == 150
    solution = capmonster.GetTaskResultResponse(
        error_id=capmonster._generated.models.ErrorId.OK, status=capmonster.TaskStatus.READY
    )
    assert solution.status == "ready"


def test_the_emulator_refuses_a_task_its_spec_refuses(capmonster_emulator: Any) -> None:
    from conftest import KEY
    from taskpoll.errors import ApiError

    client = capmonster.Client(KEY, base_url=capmonster_emulator.url)
    with pytest.raises(ApiError) as info:
        client.create_task({"type": "TurnstileTask", "websiteURL": "", "websiteKey": "0x4A"})
    assert info.value.code == "ERROR_TASK_ABSENT" and "websiteURL" in info.value.message


def test_an_xsd_pattern_matches_the_whole_value(tmp_path: Path) -> None:
    """XSD patterns are anchored by definition; JSON Schema's are not, so the
    converter anchors them, and the rule refuses a value that only contains a match."""
    from codegen.xsd import components

    xsd = tmp_path / "t.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:simpleType name="Code"><xs:restriction base="xs:string">'
        '<xs:pattern value="[a-z]{2}|[0-9]{3}"/></xs:restriction></xs:simpleType>'
        '<xs:complexType name="T"><xs:sequence><xs:element name="code" type="Code"/>'
        "</xs:sequence></xs:complexType></xs:schema>"
    )
    pattern = components(xsd)["T"]["properties"]["code"]["pattern"]
    assert pattern == "^(?:[a-z]{2}|[0-9]{3})$"
    rule = Constraint("code", str, pattern=pattern)
    assert rule.check("ab") == "ab" and rule.check("123") == "123"
    for bad in ("abc", "x123", "ab\n"):
        with pytest.raises(ValueError, match="does not match"):
            rule.check(bad)


def test_list_bounds_come_from_the_spec_and_bind_requests_only() -> None:
    """An XSD element's minOccurs/maxOccurs (JSON Schema's minItems/maxItems) bound a
    request model's list; a response's list is read as sent."""
    rule = Constraint("msg", list, min_items=1, max_items=2, description="at least one")
    assert rule.check([1]) == [1]
    with pytest.raises(ValueError, match=r"invalid msg \[\]: fewer than 1 item\(s\) \(at least"):
        rule.check([])
    with pytest.raises(ValueError, match="more than 2 items"):
        rule.check([1, 2, 3])
    with pytest.raises(ValueError, match="must be a list, not tuple"):
        rule.check((1,))
    models = alphasms._generated.models
    with pytest.raises(ValueError, match="invalid msg"):
        models.SendMessages(msg=[])
    with pytest.raises(ValueError, match="invalid phone"):
        alphasms.Client("k" * 16).get_prices([])
    assert models.MessageResults(msg=[]).msg == []  # a response may say nothing

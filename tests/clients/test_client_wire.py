"""What the specs say about clients beyond single operations (issue 15).

* How a client connects: the base URL is the first server, per-request time
  limits are ``x-taskpoll.timeout``, the codec is JSON, or XML with the XSD's
  document element as root; the base client builds every API's transport from
  them, and redacts the key in every form its codec could write it.
* What a wait returns: the waiter's ``result`` generates CloudCoin's
  ``CompletedTask``, which follows ``Task``'s fields.
* A percent is 0-100: a reported progress outside it is clamped, with a warning.
* AlphaSMS's ``Message`` is the XSD's ``SendMsg``, whose ``type`` has a
  ``tp:default``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import attrs
import pytest
import yaml

from generation import generate_broken
from paths import SPECS
from taskpoll import alphasms, capmonster, cloudcoin
from taskpoll._http.transport import Timeout
from taskpoll._wire.codec import JsonCodec
from taskpoll._wire.xmlcodec import XmlCodec

APIS = {
    "alphasms": alphasms.client.AlphasmsApi,
    "capmonster": capmonster.client.CapmonsterApi,
    "cloudcoin": cloudcoin.client.CloudcoinApi,
}


@pytest.mark.parametrize("name", sorted(APIS))
def test_generated_api_states_the_specs_timeouts_and_server(name: str) -> None:
    spec = yaml.safe_load((SPECS / f"{name}.openapi.yaml").read_text(encoding="utf-8"))
    api = APIS[name]
    assert Timeout(**spec["x-taskpoll"]["timeout"]) == api.DEFAULT_TIMEOUT
    assert spec["servers"][0]["url"] == api.DEFAULT_BASE_URL


def test_the_codec_follows_the_spec() -> None:
    assert isinstance(capmonster.client.CapmonsterApi.CODEC, JsonCodec)
    assert isinstance(cloudcoin.client.CloudcoinApi.CODEC, JsonCodec)
    xml = alphasms.client.AlphasmsApi.CODEC
    assert isinstance(xml, XmlCodec) and xml.root == "package"  # the XSD's one element


def test_clients_use_the_generated_defaults_unless_given_others() -> None:
    with capmonster.Client("k" * 32) as cm, alphasms.Client("k") as sms:
        assert cm._transport.timeout == capmonster.client.CapmonsterApi.DEFAULT_TIMEOUT
        assert sms._transport.timeout == Timeout(connect=5.0, read=30.0, total=60.0)
        assert cm.base_url == "https://api.capmonster.cloud"
    mine = Timeout(connect=1.0, read=2.0, total=3.0)
    with cloudcoin.Client(timeout=mine) as cc:
        assert cc._transport.timeout == mine and cc.base_url == "http://localhost:8006"


def test_keys_are_redacted_as_each_codec_writes_them() -> None:
    key = 'a"b\\c&<d>é'
    forms = JsonCodec().secret_forms(key)
    assert forms[0] == key and json.dumps(key, ensure_ascii=False)[1:-1] in forms
    assert XmlCodec("package").secret_forms(key) == (key, "a&quot;b\\c&amp;&lt;d&gt;é")
    assert JsonCodec().secret_forms("plain") == ("plain",)
    with capmonster.Client(key) as cm:
        # and as a URL carries it (a securitySchemes key in the query)
        urls = {quote(key, safe=""), quote_plus(key)}
        assert set(cm._transport._redactions) == set(forms) | urls


def test_a_key_xml_cannot_carry_is_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="U\\+0001 cannot be written"):
        alphasms.Client("key\x01")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("connect: 5, read: 20", "connect: -5, read: 20", "connect must be a positive number"),
        ("connect: 5, read: 20", "connect: true, read: 20", "connect must be a positive number"),
        ("connect: 5, read: 20", "conect: 5, read: 20", "unknown key 'conect'"),
        ("  timeout: {", "  timeouts: {", "unknown key 'timeouts'"),
        ("timeout: {connect: 5, read: 20, total: 30}", "timeout: 30", "must map connect/read"),
    ],
)
def test_the_generator_refuses_a_broken_timeout(
    old: str, new: str, message: str, tmp_path: Path, capsys: Any
) -> None:
    err = generate_broken(SPECS / "capmonster.openapi.yaml", old, new, tmp_path, capsys)
    assert message in err and "x-taskpoll" in err


# -- a wait's typed result (x-taskpoll-waiter result) ----------------------------


def test_the_result_wrapper_delegates_every_other_field_of_the_task() -> None:
    task = cloudcoin.Task(
        id="t", status=cloudcoin.TaskStatus.COMPLETED, progress=100.0, message="done", data={}
    )
    done = cloudcoin.CompletedTask(task=task, data=42)
    for field in attrs.fields(cloudcoin.Task):
        if field.name != "data":
            assert getattr(done, field.name) == getattr(task, field.name), field.name
    assert done.data == 42 and done.task is task


def test_a_field_added_to_the_task_reaches_the_wrapper(tmp_path: Path) -> None:
    from codegen.cli import main

    spec = SPECS / "cloudcoin.openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    old = "        data:\n          description:"
    assert old in text, "update the test: Task's data property moved"
    new = "        owner:\n          type: string\n          description: Who started it.\n" + old
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / spec.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["--specs", str(tmp_path / "specs"), "--out", str(tmp_path / "out")]) == 0
    waiter = (tmp_path / "out" / "cloudcoin" / "_generated" / "waiter.py").read_text()
    assert "def owner(self) -> str | None:\n" in waiter and '"""Who started it."""' in waiter


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("result: {class: CompletedTask, of: Tusk, field: data}", "no generated model 'Tusk'"),
        ("result: {class: CompletedTask, of: Task, field: dat}", "Task has no field 'dat'"),
        ("result: {class: CompletedTask, of: Task}", "result needs class, of and field"),
        ("result: {class: Task, of: Task, field: data}", "cannot name the wrapper class"),
        ("result: {class: X, of: Task, field: data, as: y}", "unknown key 'as'"),
        ("result: {class: X, of: Task, field: data, started: Task}", "cannot name the started"),
        ("result: {class: X, of: Task, field: data, holder: Y}", "holder must be a snake_case"),
    ],
)
def test_the_generator_refuses_a_broken_result(
    new: str, message: str, tmp_path: Path, capsys: Any
) -> None:
    old = "result: {class: CompletedTask, of: Task, field: data, started: StartedTask}"
    err = generate_broken(SPECS / "cloudcoin.openapi.yaml", old, new, tmp_path, capsys)
    assert message in err and "x-taskpoll-waiter" in err


# -- a percent is 0-100 ----------------------------------------------------------


@pytest.mark.parametrize(("sent", "seen"), [(150.0, 100), (-3.5, 0), (33.33, 33.33)])
def test_cloudcoin_progress_outside_0_to_100_is_clamped_with_a_warning(
    sent: float, seen: float, caplog: pytest.LogCaptureFixture
) -> None:
    from taskpoll.testing.cloudcoin import CloudCoinEmulator
    from taskpoll.testing.server import Fault

    task_id = "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71"
    body = json.dumps(
        {
            "status": "success",
            "payload": {"id": task_id, "status": "running", "progress": sent, "data": None},
        }
    )
    with CloudCoinEmulator() as emulator:
        for route in cloudcoin.Route:  # every status operation of the spec clamps
            caplog.clear()
            with cloudcoin.Client(base_url=emulator.url, route=route) as client:
                emulator.faults.next(Fault("malformed", body=body.encode()))
                task = client.get_task(task_id)
            assert task.progress == seen and isinstance(task.progress, float), route
            assert task.id == task_id, route
            assert ("clamped" in caplog.text) == (sent != seen), route


def test_the_clamp_follows_a_nested_percent_path() -> None:
    from taskpoll._waiting.policy import WaitPolicy
    from taskpoll._waiting.waiters import Waiter

    @attrs.frozen
    class Inner:
        done: int = attrs.field(metadata={"wire": "pct"})

    @attrs.frozen
    class Outer:
        job: Inner
        note: str = "kept"

    waiter = Waiter(acceptors=(), policy=WaitPolicy(max_wait=1.0), percent="job.pct")
    assert waiter.clamped(Outer(Inner(250)), "t") == Outer(Inner(100))
    unchanged = Outer(Inner(7))
    assert waiter.clamped(unchanged, "t") is unchanged
    no_percent = Waiter(acceptors=(), policy=WaitPolicy(max_wait=1.0))
    assert no_percent.clamped(Outer(Inner(250)), "t") == Outer(Inner(250))


# -- AlphaSMS: Message is the XSD's SendMsg ---------------------------------------


def test_a_message_sends_its_default_type_and_the_emulator_accepts_it() -> None:
    from taskpoll.testing.alphasms import AlphasmsEmulator

    message = alphasms.Message(recipient="380971234567", sender="Shop", text="Hi")
    assert message.type is alphasms.MessageType.SMS
    assert b'type="0"' in alphasms.client.AlphasmsApi.CODEC.encode(
        alphasms._generated.models.SendMessages(msg=[message])
    )
    with AlphasmsEmulator(keys={"k" * 16}) as emulator:
        sms = alphasms.Client("k" * 16, base_url=emulator.url)
        job = sms.send_async([message, attrs.evolve(message, id=77)])
    assert job.message_ids[1] == 77 and job.message_ids[0] != 77
    assert message.id is None  # the caller's message is left as it was


def test_send_async_refuses_what_is_not_a_message_before_minting_ids() -> None:
    sms = alphasms.Client("k" * 16, id_factory=lambda: pytest.fail("an id was minted"))
    with pytest.raises(TypeError, match=r"alphasms\.Message"):
        sms.send_async([{"recipient": "380971234567"}])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ('use="required" tp:default="9"', "tp:default '9' is not a value of MessageType"),
        ('tp:default="0"', "tp:default is for required attributes"),
    ],
)
def test_the_generator_refuses_a_broken_xsd_default(
    new: str, message: str, tmp_path: Path, capsys: Any
) -> None:
    err = generate_alphasms(tmp_path, capsys, xsd=('use="required" tp:default="0"', new))
    assert message in err and "alphasms.xsd" in err


def generate_alphasms(
    tmp_path: Path,
    capsys: Any,
    spec: tuple[str, str] = ("", ""),
    xsd: tuple[str, str] = ("", ""),
) -> str:
    """Generate from a copy of AlphaSMS's spec and XSD, each with one replacement;
    the error it must print."""
    from codegen.cli import main

    specs = tmp_path / "specs"
    specs.mkdir()
    for name, (old, new) in (("alphasms.openapi.yaml", spec), ("alphasms.xsd", xsd)):
        text = (SPECS / name).read_text(encoding="utf-8")
        assert old in text, f"{name} no longer contains {old!r}; update the test"
        (specs / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["--specs", str(specs), "--out", str(tmp_path / "out")]) == 2
    err: str = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[delete.msg, status.msg]", "[delete.msg, status]", "must end in the same fields"),
        ("x-taskpoll-answer: status.msg", "x-taskpoll-answer: status.mgs", "has no field 'mgs'"),
    ],
)
def test_the_generator_refuses_a_broken_nested_answer(
    old: str, new: str, message: str, tmp_path: Path, capsys: Any
) -> None:
    err = generate_alphasms(tmp_path, capsys, spec=(old, new))
    assert message in err and "alphasms.openapi.yaml" in err


def test_commands_take_the_list_their_element_wraps_and_answer_its_part() -> None:
    """``<status><msg id="1"/></status>``: ``get_status(msg=[...])`` returns the
    answer's ``<msg>`` results; an answer without any is an empty list."""
    from taskpoll.testing.alphasms import AlphasmsEmulator

    with AlphasmsEmulator(keys={"k" * 16}) as emulator:
        api = alphasms.Client("k" * 16, base_url=emulator.url).operations
        results = api.get_status(msg=[alphasms._generated.models.MessageRef(id=404)])
        assert [type(r).__name__ for r in results] == ["MessageResult"]
        assert isinstance(api.send_async(msg=[_message()]), str)
        sent = len(list(emulator.log))
        with pytest.raises(ValueError, match="invalid msg"):
            api.get_status(msg=[])
        assert len(list(emulator.log)) == sent  # refused before sending
    empty = alphasms._generated.models.MessageResults()
    assert empty.msg == []


def _message() -> Any:
    return alphasms.Message(recipient="380971234567", sender="Shop", text="Hi")


# -- operations a client offers as they are (x-taskpoll-client) -------------------


def test_exposed_operations_are_the_generated_ones_with_required_arguments_positional() -> None:
    import inspect

    commands = cloudcoin.client.ClientCommands
    assert cloudcoin.LegacyClient.backup is commands.backup
    params = inspect.signature(cloudcoin.LegacyClient.backup).parameters
    kinds = {name: p.kind for name, p in params.items()}
    assert kinds["name"] is kinds["folder"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert kinds["tag"] is kinds["timeout"] is inspect.Parameter.KEYWORD_ONLY
    assert alphasms.Client.get_balance is alphasms.client.ClientCommands.get_balance
    assert capmonster.Client.get_balance is capmonster.client.ClientCommands.get_balance
    assert "EchoResult" in (cloudcoin.LegacyClient.echo.__doc__ or "")  # the spec's summary


def test_the_generator_refuses_a_started_result_that_is_not_a_schema(
    tmp_path: Path, capsys: Any
) -> None:
    old = "      x-taskpoll-starts: EchoResult\n"
    new = "      x-taskpoll-starts: EchoResults\n"
    err = generate_broken(SPECS / "cloudcoin.openapi.yaml", old, new, tmp_path, capsys)
    assert "x-taskpoll-starts: 'EchoResults' is not a schema" in err


def test_the_generator_refuses_a_non_boolean_x_taskpoll_client(tmp_path: Path, capsys: Any) -> None:
    old = "      operationId: join\n      x-taskpoll-client: true\n"
    new = "      operationId: join\n      x-taskpoll-client: yes please\n"
    err = generate_broken(SPECS / "cloudcoin.openapi.yaml", old, new, tmp_path, capsys)
    assert "x-taskpoll-client must be true or false" in err


def test_an_exposed_waiting_operation_is_also_the_probe() -> None:
    """AlphaSMS exposes getJob, its waiting operation, so the generated mixin's
    ``_probe`` polls with it; CapMonster (budget) and CloudCoin (routes) write their own."""
    assert alphasms.Client._probe is alphasms.client.ClientCommands._probe
    assert "_probe" not in vars(alphasms.client.Client)
    assert not hasattr(capmonster.client.ClientCommands, "_probe")
    assert not hasattr(cloudcoin.client.ClientCommands, "_probe")

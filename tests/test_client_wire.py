"""How a client connects comes from its spec (issue 15): the base URL is the
first server, per-request time limits are ``x-taskpoll.timeout``, the codec is
JSON, or XML with the XSD's document element as root; the base client builds
every API's transport from them, and redacts the key in every form its codec
could write it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from taskpoll import alphasms, capmonster, cloudcoin
from taskpoll.session import JsonCodec
from taskpoll.transport import Timeout
from taskpoll.xmlcodec import XmlCodec
from test_regeneration import generate_broken

SPECS = Path(__file__).resolve().parent.parent / "specs"
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
    with cloudcoin.TasksClient(timeout=mine) as cc:
        assert cc._transport.timeout == mine and cc.base_url == "http://localhost:8006"


def test_keys_are_redacted_as_each_codec_writes_them() -> None:
    key = 'a"b\\c&<d>é'
    forms = JsonCodec().secret_forms(key)
    assert forms[0] == key and json.dumps(key, ensure_ascii=False)[1:-1] in forms
    assert XmlCodec("package").secret_forms(key) == (key, "a&quot;b\\c&amp;&lt;d&gt;é")
    assert JsonCodec().secret_forms("plain") == ("plain",)
    with capmonster.Client(key) as cm:
        assert set(cm._transport._redactions) == set(forms)


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
    import attrs

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
    ],
)
def test_the_generator_refuses_a_broken_result(
    new: str, message: str, tmp_path: Path, capsys: Any
) -> None:
    old = "result: {class: CompletedTask, of: Task, field: data}"
    err = generate_broken(SPECS / "cloudcoin.openapi.yaml", old, new, tmp_path, capsys)
    assert message in err and "x-taskpoll-waiter" in err

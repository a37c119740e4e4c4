"""The cattrs codec: strict scalars, open enums, absent vs null, clear DecodeErrors."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest

from taskpoll._wire.codec import decode_json, encode_json
from taskpoll._wire.models import UNSET, structure
from taskpoll.capmonster import ErrorId, GetTaskResultResponse, TaskStatus
from taskpoll.capmonster._generated.models import CreateTaskRequest, GetTaskResultRequest
from taskpoll.errors import DecodeError, TaskpollError

SEED_PROCESSING = b"""{
  "errorCode": null,
  "errorDescription": null,
  "errorId": 0,
  "status": "processing"
}"""
SEED_READY = b'{"errorId":0, "status":"ready", "solution": {"text":"answer"}}'


def test_seed_examples_decode_exactly() -> None:
    processing = decode_json(SEED_PROCESSING, GetTaskResultResponse)
    assert processing.error_id is ErrorId.OK
    assert processing.status is TaskStatus.PROCESSING
    assert processing.error_code is None and processing.error_description is None  # null
    ready = decode_json(SEED_READY, GetTaskResultResponse)
    assert ready.status is TaskStatus.READY
    assert ready.solution == {"text": "answer"}
    assert ready.error_code is UNSET  # absent, which is not the same as null


def test_request_encoding_uses_wire_names_and_omits_absent_fields() -> None:
    body = json.loads(encode_json(CreateTaskRequest(client_key="k", task={"type": "T"})))
    assert body == {"clientKey": "k", "task": {"type": "T"}}
    body = json.loads(encode_json(GetTaskResultRequest(client_key="k", task_id=7654321)))
    assert body == {"clientKey": "k", "taskId": 7654321}


def test_unknown_fields_are_ignored() -> None:
    r = structure(
        {"errorId": 0, "status": "ready", "cost": 0.0003, "ip": "1.2.3.4"}, GetTaskResultResponse
    )
    assert r.status is TaskStatus.READY


def test_unknown_enum_values_are_kept_not_rejected() -> None:
    r = structure({"errorId": 0, "status": "queued"}, GetTaskResultResponse)
    assert isinstance(r.status, TaskStatus)
    assert r.status == "queued" and r.status.value == "queued"
    assert not r.status.known and TaskStatus.READY.known
    r = structure({"errorId": 7}, GetTaskResultResponse)
    assert r.error_id == 7 and not r.error_id.known


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'{"status": "ready"}', "error_id"),  # required field missing
        (b'{"errorId": "0"}', "error_id"),  # string for an integer
        (b'{"errorId": true}', "error_id"),  # bool is not an integer
        (b'{"errorId": 0, "status": 5}', "status"),
        (b'{"errorId": 0, "solution": "text"}', "solution"),
        (b'{"errorId": 0, "errorCode": 12}', "error_code"),
        (b"[]", ""),
        (b"null", ""),
        (b'"ready"', ""),
    ],
)
def test_wrong_shapes_raise_decode_error_naming_the_field(body: bytes, where: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_json(body, GetTaskResultResponse, task_id="42")
    assert where in str(info.value)
    assert info.value.task_id == "42"


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b'{"errorId": 0,', b"\xff\xfe", b"NaN garbage", b"[" * 100_000 + b"]" * 100_000],
)
def test_malformed_json_is_a_decode_error(body: bytes) -> None:
    with pytest.raises(DecodeError, match=r"not valid JSON|does not match"):
        decode_json(body, GetTaskResultResponse)


def test_deep_nesting_in_free_form_objects_is_kept_or_refused_cleanly() -> None:
    deep = b'{"errorId":0,"status":"ready","solution":' + b'{"a":' * 5000 + b"1" + b"}" * 5001
    try:
        r = decode_json(deep, GetTaskResultResponse)
    except TaskpollError:
        return
    assert r.solution is not None


def test_huge_numbers_do_not_crash() -> None:
    r = decode_json(
        b'{"errorId":0,"taskId":' + b"9" * 4000 + b"}", GetTaskResultResponse
    )  # taskId is not a field of this model: ignored
    assert r.error_id is ErrorId.OK
    with pytest.raises(DecodeError):
        decode_json(b'{"errorId":' + b"9" * 5000 + b"}", GetTaskResultResponse)


def test_decode_error_excerpt_redacts_secrets() -> None:
    key = "67b6bcbb1a728ea8d563de6d169a2057"
    body = json.dumps({"error": f"bad key {key}"}).encode()
    with pytest.raises(DecodeError) as info:
        decode_json(body, GetTaskResultResponse, secrets=(key,))
    assert key not in str(info.value) and key not in repr(info.value)


def test_models_are_attrs_classes_with_wire_metadata() -> None:
    wire = {f.name: f.metadata["wire"] for f in attrs.fields(GetTaskResultResponse)}
    assert wire["error_id"] == "errorId" and wire["error_description"] == "errorDescription"


def test_decimal_hook_is_strict() -> None:
    from taskpoll._wire.models import CONVERTER

    assert CONVERTER.structure("10.526", Decimal) == Decimal("10.526")
    assert CONVERTER.structure(164.719700000656, Decimal) == Decimal("164.719700000656")
    with pytest.raises(TypeError):
        CONVERTER.structure(True, Decimal)

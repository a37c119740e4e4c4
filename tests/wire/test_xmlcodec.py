"""The XML codec: seed examples round-trip, XSD validity, escaping, hostile documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import xmlschema
from defusedxml.ElementTree import fromstring
from hypothesis import given
from hypothesis import strategies as st

from paths import SPECS
from taskpoll._wire.xmlcodec import XmlCodec, decode_xml, encode_xml
from taskpoll.alphasms._generated.models import (
    BalanceQuery,
    JobStatus,
    MessageCode,
    MessageRef,
    MessageRefs,
    MessageType,
    PriceQuery,
    RequestErrorCode,
    RequestPackage,
    ResponsePackage,
    SendMessages,
    SendMsg,
)
from taskpoll.errors import DecodeError
from xml_attacks import ATTACKS

XSD = xmlschema.XMLSchema11(str(SPECS / "alphasms.xsd"))
SEED_KEY = "bb56a4369eb19***cfec6d1776bd25"

# The API's documentation page, quoted in docs/apis/alphasms.md, indentation and all.
SEED_REQUEST = b"""<?xml version="1.0" encoding="utf-8" ?>
                <package key="bb56a4369eb19***cfec6d1776bd25">
                    <job>8714ea91e9bb454d25ef42ba6f18ea4e</job>
                </package>"""
SEED_RESPONSE = b"""<?xml version="1.0" encoding="utf-8" ?>
                <package>
                    <job>
                        <progress>50</progress>
                        <status>RUNNING</status>
                    </job>
                </package>"""

# Examples from the docs' other pages (docs/apis/alphasms.md), with the
# models that must produce them.
REQUESTS: list[tuple[bytes, RequestPackage]] = [
    (SEED_REQUEST, RequestPackage(key=SEED_KEY, job="8714ea91e9bb454d25ef42ba6f18ea4e")),
    (
        b'<package key="K"><message-async><msg id="1234" recipient="+380971234567" '
        b'sender="SMSTest" type="0">Text</msg></message-async></package>',
        RequestPackage(
            key="K",
            message_async=SendMessages(
                msg=[
                    SendMsg(
                        id=1234,
                        recipient="+380971234567",
                        sender="SMSTest",
                        type=MessageType.SMS,
                        text="Text",
                    )
                ]
            ),
        ),
    ),
    (
        b'<package key="K"><message><msg recipient="380971234567" sender="Shop" type="2" '
        b'url="http://www.url.com" date_beg="2024-11-30T12:00"></msg></message></package>',
        RequestPackage(
            key="K",
            message=SendMessages(
                msg=[
                    SendMsg(
                        recipient="380971234567",
                        sender="Shop",
                        type=MessageType.WAP_PUSH,
                        url="http://www.url.com",
                        date_beg="2024-11-30T12:00",
                        text="",
                    )
                ]
            ),
        ),
    ),
    (
        b'<package key="K"><status><msg id="1234"/><msg sms_id="1234569"/></status></package>',
        RequestPackage(
            key="K", status=MessageRefs(msg=[MessageRef(id=1234), MessageRef(sms_id=1234569)])
        ),
    ),
    (
        b'<package key="K"><balance></balance></package>',
        RequestPackage(key="K", balance=BalanceQuery()),
    ),
    (
        b'<package key="K"><prices><phone>+380971234567</phone></prices></package>',
        RequestPackage(key="K", prices=PriceQuery(phone=["+380971234567"])),
    ),
]
RESPONSES: list[bytes] = [
    SEED_RESPONSE,
    b"<package><message-async><job>8714ea91e9bb454d25ef42ba6f18ea4e</job></message-async></package>",
    b'<package><message><msg id="1234" sms_id="1234568" sms_count="1">1</msg>'
    b'<msg id="7777" sms_id="0" sms_count="1">201</msg></message></package>',
    b'<package><status><msg id="1234" sms_id="1234568" sms_count="1" '
    b'date_completed="2024-11-11T12:00:00">102</msg>'
    b'<msg id="4321" sms_id="1234569" sms_count="1">1</msg></status></package>',
    b"<package><balance><amount>164.719700000656</amount><currency>UAH</currency></balance></package>",
    b'<package><prices><phone price="0.28" currency="UAH">+380971234567</phone></prices></package>',
    b"<package><error>201</error></package>",
]


def meaning(document: bytes) -> Any:
    """What a document says: tags, attributes, and text with layout whitespace dropped."""

    def walk(element: Any) -> Any:
        children = [walk(child) for child in element]
        text = (element.text or "").strip() if children else (element.text or "")
        return (element.tag, dict(element.attrib), text, children)

    return walk(fromstring(document))


@pytest.mark.parametrize(("example", "model"), REQUESTS, ids=range(len(REQUESTS)))
def test_request_examples_encode_to_the_same_document(
    example: bytes, model: RequestPackage
) -> None:
    ours = encode_xml(model, "package")
    assert meaning(ours) == meaning(example)
    assert decode_xml(example, RequestPackage, "package") == model
    assert XSD.is_valid(ours.decode())


@pytest.mark.parametrize("example", RESPONSES, ids=range(len(RESPONSES)))
def test_response_examples_round_trip(example: bytes) -> None:
    assert XSD.is_valid(example.decode())
    decoded = XmlCodec("package").decode(example, ResponsePackage)
    again = encode_xml(decoded, "package")
    assert meaning(again) == meaning(example)
    assert XSD.is_valid(again.decode())


def test_seed_response_is_typed() -> None:
    job = decode_xml(SEED_RESPONSE, ResponsePackage, "package").job
    assert job is not None
    assert job.progress == 50
    assert job.status is JobStatus.RUNNING


def test_same_number_decodes_by_position() -> None:
    """201 in <error> is a malformed request; 201 in <msg> is a bad message id."""
    error = decode_xml(b"<package><error>201</error></package>", ResponsePackage, "package")
    assert error.error is RequestErrorCode.ERR_FORMAT
    sent = decode_xml(RESPONSES[2], ResponsePackage, "package")
    assert sent.message is not None and sent.message.msg is not None
    assert [m.code for m in sent.message.msg] == [
        MessageCode.ACCEPTED_FOR_SENDING,
        MessageCode.ERR_ID,
    ]


def test_decimal_amount_is_exact() -> None:
    balance = decode_xml(RESPONSES[4], ResponsePackage, "package").balance
    assert balance is not None
    assert balance.amount == Decimal("164.719700000656")


def test_a_json_body_is_refused_as_json() -> None:
    # decoders never see a Content-Type (AlphaSMS labels XML as JSON): the body decides
    codec = XmlCodec("package")
    assert codec.decode(SEED_RESPONSE, ResponsePackage).job is not None
    with pytest.raises(DecodeError, match="looks like JSON"):
        codec.decode(b'{"success": false}', ResponsePackage)


def test_unknown_values_elements_and_attributes_are_kept_or_ignored() -> None:
    body = (
        b'<package><job extra="1"><progress>7</progress><status>PAUSED</status>'
        b"<eta>5</eta></job><error2/></package>"
    )
    job = decode_xml(body, ResponsePackage, "package").job
    assert job is not None and job.progress == 7
    assert job.status == "PAUSED" and not job.status.known
    code = decode_xml(b"<package><error>299</error></package>", ResponsePackage, "package")
    assert code.error == 299 and code.error is not None and not code.error.known


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (
            b"<package><job><status>RUNNING</status><progress>half</progress></job></package>",
            "package/job/progress",
        ),
        (b"<package><job><progress>5</progress></job></package>", "package/job/status"),
        (b"<package><error>2O1</error></package>", "package/error"),
        (
            b"<package><balance><amount>NaN</amount><currency>UAH</currency></balance></package>",
            "amount",
        ),
        (b'<package><status><msg id="x">1</msg></status></package>', "package/status/msg[0]/@id"),
        (b"<reply><error>201</error></reply>", "<package>"),
        (b"<package><job>", "not well-formed"),
        (b"", "not well-formed"),
    ],
)
def test_bad_documents_raise_decode_error_saying_where(body: bytes, where: str) -> None:
    with pytest.raises(DecodeError) as caught:
        XmlCodec("package").decode(body, ResponsePackage, task_id="j1")
    assert where in str(caught.value)
    assert caught.value.task_id == "j1"


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_hostile_documents_are_refused(attack: bytes) -> None:
    with pytest.raises(DecodeError):
        XmlCodec("package").decode(attack, ResponsePackage)


def test_xml_special_characters_are_escaped() -> None:
    key = "a\"b'c<d>e&f]]>g\th\ni\rj"
    text = 'Hi & <b>bye</b> ]]> "quoted" \r\n'
    model = RequestPackage(
        key=key,
        message=SendMessages(
            msg=[SendMsg(recipient="+380971234567", sender="Shop", type=MessageType.SMS, text=text)]
        ),
    )
    document = encode_xml(model, "package")
    parsed = fromstring(document)
    assert [child.tag for child in parsed] == ["message"]
    assert parsed.get("key") == key
    assert parsed.find("message/msg").text == text
    assert decode_xml(document, RequestPackage, "package") == model
    assert key.encode() not in document  # written escaped, never raw
    assert XSD.is_valid(document.decode())


@pytest.mark.parametrize("bad", ["\x00", "\x08", "\x1b[0m", "\ufffe", "\ud800"])
def test_characters_xml_cannot_carry_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="cannot be written"):
        encode_xml(RequestPackage(key=f"k{bad}", job="1"), "package")
    with pytest.raises(ValueError, match="cannot be written"):
        encode_xml(RequestPackage(key="k", job=f"1{bad}"), "package")


_XML_CHARS = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"
).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)
_XML_TEXT = st.text(_XML_CHARS)
#: The XSD's Sender is at most 11 characters, and the model refuses longer ones.
_SENDER = st.text(_XML_CHARS, max_size=11)


@given(key=_XML_TEXT, text=_XML_TEXT, sender=_SENDER, msg_id=st.integers(-(2**63), 2**63 - 1))
def test_any_value_round_trips(key: str, text: str, sender: str, msg_id: int) -> None:
    model = RequestPackage(
        key=key,
        message_async=SendMessages(
            msg=[
                SendMsg(id=msg_id, recipient="1", sender=sender, type=MessageType.FLASH, text=text)
            ]
        ),
    )
    assert decode_xml(encode_xml(model, "package"), RequestPackage, "package") == model


def test_every_generated_xml_model_has_a_binding() -> None:
    import attrs

    from taskpoll.alphasms._generated import models

    classes = [
        c
        for c in vars(models).values()
        if isinstance(c, type) and attrs.has(c) and c.__module__ == models.__name__
    ]
    assert len(classes) >= 15
    for cls in classes:
        for field in attrs.fields(cls):
            assert field.metadata["xml"]["kind"] in {"attribute", "element", "text"}, cls
    key = attrs.fields(RequestPackage).key
    assert key.repr is False

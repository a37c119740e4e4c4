# generated — do not edit.
# Source: specs/alphasms.openapi.yaml (sha256 b86d7350366fa83b); regenerate with `make generate`.
from __future__ import annotations

from decimal import Decimal
from typing import TypeAlias

import attrs

from ..._wire.constraints import Constraint
from ..._wire.models import OpenIntEnum, OpenStrEnum


@attrs.define(kw_only=True)
class MessageRef:
    """A message named by its user id or by its gateway sms_id."""

    id: int | None = attrs.field(
        default=None, metadata={"wire": "id", "xml": {"kind": "attribute"}}
    )
    sms_id: int | None = attrs.field(
        default=None, metadata={"wire": "sms_id", "xml": {"kind": "attribute"}}
    )


@attrs.define(kw_only=True)
class BalanceQuery:
    """The empty balance command."""


PhoneItem: TypeAlias = str


@attrs.define(kw_only=True)
class PriceQuery:
    #: The numbers to price: at least one.
    phone: list[PhoneItem] = attrs.field(
        metadata={"wire": "phone", "xml": {"kind": "element", "order": 0}},
        validator=Constraint(
            "phone", list, min_items=1, description="The numbers to price: at least one"
        ).validate,
    )


class MessageType(OpenIntEnum):
    """How the message is delivered."""

    SMS = 0
    FLASH = 1
    WAP_PUSH = 2
    VOICE = 3


@attrs.define(kw_only=True)
class AsyncAccepted:
    job: str = attrs.field(metadata={"wire": "job", "xml": {"kind": "element", "order": 0}})


@attrs.define(kw_only=True)
class Balance:
    """The balance command's answer: the account's amount, in its currency."""

    amount: Decimal = attrs.field(
        metadata={"wire": "amount", "xml": {"kind": "element", "order": 0}}
    )
    currency: str = attrs.field(
        metadata={"wire": "currency", "xml": {"kind": "element", "order": 1}}
    )


@attrs.define(kw_only=True)
class PhonePrice:
    """Price of one SMS part to a number; 0 means not supported."""

    phone: str = attrs.field(metadata={"wire": "phone", "xml": {"kind": "text"}})
    price: Decimal = attrs.field(metadata={"wire": "price", "xml": {"kind": "attribute"}})
    currency: str = attrs.field(metadata={"wire": "currency", "xml": {"kind": "attribute"}})


class JobStatus(OpenStrEnum):
    """State of an asynchronous job."""

    WAITING = "WAITING"
    RUNNING = "RUNNING"
    FAILED = "FAILED"
    COMPLETE = "COMPLETE"
    NOTFOUND = "NOTFOUND"


class RequestErrorCode(OpenIntEnum):
    """Request-level error: the whole package was refused."""

    ERR_UNKNOWN = 200
    ERR_FORMAT = 201
    ERR_AUTHORIZATION = 202
    ERR_USER_DISABLE = 205
    ERR_API_DISABLE = 209
    ERR_IP_DENIED = 210
    ERR_THROTTLE = 212


class MessageCode(OpenIntEnum):
    """A message's status (1, 100-113) or error (2xx); 201 here is a bad id, not a bad document."""

    ACCEPTED_FOR_SENDING = 1
    SCHEDULED = 100
    ENROUTE = 101
    DELIVERED = 102
    EXPIRED = 103
    DELETED = 104
    UNDELIVERABLE = 105
    ACCEPTED = 106
    STATUS_UNKNOWN = 107
    REJECTED = 108
    DISCARDED = 109
    SENDING = 110
    NOT_SUPPORTED = 111
    WRONG_ALPHANAME = 112
    WRONG_ALPHANAME_RETURNED = 113
    ERR_UNKNOWN = 200
    ERR_ID = 201
    ERR_SENDER = 202
    ERR_RECIPIENT = 203
    ERR_LENGTH = 204
    ERR_BILLING = 206
    ERR_OVERLIMIT = 207
    ERR_DUPLICATE = 208
    ERR_DELETE = 211


@attrs.define(kw_only=True)
class SendMsg:
    """One message to send; the element text is its UTF-8 body."""

    text: str = attrs.field(metadata={"wire": "text", "xml": {"kind": "text"}})
    recipient: str = attrs.field(
        metadata={"wire": "recipient", "xml": {"kind": "attribute"}},
        validator=Constraint("recipient", str, max_length=21).validate,
    )
    sender: str = attrs.field(
        metadata={"wire": "sender", "xml": {"kind": "attribute"}},
        validator=Constraint("sender", str, max_length=11).validate,
    )
    type: MessageType = attrs.field(
        default=MessageType.SMS, metadata={"wire": "type", "xml": {"kind": "attribute"}}
    )
    #: User id, unique per account (reuse gives 208).
    id: int | None = attrs.field(
        default=None, metadata={"wire": "id", "xml": {"kind": "attribute"}}
    )
    #: Link of a wap-push message (type 2).
    url: str | None = attrs.field(
        default=None,
        metadata={"wire": "url", "xml": {"kind": "attribute"}},
        validator=Constraint(
            "url", str, max_length=100, description="Link of a wap-push message (type 2)"
        ).validate,
    )
    #: Scheduled send time, ISO 8601.
    date_beg: str | None = attrs.field(
        default=None, metadata={"wire": "date_beg", "xml": {"kind": "attribute"}}
    )
    #: Expiry, ISO 8601: 1 minute to 5 days ahead, default 1 day.
    date_end: str | None = attrs.field(
        default=None, metadata={"wire": "date_end", "xml": {"kind": "attribute"}}
    )


@attrs.define(kw_only=True)
class MessageRefs:
    #: The messages, by id or sms_id: at least one.
    msg: list[MessageRef] = attrs.field(
        metadata={"wire": "msg", "xml": {"kind": "element", "order": 0}},
        validator=Constraint(
            "msg", list, min_items=1, description="The messages, by id or sms_id: at least one"
        ).validate,
    )


@attrs.define(kw_only=True)
class MessageResult:
    """One message's code: its status (1, 100-113) or its error (2xx)."""

    code: MessageCode = attrs.field(metadata={"wire": "code", "xml": {"kind": "text"}})
    id: int | None = attrs.field(
        default=None, metadata={"wire": "id", "xml": {"kind": "attribute"}}
    )
    #: Gateway id; 0 when the message was refused.
    sms_id: int | None = attrs.field(
        default=None, metadata={"wire": "sms_id", "xml": {"kind": "attribute"}}
    )
    #: Parts billed (0 or 1 on error, by source).
    sms_count: int | None = attrs.field(
        default=None, metadata={"wire": "sms_count", "xml": {"kind": "attribute"}}
    )
    #: When the status became final, ISO 8601.
    date_completed: str | None = attrs.field(
        default=None, metadata={"wire": "date_completed", "xml": {"kind": "attribute"}}
    )


@attrs.define(kw_only=True)
class JobState:
    """An asynchronous sending job; results are kept 12 hours."""

    status: JobStatus = attrs.field(
        metadata={"wire": "status", "xml": {"kind": "element", "order": 1}}
    )
    #: Percent of the job's messages processed.
    progress: int | None = attrs.field(
        default=None, metadata={"wire": "progress", "xml": {"kind": "element", "order": 0}}
    )


@attrs.define(kw_only=True)
class Prices:
    phone: list[PhonePrice] = attrs.field(
        factory=list, metadata={"wire": "phone", "xml": {"kind": "element", "order": 0}}
    )


@attrs.define(kw_only=True)
class SendMessages:
    #: The messages to send: at least one per command.
    msg: list[SendMsg] = attrs.field(
        metadata={"wire": "msg", "xml": {"kind": "element", "order": 0}},
        validator=Constraint(
            "msg", list, min_items=1, description="The messages to send: at least one per command"
        ).validate,
    )


@attrs.define(kw_only=True)
class MessageResults:
    msg: list[MessageResult] = attrs.field(
        factory=list, metadata={"wire": "msg", "xml": {"kind": "element", "order": 0}}
    )


@attrs.define(kw_only=True)
class RequestPackage:
    """A request: the key and exactly one command."""

    key: str = attrs.field(metadata={"wire": "key", "xml": {"kind": "attribute"}}, repr=False)
    message: SendMessages | None = attrs.field(
        default=None, metadata={"wire": "message", "xml": {"kind": "element", "order": 0}}
    )
    message_async: SendMessages | None = attrs.field(
        default=None, metadata={"wire": "message-async", "xml": {"kind": "element", "order": 1}}
    )
    status: MessageRefs | None = attrs.field(
        default=None, metadata={"wire": "status", "xml": {"kind": "element", "order": 2}}
    )
    delete: MessageRefs | None = attrs.field(
        default=None, metadata={"wire": "delete", "xml": {"kind": "element", "order": 3}}
    )
    job: str | None = attrs.field(
        default=None,
        metadata={"wire": "job", "xml": {"kind": "element", "order": 4}},
        validator=Constraint("job", str, min_length=1, max_length=64).validate,
    )
    balance: BalanceQuery | None = attrs.field(
        default=None, metadata={"wire": "balance", "xml": {"kind": "element", "order": 5}}
    )
    prices: PriceQuery | None = attrs.field(
        default=None, metadata={"wire": "prices", "xml": {"kind": "element", "order": 6}}
    )


@attrs.define(kw_only=True)
class ResponsePackage:
    """A response: a request-level error, or the command's echo element."""

    error: RequestErrorCode | None = attrs.field(
        default=None, metadata={"wire": "error", "xml": {"kind": "element", "order": 0}}
    )
    message: MessageResults | None = attrs.field(
        default=None, metadata={"wire": "message", "xml": {"kind": "element", "order": 1}}
    )
    message_async: AsyncAccepted | None = attrs.field(
        default=None, metadata={"wire": "message-async", "xml": {"kind": "element", "order": 2}}
    )
    status: MessageResults | None = attrs.field(
        default=None, metadata={"wire": "status", "xml": {"kind": "element", "order": 3}}
    )
    delete: MessageResults | None = attrs.field(
        default=None, metadata={"wire": "delete", "xml": {"kind": "element", "order": 4}}
    )
    job: JobState | None = attrs.field(
        default=None, metadata={"wire": "job", "xml": {"kind": "element", "order": 5}}
    )
    balance: Balance | None = attrs.field(
        default=None, metadata={"wire": "balance", "xml": {"kind": "element", "order": 6}}
    )
    prices: Prices | None = attrs.field(
        default=None, metadata={"wire": "prices", "xml": {"kind": "element", "order": 7}}
    )

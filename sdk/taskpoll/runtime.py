"""What a generated client package imports from taskpoll, by public names.

``python -m codegen package``
(https://taskpoll.readthedocs.io/regenerating/#your-own-api-python-m-codegen-package)
writes a package outside taskpoll whose modules import this one module; the APIs inside
taskpoll import the same names from the private layers directly.  The names
follow taskpoll's version: regenerate a package after upgrading taskpoll.
"""

from ._clients.client import BaseClient, ClientOptions, TaskHandle
from ._clients.renamed import RenamedWaitArgs
from ._clients.started import Started
from ._durable.store import StateStore
from ._http.transport import Timeout
from ._secret import Secret
from ._waiting.policy import Backoff, PollEvent, Timing, WaitPolicy
from ._waiting.waiters import Acceptor, Waiter
from ._wire.codec import Codec, JsonCodec
from ._wire.constraints import Constraint
from ._wire.errortables import ErrorCode, ErrorTable
from ._wire.models import UNSET, OpenIntEnum, OpenStrEnum, Unset
from ._wire.session import Session, answer
from ._wire.tasktypes import Solves, TaskType, TaskTypes
from ._wire.xmlcodec import XmlCodec
from .errors import TaskpollError

__all__ = [
    "UNSET",
    "Acceptor",
    "Backoff",
    "BaseClient",
    "ClientOptions",
    "Codec",
    "Constraint",
    "ErrorCode",
    "ErrorTable",
    "JsonCodec",
    "OpenIntEnum",
    "OpenStrEnum",
    "PollEvent",
    "RenamedWaitArgs",
    "Secret",
    "Session",
    "Solves",
    "Started",
    "StateStore",
    "TaskHandle",
    "TaskType",
    "TaskTypes",
    "TaskpollError",
    "Timeout",
    "Timing",
    "Unset",
    "WaitPolicy",
    "Waiter",
    "XmlCodec",
    "answer",
]

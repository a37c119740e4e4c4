"""taskpoll: typed, synchronous clients for waiting on asynchronous tasks.

Each API is a subpackage (``taskpoll.capmonster``, ``taskpoll.cloudcoin``,
``taskpoll.alphasms``); every error is a :class:`taskpoll.errors.TaskpollError`.
:func:`wait_many` waits on tasks of any of them at once, through handles
from each client's ``task(id)``.  The runtime behind them is in private
layer packages (``_http``, ``_wire``, ``_waiting``, ``_durable``,
``_clients``); https://taskpoll.readthedocs.io/architecture/ draws them.
"""

import logging

from ._clients.client import TaskHandle, wait_many
from ._durable.ledger import Ledger, MemoryLedger, SqliteLedger
from ._durable.store import FileStore, StateStore
from ._http.pacing import Pacer
from ._http.transport import Timeout
from ._secret import Secret
from ._version import __version__
from ._waiting.policy import Backoff, PollEvent, Timing, WaitPolicy
from ._waiting.state import Step, WaitState
from .errors import TaskpollError

logging.getLogger("taskpoll").addHandler(logging.NullHandler())

__all__ = [
    "Backoff",
    "FileStore",
    "Ledger",
    "MemoryLedger",
    "Pacer",
    "PollEvent",
    "Secret",
    "SqliteLedger",
    "StateStore",
    "Step",
    "TaskHandle",
    "TaskpollError",
    "Timeout",
    "Timing",
    "WaitPolicy",
    "WaitState",
    "__version__",
    "wait_many",
]

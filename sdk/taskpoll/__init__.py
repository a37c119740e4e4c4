"""taskpoll: typed, synchronous clients for waiting on asynchronous tasks.

Each API is a subpackage (``taskpoll.capmonster``, ``taskpoll.cloudcoin``,
``taskpoll.alphasms``); every error is a :class:`taskpoll.errors.TaskpollError`.
:func:`wait_many` waits on tasks of any of them at once, through handles
from each client's ``task(id)``.
"""

import logging

from ._clients.client import TaskHandle, wait_many
from ._http.pacing import Pacer
from ._http.transport import Timeout
from ._secret import Secret
from ._version import __version__
from ._waiting.policy import Backoff, Timing, WaitPolicy
from .errors import TaskpollError

logging.getLogger("taskpoll").addHandler(logging.NullHandler())

__all__ = [
    "Backoff",
    "Pacer",
    "Secret",
    "TaskHandle",
    "TaskpollError",
    "Timeout",
    "Timing",
    "WaitPolicy",
    "__version__",
    "wait_many",
]

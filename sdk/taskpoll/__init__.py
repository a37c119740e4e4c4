"""taskpoll: typed, synchronous clients for waiting on asynchronous tasks.

Each API is a subpackage (``taskpoll.capmonster``, ``taskpoll.cloudcoin``,
``taskpoll.alphasms``); every error is a :class:`taskpoll.errors.TaskpollError`.
:func:`wait_many` waits on tasks of any of them at once, through handles
from each client's ``task(id)``.
"""

import logging

from ._client import TaskHandle, wait_many
from ._version import __version__
from .errors import TaskpollError
from .pacing import Pacer
from .poller import Backoff, Timing, WaitPolicy
from .secret import Secret
from .transport import Timeout

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

"""taskpoll: typed, synchronous clients for waiting on asynchronous tasks.

Each API is a subpackage (``taskpoll.capmonster``, ``taskpoll.cloudcoin``,
``taskpoll.alphasms``); every error is a :class:`taskpoll.errors.TaskpollError`.
"""

import logging

from ._version import __version__
from .errors import TaskpollError
from .poller import Backoff, Timing, WaitPolicy
from .secret import Secret
from .transport import Timeout

logging.getLogger("taskpoll").addHandler(logging.NullHandler())

__all__ = ["Backoff", "Secret", "TaskpollError", "Timeout", "Timing", "WaitPolicy", "__version__"]

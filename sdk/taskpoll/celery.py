"""Waits polled by a fleet of Celery workers (``pip install taskpoll[celery]``).

The implementation is :mod:`taskpoll._integrations.celery`; this is where
users import it from.
"""

from ._integrations.celery import (
    BATCH_TASK_NAME,
    TASK_NAME,
    WaitFailed,
    register,
    wait_later,
    wait_later_many,
)

__all__ = [
    "BATCH_TASK_NAME",
    "TASK_NAME",
    "WaitFailed",
    "register",
    "wait_later",
    "wait_later_many",
]

"""Waits polled by a fleet of Celery workers (``pip install taskpoll[celery]``).

The implementation is :mod:`taskpoll._integrations.celery`; this is where
users import it from.
"""

from ._integrations.celery import TASK_NAME, WaitFailed, register, wait_later

__all__ = ["TASK_NAME", "WaitFailed", "register", "wait_later"]

"""A request ledger in Redis, for fleets (``pip install taskpoll[redis]``).

The implementation is :mod:`taskpoll._integrations.redis`; this is where
users import it from.
"""

from ._integrations.redis import RedisLedger

__all__ = ["RedisLedger"]

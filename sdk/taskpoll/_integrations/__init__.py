"""Optional integrations (internal): Celery workers and the Redis ledger, which
``taskpoll.celery`` and ``taskpoll.redis`` re-export.  Nothing in the core
imports this package."""

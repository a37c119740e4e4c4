"""The clients layer (internal): ``BaseClient``, ``TaskHandle``, ``wait_many``,
the registry of APIs and the ``Outcome`` the command line, Celery and the demo
report."""

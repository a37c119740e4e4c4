"""The wire layer (internal): the model runtime, JSON and XML codecs,
constraints, error tables, task types, the one call path (the session)."""

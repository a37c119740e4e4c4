"""``make bench``: benchmarks that write docs/benchmarks.md (see ``bench/__main__.py``)."""

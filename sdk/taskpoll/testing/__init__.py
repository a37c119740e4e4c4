"""Emulators of the APIs taskpoll speaks, for tests, demos and manual use.

Each is a real HTTP server on 127.0.0.1 (an ephemeral port unless told
otherwise) built on :mod:`taskpoll.testing.server` and
:mod:`taskpoll.testing.scripted`: usable as a context manager, with scripted
task outcomes, fault injection and a request log.
Nothing here is imported by ``import taskpoll``.
"""

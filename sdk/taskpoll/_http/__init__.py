"""The HTTP layer (internal): the transport, the connection pool (TLS, proxies),
the deadline watchdog, pacing.  A regular package so that documentation tools
find the names ``taskpoll`` re-exports from it."""

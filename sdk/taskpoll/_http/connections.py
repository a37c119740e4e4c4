"""The connections of one base URL: TLS, proxies, pool size, and breaking off.

:class:`Connections` owns the urllib3 pool behind a
:class:`~taskpoll.transport.Transport`:

* **TLS** is verified by default against the system's trust store, hostname
  included; ``ca_certs`` (a CA bundle's path) or ``ssl_context`` replace it.
* **Proxies**: an explicit ``proxy`` URL, else (with ``trust_env``) the
  environment's ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` and
  ``NO_PROXY``, lower-case names too, read as requests and httpx read them.
  HTTPS goes through a CONNECT tunnel, so the proxy never sees a request's
  path, headers or body.  Credentials in the proxy URL are sent as
  ``Proxy-Authorization`` and never shown: the repr, errors and logs name
  the proxy by host and port only.
* **Tracking**: each connection records the thread using it, so a wait that
  ends early can shut down exactly its own requests, and arms the
  :mod:`~taskpoll.watchdog` with the request's deadline.
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import threading
import urllib.request
import weakref
from collections.abc import Collection, Mapping
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import urllib3

from .._secret import Secret
from .watchdog import WATCHDOG

__all__ = ["Connections", "environment_proxy"]

_PROXY_SCHEMES: Final = frozenset({"http", "https"})


class Connections:
    """One pool of connections to one base URL, direct or through a proxy."""

    def __init__(
        self,
        base_url: str,
        *,
        maxsize: int = 10,
        ca_certs: str | os.PathLike[str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        if ca_certs is not None and not os.path.isfile(ca_certs):
            raise ValueError(f"ca_certs: no such file: {os.fspath(ca_certs)!r}")
        self._base_url = base_url
        self._tls: dict[str, Any] = {"cert_reqs": "CERT_REQUIRED"}
        if ca_certs is not None:
            self._tls["ca_certs"] = os.fspath(ca_certs)
        if ssl_context is not None:
            self._tls["ssl_context"] = ssl_context
        chosen = proxy if proxy is not None else environment_proxy(base_url) if trust_env else None
        self.proxy: Final = _Proxy.parse(chosen) if chosen else None
        # Plain HTTP through a proxy is forwarded: the request line carries the
        # absolute URL.  HTTPS is tunnelled and keeps the path.
        self.forwarded: Final = self.proxy is not None and base_url.startswith("http:")
        self._maxsize = maxsize
        self._manager = self._new_manager()
        self._pool: urllib3.HTTPConnectionPool | None = None
        self._opened: weakref.WeakSet[Any] = weakref.WeakSet()
        self._local = threading.local()

    def __repr__(self) -> str:
        via = f", proxy={self.proxy.address!r}" if self.proxy is not None else ""
        return f"Connections({self._base_url!r}{via})"

    def _new_manager(self) -> urllib3.PoolManager:
        options: dict[str, Any] = {"num_pools": 4, "maxsize": self._maxsize, "block": False}
        if self.proxy is None:
            return urllib3.PoolManager(**options, **self._tls)
        return urllib3.ProxyManager(
            self.proxy.address, proxy_headers=self.proxy.headers(), **options, **self._tls
        )

    def pool(self) -> urllib3.HTTPConnectionPool:
        if self._pool is None:
            pool = self._manager.connection_from_url(self._base_url)
            pool.ConnectionCls = _tracked(pool.ConnectionCls, self)
            self._pool = pool
        return self._pool

    def urlopen(self, method: str, path: str, url: str, deadline: float, **kw: Any) -> Any:
        """Send one request; the watchdog breaks it off at ``deadline``."""
        self._local.deadline = deadline
        if self.forwarded:
            assert self.proxy is not None
            kw["headers"] = {**kw["headers"], **self.proxy.headers()}
            return self.pool().urlopen(method, url, assert_same_host=False, **kw)
        return self.pool().urlopen(method, path, **kw)

    def finished(self) -> bool:
        """This thread's request is over: stop watching it.  Returns whether it
        ended in time (``False``: the watchdog broke it off at its deadline)."""
        token = getattr(self._local, "token", None)
        if token is None:
            return True
        self._local.token = None
        return WATCHDOG.disarm(token)

    def sending(self, connection: Any) -> None:
        """Called by a connection as it sends: note the thread, arm the deadline."""
        connection.taskpoll_thread = threading.get_ident()
        self._opened.add(connection)
        self.finished()
        self._local.token = WATCHDOG.arm(connection, self._local.deadline)

    def reserve(self, connections: int) -> None:
        """Pool at least ``connections`` connections: one per request in flight.

        With fewer, urllib3 would open the extra ones and throw them away
        ("Connection pool is full"), paying a new handshake per poll.
        """
        if connections <= self._maxsize:
            return
        self._maxsize = connections
        old = self._manager
        self._manager = self._new_manager()
        self._pool = None
        old.clear()  # connections in use now are closed when they come back

    def abort(self, threads: Collection[int]) -> None:
        """Break off the requests the given threads are making.

        Shutting the socket down wakes a thread blocked in a read at once;
        its request ends as a :class:`~taskpoll.errors.TransportError`.
        """
        for connection in list(self._opened):
            sock = getattr(connection, "sock", None)
            if getattr(connection, "taskpoll_thread", None) in threads and sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._pool = None
        self._manager.clear()


def _tracked(base: type[Any], owner: Connections) -> type[Any]:
    """``base``, telling ``owner`` whenever it sends a request."""

    class Tracked(base):  # type: ignore[misc]
        def request(self, *args: Any, **kwargs: Any) -> None:
            owner.sending(self)
            super().request(*args, **kwargs)

        def getresponse(self, *args: Any, **kwargs: Any) -> Any:
            # http.client lets go of the socket (sock = None) when the response
            # will close the connection, but its body is still read from it,
            # within the same deadline: keep it where the deadline looks.
            self.taskpoll_sock = self.sock
            return super().getresponse(*args, **kwargs)

    return Tracked


def environment_proxy(url: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The proxy the environment names for ``url``, as requests and httpx read it.

    ``<scheme>_proxy``, then ``all_proxy``, each lower-case name before its
    upper-case one; ``None`` when ``no_proxy`` matches the host (``*``, a
    host name or a domain suffix, with or without the port).  Under CGI
    (``REQUEST_METHOD`` set) ``HTTP_PROXY`` is ignored: a client can set it
    through a ``Proxy:`` request header ("httpoxy").
    """
    env = os.environ if environ is None else environ

    def lookup(name: str) -> str | None:
        value = env.get(name)
        if value is None and not (name == "http_proxy" and "REQUEST_METHOD" in env):
            value = env.get(name.upper())
        return value or None

    parts = urlsplit(url)
    chosen = lookup(f"{parts.scheme}_proxy") or lookup("all_proxy")
    if chosen is None:
        return None
    host = parts.hostname or ""
    target = f"{host}:{parts.port}" if parts.port else host
    no_proxy = lookup("no_proxy")
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if no_proxy and bypass(target, {"no": no_proxy}):
        return None
    return chosen


class _Proxy:
    """A proxy's address, and its credentials kept out of sight."""

    def __init__(self, address: str, user: str | None, password: Secret | None) -> None:
        self.address = address
        self._user = user
        self._password = password

    @classmethod
    def parse(cls, url: str) -> _Proxy:
        if "://" not in url:
            url = "http://" + url  # as requests reads "proxy.example:3128"
        parts = urlsplit(url)
        if parts.scheme not in _PROXY_SCHEMES or not parts.hostname:
            # never echo the URL: it may hold a password
            raise ValueError(
                f"proxy must be an http:// or https:// URL (got a {parts.scheme!r} URL)"
            )
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        address = f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
        user = unquote(parts.username) if parts.username is not None else None
        password = Secret(unquote(parts.password)) if parts.password is not None else None
        return cls(address, user, password)

    def headers(self) -> dict[str, str]:
        if self._user is None:
            return {}
        password = self._password.reveal() if self._password is not None else ""
        return urllib3.make_headers(proxy_basic_auth=f"{self._user}:{password}")

    def __repr__(self) -> str:
        return f"_Proxy({self.address!r})"

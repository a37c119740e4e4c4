"""A proxy.py plugin for tests/netservers.py, loaded by the proxy subprocess.

It does two things, both after proxy.py's own basic-auth check has passed:

* refuses (403) any upstream that is not a loopback address, so a test can
  never make the proxy reach past this machine;
* appends one line per request it forwards, ``METHOD TARGET``, to the file
  named by ``TASKPOLL_PROXY_RECORD`` (CONNECT lines carry ``host:port`` only:
  what goes through the tunnel is never parsed), written and flushed before
  the upstream is contacted, so a client that has its answer also has the line;
* makes plain-HTTP forwarding one request per connection, like tinyproxy:
  ``Connection: close`` on the request to the upstream and on the response to
  the client.  proxy.py sends every later request on a kept-alive client
  connection to the *first* request's upstream, whatever its URL says, and
  urllib3's ProxyManager does reuse one proxy connection for all http:// hosts.
  A client that reuses the connection anyway, for another upstream, gets 502.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Any

from proxy.http.exception import HttpRequestRejected
from proxy.http.parser import HttpParser
from proxy.http.proxy import HttpProxyBasePlugin

RECORD_ENV = "TASKPOLL_PROXY_RECORD"


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LoopbackRecorder(HttpProxyBasePlugin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._first: HttpParser | None = None
        self._status_line: bytes | None = b""  # None once Connection: close is in

    def _record(self, request: HttpParser) -> None:
        method = (request.method or b"?").decode("latin-1")
        if request.is_https_tunnel:
            target = f"{(request.host or b'').decode('latin-1')}:{request.port}"
        else:
            url = request._url  # the absolute URL the client sent to the proxy
            target = f"http://{(request.host or b'').decode('latin-1')}:{request.port}" + (
                (url.remainder or b"/").decode("latin-1") if url is not None else "/"
            )
        path = os.environ.get(RECORD_ENV)
        if path:
            with open(path, "a", encoding="utf-8") as record:
                record.write(f"{method} {target}\n")

    def before_upstream_connection(self, request: HttpParser) -> HttpParser | None:
        host = (request.host or b"").decode("latin-1")
        if not is_loopback(host):
            raise HttpRequestRejected(status_code=403, reason=b"Forbidden: not a loopback upstream")
        self._first = request
        self._record(request)
        return request

    def handle_client_request(self, request: HttpParser) -> HttpParser | None:
        first = self._first
        if first is not None and request is not first:  # a later one on a kept-alive connection
            self._record(request)
            if (request.host, request.port) != (first.host, first.port):
                raise HttpRequestRejected(
                    status_code=502, reason=b"Bad Gateway: one upstream per proxy connection"
                )
        if not request.is_https_tunnel:
            request.add_header(b"Connection", b"close")
        return request

    def handle_upstream_chunk(self, chunk: memoryview) -> memoryview | None:
        if self._status_line is None or self._first is None or self._first.is_https_tunnel:
            return chunk
        data = self._status_line + chunk.tobytes()
        end = data.find(b"\r\n")
        if end < 0:  # the status line is not complete yet: hold it back
            self._status_line = data
            return None
        self._status_line = None
        return memoryview(data[: end + 2] + b"Connection: close\r\n" + data[end + 2 :])

"""A loopback HTTP/1.1 server that answers every request with a canned body.

Run as its own process (``python -m bench.canned ROUTES_JSON``) so its work
never lands in the client's CPU time.  It is asyncio on one socket, parses
only what keep-alive needs (the request line and Content-Length), and
answers each path with the body it was given, so its share of the wall time
of a poll stays small next to the client's.

ROUTES_JSON maps a path to ``[content_type, body]``; unknown paths get 404.
The port is printed on stdout once the server listens.
"""

from __future__ import annotations

import asyncio
import json
import sys


def _responses(routes: dict[str, list[str]]) -> dict[bytes, bytes]:
    out = {}
    for path, (content_type, body) in routes.items():
        data = body.encode()
        head = (
            "HTTP/1.1 200 OK\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode()
        out[path.encode()] = head + data
    return out


_NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class _Protocol(asyncio.Protocol):
    def __init__(self, answers: dict[bytes, bytes]) -> None:
        self.answers = answers
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            target = head.split(b" ", 2)[1].split(b"?", 1)[0]
            self.buffer = self.buffer[end + 4 + length :]
            assert self.transport is not None
            self.transport.write(self.answers.get(target, _NOT_FOUND))


async def _serve(routes: dict[str, list[str]]) -> None:
    answers = _responses(routes)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Protocol(answers), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(_serve(json.loads(sys.argv[1])))

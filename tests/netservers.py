"""Network test servers: certificates, HTTPS emulators and a real forward proxy.

Everything here lives on loopback (127.0.0.1, and ::1 in the certificates) and
is made by the test itself: certificates with ``trustme``, HTTPS by handing an
emulator a server-side ``ssl.SSLContext`` (``EmulatorServer.ssl_context``), and
the proxy is `proxy.py` (a dev dependency) run as a subprocess with the plugin
in ``tests/netservers_proxy_plugin.py``, which records each request it forwards
and refuses any upstream that is not on loopback.

>>> certs = make_certs(tmp_path)                                   # doctest: +SKIP
>>> with https_emulator(CapmonsterEmulator(), certs.server) as emulator:
...     urllib3.PoolManager(ca_certs=str(certs.ca_file)).request("GET", emulator.url)
>>> with forward_proxy(auth="user:secret") as proxy:
...     urllib3.ProxyManager(proxy.url).request("GET", emulator.url)
...     proxy.requests()   # [ProxiedRequest(method='GET', target='http://127.0.0.1:…/')]
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import trustme

from paths import TESTS
from taskpoll.testing.server import EmulatorServer

__all__ = [
    "LOOPBACK_NAMES",
    "WRONG_NAME",
    "Certs",
    "ProxiedRequest",
    "ProxyInfo",
    "closed_port",
    "down_proxy",
    "forward_proxy",
    "https_emulator",
    "make_certs",
    "process_group_alive",
    "redis_server",
    "server_context",
]

#: The names every server certificate here is valid for.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: A name no loopback server answers to (``.invalid`` is reserved, RFC 2606).
WRONG_NAME = "wrong-host.invalid"

_PLUGIN = "netservers_proxy_plugin.LoopbackRecorder"
_RECORD_ENV = "TASKPOLL_PROXY_RECORD"

E = TypeVar("E", bound=EmulatorServer)


# --------------------------------------------------------------------------- certificates


@dataclasses.dataclass(frozen=True)
class Certs:
    """A CA the client trusts (``ca_file``) and certificates for servers.

    ``server`` is valid for :data:`LOOPBACK_NAMES` and signed by ``ca``; the
    other certificates are each wrong in one way, so a client that checks
    properly must refuse them.
    """

    ca: trustme.CA
    server: trustme.LeafCert
    ca_file: Path
    directory: Path

    def untrusted(self) -> trustme.LeafCert:
        """Right names, fresh dates, but signed by a CA the client doesn't know."""
        return trustme.CA().issue_cert(*LOOPBACK_NAMES)

    def wrong_host(self) -> trustme.LeafCert:
        """Signed by the trusted CA, for :data:`WRONG_NAME` only."""
        return self.ca.issue_cert(WRONG_NAME)

    def expired(self) -> trustme.LeafCert:
        """Signed by the trusted CA for the right names, expired a day ago."""
        now = datetime.datetime.now(datetime.UTC)
        return self.ca.issue_cert(
            *LOOPBACK_NAMES,
            not_before=now - datetime.timedelta(days=30),
            not_after=now - datetime.timedelta(days=1),
        )

    def not_yet_valid(self) -> trustme.LeafCert:
        """Signed by the trusted CA for the right names, valid only from tomorrow."""
        now = datetime.datetime.now(datetime.UTC)
        return self.ca.issue_cert(
            *LOOPBACK_NAMES,
            not_before=now + datetime.timedelta(days=1),
            not_after=now + datetime.timedelta(days=30),
        )

    def client_context(self) -> ssl.SSLContext:
        """A default client context (hostname checks on) trusting ``ca`` only."""
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    def write(self, cert: trustme.LeafCert, name: str) -> tuple[Path, Path]:
        """``cert``'s chain and key as PEM files in :attr:`directory`
        (for servers that want files): ``(chain_file, key_file)``."""
        chain = self.directory / f"{name}.pem"
        key = self.directory / f"{name}.key"
        cert.cert_chain_pems[0].write_to_path(str(chain))
        for extra in cert.cert_chain_pems[1:]:
            extra.write_to_path(str(chain), append=True)
        cert.private_key_pem.write_to_path(str(key))
        return chain, key


def make_certs(directory: Path) -> Certs:
    """A fresh CA and a loopback server certificate; the CA's PEM is written
    to ``directory/ca.pem`` (what a client gets as ``ca_certs=``)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    ca_file = directory / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return Certs(ca=ca, server=ca.issue_cert(*LOOPBACK_NAMES), ca_file=ca_file, directory=directory)


def server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    """A server-side context presenting ``cert`` (TLS 1.2 or later)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    cert.configure_cert(context)
    return context


# --------------------------------------------------------------------------- HTTPS emulators


@contextlib.contextmanager
def https_emulator(emulator: E, cert: trustme.LeafCert) -> Iterator[E]:
    """Serve ``emulator`` (constructed, not yet started) over HTTPS with ``cert``;
    yields it started, its ``url`` now ``https://127.0.0.1:PORT``; stops it after."""
    emulator.ssl_context = server_context(cert)
    with emulator:
        yield emulator


# --------------------------------------------------------------------------- ports nobody answers


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port on which connections are refused at once.

    The port is held (bound, never listening) for the block, so nothing else
    can start listening on it meanwhile: a connect gets a RST, not a timeout.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@contextlib.contextmanager
def down_proxy() -> Iterator[str]:
    """The URL of a proxy that is down (``http://127.0.0.1:PORT``, connection refused)."""
    with closed_port() as port:
        yield f"http://127.0.0.1:{port}"


# --------------------------------------------------------------------------- the forward proxy


@dataclasses.dataclass(frozen=True)
class ProxiedRequest:
    """One request the proxy accepted (after its auth check) and forwarded or
    tried to: ``method`` and ``target``, which is ``http://host:port/path?query``
    for plain HTTP and ``host:port`` for a CONNECT (the tunnel is never read)."""

    method: str
    target: str


@dataclasses.dataclass(frozen=True)
class ProxyInfo:
    """A running :func:`forward_proxy`."""

    host: str
    port: int
    #: ``user:password`` the proxy requires, or None.
    auth: str | None
    record_file: Path
    log_file: Path
    pid: int

    @property
    def address(self) -> str:
        """``http://127.0.0.1:PORT``, without credentials."""
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """``http://user:password@127.0.0.1:PORT`` when auth is on, else :attr:`address`."""
        if self.auth is None:
            return self.address
        return f"http://{self.auth}@{self.host}:{self.port}"

    def headers(self) -> dict[str, str]:
        """``Proxy-Authorization`` for :attr:`auth` (empty without auth).  urllib3's
        ProxyManager ignores credentials in the proxy URL: they go in as
        ``proxy_headers=`` instead."""
        if self.auth is None:
            return {}
        token = base64.b64encode(self.auth.encode()).decode("ascii")
        return {"Proxy-Authorization": f"Basic {token}"}

    def requests(self) -> list[ProxiedRequest]:
        """Every request that got past the auth check so far, in order
        (including ones whose upstream was down: those got a 502)."""
        text = self.record_file.read_text(encoding="utf-8")
        return [ProxiedRequest(*line.split(" ", 1)) for line in text.splitlines() if line]

    def connects(self) -> list[str]:
        """The ``host:port`` of every CONNECT so far."""
        return [r.target for r in self.requests() if r.method == "CONNECT"]

    def forwarded(self) -> list[ProxiedRequest]:
        """Every plain-HTTP request (not CONNECT) so far."""
        return [r for r in self.requests() if r.method != "CONNECT"]

    def clear(self) -> None:
        """Forget the requests recorded so far."""
        self.record_file.write_text("", encoding="utf-8")

    def log(self) -> str:
        """proxy.py's own log so far (startup, access log, warnings)."""
        return self.log_file.read_text(encoding="utf-8", errors="replace")


def _wait_ready(process: subprocess.Popen[bytes], port_file: Path, log_file: Path) -> int:
    deadline = time.monotonic() + 15.0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"proxy.py exited with {process.returncode}:\n"
                + log_file.read_text(encoding="utf-8", errors="replace")
            )
        text = port_file.read_text(encoding="ascii").strip() if port_file.exists() else ""
        if text.isdigit():
            port = int(text)
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1.0):
                return port
        time.sleep(0.02)
    raise RuntimeError(
        "proxy.py did not start within 15 s:\n"
        + log_file.read_text(encoding="utf-8", errors="replace")
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    # SIGINT is proxy.py's clean shutdown: ~50 ms when it has served nothing, but
    # a second once it has handled a connection (SIGTERM: always a second).  It
    # keeps nothing worth a second (the record is flushed line by line), so after
    # a short grace its whole process group -- the session started for it, group
    # id = its pid, acceptor and worker processes included -- is killed.
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.3)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=5)
    # its children, orphaned, are reaped by init in their own time: wait for it
    deadline = time.monotonic() + 5.0
    while process_group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def process_group_alive(pgid: int) -> bool:
    """Whether any process of group ``pgid`` still runs (zombies, dead but not
    yet reaped, don't count)."""
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: signal 0 counts zombies too
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


@contextlib.contextmanager
def forward_proxy(auth: str | None = None) -> Iterator[ProxyInfo]:
    """Run proxy.py on 127.0.0.1 at a free port until the block ends.

    It forwards plain HTTP (absolute-form requests) and tunnels CONNECT, only to
    loopback upstreams (anything else gets 403).  With ``auth="user:password"``
    it requires Basic proxy credentials: without them (or with wrong ones) the
    answer is ``407 Proxy Authentication Required``.  An upstream that refuses
    the connection gets ``502 Bad Gateway``.  Startup takes ~0.2-0.5 s.
    """
    if auth is not None and ":" not in auth:
        raise ValueError("auth is 'user:password'")
    with tempfile.TemporaryDirectory(prefix="taskpoll-proxy-") as tmp:
        directory = Path(tmp)
        port_file = directory / "port"
        record_file = directory / "requests.log"
        log_file = directory / "proxy.log"
        record_file.write_text("", encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "proxy",
            "--hostname",
            "127.0.0.1",
            "--port",
            "0",
            "--port-file",
            str(port_file),
            "--num-acceptors",
            "1",
            "--num-workers",
            "1",
            "--data-dir",
            str(directory / "data"),
            "--plugins",
            _PLUGIN,
            "--log-level",
            "INFO",
        ]
        if auth is not None:
            command += ["--basic-auth", auth]
        env = {
            key: value
            for key, value in os.environ.items()
            if key.lower() not in {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
        }
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS), env.get("PYTHONPATH", "")) if p)
        env[_RECORD_ENV] = str(record_file)
        with log_file.open("wb") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=directory,
                start_new_session=True,
            )
        try:
            port = _wait_ready(process, port_file, log_file)
            yield ProxyInfo(
                host="127.0.0.1",
                port=port,
                auth=auth,
                record_file=record_file,
                log_file=log_file,
                pid=process.pid,
            )
        finally:
            _stop(process)


# --------------------------------------------------------------------------- redis-server


@contextlib.contextmanager
def redis_server(
    directory: Path, *, port: int | None = None, durable: bool = False
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real ``redis-server`` on ``port`` (default: a free one) on loopback, its
    files in ``directory``: yields its ``redis://`` URL and process (the Celery
    tests' and bench's broker).  ``durable``: every write goes to an
    append-only file first, so a server started again on the same directory
    has all its data, as a production broker's would."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed")
    port = port or _free_port()
    aof = ["--appendonly", "yes", "--appendfsync", "always"] if durable else ["--appendonly", "no"]
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         *aof, "--dir", str(directory), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(200):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.05)
        client.close()
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def rabbitmq_server() -> Iterator[str]:
    """A real Debian ``rabbitmq-server`` on free loopback ports: yields its
    ``amqp://`` URL.  As root it drops to the ``rabbitmq`` user, so its files
    live in a world-readable temporary directory owned by that user (pytest's
    tmp_path sits under a 0700 directory); the Erlang VM runs below ``su``,
    so it is stopped with ``rabbitmqctl stop`` and then by process group."""
    binary = shutil.which("rabbitmq-server")
    if binary is None:
        raise RuntimeError("rabbitmq-server is not installed")
    home = Path(tempfile.mkdtemp(prefix="taskpoll-rabbit-"))
    home.chmod(0o755)
    (home / "enabled_plugins").write_text("[].\n")
    port, dist = _free_port(), _free_port()
    env = {
        **os.environ,
        "RABBITMQ_NODENAME": f"taskpoll{port}@localhost",
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(port),
        "RABBITMQ_DIST_PORT": str(dist),
        "RABBITMQ_MNESIA_BASE": str(home / "mnesia"),
        "RABBITMQ_MNESIA_DIR": str(home / "mnesia" / "node"),
        "RABBITMQ_LOG_BASE": str(home / "log"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(home / "enabled_plugins"),
        "RABBITMQ_FEATURE_FLAGS_FILE": str(home / "feature_flags"),
        "RABBITMQ_PLUGINS_EXPAND_DIR": str(home / "plugins"),
        "RABBITMQ_QUORUM_DIR": str(home / "quorum"),
        "ERL_EPMD_ADDRESS": "127.0.0.1",
    }
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "rabbitmq:rabbitmq", str(home)], check=True)
    server = subprocess.Popen(
        [binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"amqp://guest:guest@127.0.0.1:{port}//"
    try:
        deadline = time.monotonic() + 60.0
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            if server.poll() is not None:
                raise RuntimeError(f"rabbitmq-server exited with {server.returncode}")
            time.sleep(0.2)
        else:
            raise RuntimeError("rabbitmq-server did not listen within 60 s")
        yield url
    finally:
        # su starts the VM in a session of its own: end every descendant
        for pid in [*_descendants(server.pid), server.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.wait(10)
        epmd = shutil.which("epmd")
        if epmd is not None:  # it refuses while another node is registered
            subprocess.run([epmd, "-kill"], capture_output=True, timeout=10, check=False)
        shutil.rmtree(home, ignore_errors=True)


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid``, children first, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = list(children.get(pid, []))
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(children.get(child, []))
    return found[::-1]

"""The network fixtures in tests/netservers.py, proven against plain urllib3:
HTTPS emulators with trusted and deliberately bad certificates, and a real
forward proxy (plain forwarding, CONNECT tunnels, 407, 502)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
import urllib3
from urllib3.exceptions import ProxyError, SSLError

from conftest import KEY
from netservers import (
    WRONG_NAME,
    Certs,
    ProxiedRequest,
    ProxyInfo,
    closed_port,
    down_proxy,
    forward_proxy,
    https_emulator,
    make_certs,
    process_group_alive,
)
from taskpoll.testing.capmonster import CapmonsterEmulator
from taskpoll.testing.server import Fault

BALANCE = json.dumps({"clientKey": KEY}).encode()
#: Put in a path and a body sent through a CONNECT tunnel: the proxy must never see it.
MARKER = "tunnel-marker-5d41402abc4b2a76"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def https(certs: Certs) -> Iterator[CapmonsterEmulator]:
    with https_emulator(CapmonsterEmulator(keys={KEY}), certs.server) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def _proxy() -> Iterator[ProxyInfo]:
    with forward_proxy() as proxy:
        yield proxy


@pytest.fixture
def proxy(_proxy: ProxyInfo) -> ProxyInfo:
    _proxy.clear()
    return _proxy


@pytest.fixture(scope="module")
def _auth_proxy() -> Iterator[ProxyInfo]:
    with forward_proxy(auth="tester:s3cret") as proxy:
        yield proxy


@pytest.fixture
def auth_proxy(_auth_proxy: ProxyInfo) -> ProxyInfo:
    _auth_proxy.clear()
    return _auth_proxy


def balance(response: urllib3.BaseHTTPResponse) -> float:
    assert response.status == 200, response.data
    return float(json.loads(response.data)["balance"])


# --------------------------------------------------------------------------- HTTPS


def test_https_with_the_trusted_ca(https: CapmonsterEmulator, certs: Certs) -> None:
    assert https.url.startswith("https://127.0.0.1:")
    with urllib3.PoolManager(ca_certs=str(certs.ca_file), retries=False) as http:
        assert balance(http.request("POST", f"{https.url}/getBalance", body=BALANCE)) > 0
        # the certificate names localhost too
        url = f"https://localhost:{https.port}/getBalance"
        assert balance(http.request("POST", url, body=BALANCE)) > 0
    with urllib3.PoolManager(ssl_context=certs.client_context(), retries=False) as http:
        assert balance(http.request("POST", f"{https.url}/getBalance", body=BALANCE)) > 0
    assert https.requests == 3


def test_https_without_trusting_the_ca_is_refused(https: CapmonsterEmulator) -> None:
    # the system's trust store has never heard of this test's CA
    with urllib3.PoolManager(retries=False) as http, pytest.raises(SSLError):
        http.request("POST", f"{https.url}/getBalance", body=BALANCE)
    assert https.requests == 0


@pytest.mark.parametrize(
    ("which", "reason"),
    [
        ("untrusted", "unable to get local issuer certificate"),
        ("wrong_host", "IP address mismatch"),
        ("expired", "certificate has expired"),
        ("not_yet_valid", "certificate is not yet valid"),
    ],
)
def test_bad_certificates_are_refused(certs: Certs, which: str, reason: str) -> None:
    cert: trustme.LeafCert = getattr(certs, which)()
    with (
        https_emulator(CapmonsterEmulator(keys={KEY}), cert) as server,
        urllib3.PoolManager(ca_certs=str(certs.ca_file), retries=False) as http,
        pytest.raises(SSLError, match="CERTIFICATE_VERIFY_FAILED") as caught,
    ):
        http.request("POST", f"{server.url}/getBalance", body=BALANCE)
    assert reason in str(caught.value)
    assert server.requests == 0
    assert server.url.startswith("https://")


def test_wrong_host_is_refused_by_name_too(certs: Certs) -> None:
    with (
        https_emulator(CapmonsterEmulator(keys={KEY}), certs.wrong_host()) as server,
        urllib3.PoolManager(ca_certs=str(certs.ca_file), retries=False) as http,
        pytest.raises(SSLError, match="Hostname mismatch"),
    ):
        http.request("POST", f"https://localhost:{server.port}/getBalance", body=BALANCE)


def test_wrong_host_cert_is_good_for_its_own_name(certs: Certs) -> None:
    """The wrong-host certificate is refused for its name only, not for being bad:
    asked for WRONG_NAME (connecting to 127.0.0.1), it is accepted."""
    with (
        https_emulator(CapmonsterEmulator(keys={KEY}), certs.wrong_host()) as server,
        urllib3.HTTPSConnectionPool(
            "127.0.0.1",
            server.port,
            ca_certs=str(certs.ca_file),
            assert_hostname=WRONG_NAME,
            server_hostname=WRONG_NAME,
            retries=False,
        ) as pool,
    ):
        assert balance(pool.request("POST", "/getBalance", body=BALANCE)) > 0


def test_cert_files_can_be_written(certs: Certs, tmp_path: Path) -> None:
    chain, key = certs.write(certs.server, "server")
    assert chain.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY" in key.read_text()
    assert certs.ca_file.read_text().startswith("-----BEGIN CERTIFICATE-----")


# --------------------------------------------------------------------------- the proxy


def test_http_through_the_proxy(proxy: ProxyInfo, capmonster_emulator: CapmonsterEmulator) -> None:
    with urllib3.ProxyManager(proxy.url, retries=False) as http:
        assert (
            balance(http.request("POST", f"{capmonster_emulator.url}/getBalance", body=BALANCE)) > 0
        )
        assert (
            balance(http.request("POST", f"{capmonster_emulator.url}/getBalance?x=1", body=BALANCE))
            > 0
        )
    assert capmonster_emulator.requests == 2
    assert proxy.requests() == [
        ProxiedRequest("POST", f"{capmonster_emulator.url}/getBalance"),
        ProxiedRequest("POST", f"{capmonster_emulator.url}/getBalance?x=1"),
    ]
    assert proxy.connects() == []


def test_a_kept_alive_proxy_connection_reaches_each_upstream(proxy: ProxyInfo) -> None:
    """urllib3 keeps one pool per proxy for http:// targets, so a second host's
    request may go down the first host's proxy connection: it must still arrive
    at the second host (proxy.py alone would send it to the first; the plugin
    makes each plain-HTTP proxy connection carry one request)."""
    with (
        CapmonsterEmulator(keys={KEY}) as first,
        CapmonsterEmulator(keys={KEY}) as second,
        urllib3.ProxyManager(proxy.url, retries=False) as http,
    ):
        for server in (first, second, first):
            response = http.request("POST", f"{server.url}/getBalance", body=BALANCE)
            assert balance(response) > 0
            assert response.headers["Connection"] == "close"
    assert (first.requests, second.requests) == (2, 1)
    assert proxy.forwarded() == [
        ProxiedRequest("POST", f"{server.url}/getBalance") for server in (first, second, first)
    ]


def test_https_through_a_connect_tunnel(
    proxy: ProxyInfo, https: CapmonsterEmulator, certs: Certs
) -> None:
    body = json.dumps({"clientKey": KEY, "note": MARKER}).encode()
    with urllib3.ProxyManager(proxy.url, ca_certs=str(certs.ca_file), retries=False) as http:
        url = f"{https.url}/getBalance?{MARKER}"
        assert balance(http.request("POST", url, body=body)) > 0
        assert balance(http.request("POST", url, body=body)) > 0
    assert https.requests == 2
    assert [entry.path for entry in https.log] == ["/getBalance", "/getBalance"]
    # one tunnel, kept alive for both requests; the proxy saw neither path nor body
    assert proxy.requests() == [ProxiedRequest("CONNECT", f"127.0.0.1:{https.port}")]
    assert MARKER not in proxy.record_file.read_text()
    assert MARKER not in proxy.log()


def test_connect_tunnel_still_checks_the_certificate(proxy: ProxyInfo, certs: Certs) -> None:
    with (
        https_emulator(CapmonsterEmulator(keys={KEY}), certs.expired()) as server,
        urllib3.ProxyManager(proxy.url, ca_certs=str(certs.ca_file), retries=False) as http,
        pytest.raises(SSLError, match="certificate has expired"),
    ):
        http.request("POST", f"{server.url}/getBalance", body=BALANCE)
    assert proxy.connects() == [f"127.0.0.1:{server.port}"]
    assert server.requests == 0


def test_proxy_auth(
    auth_proxy: ProxyInfo, capmonster_emulator: CapmonsterEmulator, certs: Certs
) -> None:
    url = f"{capmonster_emulator.url}/getBalance"
    # urllib3 does not take credentials from the proxy URL; without the header: 407
    with urllib3.ProxyManager(auth_proxy.address, retries=False) as http:
        response = http.request("POST", url, body=BALANCE)
        assert response.status == 407
        assert "Proxy-Authenticate" in response.headers
    wrong = {"Proxy-Authorization": "Basic dGVzdGVyOndyb25n"}  # tester:wrong
    with urllib3.ProxyManager(auth_proxy.address, proxy_headers=wrong, retries=False) as http:
        assert http.request("POST", url, body=BALANCE).status == 407
    assert capmonster_emulator.requests == 0
    assert auth_proxy.requests() == []  # refused before the recorder sees them
    with urllib3.ProxyManager(
        auth_proxy.address, proxy_headers=auth_proxy.headers(), retries=False
    ) as http:
        assert balance(http.request("POST", url, body=BALANCE)) > 0
    assert capmonster_emulator.requests == 1
    assert auth_proxy.requests() == [ProxiedRequest("POST", url)]
    assert "tester:s3cret@127.0.0.1:" in auth_proxy.url


def test_proxy_auth_on_connect(
    auth_proxy: ProxyInfo, https: CapmonsterEmulator, certs: Certs
) -> None:
    url = f"{https.url}/getBalance"
    with (
        urllib3.ProxyManager(
            auth_proxy.address, ca_certs=str(certs.ca_file), retries=False
        ) as http,
        pytest.raises(ProxyError, match="407"),
    ):
        http.request("POST", url, body=BALANCE)
    with urllib3.ProxyManager(
        auth_proxy.address,
        proxy_headers=auth_proxy.headers(),
        ca_certs=str(certs.ca_file),
        retries=False,
    ) as http:
        assert balance(http.request("POST", url, body=BALANCE)) > 0
    assert auth_proxy.connects() == [f"127.0.0.1:{https.port}"]


def test_upstream_down_gives_502(proxy: ProxyInfo) -> None:
    with closed_port() as port, urllib3.ProxyManager(proxy.url, retries=False) as http:
        response = http.request("POST", f"http://127.0.0.1:{port}/getBalance", body=BALANCE)
        assert response.status == 502
        with pytest.raises(ProxyError, match="502"):
            http.request("GET", f"https://127.0.0.1:{port}/")
    assert proxy.requests() == [
        ProxiedRequest("POST", f"http://127.0.0.1:{port}/getBalance"),
        ProxiedRequest("CONNECT", f"127.0.0.1:{port}"),
    ]


def test_proxy_refuses_non_loopback_upstreams(proxy: ProxyInfo) -> None:
    # a reserved name that resolves nowhere: even a broken guard sends nothing out
    with urllib3.ProxyManager(proxy.url, retries=False) as http:
        assert http.request("GET", f"http://{WRONG_NAME}/").status == 403
        with pytest.raises(ProxyError, match="403"):
            http.request("GET", f"https://{WRONG_NAME}/")
    assert proxy.requests() == []


def test_a_proxy_that_is_down() -> None:
    with (
        down_proxy() as url,
        urllib3.ProxyManager(url, retries=False) as http,
        pytest.raises(ProxyError, match="Connection refused"),
    ):
        http.request("GET", "http://127.0.0.1:1/")


def test_the_proxy_leaves_no_process_behind(capmonster_emulator: CapmonsterEmulator) -> None:
    with forward_proxy() as proxy, urllib3.ProxyManager(proxy.url, retries=False) as http:
        assert (
            balance(http.request("POST", f"{capmonster_emulator.url}/getBalance", body=BALANCE)) > 0
        )
        pid = proxy.pid
        assert process_group_alive(pid)
    assert not process_group_alive(pid)


def test_faults_apply_over_https(https: CapmonsterEmulator, certs: Certs) -> None:
    https.faults.next(Fault("status", status=503), Fault("drop"))
    with urllib3.PoolManager(ca_certs=str(certs.ca_file), retries=False) as http:
        assert http.request("POST", f"{https.url}/getBalance", body=BALANCE).status == 503
        with pytest.raises(urllib3.exceptions.ProtocolError):
            http.request("POST", f"{https.url}/getBalance", body=BALANCE)
        assert balance(http.request("POST", f"{https.url}/getBalance", body=BALANCE)) > 0


def test_a_client_that_never_handshakes_does_not_block_others(
    https: CapmonsterEmulator, certs: Certs
) -> None:
    with (
        socket.create_connection(("127.0.0.1", https.port)),  # connects, sends nothing
        urllib3.PoolManager(ca_certs=str(certs.ca_file), retries=False, timeout=5) as http,
    ):
        assert balance(http.request("POST", f"{https.url}/getBalance", body=BALANCE)) > 0

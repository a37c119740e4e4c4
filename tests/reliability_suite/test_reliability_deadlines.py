"""Deadlines and cancellation, on every endpoint.

* A wait (``wait()`` or ``wait_many()``) returns or raises by its deadline
  plus at most one request timeout: in virtual time for arbitrary response
  sequences across many tasks (the single-task schedule is covered in
  test_poller.py).  Over real HTTP, against servers that stall mid-body,
  trickle or never accept, the same bound is checked with the wiring's
  worth of slack: the client's own timeouts are 30 s, so a request the
  deadline did not cut short shows as 30 s, far past any bound here.
* A set :class:`threading.Event` stops a wait mid-sleep (a 30 s sleep, so a
  slow machine's delay cannot be mistaken for it), and no request leaves
  after it.
* A ``KeyboardInterrupt`` (from a progress callback, or a real SIGINT in the
  middle of a request) leaves no thread and no socket behind.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import ROOT, TESTS
from reliability.adapters import Adapter
from reliability.figures import examples, report
from taskpoll import Backoff, WaitPolicy
from taskpoll._http.transport import Response, Timeout
from taskpoll._waiting.policy import Decision, done, keep_polling, transient
from taskpoll._waiting.scheduler import poll_many
from taskpoll.errors import (
    DecodeError,
    HTTPStatusError,
    TaskpollError,
    TransportError,
    WaitCancelledError,
    WaitTimeoutError,
)
from taskpoll.testing.server import Fault
from virtual_time import VirtualTime

# -- virtual time: many tasks, arbitrary responses ------------------------------

KINDS = ["running"] * 5 + ["done", "transport", "http503", "garbled", "slow"]


@settings(max_examples=examples(1500), deadline=None)
@given(
    timeout=st.floats(0.5, 120.0),
    min_request_timeout=st.floats(0.1, 10.0),
    latency=st.floats(0.0, 30.0),
    scripts=st.lists(
        st.lists(st.sampled_from(KINDS), min_size=1, max_size=30), min_size=1, max_size=12
    ),
    seed=st.integers(0, 99),
)
def test_wait_many_ends_by_the_deadline_plus_one_request_timeout(
    timeout: float, min_request_timeout: float, latency: float, scripts: list[list[str]], seed: int
) -> None:
    """Requests that run to their timeout, one task after another, must not
    push the end of a ``wait_many`` past deadline + one request timeout."""
    vt = VirtualTime(seed)
    calls: dict[Hashable, int] = {}

    def probe(task_id: int, request_timeout: float) -> str:
        assert request_timeout > 0
        kind = scripts[task_id][calls.setdefault(task_id, 0) % len(scripts[task_id])]
        calls[task_id] += 1
        # "slow" runs the request to its timeout, as a stalled socket does
        vt.advance(request_timeout if kind == "slow" else min(latency, request_timeout) * 0.01)
        if kind in ("transport", "slow"):
            raise TransportError("stalled")
        if kind == "http503":
            raise HTTPStatusError("busy", status=503, response=Response(503, {}, b"", "x"))
        if kind == "garbled":
            raise DecodeError("garbled")
        return kind

    def rules(task_id: int, outcome: str | TaskpollError) -> Decision[str]:
        if isinstance(outcome, TaskpollError):
            return transient(outcome, retry_statuses=frozenset({503}))
        return done("ok") if outcome == "done" else keep_polling(status=outcome)

    policy = WaitPolicy(
        max_wait=timeout,
        backoff=Backoff(first=0.0, min=0.5, max=5.0),
        min_request_timeout=min_request_timeout,
    )
    outcomes = dict(poll_many(range(len(scripts)), probe, rules, policy, timing=vt.timing()))
    assert set(outcomes) == set(range(len(scripts)))
    assert vt.now <= timeout + min_request_timeout + 1e-6
    for outcome in outcomes.values():
        if isinstance(outcome, TaskpollError):
            assert outcome.elapsed is not None
            assert outcome.elapsed <= timeout + min_request_timeout + 1e-6


# -- real time: a server that stalls mid-body ------------------------------------

#: Slack for scheduling on a loaded 2-core machine.  The exact bound,
#: deadline + min_request_timeout, is the virtual-time test's (above); over
#: HTTP the point is the wiring, and a broken one costs the client's 30 s.
SLACK = 6.0
#: The client's own timeouts: only the wait's deadline can end a stall sooner.
GENEROUS = Timeout(2.0, 30.0, 30.0)
STALL_POLICY = WaitPolicy(
    max_wait=1.0,
    backoff=Backoff(first=0.0, min=0.1, max=0.2),
    min_request_timeout=0.5,
)
#: Sixteen tasks whose every poll stalls: ending by deadline + one request
#: timeout (2 s) needs the last polls to share one timeout; each with its own
#: would end about 1 + 15 * 1 = 16 s in, well past deadline + 1 s + SLACK.
MANY_STALL_POLICY = attrs.evolve(STALL_POLICY, min_request_timeout=1.0)


@pytest.mark.parametrize("fine_polls", [0, 4])
def test_wait_on_a_stalled_server_ends_by_the_deadline(adapter: Adapter, fine_polls: int) -> None:
    """The server answers ``fine_polls`` polls, then sends headers and half a
    body and goes silent for 30 s.  The client's own timeouts are generous
    (30 s): only the wait's deadline can end it."""
    with adapter.emulator() as server:
        task = adapter.start(server, "done", 1, 3600.0)
        server.faults.next(*[Fault("slow", delay=0.0)] * fine_polls)
        server.faults.at_rates([(1.0, Fault("stall", delay=30.0, body=adapter.garbage))])
        with adapter.client(server.url, timeout=GENEROUS) as client:
            started = time.monotonic()
            with pytest.raises(WaitTimeoutError) as info:
                client.wait(task.task_id, policy=STALL_POLICY)
            elapsed = time.monotonic() - started
        assert server.faults.injected["stall"] >= 1
    report("stalled wait", api=adapter.name, fine_polls=fine_polls, seconds=round(elapsed, 3))
    assert elapsed <= STALL_POLICY.max_wait + STALL_POLICY.min_request_timeout + SLACK
    assert info.value.task_id == str(task.task_id)


def test_wait_many_on_a_stalled_server_ends_by_the_deadline(adapter: Adapter) -> None:
    """Sixteen tasks whose every poll stalls: polled one after another on one
    thread, they must still end together by deadline + one request timeout."""
    with adapter.emulator() as server:
        ids = [adapter.start(server, "done", n, 3600.0).task_id for n in range(16)]
        server.faults.at_rates([(1.0, Fault("stall", delay=30.0, body=adapter.garbage))])
        with adapter.client(server.url, timeout=GENEROUS) as client:
            started = time.monotonic()
            outcomes = dict(client.wait_many(ids, policy=MANY_STALL_POLICY, max_in_flight=1))
            elapsed = time.monotonic() - started
    assert set(outcomes) == set(ids)
    assert all(isinstance(o, WaitTimeoutError) for o in outcomes.values()), outcomes
    report("stalled wait_many", api=adapter.name, tasks=len(ids), seconds=round(elapsed, 3))
    policy = MANY_STALL_POLICY
    assert elapsed <= policy.max_wait + policy.min_request_timeout + SLACK


class Trickle:
    """A raw server whose answers never end: headers, then one body byte every
    0.1 s, so no single socket read ever times out."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
                while not self._stop.wait(0.1):
                    conn.sendall(b" ")
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._listener.close()


def test_wait_on_a_trickling_server_ends_by_the_deadline(adapter: Adapter) -> None:
    """Each read gets a byte in time, so only the request's total deadline
    (enforced per read) can end it, and with it the wait's."""
    trickle = Trickle()
    task_id = adapter.start(None, "missing", 1, 0.0).task_id
    try:
        with adapter.client(trickle.url, timeout=GENEROUS) as client:
            started = time.monotonic()
            with pytest.raises(WaitTimeoutError):
                client.wait(task_id, policy=STALL_POLICY)
            elapsed = time.monotonic() - started
    finally:
        trickle.close()
    report("trickled wait", api=adapter.name, seconds=round(elapsed, 3))
    assert elapsed <= STALL_POLICY.max_wait + STALL_POLICY.min_request_timeout + SLACK


class BlackHole:
    """A loopback port whose accept backlog is full: the kernel drops new SYNs,
    so a connect hangs until its timeout, like an unreachable host."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        self._fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(self._listener.getsockname())
            self._fillers.append(filler)
        time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        for filler in self._fillers:
            filler.close()
        self._listener.close()


def test_wait_on_an_unreachable_host_ends_by_the_deadline(adapter: Adapter) -> None:
    """Connection attempts are retried (nothing was sent), but only while the
    request's time lasts: three connect timeouts in a row must not triple it."""
    hole = BlackHole()
    task_id = adapter.start(None, "missing", 1, 0.0).task_id
    try:
        with adapter.client(hole.url, timeout=Timeout(30.0, 30.0, 30.0)) as client:
            started = time.monotonic()
            with pytest.raises(WaitTimeoutError):
                client.wait(task_id, policy=STALL_POLICY)
            elapsed = time.monotonic() - started
    finally:
        hole.close()
    report("unreachable host", api=adapter.name, seconds=round(elapsed, 3))
    assert elapsed <= STALL_POLICY.max_wait + STALL_POLICY.min_request_timeout + SLACK


# -- cancellation ----------------------------------------------------------------


def test_set_event_stops_a_wait_within_one_tick(adapter: Adapter) -> None:
    """The wait sleeps 30 s between polls; setting the event ends the sleep
    at once and no further request leaves."""
    slow = WaitPolicy(max_wait=120.0, backoff=Backoff(first=0.0, min=30.0, max=30.0))
    with adapter.emulator() as server:
        task = adapter.start(server, "done", 1, 3600.0)
        cancel = threading.Event()
        with adapter.client(server.url) as client:

            def cancel_after_first_poll(*_: object) -> None:
                threading.Timer(0.2, cancel.set).start()

            started = time.monotonic()
            with pytest.raises(WaitCancelledError) as info:
                client.wait(
                    task.task_id, policy=slow, cancel=cancel, on_progress=cancel_after_first_poll
                )
            elapsed = time.monotonic() - started
        assert server.requests == 1
    assert info.value.attempts == 1 and info.value.task_id == str(task.task_id)
    report("cancelled wait", api=adapter.name, set_after=0.2, seconds=round(elapsed, 3))
    assert elapsed < 0.2 + SLACK  # not the 30 s sleep


def test_set_event_stops_wait_many_for_every_task(adapter: Adapter) -> None:
    slow = WaitPolicy(max_wait=120.0, backoff=Backoff(first=0.0, min=30.0, max=30.0))
    with adapter.emulator() as server:
        ids = [adapter.start(server, "done", n, 3600.0).task_id for n in range(5)]
        cancel = threading.Event()
        at_cancel: list[int] = []

        def stop() -> None:
            at_cancel.append(server.requests)
            cancel.set()

        threading.Timer(0.5, stop).start()
        with adapter.client(server.url) as client:
            started = time.monotonic()
            outcomes = dict(client.wait_many(ids, policy=slow, cancel=cancel))
            elapsed = time.monotonic() - started
        sent = server.requests
    assert set(outcomes) == set(ids)
    assert all(isinstance(o, WaitCancelledError) for o in outcomes.values())
    assert elapsed < 0.5 + SLACK  # the event ended the 30 s sleep
    # at most one poll each (then the 30 s sleep), and none started after the set
    assert sent <= len(ids) and sent - at_cancel[0] <= 1


# -- KeyboardInterrupt: nothing left behind ----------------------------------------


def client_sockets(port: int) -> int:
    """Open TCP connections of this process to ``port`` (the client side only)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    with open("/proc/net/tcp") as table:
        next(table)
        for row in table:
            fields = row.split()
            remote_port = int(fields[2].split(":")[1], 16)
            state = fields[3]
            if remote_port == port and fields[9] in inodes and state != "0A":  # not LISTEN
                count += 1
    return count


def test_keyboard_interrupt_from_a_callback_leaves_nothing_behind(adapter: Adapter) -> None:
    policy = WaitPolicy(max_wait=30.0, backoff=Backoff(first=0.0, min=0.05, max=0.05))
    with adapter.emulator() as server:
        ids = [adapter.start(server, "done", n, 3600.0).task_id for n in range(3)]
        polls = 0

        def interrupt(*_: object) -> None:
            nonlocal polls
            polls += 1
            if polls == 5:
                raise KeyboardInterrupt

        before = set(threading.enumerate())
        with pytest.raises(KeyboardInterrupt), adapter.client(server.url) as client:
            for _ in client.wait_many(ids, policy=policy, on_progress=interrupt):
                pass
        assert client_sockets(server.port) == 0
        assert set(threading.enumerate()) - before <= _emulator_threads()
        sent = server.requests
        time.sleep(0.2)
        assert server.requests == sent  # nothing keeps polling in the background
        assert 5 <= sent <= 5 + len(ids)  # at most the polls in flight with the fifth


def _emulator_threads() -> set[threading.Thread]:
    # the emulator's own connection handlers are not the client's
    return {t for t in threading.enumerate() if "process_request_thread" in t.name}


INTERRUPTED = r"""
import json, os, signal, sys, threading, time
sys.path[:0] = sys.argv[3].split(os.pathsep)
from reliability.adapters import ADAPTERS
from test_reliability_deadlines import client_sockets
adapter = next(a for a in ADAPTERS if a.name == sys.argv[1])
url, port = sys.argv[2], int(sys.argv[2].rsplit(":", 1)[1])
task_id = json.loads(sys.argv[4])
client = adapter.client(url)
threads = set(threading.enumerate())
# a real SIGINT while the request is blocked reading a slow response
timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
timer.start()
try:
    client.wait(task_id, timeout=30.0)
except KeyboardInterrupt:
    outcome = "interrupted"
else:
    outcome = "returned"
timer.join()
print(json.dumps({
    "outcome": outcome,
    # without close(): the interrupted request's connection must not linger
    "sockets": client_sockets(port),
    "threads": [t.name for t in set(threading.enumerate()) - threads],
}))
"""


def test_sigint_during_a_request_leaves_no_socket_or_thread(adapter: Adapter) -> None:
    # the shared helpers (reliability.adapters) and this file (client_sockets)
    path = os.pathsep.join([str(TESTS), str(Path(__file__).resolve().parent)])
    with adapter.emulator() as server:
        task = adapter.start(server, "done", 1, 3600.0)
        # every poll takes 5 s: the signal lands while the client blocks in recv
        server.faults.at_rates([(1.0, Fault("slow", delay=5.0))])
        done_ = subprocess.run(
            [
                sys.executable,
                "-c",
                INTERRUPTED,
                adapter.name,
                server.url,
                path,
                json.dumps(task.task_id),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=ROOT,
        )
    assert done_.returncode == 0, done_.stderr[-2000:]
    report: dict[str, Any] = json.loads(done_.stdout.splitlines()[-1])
    assert report == {"outcome": "interrupted", "sockets": 0, "threads": []}

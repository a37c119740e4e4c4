"""Waits that survive restarts, and request budgets across processes (issue 16).

The wait state and its pure step in virtual time and through JSON; resuming
from a file (deadline kept, counts kept); the SQLite ledger shared by threads
and by real processes, counted by the emulator; the command line killed with
SIGKILL mid-wait and run again; and every kind of bad state file or ledger
giving a clear error that names it.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import spend_from_threads
from paths import DATA
from taskpoll import capmonster
from taskpoll._durable.ledger import (
    LEDGER_ENV,
    MemoryLedger,
    RequestBudget,
    SqliteLedger,
    default_ledger_path,
    ledger_from_env,
)
from taskpoll._durable.store import FileStore
from taskpoll._waiting.policy import Backoff, Timing, WaitPolicy, done, keep_polling
from taskpoll._waiting.scheduler import poll_many
from taskpoll._waiting.state import FORMAT, VERSION, WaitState, advance, begin, prepare
from taskpoll.errors import (
    LedgerError,
    RequestBudgetExceededError,
    StateError,
    TaskpollError,
    WaitCancelledError,
    WaitTimeoutError,
)
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from virtual_time import VirtualTime

KEY = "durable-key-7d3e91c2a4"
#: Polls 10-20 ms apart: saved states and ledgers change many times within a test.
RAPID_POLLS = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.01, max=0.02))


@pytest.fixture
def emulator(make_capmonster: Callable[..., CapmonsterEmulator]) -> CapmonsterEmulator:
    """Accepts any key (this file's own KEY among them); an unscripted task
    solves after the emulator's default 1 s."""
    return make_capmonster()


# -- the state and its step ----------------------------------------------------------

states = st.builds(
    WaitState,
    api=st.sampled_from(["capmonster", "alphasms", "cloudcoin"]),
    task_id=st.integers(1, 2**62) | st.text(min_size=1, max_size=64),
    started=st.floats(0, 2e9),
    deadline=st.floats(2e9, 4e9),
    next_poll=st.floats(0, 4e9),
    max_wait=st.floats(0.001, 1e6),
    attempts=st.integers(0, 10**6),
    garbled=st.integers(0, 10),
    last_status=st.text(max_size=50),
)


@settings(max_examples=200, deadline=None)
@given(state=states)
def test_any_state_survives_encoding(state: WaitState) -> None:
    assert WaitState.from_json(state.to_json()) == state
    assert KEY not in state.to_json()


@settings(max_examples=300, deadline=None)
@given(
    text=st.binary(max_size=300)
    | st.builds(lambda s: s.to_json()[: len(s.to_json()) // 2].encode(), states)
    | st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=10,
    ).map(lambda v: json.dumps(v).encode())
)
def test_fuzzed_state_documents_only_ever_give_state_errors(text: bytes) -> None:
    try:
        WaitState.from_json(text, source="fuzz.json")
    except StateError as exc:
        assert "fuzz.json" in str(exc)


def test_a_state_written_by_format_version_1_still_decodes() -> None:
    """The file below was written by version 1; later versions must read it."""
    waits = FileStore(DATA / "wait-states-v1.json").load()
    assert [(w.api, w.task_id, w.attempts, w.garbled) for w in waits] == [
        ("capmonster", 7654321, 7, 1),
        ("alphasms", "50cb50b11400f964342a275a106b70af", 0, 0),
    ]
    assert waits[0].deadline - waits[0].started == pytest.approx(180.0)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "truncated or corrupt"),
        (b'{"format": "taskpoll.wait-states", "version": 1, "waits": [', "truncated or corrupt"),
        (b"\xff\xfe garbage", "truncated or corrupt"),
        (b'{"some": "other tool"}', "not a taskpoll state file"),
        (b"[1, 2, 3]", "not a taskpoll state file"),
        (b'{"format": "taskpoll.wait-states", "version": 99, "waits": []}', "newer taskpoll"),
        (b'{"format": "taskpoll.wait-states", "version": "1", "waits": []}', "valid format"),
        (b'{"format": "taskpoll.wait-states", "version": 1, "waits": {}}', "damaged"),
        (
            b'{"format": "taskpoll.wait-states", "version": 1, "waits": '
            b'[{"format": "taskpoll.wait-state", "version": 1, "api": "capmonster"}]}',
            "damaged",
        ),
    ],
)
def test_bad_state_files_give_a_clear_error_naming_the_file(
    tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "waits.json"
    path.write_bytes(content)
    with pytest.raises(StateError, match=says) as info:
        FileStore(path).load()
    assert str(path) in str(info.value)
    with capmonster.Client(KEY) as client, pytest.raises(StateError):
        client.wait(1, store=path)  # never a silent fresh start
    assert path.read_bytes() == content  # and the file is left for the user to look at


#: A valid version-1 state document; each case below changes one field.
GOOD_DOCUMENT = {
    "format": "taskpoll.wait-state",
    "version": 1,
    "api": "capmonster",
    "task_id": 7,
    "started": 10.0,
    "deadline": 70.0,
    "next_poll": 11.0,
    "timeout": 60.0,
    "attempts": 3,
    "garbled": 1,
    "last_state": "processing",
}


def _damaged(message: str) -> str:
    return f"state.json: a damaged wait state ({message})"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"version": 0}, "state.json: no valid format version"),
        ({"version": True}, "state.json: no valid format version"),
        ({"task_id": True}, _damaged("task_id must be a string or an integer")),
        ({"task_id": [7]}, _damaged("task_id must be a string or an integer")),
        ({"task_id": ""}, _damaged("task_id must be 1 to 256 characters")),
        ({"task_id": "t" * 257}, _damaged("task_id must be 1 to 256 characters")),
        ({"api": 5}, _damaged("api must be a short string")),
        ({"api": ""}, _damaged("api must be a short string")),
        ({"api": "a" * 65}, _damaged("api must be a short string")),
        ({"started": True}, _damaged("started must be a finite number")),
        ({"deadline": float("nan")}, _damaged("deadline must be a finite number")),
        ({"next_poll": "11"}, _damaged("next_poll must be a finite number")),
        ({"timeout": float("inf")}, _damaged("timeout must be a finite number")),
        ({"timeout": 0.0}, _damaged("its deadline is before its start")),
        ({"deadline": 9.0}, _damaged("its deadline is before its start")),
        ({"attempts": 10**9}, _damaged("attempts must be a count")),
        ({"attempts": True}, _damaged("attempts must be a count")),
        ({"garbled": -1}, _damaged("garbled must be a count")),
        ({"garbled": 1.0}, _damaged("garbled must be a count")),
    ],
)
def test_each_bad_field_of_a_state_is_named_exactly(change: dict[str, object], says: str) -> None:
    """Kills the mutants of _decode_v1, _number, _count and check_version that
    widen a bound (<= for <, 65 for 64, 10**10 for 10**9), turn an ``or`` into an
    ``and``, or change the message or the field name it carries."""
    with pytest.raises(StateError) as info:
        WaitState.from_document({**GOOD_DOCUMENT, **change}, source="state.json")
    assert str(info.value) == says


def test_the_bounds_of_a_state_document_are_inclusive_where_they_say() -> None:
    """256-character ids, 64-character API names and 10**9 - 1 attempts are
    fine; a missing last_state is "" and a long one is cut to 200 characters."""
    edge = {**GOOD_DOCUMENT, "task_id": "t" * 256, "api": "a" * 64, "attempts": 10**9 - 1}
    del edge["last_state"]
    state = WaitState.from_document(edge)
    assert (len(str(state.task_id)), len(state.api), state.attempts) == (256, 64, 10**9 - 1)
    assert state.last_status == ""
    one = {**GOOD_DOCUMENT, "task_id": "t", "api": "a", "last_state": "s" * 300, "timeout": 1e-9}
    assert WaitState.from_document(one).last_status == "s" * 200


def test_state_errors_name_the_default_source_and_the_json_error() -> None:
    with pytest.raises(StateError) as info:
        WaitState.from_json("{")
    assert str(info.value) == "state: not a taskpoll wait state (JSONDecodeError)"
    with pytest.raises(StateError) as info:
        WaitState.from_document({**GOOD_DOCUMENT, "version": 2})
    assert str(info.value).startswith("state: written by a newer taskpoll (format version 2;")


def test_a_state_document_is_compact_and_sorted() -> None:
    """Byte for byte: stores compare documents, and a diff of two saves shows only what moved."""
    state = WaitState("capmonster", 7, 10.0, 70.0, 11.0, 60.0, attempts=3, garbled=1)
    assert state.to_json() == (
        '{"api":"capmonster","attempts":3,"deadline":70.0,"format":"taskpoll.wait-state",'
        '"garbled":1,"last_state":"","next_poll":11.0,"started":10.0,"task_id":7,'
        '"timeout":60.0,"version":1}'
    )


def test_the_step_gives_the_schedulers_schedule() -> None:
    """Driving prepare/advance by hand polls exactly when poll_many does."""
    policy = WaitPolicy(max_wait=100.0, backoff=Backoff(first=1.0, min=2.0, max=10.0, factor=1.3))
    ready_at = 37.0

    def decision(now: float) -> object:
        return done("ok") if now >= ready_at else keep_polling(status="running")

    vt = VirtualTime(seed=4)
    polled: list[float] = []

    def probe(task_id: int, timeout: float) -> float:
        polled.append(vt.now)
        return vt.now

    list(poll_many([1], probe, lambda i, now: decision(now), policy, timing=vt.timing()))
    by_hand = VirtualTime(seed=4)
    state = begin("model", 1, policy, 0.0)
    hand: list[float] = []
    while True:
        by_hand.now = state.next_poll
        assert not isinstance(prepare(state, policy, by_hand.now), TaskpollError)
        hand.append(by_hand.now)
        step = advance(state, decision(by_hand.now), policy, by_hand.now, by_hand.timing().random)
        state = WaitState.from_json(step.state.to_json())  # through JSON every time
        if step.finished:
            break
    assert hand == polled
    assert step.done and step.result == "ok"


def test_poll_once_drives_a_wait_from_a_saved_state(emulator: CapmonsterEmulator) -> None:
    task_id = emulator.app.add_task(script=Script(solve_after=0.3))
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        saved = client.begin_wait(task_id, max_wait=30.0).to_json()
        for _ in range(50):
            step = client.poll_once(WaitState.from_json(saved))
            if step.finished:
                break
            saved = step.state.to_json()
            time.sleep(max(0.0, min(step.state.next_poll - time.time(), 0.1)))
    assert step.done and step.result is not None
    assert step.result.solution == {"text": "answer"}
    assert step.state.attempts == emulator.app.polls[task_id]
    with pytest.raises(ValueError, match="alphasms"):
        client.poll_once(WaitState("alphasms", "x", 0.0, 1.0, 0.0, 1.0))


def test_poll_once_ends_a_wait_past_its_deadline_without_a_request(
    emulator: CapmonsterEmulator,
) -> None:
    task_id = emulator.app.add_task(script=Script(solve_after=60.0))
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        state = client.begin_wait(task_id, max_wait=1.0).shifted(-10.0)  # its deadline has passed
        step = client.poll_once(state)
    assert isinstance(step.error, WaitTimeoutError)
    assert step.error.task_id == str(task_id)
    assert emulator.app.polls[task_id] == 0


# -- resuming from a file -----------------------------------------------------------------


def test_a_cancelled_wait_resumes_with_its_deadline_and_counts(
    emulator: CapmonsterEmulator, tmp_path: Path
) -> None:
    """Cancelled 2.5 s into a 4 s wait, then resumed: it ends at 4 s.  A
    fresh deadline would end it at 6.5 s, past the bound."""
    path = tmp_path / "wait.json"
    task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
    policy = WaitPolicy(max_wait=4.0, backoff=Backoff(first=0.0, min=0.2, max=0.2))
    cancel = threading.Event()
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        threading.Timer(2.5, cancel.set).start()
        began = time.monotonic()
        with pytest.raises(WaitCancelledError):
            client.wait(task_id, policy=policy, cancel=cancel, store=path)
        [saved] = FileStore(path).load()
        assert saved.attempts == emulator.app.polls[task_id] > 0
        with pytest.raises(WaitTimeoutError) as info:
            client.wait(task_id, policy=policy, store=path)  # another 4 s?  no: the same deadline
        ended = time.monotonic() - began
    assert 4.0 - 0.5 <= ended <= 4.0 + 1.0
    assert info.value.attempts == emulator.app.polls[task_id]  # counting went on, not afresh
    assert info.value.attempts > saved.attempts
    assert FileStore(path).load() == []  # an ended wait is removed


def test_a_resumed_wait_ends_at_its_saved_deadline_in_virtual_time(
    emulator: CapmonsterEmulator, tmp_path: Path
) -> None:
    """Exactly, on a virtual clock: a wait saved 100 s into its 130 s by an
    earlier process has 30 s left, and its 7 polls stay counted."""
    vt = VirtualTime()
    timing = Timing(clock=vt.clock, sleep=vt.sleep, random=lambda: 0.5, wall=lambda: 1e9 + vt.now)
    task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
    path = tmp_path / "waits.json"
    saved = WaitState("capmonster", task_id, 1e9 - 100.0, 1e9 + 30.0, 1e9, 130.0, attempts=7)
    FileStore(path).save([saved])
    every_5s = WaitPolicy(max_wait=130.0, backoff=Backoff(first=0.0, min=5.0, max=5.0, jitter=0))
    client = capmonster.Client(KEY, base_url=emulator.url)
    with pytest.raises(WaitTimeoutError) as info:
        client.wait(task_id, policy=every_5s, timing=timing, store=path)
    assert vt.now == 30.0  # the saved deadline; a fresh one would be 130 s away
    assert emulator.app.polls[task_id] == 7  # at 0, 5, …, 30 s
    assert info.value.attempts == 7 + 7


def test_wait_many_resumes_each_task_and_keeps_other_entries(
    emulator: CapmonsterEmulator, tmp_path: Path
) -> None:
    path = tmp_path / "waits.json"
    foreign = WaitState("alphasms", "job-1", 1.0, 2.0e9, 1.0, 600.0)
    ids = [emulator.app.add_task(script=Script(solve_after=0.2)) for _ in range(3)]
    now = time.time()
    mine = [WaitState("capmonster", i, now, now + 60.0, now, 60.0, attempts=5) for i in ids]
    FileStore(path).save([foreign, *mine])
    first_attempts: dict[object, int] = {}
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        outcomes = dict(
            client.wait_many(
                ids,
                policy=RAPID_POLLS,
                store=path,
                on_progress=lambda e: first_attempts.setdefault(e.task_id, e.attempts),
            )
        )
    assert outcomes.keys() == first_attempts.keys() == set(ids)
    assert all(not isinstance(o, TaskpollError) for o in outcomes.values())
    assert first_attempts == dict.fromkeys(ids, 6)  # each went on from its 5 saved polls
    assert FileStore(path).load() == [foreign]


# -- the ledger ----------------------------------------------------------------------------


def test_the_sqlite_ledger_counts_across_threads_and_expires(tmp_path: Path) -> None:
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3")
    refused = spend_from_threads(ledger, "capmonster:1", 40)
    assert ledger.spent("capmonster:1") == 120 and len(refused) == 40
    assert refused[0].task_id == "1"
    time.sleep(0.6)
    assert ledger.spent("capmonster:1") == 0  # the API no longer has the task


def test_four_processes_on_one_task_send_at_most_120_requests(
    emulator: CapmonsterEmulator, tmp_path: Path
) -> None:
    task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
    script = (
        "import sys\n"
        "from taskpoll import capmonster, Backoff, WaitPolicy\n"
        "from taskpoll._durable.ledger import SqliteLedger\n"
        "policy = WaitPolicy(max_wait=60.0, backoff=Backoff(first=0.0, min=0.01, max=0.02))\n"
        "client = capmonster.Client(sys.argv[1], base_url=sys.argv[2],"
        " ledger=SqliteLedger(sys.argv[3]))\n"
        "try:\n"
        "    client.wait(int(sys.argv[4]), policy=policy)\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    ledger = str(tmp_path / "ledger.sqlite3")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, KEY, emulator.url, ledger, str(task_id)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [proc.communicate(timeout=120)[0].strip() for proc in procs]
    assert outputs == ["RequestBudgetExceededError"] * 4
    assert emulator.app.polls[task_id] == 120  # all of them, and not one more
    assert not emulator.app.over_limit


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taskpoll", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != LEDGER_ENV}
    env.update({"XDG_STATE_HOME": str(tmp_path / "state"), "CAPMONSTER_CLIENT_KEY": KEY})
    return env


def test_status_runs_share_the_state_directory_ledger(
    emulator: CapmonsterEmulator, cli_env: dict[str, str], tmp_path: Path
) -> None:
    task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
    ledger_path = tmp_path / "state" / "taskpoll" / "ledger.sqlite3"
    os.environ["XDG_STATE_HOME"], saved = str(tmp_path / "state"), os.environ.get("XDG_STATE_HOME")
    try:
        assert default_ledger_path() == ledger_path
    finally:
        if saved is None:
            del os.environ["XDG_STATE_HOME"]
        else:
            os.environ["XDG_STATE_HOME"] = saved
    with capmonster.Client(KEY, base_url=emulator.url, ledger=SqliteLedger(ledger_path)) as c:
        for _ in range(118):
            c.get_task_result(task_id)  # as if by 118 earlier runs
    codes = [
        _cli("status", "capmonster", str(task_id), "--base-url", emulator.url, env=cli_env)
        for _ in range(4)
    ]
    assert [c.returncode for c in codes] == [0, 0, 3, 3]
    assert "120 per task" in codes[2].stderr
    assert emulator.app.polls[task_id] == 120


@pytest.mark.slow
def test_130_status_runs_in_a_row_never_send_request_121(
    emulator: CapmonsterEmulator, cli_env: dict[str, str]
) -> None:
    task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
    codes = [
        _cli("status", "capmonster", str(task_id), "--base-url", emulator.url, env=cli_env)
        for _ in range(130)
    ]
    assert [c.returncode for c in codes] == [0] * 120 + [3] * 10
    assert all("refusing request 121" in c.stderr for c in codes[120:])
    assert emulator.app.polls[task_id] == 120


def test_sigkill_mid_wait_then_a_rerun_keeps_the_deadline(
    emulator: CapmonsterEmulator, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Killed 5 s into an 8 s wait, the rerun ends by the first run's deadline
    (about 8 s after it began, plus its start-up): a fresh deadline would end it
    13 s after, past the bound."""
    never = emulator.app.add_task(script=Script(solve_after=3600.0))
    soon = emulator.app.add_task(script=Script(solve_after=6.0))
    state = str(tmp_path / "waits.json")
    args = ["wait", "capmonster", str(never), str(soon), "--max-wait", "8", "--json"]
    args += ["--base-url", emulator.url, "--state", state]
    began = time.monotonic()
    first = subprocess.Popen(
        [sys.executable, "-m", "taskpoll", *args],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(5.0)
    os.killpg(first.pid, signal.SIGKILL)
    first.communicate()
    assert first.returncode == -signal.SIGKILL  # killed mid-wait, not finished
    saved = {w.task_id: w for w in FileStore(state).load()}
    assert saved.keys() == {never, soon}
    assert all(w.attempts >= 1 for w in saved.values())
    rerun = _cli(*args, env=cli_env)
    ended = time.monotonic() - began
    lines = [json.loads(line) for line in rerun.stdout.splitlines()]
    by_id = {line["task_id"]: line for line in lines}
    assert by_id.keys() == {never, soon}
    assert by_id[soon]["ok"] and by_id[soon]["state"] == "ready"
    assert by_id[never]["error"]["type"] == "WaitTimeoutError"
    assert rerun.returncode == 3
    assert ended <= 8.0 + 3.0  # the first run's deadline, with both start-ups
    # the rerun counted on from the killed run's polls, not afresh
    assert by_id[never]["error"]["attempts"] == emulator.app.polls[never]
    assert emulator.app.polls[never] > saved[never].attempts
    assert FileStore(state).load() == []


def test_an_unopenable_ledger_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dir.sqlite3").mkdir()
    with pytest.raises(LedgerError, match=r"dir\.sqlite3"):
        SqliteLedger(tmp_path / "dir.sqlite3")


def test_a_locked_ledger_lets_no_request_through(
    emulator: CapmonsterEmulator, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, timeout=0.3)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    task_id = emulator.app.add_task()
    try:
        with capmonster.Client(KEY, base_url=emulator.url, ledger=ledger) as client:
            with pytest.raises(LedgerError, match="no request was sent uncounted"):
                client.get_task_result(task_id)
            with pytest.raises(LedgerError):
                client.wait(task_id, policy=RAPID_POLLS)
    finally:
        holder.execute("ROLLBACK")
    assert emulator.app.polls[task_id] == 0


def test_a_shared_ledger_paces_processes_as_one_account(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    a = capmonster.Client(KEY, max_rate=10.0, ledger=SqliteLedger(path))
    b = capmonster.Client(KEY, max_rate=10.0, ledger=SqliteLedger(path))
    waits = [a.pacer.reserve(0.0) for _ in range(10)] + [b.pacer.reserve(0.0)]
    assert waits[:10] == [0.0] * 10  # a second's burst, used up by a ...
    assert waits[10] > 0.05  # ... so b must wait for its token
    other = capmonster.Client("another-key-3c9e1b", max_rate=10.0, ledger=SqliteLedger(path))
    assert other.pacer.reserve(0.0) == 0.0  # another account has its own bucket


def test_the_memory_ledger_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LEDGER_ENV, raising=False)
    assert isinstance(capmonster.Client(KEY).ledger, MemoryLedger)


def test_taskpoll_ledger_names_the_library_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(LEDGER_ENV, str(tmp_path / "x.sqlite3"))
    ledger = capmonster.Client(KEY).ledger
    assert isinstance(ledger, SqliteLedger) and ledger.path == tmp_path / "x.sqlite3"


def test_a_ledger_url_of_another_kind_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A broker's URL by mistake: refused, not made into a directory "amqp:"."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(LEDGER_ENV, "amqp://guest:guest@127.0.0.1:5672//")
    with pytest.raises(
        LedgerError, match=r"TASKPOLL_LEDGER=amqp://…: a ledger is a redis://"
    ) as info:
        capmonster.Client(KEY)
    assert "guest:guest" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_state_documents_carry_format_and_version() -> None:
    document = json.loads(WaitState("capmonster", 1, 0.0, 1.0, 0.0, 1.0).to_json())
    assert document["format"] == FORMAT and document["version"] == VERSION == 1


def test_timing_wall_clock_is_used_for_saved_states(
    emulator: CapmonsterEmulator, tmp_path: Path
) -> None:
    vt = VirtualTime()
    timing = Timing(clock=vt.clock, sleep=vt.sleep, random=lambda: 0.5, wall=lambda: 1e9 + vt.now)
    task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
    cancel = threading.Event()
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        events = []

        def stop(_: object) -> None:
            events.append(1)
            if len(events) == 2:
                cancel.set()

        with pytest.raises(WaitCancelledError):
            client.wait(
                task_id, max_wait=50.0, timing=timing, cancel=cancel, on_progress=stop,
                store=tmp_path / "s.json",
            )  # fmt: skip
    [saved] = FileStore(tmp_path / "s.json").load()
    assert saved.started == 1e9 and saved.deadline == 1e9 + 50.0


# -- names renamed in 0.2 -----------------------------------------------------------------------


def test_the_old_names_of_a_waits_arguments_still_work_and_warn(
    emulator: CapmonsterEmulator, tmp_path: Path
) -> None:
    task_id = emulator.app.add_task(script=Script(solve_after=0.0))
    path = tmp_path / "waits.json"
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        with pytest.warns(
            DeprecationWarning, match=r"timeout= is deprecated; use max_wait="
        ) as seen:
            state = client.begin_wait(task_id, timeout=7.0)
        assert seen[0].filename == __file__  # the warning points at the caller
        assert state.deadline - state.started == 7.0
        with pytest.warns(DeprecationWarning, match=r"state= is deprecated; use store="):
            client.wait(task_id, state=path, policy=RAPID_POLLS)
        assert path.exists()  # the old name still saved the wait
        with pytest.raises(TypeError, match="both given"):
            client.wait(task_id, timeout=1.0, max_wait=1.0)
        with pytest.raises(TypeError, match="unexpected keyword argument 'timout'"):
            client.wait(task_id, timout=1.0)  # type: ignore[call-arg]
        with pytest.warns(DeprecationWarning, match=r"client\.api is deprecated"):
            assert client.api is client.operations
        step = client.poll_once(client.begin_wait(task_id))
        with pytest.warns(DeprecationWarning, match=r"Step\.label is deprecated"):
            assert step.label == step.status == "ready"
        with pytest.warns(DeprecationWarning, match=r"WaitState\.last_state is deprecated"):
            assert step.state.last_state == "ready"


def test_the_old_names_of_a_policys_max_wait_still_work_and_warn() -> None:
    with pytest.warns(DeprecationWarning, match=r"WaitPolicy\(timeout=\) is deprecated") as seen:
        policy = WaitPolicy(timeout=9.0)
    assert seen[0].filename == __file__
    assert policy == WaitPolicy(max_wait=9.0)
    with pytest.warns(DeprecationWarning, match=r"WaitPolicy\.timeout is deprecated"):
        assert policy.timeout == 9.0
    with pytest.warns(DeprecationWarning, match=r"with_timeout\(\) is deprecated"):
        assert policy.with_timeout(3.0) == policy.with_max_wait(3.0)
    assert policy.with_max_wait(3.0).max_wait == 3.0
    with pytest.raises(TypeError, match="max_wait= only"):
        WaitPolicy(9.0, timeout=9.0)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="needs max_wait"):
        WaitPolicy()  # type: ignore[call-overload]
    state = begin("capmonster", 1, policy, now=0.0)
    with pytest.warns(DeprecationWarning, match=r"WaitState\.timeout is deprecated"):
        assert state.timeout == state.max_wait == 9.0
    assert json.loads(state.to_json())["timeout"] == 9.0  # the saved format keeps its key


# -- claims, the default path, buckets (what `make mutate` found untested) ------------------


def test_a_memory_claim_is_held_for_its_ttl_and_no_longer() -> None:
    """Kills MemoryLedger.claim's mutants: the claim runs out at exactly its
    ttl, a second claim within it is refused, and expiring old claims never
    frees one still held."""
    vt = VirtualTime()
    ledger = MemoryLedger(clock=vt.clock)
    assert ledger.claim("a", 10.0)
    assert not ledger.claim("a", 10.0)
    vt.advance(5.0)
    assert ledger.claim("b", 10.0)  # held until 15
    vt.advance(5.0)  # t = 10: a's claim has just run out
    assert ledger.claim("a", 10.0)  # held until 20
    assert not ledger.claim("b", 10.0)
    vt.advance(5.0)  # t = 15
    assert ledger.claim("b", 10.0)
    assert not ledger.claim("a", 10.0)


def test_a_sqlite_claim_is_held_for_its_ttl_across_connections(tmp_path: Path) -> None:
    """Kills SqliteLedger.claim's mutants: a claim is refused to every
    connection while it lasts; an expired one (ttl < 0) is claimable again."""
    path = tmp_path / "ledger.sqlite3"
    first, second = SqliteLedger(path), SqliteLedger(path)
    assert first.claim("step-1", 60.0)
    assert not second.claim("step-1", 60.0)
    assert not first.claim("step-1", 60.0)
    assert second.claim("step-2", -1.0)  # already expired
    assert first.claim("step-2", 60.0)
    assert not second.claim("step-2", 60.0)


def test_the_default_ledger_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Kills default_ledger_path's mutants: $XDG_STATE_HOME, else ~/.local/state."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert default_ledger_path() == tmp_path / "state" / "taskpoll" / "ledger.sqlite3"
    monkeypatch.setenv("XDG_STATE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_ledger_path() == tmp_path / "home/.local/state/taskpoll/ledger.sqlite3"


def test_an_accounts_bucket_keeps_its_first_max_rate_in_memory() -> None:
    """Kills MemoryLedger.update_bucket's mutants (its SQLite twin starts afresh)."""
    ledger = MemoryLedger()
    assert ledger.update_bucket("acct", 5.0, lambda bucket: bucket.max_rate or 0.0) == 5.0
    assert ledger.update_bucket("acct", 9.0, lambda bucket: bucket.max_rate or 0.0) == 5.0
    assert ledger.update_bucket("other", 9.0, lambda bucket: bucket.max_rate or 0.0) == 9.0
    assert ledger.update_bucket("free", None, lambda bucket: bucket.tokens) == 0.0


def test_spent_reads_the_count_of_that_key() -> None:
    """Kills MemoryLedger.spent's mutants (another key, the expiry for the
    count) and RequestBudget.spent's (another key)."""
    vt = VirtualTime()
    budget = RequestBudget(120, lifetime=1000.0, clock=vt.clock)
    for _ in range(3):
        budget.spend(7)
    assert budget.spent(7) == 3 and budget.spent(8) == 0
    assert budget.ledger.spent("task:7") == 3


def test_a_ledger_that_fails_says_what_it_was_doing(tmp_path: Path) -> None:
    """Kills the mutants of the words each SqliteLedger call gives its
    transaction, and _Transaction's of the error it raises for a failed body."""
    path = tmp_path / "ledger.sqlite3"
    closed = SqliteLedger(path)
    closed.close()
    with pytest.raises(LedgerError) as info:
        closed.spent("k")
    assert str(info.value).startswith(f"cannot read the ledger {path}: ")
    with pytest.raises(LedgerError) as info:
        closed.update_bucket("acct", 1.0, lambda bucket: 0.0)
    assert str(info.value).startswith(f"cannot pace a request in the ledger {path}: ")
    broken = SqliteLedger(tmp_path / "broken.sqlite3")
    broken._db.execute("DROP TABLE spends")
    with pytest.raises(LedgerError) as info:
        broken.spend("k", 10, None)
    assert str(info.value) == (
        f"cannot count a request in the ledger {tmp_path / 'broken.sqlite3'}: "
        "no such table: spends; no request was sent uncounted"
    )


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_spend_returns_what_is_left_and_refuses_naming_the_limit(kind: str, tmp_path: Path) -> None:
    """Kills the mutants of both ledgers' ``limit - spent - 1`` and of the
    limit named in the refusal; a lifetime of None never expires."""
    ledger = MemoryLedger() if kind == "memory" else SqliteLedger(tmp_path / "l.sqlite3")
    assert [ledger.spend("task:1", 3, None) for _ in range(3)] == [2, 1, 0]
    with pytest.raises(RequestBudgetExceededError) as info:
        ledger.spend("task:1", 3, None)
    assert info.value.message == "refusing request 4: the API allows 3 per task"
    assert ledger.spent("task:1") == 3


def test_a_memory_count_lasts_until_its_expiry_inclusive() -> None:
    """Kills MemoryLedger._expire's ``>`` for ``>=``."""
    vt = VirtualTime()
    ledger = MemoryLedger(clock=vt.clock)
    ledger.spend("task:1", 10, 5.0)
    vt.advance(5.0)
    assert ledger.spent("task:1") == 1
    vt.advance(0.001)
    assert ledger.spent("task:1") == 0


def test_a_sqlite_ledger_makes_its_folders_and_sweeps_every_256_spends(tmp_path: Path) -> None:
    """Kills SqliteLedger.__init__'s mutants of the folders and the default
    timeout, and spend's of the sweep counter: expired rows go on the first
    spend and then on every 256th after it, not in between."""
    path = tmp_path / "a" / "b" / "ledger.sqlite3"
    ledger = SqliteLedger(path)
    assert ledger.timeout == 10.0

    def rows() -> int:
        return int(ledger._db.execute("SELECT COUNT(*) FROM spends").fetchone()[0])

    ledger.spend("task:old", 10, -1.0)  # spend 1 sweeps first, then leaves an expired row
    ledger.spend("task:new", 1000, None)  # spend 2: no sweep
    assert rows() == 2
    for _ in range(254):  # spends 3 to 256: no sweep
        ledger.spend("task:new", 1000, None)
    assert rows() == 2
    ledger.spend("task:new", 1000, None)  # spend 257 sweeps
    assert rows() == 1


def test_a_sqlite_ledger_waits_out_a_short_lock_and_names_itself(tmp_path: Path) -> None:
    """Kills SqliteLedger.__init__'s busy timeout in seconds for milliseconds
    (``timeout / 1000``: no wait at all) and __repr__'s: a spend waits for a
    writer that holds the file 0.1 s, well within the ledger's 5 s."""
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, timeout=5.0)
    assert repr(ledger) == f"SqliteLedger({str(path)!r})"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.1, holder.execute, ("COMMIT",))
    release.start()
    try:
        assert ledger.spend("task:1", 10, None) == 9
    finally:
        release.join()
        holder.close()


def test_a_ledger_error_carries_sqlites_own_words(tmp_path: Path) -> None:
    """Kills SqliteLedger.claim's mutants of what it was doing and
    _Transaction.__enter__'s that drops SQLite's error from the message."""
    path = tmp_path / "ledger.sqlite3"
    closed = SqliteLedger(path)
    closed.close()
    with pytest.raises(LedgerError) as info:
        closed.claim("step-1", 60.0)
    assert str(info.value) == (
        f"cannot claim a step in the ledger {path}: Cannot operate on a closed database.; "
        "no request was sent uncounted"
    )


@pytest.mark.parametrize(
    ("call", "doing"),
    [
        (lambda ledger: ledger.release("step-1"), "release a claim in"),
        (lambda ledger: ledger.lease("m", "{}", 1.0, 2.0), "lease a message in"),
        (lambda ledger: ledger.end_lease("m"), "end a lease in"),
        (lambda ledger: ledger.expired_leases(1.0, 1.0), "sweep the leases of"),
    ],
    ids=["release", "lease", "end_lease", "expired_leases"],
)
def test_a_closed_ledger_says_what_each_call_was_doing(
    tmp_path: Path, call: Callable[[SqliteLedger], object], doing: str
) -> None:
    """Kills the mutants of the words SqliteLedger's claim release and lease
    calls give their transactions."""
    path = tmp_path / "ledger.sqlite3"
    closed = SqliteLedger(path)
    closed.close()
    with pytest.raises(LedgerError) as info:
        call(closed)
    assert str(info.value).startswith(f"cannot {doing} the ledger {path}: ")


def test_a_failed_commit_is_a_ledger_error_and_a_failed_rollback_keeps_the_cause(
    tmp_path: Path,
) -> None:
    """Kills _Transaction.__exit__'s ``exc is not None`` for ``exc is None`` and
    the mutant that drops the COMMIT's error from the message: a COMMIT that
    fails raises (the change may not have been kept), while a ROLLBACK that
    fails after the body's own error lets that error through unchanged."""
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path)

    def commit_early(bucket: object) -> float:
        ledger._db.execute("COMMIT")  # the transaction's COMMIT then has none to end
        return 1.0

    with pytest.raises(LedgerError) as info:
        ledger.update_bucket("acct", 1.0, commit_early)
    assert str(info.value) == (
        f"cannot pace a request in the ledger {path}: "
        "cannot commit - no transaction is active; no request was sent uncounted"
    )

    def close_and_fail(bucket: object) -> float:
        ledger._db.close()  # so the ROLLBACK fails too
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError, match="the change failed"):
        ledger.update_bucket("acct", 1.0, close_and_fail)


def test_memory_claims_expired_at_this_instant_are_swept() -> None:
    """Kills MemoryLedger.claim's sweep keeping a claim that ends exactly now
    (``>=`` for ``>``): it is free (claimable), so it goes."""
    vt = VirtualTime()
    ledger = MemoryLedger(clock=vt.clock)
    assert ledger.claim("a", 1.0)
    vt.advance(1.0)
    assert ledger.claim("b", 1.0)
    assert ledger._claims == {"b": 2.0}


def test_ledger_from_env_reads_each_redis_scheme_and_the_default_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Kills ledger_from_env's mutants of the scheme names and of the default
    path (ignored, or None): each Redis scheme makes a Redis ledger (which
    connects only on its first command, so nothing is sent here)."""
    redis_ledger = pytest.importorskip("taskpoll.redis").RedisLedger
    for url in ("redis://127.0.0.1:9/0", "rediss://127.0.0.1:9/0", "unix:///nonexistent.sock"):
        monkeypatch.setenv(LEDGER_ENV, url)
        assert isinstance(ledger_from_env(), redis_ledger), url
    monkeypatch.delenv(LEDGER_ENV)
    ledger = ledger_from_env(tmp_path / "default.sqlite3")
    assert isinstance(ledger, SqliteLedger) and ledger.path == tmp_path / "default.sqlite3"
    assert isinstance(ledger_from_env(), MemoryLedger)


def test_a_ledger_url_is_split_at_its_first_scheme_separator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kills ledger_from_env's ``rpartition`` for ``partition``: a broker URL
    that carries a redis:// URL in its query is still refused by its own scheme."""
    monkeypatch.setenv(LEDGER_ENV, "amqp://guest:secret@127.0.0.1/?then=redis://127.0.0.1")
    with pytest.raises(LedgerError) as info:
        ledger_from_env()
    assert str(info.value) == "TASKPOLL_LEDGER=amqp://…: a ledger is a redis:// URL or a file path"


def test_a_request_budget_counts_in_the_ledger_it_is_given() -> None:
    """Kills RequestBudget.__init__'s mutant that always makes its own MemoryLedger."""
    ledger = MemoryLedger()
    budget = RequestBudget(3, ledger=ledger)
    assert budget.spend(5) == 2
    assert budget.ledger is ledger and ledger.spent("task:5") == 1


def test_a_redis_ledger_without_the_extra_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kills ledger_from_env's mutant that drops the message for a Redis URL
    when the redis extra is not installed (here: its module made unimportable)."""
    monkeypatch.setitem(sys.modules, "taskpoll.redis", None)
    monkeypatch.setenv(LEDGER_ENV, "redis://127.0.0.1:9/0")
    with pytest.raises(LedgerError) as info:
        ledger_from_env()
    assert str(info.value) == (
        "TASKPOLL_LEDGER names a Redis ledger, which needs `pip install taskpoll[redis]`"
    )

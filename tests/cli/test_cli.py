"""The real ``taskpoll`` console script, in subprocesses, against emulators on loopback."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from taskpoll import Backoff, capmonster
from taskpoll.errors import RequestBudgetExceededError
from taskpoll.testing.capmonster import CapmonsterEmulator, Script

TASKPOLL = Path(sys.executable).with_name("taskpoll")
KEY = "cli-key-9f8e7d6c5b4a39281706"
OTHER_KEY = "cli-other-key-0a1b2c3d4e5f"
KEY_VARIABLES = ("CAPMONSTER_CLIENT_KEY", "ALPHASMS_API_KEY")
SECRETS = (KEY, OTHER_KEY)


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARIABLES}
    env.update(extra)
    return env


def assert_no_secrets(*outputs: str | bytes) -> None:
    for output in outputs:
        text = output.decode(errors="replace") if isinstance(output, bytes) else output
        for secret in SECRETS:
            assert secret not in text


def taskpoll(
    *args: str, key: str | None = KEY, env: dict[str, str] | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    if env is None:
        env = environment(**({"CAPMONSTER_CLIENT_KEY": key} if key else {}))
    proc = subprocess.run(
        [str(TASKPOLL), *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    assert_no_secrets(proc.stdout, proc.stderr)
    return proc


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def emulator(make_capmonster: Callable[..., CapmonsterEmulator]) -> CapmonsterEmulator:
    """Accepts this file's own KEY (the output is searched for it); an
    unscripted task solves after 0.2 s."""
    return make_capmonster(keys={KEY}, default_solve_time=0.2)


def new_tasks(emulator: CapmonsterEmulator, *scripts: Script) -> list[str]:
    return [str(emulator.app.add_task(script=script)) for script in scripts]


def test_console_script_is_installed() -> None:
    assert TASKPOLL.exists(), "run `make install`: the taskpoll entry point is missing"
    proc = taskpoll("--help")
    assert proc.returncode == 0
    assert "wait" in proc.stdout and "emulate" in proc.stdout


def test_wait_prints_one_json_object_per_task(emulator: CapmonsterEmulator) -> None:
    ids = new_tasks(emulator, Script(solve_after=0.1), Script(solve_after=0.5), Script())
    proc = taskpoll("wait", "capmonster", *ids, "--base-url", emulator.url, "--json")
    assert proc.returncode == 0, proc.stderr
    results = json_lines(proc.stdout)
    assert sorted(str(r["task_id"]) for r in results) == sorted(ids)
    for result in results:
        assert result["api"] == "capmonster" and result["ok"] is True
        assert result["state"] == "ready"
        assert result["result"]["solution"] == {"text": "answer"}
    # Not a terminal: plain log lines, no carriage returns or escape codes.
    assert "\r" not in proc.stderr and "\x1b" not in proc.stderr
    assert re.search(r"taskpoll: +\d+\.\ds \d+ ready", proc.stderr)


def test_one_failed_task_exits_1_and_the_others_still_report(
    emulator: CapmonsterEmulator,
) -> None:
    ids = new_tasks(
        emulator,
        Script(solve_after=0.1),
        Script(solve_after=0.1, error="ERROR_CAPTCHA_UNSOLVABLE", description="Unsolvable"),
        Script(solve_after=0.3),
    )
    proc = taskpoll("wait", "capmonster", *ids, "--base-url", emulator.url, "--json")
    assert proc.returncode == 1
    by_id = {str(r["task_id"]): r for r in json_lines(proc.stdout)}
    assert by_id[ids[0]]["ok"] and by_id[ids[2]]["ok"]
    failure = by_id[ids[1]]
    assert failure["ok"] is False and failure["state"] == "failed"
    assert failure["error"]["type"] == "TaskFailedError"
    assert failure["error"]["code"] == "ERROR_CAPTCHA_UNSOLVABLE"
    assert failure["error"]["response"]["errorCode"] == "ERROR_CAPTCHA_UNSOLVABLE"

    human = taskpoll("wait", "capmonster", *ids, "--base-url", emulator.url)
    assert human.returncode == 1
    assert re.search(
        rf"^{ids[1]}  failed  \[ERROR_CAPTCHA_UNSOLVABLE\] Unsolvable", human.stdout, re.M
    )
    assert re.search(rf'^{ids[0]}  ready  solution {{"text": "answer"}}$', human.stdout, re.M)
    assert "Traceback" not in human.stderr


def test_deadline_exits_3(emulator: CapmonsterEmulator) -> None:
    [slow] = new_tasks(emulator, Script(solve_after=60))
    proc = taskpoll("wait", "capmonster", slow, "--base-url", emulator.url, "--timeout", "1.5")
    assert proc.returncode == 3
    assert re.search(rf"^{slow}  timed out  not finished within 1.5s", proc.stdout, re.M)


def test_the_highest_exit_code_wins_whatever_the_order(emulator: CapmonsterEmulator) -> None:
    """All four finish at the first poll (1 s), in the order given: the worst
    code must win whether it comes first, last or in between."""
    ok, failed, slow, refused = new_tasks(
        emulator,
        Script(solve_after=0.1),
        Script(solve_after=0.1, error="ERROR_CAPTCHA_UNSOLVABLE"),
        Script(solve_after=60),
        Script(solve_after=0.1, error="ERROR_ZERO_BALANCE"),
    )
    for ids, code in [((slow, failed), 3), ((ok, failed, refused, slow), 4)]:
        proc = taskpoll(
            "wait", "capmonster", *ids, "--base-url", emulator.url, "--timeout", "1.5", "--json"
        )
        assert proc.returncode == code, (ids, proc.stdout, proc.stderr)
        states = {str(r["task_id"]): r["state"] for r in json_lines(proc.stdout)}
        expected = {ok: "ready", failed: "failed", slow: "timed out", refused: "error"}
        assert states == {task: expected[task] for task in ids}


def test_json_errors_carry_type_code_message_attempts_and_elapsed(
    emulator: CapmonsterEmulator,
) -> None:
    failed, slow = new_tasks(
        emulator,
        Script(solve_after=0.1, error="ERROR_CAPTCHA_UNSOLVABLE", description="Unsolvable"),
        Script(solve_after=60),
    )
    proc = taskpoll(
        "wait", "capmonster", failed, slow, "--base-url", emulator.url, "--timeout", "1.5", "--json"
    )
    assert proc.returncode == 3
    errors = {str(r["task_id"]): r["error"] for r in json_lines(proc.stdout)}
    assert set(errors) == {failed, slow}
    for task, error in errors.items():
        assert error["attempts"] == emulator.app.polls[int(task)] == 1
        # the first poll is at 1 s; the wait gave up right after it
        assert 1.0 <= error["elapsed"] < 30.0
    assert errors[failed]["type"] == "TaskFailedError"
    assert errors[failed]["code"] == "ERROR_CAPTCHA_UNSOLVABLE"
    assert errors[failed]["message"] == "Unsolvable"
    assert errors[slow]["type"] == "WaitTimeoutError" and errors[slow]["code"] is None
    assert errors[slow]["message"] == "not finished within 1.5s (last status: processing)"
    assert errors[slow]["response"]["status"] == "processing"


def test_a_spent_request_limit_exits_3_and_says_gave_up(emulator: CapmonsterEmulator) -> None:
    """In process: 120 polls take minutes at the command's 2-3 s spacing, so a
    quick policy spends the limit and the command's own reporting judges it."""
    from taskpoll._clients.registry import APIS
    from taskpoll.cli import Outcome

    [task] = new_tasks(emulator, Script(solve_after=3600))
    quick = attrs.evolve(
        capmonster.Client.default_policy,
        backoff=Backoff(first=0.0, min=0.001, max=0.002),
    )
    with capmonster.Client(KEY, base_url=emulator.url) as client:
        [(task_id, outcome)] = list(client.wait_many([int(task)], policy=quick))
    assert isinstance(outcome, RequestBudgetExceededError)
    report = Outcome.of(APIS["capmonster"], task_id, outcome)
    assert (report.ok, report.code, report.status) == (False, 3, "gave up")
    assert report.text.startswith(f"{task}  gave up  refusing request 121: the API allows 120")
    error = report.as_json()["error"]
    assert error["type"] == "RequestBudgetExceededError"
    assert error["attempts"] == emulator.app.polls[int(task)] == 120


def test_unknown_task_exits_1(emulator: CapmonsterEmulator) -> None:
    proc = taskpoll("wait", "capmonster", "42", "--base-url", emulator.url, "--json")
    assert proc.returncode == 1
    [result] = json_lines(proc.stdout)
    assert result["state"] == "not found" and result["error"]["type"] == "TaskNotFoundError"


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_wrong_key_exits_4_and_is_never_printed(
    emulator: CapmonsterEmulator, verbose: list[str]
) -> None:
    [task] = new_tasks(emulator, Script())
    env = environment(MY_CAPMONSTER_KEY=OTHER_KEY)
    proc = taskpoll(
        "wait", "capmonster", task, "--base-url", emulator.url, "--key-env", "MY_CAPMONSTER_KEY",
        *verbose, env=env,
    )  # fmt: skip
    assert proc.returncode == 4
    assert "ERROR_KEY_DOES_NOT_EXIST" in proc.stdout
    assert ("Traceback" in proc.stderr) == bool(verbose)
    if verbose:
        assert "taskpoll.transport" in proc.stderr  # debug logging is on, and still no key


def test_key_from_named_variable_is_used(emulator: CapmonsterEmulator) -> None:
    [task] = new_tasks(emulator, Script(solve_after=0.1))
    env = environment(CAPMONSTER_CLIENT_KEY=OTHER_KEY, MINE=KEY)
    proc = taskpoll(
        "wait", "capmonster", task, "--base-url", emulator.url, "--key-env", "MINE", env=env
    )
    assert proc.returncode == 0, proc.stdout


def test_status_prints_one_poll(emulator: CapmonsterEmulator) -> None:
    [task] = new_tasks(emulator, Script(solve_after=60))
    proc = taskpoll("status", "capmonster", task, "--base-url", emulator.url, "--json")
    assert proc.returncode == 0
    [result] = json_lines(proc.stdout)
    assert result["state"] == "processing" and result["percent"] is None
    assert result["response"] == {
        "errorId": 0,
        "errorCode": None,
        "errorDescription": None,
        "status": "processing",
    }
    assert emulator.app.polls[int(task)] == 1
    human = taskpoll("status", "capmonster", task, "--base-url", emulator.url)
    assert human.returncode == 0 and human.stdout.startswith(f"{task}  processing  {{")


def test_garbled_response_exits_4_with_one_line(emulator: CapmonsterEmulator) -> None:
    from taskpoll.testing.server import Fault

    [task] = new_tasks(emulator, Script())
    emulator.faults.next(Fault("malformed"))
    proc = taskpoll("status", "capmonster", task, "--base-url", emulator.url)
    assert proc.returncode == 4
    [line] = proc.stderr.splitlines()
    assert line.startswith("taskpoll: error: response is not valid JSON")


def test_unreachable_server_exits_4_on_status() -> None:
    proc = taskpoll("status", "capmonster", "1", "--base-url", "http://127.0.0.1:9")
    assert proc.returncode == 4
    assert proc.stderr.startswith("taskpoll: error: POST http://127.0.0.1:9/getTaskResult failed")
    assert len(proc.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "key", "message"),
    [
        (["wait", "nosuchapi", "1"], KEY, "invalid choice"),
        (["wait", "capmonster", "abc"], KEY, "positive integer"),
        (["wait", "capmonster", "-5"], KEY, "positive integer"),
        (["wait", "capmonster", "1"], None, "set the environment variable CAPMONSTER_CLIENT_KEY"),
        (["wait", "capmonster", "1", "--timeout", "0"], KEY, "must be positive"),
        (["wait", "capmonster", "1", "--timeout", "inf"], KEY, "must be positive"),
        (["wait", "capmonster", "1", "--base-url", "ftp://x"], KEY, "http(s) URL"),
        (["wait", "capmonster"], KEY, "required"),
        (["status", "capmonster", "1", "2"], KEY, "unrecognized"),
        (["emulate", "capmonster", "capmonster", "--port", "99999"], KEY, "not a port"),
        (["frobnicate"], KEY, "invalid choice"),
    ],
)
def test_usage_errors_exit_2(args: list[str], key: str | None, message: str) -> None:
    proc = taskpoll(*args, key=key)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_module_entry_point_matches_the_script() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "taskpoll", "wait", "capmonster", "x"],
        check=False,
        capture_output=True,
        text=True,
        env=environment(CAPMONSTER_CLIENT_KEY=KEY),
        timeout=30,
    )
    assert proc.returncode == 2 and "positive integer" in proc.stderr


# -- signals -----------------------------------------------------------------------


def start(*args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(TASKPOLL), *args],
        text=True,
        env=environment(CAPMONSTER_CLIENT_KEY=KEY),
        **popen,
    )


def read_line(stream: Any, timeout: float = 10) -> str:
    """The next line, failing (not hanging) when none comes in time."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    assert lines, "no output in time"
    return lines[0]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_stops_a_wait_and_says_what_was_left(
    emulator: CapmonsterEmulator, signum: int, code: int
) -> None:
    ids = new_tasks(emulator, Script(solve_after=0.1), *[Script(solve_after=600)] * 3)
    proc = start(
        "wait", "capmonster", *ids, "--base-url", emulator.url,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert read_line(proc.stdout).startswith(f"{ids[0]}  ready")
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == code
    assert "3 of 4 task(s) unfinished" in err
    assert "Traceback" not in err
    assert_no_secrets(out, err)
    # The command has exited (communicate waited for it); nothing it started
    # may live on in its session to keep polling.
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_emulate_serves_until_signalled(signum: int) -> None:
    proc = start(
        "emulate", "capmonster", "--port", "0", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    name, url = read_line(proc.stdout).split()
    assert name == "capmonster" and re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    with capmonster.Client("any-key", base_url=url) as client:
        task_id = client.create_task({"type": "ImageToTextTask", "body": "x"}).task_id
        assert task_id is not None
        assert client.get_task_result(task_id).status == "processing"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "emulators stopped" in err


def test_emulate_exact_port_and_busy_port() -> None:
    with CapmonsterEmulator() as busy:
        proc = taskpoll("emulate", "capmonster", "--port", str(busy.port))
    assert proc.returncode == 4
    assert f"cannot listen on 127.0.0.1:{busy.port}" in proc.stderr

    port = busy.port  # free again now; ask for exactly it
    server = start(
        "emulate", "capmonster", "--port", str(port), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert server.stdout is not None
        assert read_line(server.stdout).split() == ["capmonster", f"http://127.0.0.1:{port}"]
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert server.returncode == 0


def test_emulate_without_api_runs_every_api() -> None:
    from taskpoll._clients.registry import APIS

    proc = start("emulate", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    try:
        names = []
        for _ in APIS:
            line = read_line(proc.stdout)
            if not line:
                break
            names.append(line.split()[0])
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    if proc.returncode == 4 and "cannot listen" in err:
        pytest.skip(f"a documented port is taken on this machine: {err.strip()}")
    assert sorted(names) == sorted(APIS)
    assert proc.returncode == 0


# -- a terminal ------------------------------------------------------------------------


def run_on_terminal(
    *args: str, columns: int = 100, react: Callable[[str], None] | None = None
) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal (stdout a pipe); returns (code, stdout, terminal).

    ``react`` sees the terminal's output so far after every read.
    """
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = start(*args, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the terminal's other side has closed
            break
        if not chunk:
            break
        seen += chunk
        if react is not None:
            react(seen.decode(errors="replace"))
    os.close(leader)
    out, _ = proc.communicate(timeout=30)
    assert_no_secrets(out, seen)
    return proc.returncode, out, seen.decode()


def finish_when_seen(emulator: CapmonsterEmulator, text: str) -> Callable[[str], None]:
    """Solve every task (by moving the emulator's clock) once ``text`` is on the terminal,
    so the bar is seen mid-wait however slowly the machine starts the command."""

    def react(terminal: str) -> None:
        if text in terminal and not moved:
            moved.append(True)
            emulator.app.clock.advance(150.0)  # past the solve time, within retention

    moved: list[bool] = []
    return react


def test_progress_bar_on_a_terminal(emulator: CapmonsterEmulator) -> None:
    ids = new_tasks(
        emulator,
        Script(solve_after=0.1),
        Script(solve_after=100),
        Script(solve_after=0.1, error="ERROR_CAPTCHA_UNSOLVABLE"),
    )
    code, out, terminal = run_on_terminal(
        "wait", "capmonster", *ids, "--base-url", emulator.url,
        react=finish_when_seen(emulator, "processing 1"),
    )  # fmt: skip
    assert code == 1
    frames = [frame for frame in terminal.split("\r\x1b[K") if frame.strip()]
    assert len(frames) > 3  # redrawn in place while waiting
    bar = re.compile(r"^\[[#-]{24}\]  (\d)/3 done  (.+)  (\d+\.\d)s")
    parsed = [bar.match(frame) for frame in frames]
    assert all(parsed), frames
    done_counts = [int(m.group(1)) for m in parsed if m]
    assert done_counts == sorted(done_counts) and done_counts[-1] == 3
    assert "failed 1, ready 2" in frames[-1]
    assert any("processing" in frame for frame in frames)
    elapsed = [float(m.group(3)) for m in parsed if m]
    assert elapsed == sorted(elapsed) and elapsed[-1] > elapsed[0]
    assert all(len(frame.rstrip("\r\n")) < 100 for frame in frames)
    # Results went to stdout, untouched by the bar.
    assert "\x1b" not in out and len(out.splitlines()) == 3


def test_single_task_bar_names_the_task_and_its_state(emulator: CapmonsterEmulator) -> None:
    [task] = new_tasks(emulator, Script(solve_after=100))
    code, out, terminal = run_on_terminal(
        "wait", "capmonster", task, "--base-url", emulator.url,
        react=finish_when_seen(emulator, "processing"),
    )  # fmt: skip
    assert code == 0
    frames = [frame for frame in terminal.split("\r\x1b[K") if frame.strip()]
    assert any(re.match(rf"{task}  \[-{{24}}\]  processing  \d+\.\ds", f) for f in frames), frames
    assert re.match(rf"{task}  \[#{{24}}\]  ready  \d+\.\ds", frames[-1])
    assert out.startswith(f"{task}  ready")


def test_narrow_terminal_truncates_the_bar(emulator: CapmonsterEmulator) -> None:
    ids = new_tasks(emulator, *[Script(solve_after=0.1)] * 2)
    code, _, terminal = run_on_terminal(
        "wait", "capmonster", *ids, "--base-url", emulator.url, columns=30
    )
    assert code == 0
    frames = [frame.rstrip("\r\n") for frame in terminal.split("\r\x1b[K") if frame.strip()]
    assert frames and all(len(frame) <= 30 for frame in frames)


def test_demo_waits_on_every_api_together() -> None:
    from taskpoll._clients.registry import APIS

    proc = subprocess.run(
        [sys.executable, "-m", "taskpoll.cli.demo"],
        check=False,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    results = re.findall(r"^ *\d+\.\ds  (\S+) +(\S+)  (\S+)", proc.stdout, re.M)
    assert {api for api, _, _ in results} == set(APIS)
    assert [state for _, _, state in results].count("failed") == 1
    assert all(state in {"ready", "completed", "COMPLETE", "failed"} for _, _, state in results)
    # Progress went to stderr as log lines (not a terminal here).
    assert re.search(r"taskpoll: +\d+\.\ds capmonster:\d+ processing", proc.stderr)

"""Waiters as data (issue 15): the spec's x-taskpoll-waiter is what waits do.

The interpreter on every API's generated waiter, the generator's checks of
the extension (file:line:col and the JSON path), and a spec change that
reaches a real wait through ``make generate`` alone.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generation import codegen, copy_repo, edit, generate_broken
from paths import SPECS
from taskpoll import alphasms, capmonster, cloudcoin
from taskpoll._http.transport import Response
from taskpoll._waiting.policy import Decision, done
from taskpoll._waiting.waiters import Acceptor, Waiter
from taskpoll.alphasms._generated.waiter import WAITER as ALPHASMS
from taskpoll.capmonster._generated.waiter import WAITER as CAPMONSTER
from taskpoll.cloudcoin._generated.waiter import WAITER as CLOUDCOIN
from taskpoll.errors import (
    HTTPStatusError,
    RateLimitedError,
    TaskFailedError,
    TaskNotFoundError,
    TaskpollError,
    TransportError,
)

SPEC = SPECS / "capmonster.openapi.yaml"


def cap(status: str | None, code: str | None = None) -> capmonster.GetTaskResultResponse:
    return capmonster.GetTaskResultResponse(
        error_id=capmonster.ErrorId.ERROR if code else capmonster.ErrorId.OK,
        status=None if status is None else capmonster.TaskStatus(status),
        error_code=code,
    )


def test_capmonster_acceptors() -> None:
    ready = CAPMONSTER.decide(1, cap("ready"))
    assert ready.finished and ready.error is None and ready.status == "ready"
    assert not CAPMONSTER.decide(1, cap("processing")).finished
    not_ready = CAPMONSTER.decide(1, cap(None, "CAPTCHA_NOT_READY"))
    assert not not_ready.finished and not_ready.status == "processing"
    busy = Response(503, {"retry-after": "7"}, b"", "http://x")
    hinted = CAPMONSTER.decide(1, HTTPStatusError("busy", status=503, response=busy))
    assert not hinted.finished and hinted.retry_after == 7.0 and hinted.status == "processing"
    # unmatched: a new status polls on; an error gets the shared verdict
    assert not CAPMONSTER.decide(1, cap("queued-somewhere")).finished
    assert not CAPMONSTER.decide(1, TransportError("reset")).finished
    assert CAPMONSTER.decide(1, TaskFailedError("unsolvable", code="X")).finished
    assert CAPMONSTER.max_requests == capmonster.MAX_RESULT_REQUESTS == 120
    assert capmonster.Client.default_policy is CAPMONSTER.policy


def test_alphasms_acceptors_and_its_own_failure_message() -> None:
    job = alphasms.JobState
    status = alphasms.JobStatus
    sms = alphasms.Client("k" * 16)
    assert sms._rules("j", job(status=status.COMPLETE, progress=100)).finished
    running = sms._rules("j", job(status=status.RUNNING, progress=40))
    assert not running.finished and running.percent == 40.0 and running.status == "RUNNING"
    throttled = sms._rules("j", RateLimitedError("212", code=212))
    assert throttled.retry_after == alphasms.THROTTLE_PAUSE == 5.0
    assert throttled.status == "throttled (212)"
    gone = sms._rules("j", job(status=status.NOTFOUND))
    assert isinstance(gone.error, TaskNotFoundError) and "12 hours" in gone.error.message
    failed = sms._rules("j", job(status=status.FAILED, progress=100))
    assert isinstance(failed.error, TaskFailedError) and "get_status" in failed.error.message
    assert ALPHASMS.policy == alphasms.Client.default_policy


def test_cloudcoin_structures_the_result_and_reads_the_failure() -> None:
    client = cloudcoin.Client(base_url="http://127.0.0.1:9")
    task = cloudcoin.Task
    completed = task(
        id="t", status=cloudcoin.TaskStatus.COMPLETED, progress=100, data={"online": 1}
    )
    decision = client._rules("t", completed)
    assert decision.finished and decision.result.data == {"online": 1}
    broken = task(
        id="t",
        status=cloudcoin.TaskStatus.ERROR,
        progress=10,
        data={"code": 4106, "message": "Task timed out"},
    )
    failure = client._rules("t", broken).error
    assert isinstance(failure, cloudcoin.TaskFailed) and failure.code == 4106
    assert CLOUDCOIN.percent == "progress"


def test_pause_is_the_retry_acceptors_seconds_for_that_error_class() -> None:
    """Kills Waiter.pause's mutants: the wrong default (None, 1.0), ``and`` for
    ``or``, 1.0 for a retry acceptor without seconds, ``!=`` for ``==``."""
    assert ALPHASMS.pause("RateLimitedError") == 5.0
    assert ALPHASMS.pause("TransportError") == 0.0  # no acceptor of that class
    bare = Waiter((Acceptor("retry", error="TransportError"),), ALPHASMS.policy)
    assert bare.pause("TransportError") == 0.0  # an acceptor that names no seconds


def _busy(retry_after: str | None) -> HTTPStatusError:
    headers = {} if retry_after is None else {"retry-after": retry_after}
    return HTTPStatusError("busy", status=503, response=Response(503, headers, b"", "http://x"))


def _hint_of(acceptor: Acceptor, outcome: object) -> float | None:
    decision = Waiter((acceptor,), CAPMONSTER.policy).decide(1, outcome)
    assert not decision.finished
    return decision.retry_after


def test_a_retry_acceptor_takes_the_later_of_its_pause_and_the_servers_hint() -> None:
    """Kills Waiter._hint's mutants: ``or`` for ``and`` (hint honoured when not
    asked for, or always the server's), ``sent is None``, and the server's hint
    read from a response that is not one."""
    honours = Acceptor("retry", http_status=(503,), retry_after=5.0, honour_retry_after=True)
    assert _hint_of(honours, _busy("7")) == 7.0  # later than the acceptor's 5 s
    assert _hint_of(honours, _busy("3")) == 5.0  # earlier: the acceptor's 5 s stand
    assert _hint_of(honours, _busy(None)) == 5.0  # none sent
    no_response = HTTPStatusError("busy", status=503, response=None)
    assert _hint_of(honours, no_response) == 5.0
    ignores = Acceptor("retry", http_status=(503,), retry_after=5.0)
    assert _hint_of(ignores, _busy("7")) == 5.0  # not asked to honour it
    plain_error = Acceptor("retry", error="TaskpollError", honour_retry_after=True)
    assert _hint_of(plain_error, TaskpollError("no response")) is None


def test_percent_is_read_only_where_it_is_a_number_and_clamped_above_100() -> None:
    """Kills Waiter._percent's mutant that reads a missing percent (float(None)),
    clamped's 101 for 100, and clamped reading a percent where the API has none."""
    running = alphasms.JobState(status=alphasms.JobStatus.RUNNING, progress=None)
    assert ALPHASMS.decide("j", running).percent is None
    over = cloudcoin.Task(id="t", status=cloudcoin.TaskStatus.RUNNING, progress=100.5)
    assert CLOUDCOIN.clamped(over, "t").progress == 100.0
    at = cloudcoin.Task(id="t", status=cloudcoin.TaskStatus.RUNNING, progress=100.0)
    assert CLOUDCOIN.clamped(at, "t") is at
    ready = cap("ready")
    assert CAPMONSTER.clamped(ready, "1") is ready  # CapMonster reports no percent


BAD_WAITERS = {
    "unknown state": (
        "- {state: success, path: status, equals: [ready]}",
        "- {state: succeeded, path: status, equals: [ready]}",
        "acceptors[0].state",
        "state must be one of",
    ),
    "no matcher": (
        "- {state: retry, path: status, equals: [processing]}",
        "- {state: retry, equals: [processing]}",
        "acceptors[1]",
        "exactly one matcher",
    ),
    "bad status": (
        "http-status: [500, 503]",
        "http-status: [500, 'x']",
        "acceptors[3].http-status",
        "HTTP status codes",
    ),
    "unknown error class": (
        "- {state: retry, http-status: [500, 503], retry-after: honour, label: processing}",
        "- {state: retry, error: NoSuchError}",
        "acceptors[3].error",
        "taskpoll error class",
    ),
    "no policy": (
        "policy: {timeout: 180,",
        "polcy: {timeout: 180,",
        "polcy",
        "unknown key",
    ),
    "hint on a success": (
        "- {state: success, path: status, equals: [ready]}",
        "- {state: success, path: status, equals: [ready], retry-after: 3}",
        "acceptors[0].retry-after",
        "only a retry acceptor",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_WAITERS))
def test_a_broken_waiter_names_the_file_line_and_json_path(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, at, message = BAD_WAITERS[name]
    err = generate_broken(SPEC, old, new, tmp_path, capsys)
    assert f"x-taskpoll-waiter.{at}" in err
    assert message in err


CHANGED_WAIT = textwrap.dedent(
    """
    import sys
    from taskpoll import capmonster, Backoff, WaitPolicy
    from taskpoll.testing.capmonster import CapmonsterEmulator, Script

    with CapmonsterEmulator() as emulator:
        task_id = emulator.app.add_task(script=Script(solve_after=3600.0))
        client = capmonster.Client("k" * 32, base_url=emulator.url)
        policy = WaitPolicy(max_wait=20.0, backoff=Backoff(first=0.0, min=0.05, max=0.05))
        done = client.wait(task_id, policy=policy)
        print(done.status.value, emulator.app.polls[task_id])
    """
)


def test_a_changed_acceptor_changes_a_real_wait_through_make_generate(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo", specs=("capmonster.openapi.yaml",))
    edit(
        repo / "specs" / "capmonster.openapi.yaml",
        "- {state: success, path: status, equals: [ready]}",
        "- {state: success, path: status, equals: [ready, processing]}",
    )
    generated = codegen(repo)
    assert generated.returncode == 0, generated.stderr
    waiter = (repo / "sdk/taskpoll/capmonster/_generated/waiter.py").read_text()
    assert "equals=('ready', 'processing')" in waiter or 'equals=("ready", "processing")' in waiter
    ran = subprocess.run(
        [sys.executable, "-c", CHANGED_WAIT],
        env={"PYTHONPATH": str(repo / "sdk"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    # "processing" is now success: the wait ends at its first poll
    assert ran.stdout.split() == ["processing", "1"]


NEW_CODE = textwrap.dedent(
    """
    import subprocess, sys
    from taskpoll import capmonster
    from taskpoll.errors import AccountError
    from taskpoll.testing.capmonster import CapmonsterEmulator, Script

    with CapmonsterEmulator() as emulator:
        task_id = emulator.app.add_task(script=Script(solve_after=0.0, error="ERROR_NEW_THING"))
        client = capmonster.Client("k" * 32, base_url=emulator.url)
        try:
            client.get_task_result(task_id)
        except AccountError as exc:
            print(type(exc).__name__, exc.code, exc.message, sep="|")
        cli = subprocess.run(
            [sys.executable, "-m", "taskpoll", "status", "capmonster", str(task_id),
             "--base-url", emulator.url],
            env={**__import__("os").environ, "CAPMONSTER_CLIENT_KEY": "k" * 32},
            capture_output=True, text=True, timeout=60,
        )
        print(cli.returncode)
    """
)


def test_a_new_error_code_reaches_client_emulator_and_cli_through_make_generate(
    tmp_path: Path,
) -> None:
    repo = copy_repo(tmp_path / "repo", specs=("capmonster.openapi.yaml",))
    edit(
        repo / "specs" / "capmonster.openapi.yaml",
        "    ERROR_CAPTCHA_UNSOLVABLE:",
        "    ERROR_NEW_THING: {class: AccountError, description: A brand-new account problem}\n"
        "    ERROR_CAPTCHA_UNSOLVABLE:",
    )
    generated = codegen(repo)
    assert generated.returncode == 0, generated.stderr
    ran = subprocess.run(
        [sys.executable, "-c", NEW_CODE],
        env={"PYTHONPATH": str(repo / "sdk"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    raised, exit_code = ran.stdout.strip().splitlines()
    # the client raises the class the spec names, with the description the emulator
    # took from the same table; the command line exits 4 (account error), not 1
    assert raised == "AccountError|ERROR_NEW_THING|A brand-new account problem"
    assert exit_code == "4"


def test_without_the_new_code_the_same_answer_is_a_task_failure(tmp_path: Path) -> None:
    """The control: today the code is unknown, so on getTaskResult it fails the task."""
    from taskpoll.testing.capmonster import CapmonsterEmulator, Script

    with CapmonsterEmulator() as emulator:
        task_id = emulator.app.add_task(script=Script(solve_after=0.0, error="ERROR_NEW_THING"))
        with pytest.raises(TaskFailedError) as info:
            capmonster.Client("k" * 32, base_url=emulator.url).get_task_result(task_id)
    assert info.value.code == "ERROR_NEW_THING"
    assert info.value.message == "ERROR_NEW_THING"  # the emulator knows no description either


def _task(status: str, progress: float = 40.0) -> cloudcoin.Task:
    return cloudcoin.Task(id="t", status=cloudcoin.TaskStatus(status), progress=progress)


def test_decide_gives_each_verdict_its_status_percent_and_error() -> None:
    """Kills Waiter.decide's mutants of the unmatched verdicts (status, percent,
    the retry statuses), of success (100 % only where the API reports a
    percent; a result that raises fails the wait), and of failure (the API's
    own error, else one with the message, the code and the response)."""
    policy = CLOUDCOIN.policy
    bare = Waiter(
        (), policy, status_field="status", percent="progress", retry_statuses=frozenset({503})
    )
    assert bare.decide("t", _task("running")) == Decision(status="running", percent=40.0)
    busy = HTTPStatusError("busy", status=503, response=None)
    assert bare.decide("t", busy) == Decision(status="HTTP 503")
    success = Acceptor("success", path="status", equals=("completed",))
    done_task = _task("completed", 100.0)
    with_percent = Waiter((success,), policy, status_field="status", percent="progress")
    assert with_percent.decide("t", done_task) == Decision(
        result=done_task, finished=True, percent=100.0, status="completed"
    )
    no_percent = Waiter((success,), policy, status_field="status")
    assert no_percent.decide("t", done_task) == Decision(
        result=done_task, finished=True, status="completed"
    )
    broken = TaskFailedError("no result")

    def unreadable(_: object) -> object:
        raise broken

    assert no_percent.decide("t", done_task, result=unreadable) == Decision(
        error=broken, finished=True, status="completed"
    )
    failure = Acceptor("failure", path="status", equals=("error",), message="task {task_id} failed")
    failing = Waiter((failure,), policy, status_field="status")
    own = TaskFailedError("the API's own words")
    assert failing.decide("t", _task("error"), failure=lambda a, o: own) == Decision(
        error=own, finished=True, status="error"
    )
    defaulted = failing.decide("t", _task("error"), failure=lambda a, o: None)
    assert isinstance(defaulted.error, TaskFailedError)
    assert (defaulted.status, defaulted.error.message) == ("error", "task t failed")
    decision = failing.decide("t", _task("error"))
    assert decision.finished and decision.status == "error"
    error = decision.error
    assert isinstance(error, TaskFailedError)
    assert (error.message, error.code, error.response) == ("task t failed", "error", _task("error"))


def test_the_status_of_an_error_or_a_response_without_one() -> None:
    """Kills Waiter._state's mutants: an error's status is "HTTP <status>" or
    its class name; a response without a status field, or with none, is ""."""
    retry_all = Waiter(
        (Acceptor("retry", http_status=(503,)), Acceptor("retry", error="TransportError")),
        CAPMONSTER.policy,
        status_field="status",
    )
    assert retry_all.decide(1, HTTPStatusError("busy", status=503)).status == "HTTP 503"
    assert retry_all.decide(1, TransportError("reset")).status == "TransportError"
    assert retry_all.decide(1, cap(None)).status == ""  # the field is there, but null
    assert Waiter((), CAPMONSTER.policy).decide(1, cap("processing")).status == ""


def test_done_defaults_to_done_at_100_percent() -> None:
    """Kills policy.done's mutants of its default status and percent."""
    assert done("r") == Decision(result="r", finished=True, percent=100.0, status="done")

"""The ``taskpoll`` command (also ``python -m taskpoll``).

``taskpoll start API KIND [--set FIELD=VALUE]… [--task JSON|@FILE] [--wait]``
    start tasks from requests built through the API's typed models (checked
    whole before anything is sent, :mod:`.start`); print their ids, or wait
    on them exactly as ``taskpoll wait`` does;
``taskpoll wait API TASK_ID…`` (``-``: the ids on standard input)
    wait on tasks together (one scheduler, one connection pool, one deadline),
    progress on stderr, one result per task on stdout as each finishes;
``taskpoll status API TASK_ID``
    one poll;
``taskpoll emulate [API…]``
    run emulators in the foreground for manual use.

Keys are read from the environment only (the API's variable, or the one
``--key-env`` names), never from an argument that would land in shell
history, and are never printed: the clients hold them in
:class:`~taskpoll.secret.Secret` and redact them from every message.

Exit codes: 0 every task succeeded; 1 a task failed (the API says it failed,
or does not know it); 2 usage error; 3 a wait gave up (deadline passed, or
the per-task request limit is spent); 4 an API, account, transport or decode
error.  When tasks end differently the highest code wins, so a script sees
the most serious problem; 130/143 after Ctrl-C/SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, NoReturn, TextIO

import attrs

from .._clients.outcome import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    Outcome,
    error_json,
    exit_code,
)
from .._clients.registry import APIS, Api
from .._durable.ledger import default_ledger_path, ledger_from_env
from .._version import __version__
from .._waiting.policy import PollEvent, Timing
from .._wire.models import to_json
from ..errors import TaskpollError
from . import start
from .progress import Progress

__all__ = [
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "Outcome",
    "exit_code",
    "main",
]

log: logging.Logger = logging.getLogger("taskpoll.cli")


class _Terminated(KeyboardInterrupt):
    """SIGTERM, delivered like Ctrl-C so that the same cleanup runs."""


# -- the parser ----------------------------------------------------------------


def _number(text: str) -> float:
    """``text`` as a float, or NaN (which every range check below refuses)."""
    try:
        return float(text) if text.isascii() else math.nan
    except ValueError:
        return math.nan


def _positive(text: str) -> float:
    value = _number(text)
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"must be positive and finite: {text!r}")
    return value


def _seconds(text: str) -> float:
    value = _number(text)
    if not 0 <= value < math.inf:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds, 0 or more: {text!r}")
    return value


def _fraction(text: str) -> float:
    value = _number(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1: {text!r}")
    return value


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


class _Parser(argparse.ArgumentParser):
    """argparse, but an argument it does not know is not echoed: someone who
    tries ``--api-key sk-…`` must not find the key in a terminal's scrollback
    or a CI log (keys come from the environment only)."""

    def error(self, message: str) -> NoReturn:
        head, colon, extra = message.partition("unrecognized arguments: ")
        if colon:
            tokens = extra.split()
            options = [t.partition("=")[0] for t in tokens if t.startswith("-")]
            hidden = len(tokens) - len(options)
            shown = " ".join(options) + (f" (and {hidden} value(s), not shown)" if hidden else "")
            message = f"{head}{colon}{shown.strip()}"
        super().error(message)


def _parser() -> argparse.ArgumentParser:
    names = sorted(APIS)
    parser = _Parser(
        prog="taskpoll",
        description="Wait on asynchronous tasks of HTTP APIs from the shell.",
        epilog="Exit codes: 0 ok, 1 task failed, 2 usage, 3 timed out, 4 API/transport error.",
    )
    parser.add_argument("--version", action="version", version=f"taskpoll {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = _Parser(add_help=False)
    common.add_argument("api", choices=names, metavar="API", help=" | ".join(names))
    common.add_argument(
        "--base-url", metavar="URL", help="the API's base URL (default: the real one)"
    )
    common.add_argument(
        "--key-env",
        metavar="NAME",
        help="environment variable holding the API key (default: the API's own, e.g. "
        "CAPMONSTER_CLIENT_KEY)",
    )
    common.add_argument("--json", action="store_true", help="one JSON object per task on stdout")
    common.add_argument(
        "-v", "--verbose", action="store_true", help="debug logging and tracebacks on stderr"
    )

    # `start --wait` waits as `wait` does: the same options, the same code (_wait_on)
    waiting = _Parser(add_help=False)
    waiting.add_argument(
        "--max-wait",
        "--timeout",  # its name before 0.2
        dest="max_wait",
        type=_positive,
        metavar="S",
        help="longest a wait may last, in seconds (default: the API's)",
    )
    waiting.add_argument(
        "--state",
        metavar="FILE",
        help="save the waits to FILE after every poll, and resume them from it: "
        "a rerun after a crash or kill keeps the deadline and the request counts",
    )

    starting = _start_parser(commands, [common, waiting])
    wait = commands.add_parser(
        "wait",
        parents=[common, waiting],
        help="wait until tasks finish",
        description="Wait on tasks together; print each result as it finishes.",
    )
    wait.add_argument(
        "task_ids",
        nargs="+",
        metavar="TASK_ID",
        help="task ids; - reads them from standard input (whitespace-separated), "
        "e.g. from taskpoll start",
    )

    status = commands.add_parser(
        "status", parents=[common], help="poll a task once", description="Poll a task once."
    )
    status.add_argument("task_id", metavar="TASK_ID")

    emulate = commands.add_parser(
        "emulate",
        help="run API emulators on 127.0.0.1",
        description="Run emulators in the foreground until Ctrl-C or SIGTERM; "
        "all of them when no API is named.",
    )
    emulate.add_argument("apis", nargs="*", metavar="API", help=" | ".join(names))
    emulate.add_argument(
        "--port",
        type=_port,
        help="listen on exactly this port (one API only; default: the API's documented "
        "port where it has one, else an ephemeral port)",
    )
    emulate.add_argument(
        "--latency",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="answer every request this late: a network's round trip, on loopback",
    )
    emulate.add_argument(
        "--latency-jitter",
        type=_fraction,
        default=0.0,
        metavar="FRACTION",
        help="spread each delay by up to ± this fraction of --latency (0 to <1)",
    )
    emulate.add_argument("-v", "--verbose", action="store_true")
    for sub in (starting, wait, status, emulate):
        sub.set_defaults(subparser=sub)
    return parser


def _start_parser(commands: Any, parents: list[argparse.ArgumentParser]) -> Any:
    starting = commands.add_parser(
        "start",
        parents=parents,
        help="start tasks, print their ids (or wait on them)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Start tasks: one request built from --set, or one a record of --task. "
        "Every request is checked\nagainst the API's models before the first is sent; "
        "bad input sends nothing and exits 2.\nPrints the new ids, one a line "
        "(pipe them into `taskpoll wait API -`), or with --wait\nwaits on them exactly "
        "as `taskpoll wait` does.",
        epilog="kinds: capmonster: any task type (ImageToTextTask, TurnstileTask, …); "
        "cloudcoin, cloudcoin-v1:\necho, detect, backup, join; alphasms: send "
        "(a message a record).\n\nexamples:\n"
        "  taskpoll start capmonster ImageToTextTask --set body=@captcha.png --wait\n"
        "  taskpoll start capmonster TurnstileTask --set websiteURL=https://example.com "
        "\\\n      --set websiteKey=0x4AAA… | taskpoll wait capmonster -\n"
        "  taskpoll start cloudcoin backup --set name=Default --set folder=/backups --wait\n"
        "  taskpoll start alphasms send --set sender=Shop --set text='Hi' "
        "--task @recipients.csv",
    )
    starting.add_argument("kind", metavar="KIND", help="the task type or operation")
    starting.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field, by its wire or Python name; VALUE is the string itself for a "
        "string field, else JSON (42, true, [..], {..}); @PATH reads it from a file (a "
        "base64 field such as body gets the file's bytes, encoded); @@ is a literal @; "
        "applies to every record and wins over --task's values",
    )
    starting.add_argument(
        "--task",
        metavar="JSON|@FILE",
        help="the fields as a JSON object, or an array of them (a task each); @FILE reads "
        "JSON, or CSV when FILE ends in .csv (a header of field names, a task a row)",
    )
    starting.add_argument(
        "--wait", action="store_true", help="wait on the new tasks as `taskpoll wait` does"
    )
    return starting


# -- commands --------------------------------------------------------------------


@attrs.define
class _Context:
    parser: argparse.ArgumentParser
    args: argparse.Namespace
    out: TextIO
    err: TextIO
    inp: TextIO = sys.stdin

    def usage(self, message: str) -> NoReturn:
        if self.args.command == "start":
            # the synopsis of `start` is long and says nothing of a missing key:
            # its refusals are one line each, as its bad input's are
            self.fail(message)
            raise SystemExit(EXIT_USAGE)
        self.parser.error(message)

    def fail(self, message: str) -> None:
        self.err.write(f"taskpoll: error: {message}\n")
        self.err.flush()

    def emit(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()


def _api(ctx: _Context, name: str) -> Api:
    if name not in APIS:
        ctx.usage(f"unknown API {name!r} (choose from {', '.join(sorted(APIS))})")
    return APIS[name]


def _key(ctx: _Context, api: Api) -> str | None:
    if api.key_env is None:
        return None
    variable = ctx.args.key_env or api.key_env
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
        # not echoed: it may be the key itself, typed where its variable's name goes
        ctx.usage("--key-env takes the name of an environment variable (letters, digits, _)")
    key = os.environ.get(variable, "")
    if not key.strip():
        hint = "" if ctx.args.key_env else " (or name another variable with --key-env)"
        ctx.usage(f"{api.name} needs an API key: set the environment variable {variable}{hint}")
    return key.strip()


def _parse_id(ctx: _Context, api: Api, text: str) -> Hashable:
    try:
        return api.parse_id(text)
    except ValueError as exc:
        ctx.usage(str(exc))


def _connect(ctx: _Context, api: Api) -> Any:
    key = _key(ctx, api)
    # Every run of the command shares one ledger, so a loop of runs keeps
    # each API's per-task request limit (CapMonster's 120) between them.
    ledger = ledger_from_env(default=default_ledger_path())
    try:
        return api.connect(ctx.args.base_url, key, ledger=ledger)
    except ValueError as exc:
        ctx.usage(str(exc))


def _task_ids(ctx: _Context) -> list[str]:
    """The ids typed, ``-`` replaced by those on standard input (read to its end,
    so that ``taskpoll start … | taskpoll wait API -`` waits on every id started)."""
    texts: list[str] = []
    for text in ctx.args.task_ids:
        texts.extend(ctx.inp.read().split() if text == "-" else [text])
    if not texts:
        ctx.usage("no task ids: standard input was empty")
    return texts


def _cmd_wait(ctx: _Context) -> int:
    api = _api(ctx, ctx.args.api)
    ids = list(dict.fromkeys(_parse_id(ctx, api, text) for text in _task_ids(ctx)))
    with _connect(ctx, api) as client:
        return _wait_on(ctx, api, ids, client)


def _cmd_start(ctx: _Context) -> int:
    args = ctx.args
    api = _api(ctx, args.api)
    if not args.wait and (args.max_wait is not None or args.state is not None):
        ctx.usage("--max-wait and --state are options of the wait: add --wait")
    kinds = start.kinds(api.name)
    try:
        if args.kind not in kinds:
            names = ", ".join(kinds)
            raise start.InputError(f"unknown task type {args.kind!r} for {api.name} ({names})")
        kind = kinds[args.kind]
        requests = start.requests(kind, args.sets, args.task)
    except start.InputError as exc:  # one line naming the field and the rule; nothing sent
        ctx.fail(str(exc))
        return EXIT_USAGE
    client = _connect(ctx, api)  # the key is checked here, still before any request
    ids: list[Hashable] = []
    with client:
        try:
            for request in requests:
                ids.append(kind.send(client, request))
                if not args.wait:  # as each starts: ids already started are never lost
                    shown = {"api": api.name, "task_id": ids[-1]}
                    ctx.emit(json.dumps(shown) if args.json else str(ids[-1]))
        except (TaskpollError, ValueError) as exc:
            # a ValueError is a client refusing a request before sending it
            if args.verbose:
                ctx.err.write("".join(traceback.format_exception(exc)))
            started = f" (started before it: {' '.join(map(str, ids))})" if args.wait else ""
            ctx.fail(f"{exc}{started if ids else ''}")
            return exit_code(exc) if isinstance(exc, TaskpollError) else EXIT_USAGE
        return _wait_on(ctx, api, ids, client) if args.wait else EXIT_OK


def _wait_on(ctx: _Context, api: Api, ids: list[Hashable], client: Any) -> int:
    """Wait on ``ids`` with ``client`` (open): progress, results, the worst exit
    code; what ``taskpoll wait`` and ``taskpoll start --wait`` both run."""
    args = ctx.args
    tty = ctx.err.isatty()
    progress = Progress(ctx.err, ids, tty=tty)
    unfinished = set(ids)
    worst = EXIT_OK

    last: dict[Hashable, PollEvent[Any, Any]] = {}

    def on_progress(event: PollEvent[Any, Any]) -> None:
        last[event.task_id] = event
        progress.polled(event.task_id, event.percent, event.status)

    def nap(seconds: float) -> None:
        # Short naps keep the bar's clock moving; Ctrl-C interrupts either kind.
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.25))
            progress.tick()

    try:
        outcomes: Iterator[tuple[Hashable, Any]] = client.wait_many(
            ids,
            max_wait=args.max_wait,
            on_progress=on_progress,
            timing=Timing(sleep=nap) if tty else None,
            store=args.state,
        )
        for task_id, outcome in outcomes:
            unfinished.discard(task_id)
            report = Outcome.after(api, task_id, outcome, last.get(task_id))
            worst = max(worst, report.code)
            progress.finished(task_id, report.status, ok=report.ok)
            if args.verbose and isinstance(outcome, TaskpollError):
                progress.clear()
                ctx.err.write("".join(traceback.format_exception(outcome)))
            line = json.dumps(report.as_json()) if args.json else report.text
            progress.clear()
            ctx.emit(line)
    except KeyboardInterrupt as exc:
        progress.clear()
        ctx.fail(
            f"{'terminated' if isinstance(exc, _Terminated) else 'interrupted'} after "
            f"{progress.elapsed:.1f}s; {len(unfinished)} of {len(ids)} task(s) unfinished"
        )
        return 128 + (signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT)
    progress.close()
    return worst


def _cmd_status(ctx: _Context) -> int:
    args = ctx.args
    api = _api(ctx, args.api)
    task_id = _parse_id(ctx, api, args.task_id)
    with _connect(ctx, api) as client:
        try:
            response = client.status(task_id)
        except TaskpollError as exc:
            if args.verbose:
                ctx.err.write("".join(traceback.format_exception(exc)))
            if args.json:
                ctx.emit(json.dumps(Outcome.of(api, task_id, exc).as_json()))
            ctx.fail(str(exc))
            return exit_code(exc)
        # The wait's own rules say whether this answer means the task failed
        # (a CloudCoin "error" task, an AlphaSMS FAILED job): the same verdict,
        # and so the same exit code, as `taskpoll wait` would reach.
        verdict = client.decide(task_id, response)
    percent, status = verdict.percent, verdict.status
    error: TaskpollError | None = verdict.error if verdict.finished else None
    if args.json:
        ctx.emit(
            json.dumps(
                {
                    "api": api.name,
                    "task_id": task_id,
                    "ok": error is None,
                    "state": status,
                    "percent": percent,
                    "response": to_json(response),
                    **({"error": error_json(error)} if error is not None else {}),
                }
            )
        )
    else:
        shown = f"  {percent:g}%" if percent is not None else ""
        ctx.emit(f"{task_id}  {status}{shown}  {json.dumps(to_json(response))}")
    if error is None:
        return EXIT_OK
    error.task_id = error.task_id or str(task_id)
    ctx.fail(str(error))
    return exit_code(error)


def _cmd_emulate(ctx: _Context) -> int:
    args = ctx.args
    apis = [_api(ctx, name) for name in dict.fromkeys(args.apis)] or list(APIS.values())
    if args.port is not None and len(apis) != 1:
        ctx.usage("--port needs exactly one API")
    servers: list[tuple[Api, Any]] = []
    stop = threading.Event()
    try:
        for api in apis:
            port = args.port if args.port is not None else api.default_port
            try:
                server = api.emulator(port)
            except OSError as exc:
                ctx.fail(f"cannot listen on 127.0.0.1:{port} for {api.name}: {exc.strerror}")
                return EXIT_ERROR
            server.set_latency(args.latency, args.latency_jitter)
            servers.append((api, server.start()))
        for api, server in servers:
            ctx.emit(f"{api.name:<13} {server.url}")
        ctx.err.write("taskpoll: emulators running; Ctrl-C or SIGTERM stops them\n")
        ctx.err.flush()
        with _signal(signal.SIGTERM, lambda *_: stop.set()):
            while not stop.wait(0.5):
                pass
    except KeyboardInterrupt:
        pass
    finally:
        for _, server in servers:
            server.stop()
    ctx.err.write("taskpoll: emulators stopped\n")
    return EXIT_OK


# -- entry point -------------------------------------------------------------------


@contextlib.contextmanager
def _signal(signum: int, handler: Callable[[int, Any], Any]) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signum, handler)
    try:
        yield
    finally:
        signal.signal(signum, previous)


def _raise_terminated(signum: int, frame: Any) -> NoReturn:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    ctx = _Context(args.subparser, args, sys.stdout, sys.stderr)
    if args.verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
        logging.getLogger("taskpoll").addHandler(handler)
        logging.getLogger("taskpoll").setLevel(logging.DEBUG)
    commands = {
        "start": _cmd_start,
        "wait": _cmd_wait,
        "status": _cmd_status,
        "emulate": _cmd_emulate,
    }
    try:
        with _signal(signal.SIGTERM, _raise_terminated):
            return commands[args.command](ctx)
    except KeyboardInterrupt as exc:
        return 128 + (signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT)
    except TaskpollError as exc:
        if args.verbose:
            sys.stderr.write("".join(traceback.format_exception(exc)))
        ctx.fail(str(exc))
        return exit_code(exc)
    except Exception as exc:
        if args.verbose:
            raise
        ctx.fail(f"unexpected {type(exc).__name__}: {exc} (run with --verbose for details)")
        return EXIT_ERROR

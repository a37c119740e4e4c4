"""`make mutate`'s summary: the totals and the score of the last mutmut run.

    python tests/mutation_score.py build/mutate 'taskpoll._waiting.*' …

reads the results mutmut left in ``<dir>/mutants/**/*.py.meta``, keeps the
mutants whose names match one of the globs (the scope `make mutate` ran),
and prints killed / survived / timeout / equivalent and the score,
killed / (total - equivalent), then every survivor not known to be
equivalent (``mutmut show NAME`` in ``<dir>`` shows its diff).  The
equivalent mutants, each with why, are :data:`EQUIVALENT`; docs/reliability.md
("Mutation score") records the last run.  Not a test: pytest does not collect it.
"""

from __future__ import annotations

import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path

#: mutmut 3.8's exit codes (mutmut/stats.py), as its statuses.
STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    2: "interrupted",
    None: "not checked",
    34: "skipped",
    36: "timeout",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    37: "type check",
    -11: "segfault",
    -9: "segfault",
}

#: Surviving mutants that no test can kill: the mutated code behaves the same.
#: Names are mutmut's (they change when the mutated function changes).
_W, _H, _L = "taskpoll._waiting.", "taskpoll._http.", "taskpoll._durable.ledger."
_CASE = "SQLite keywords and identifiers are case-insensitive"
_CLOSED = "every queued poll's _work returns at once, _closed being set first"
_MOVED = "answers read only the key's expiry; the sweep drops only expired claims"
_NO_REDIRECT = "retries=False: urllib3's Retry(total=False) follows no redirect"
_SET_TIMEOUT = "urllib3 always leaves the socket a timeout >= 1 ms: never falsy"
_SLACK = "a settimeout() more; a read's limit moves < 10 ms: unmeasurable"
_INSTANT = "differs only when two clock floats are exactly equal"
EQUIVALENT: dict[str, str] = {
    _W + "policy.xǁWaitPolicyǁ__attrs_post_init____mutmut_7": 'float("INF") == float("inf")',
    _W + "waiters.xǁWaiterǁ_hint__mutmut_14": ">= picks the server's hint when it equals ours",
    _W + "waiters.xǁWaiterǁclamped__mutmut_34": '`or ""` is reached only when percent is set',
    _W + "scheduler.xǁ_Threadsǁ__init____mutmut_12": "_closed = None is as false as False",
    _W + "scheduler.xǁ_Inlineǁ__init____mutmut_2": "the first pass collects nothing, resets to 0",
    _W + "scheduler.xǁ_Inlineǁlaunch__mutmut_6": "in_flight is 0 before each inline launch",
    _W + "scheduler.xǁ_Inlineǁlaunch__mutmut_8": "1 or 2 both stop a pool of one; collect resets",
    _W + "scheduler.xǁ_Threadsǁclose__mutmut_15": _CLOSED,
    _W + "scheduler.xǁ_Threadsǁclose__mutmut_16": "wait=True is shutdown()'s default",
    _W + "scheduler.xǁ_Threadsǁclose__mutmut_17": _CLOSED,
    _W + "scheduler.xǁ_Threadsǁclose__mutmut_19": _CLOSED,
    _W
    + "scheduler.xǁ_Threadsǁcollect__mutmut_6": "one result a pass; the next pass takes the rest",
    _L + "xǁMemoryLedgerǁspent__mutmut_7": "only [0] of the default pair is read",
    _L + "xǁSqliteLedgerǁspent__mutmut_10": _CASE,
    _L + "xǁSqliteLedgerǁspent__mutmut_11": _CASE,
    _L + "xǁSqliteLedgerǁupdate_bucket__mutmut_10": _CASE,
    _L + "xǁSqliteLedgerǁupdate_bucket__mutmut_11": _CASE,
    _L + "xǁSqliteLedgerǁupdate_bucket__mutmut_28": _CASE,
    _L + "xǁSqliteLedgerǁupdate_bucket__mutmut_29": _CASE,
    _L + "xǁ_Transactionǁ__exit____mutmut_5": _CASE,
    _L + "xǁ_Transactionǁ__exit____mutmut_8": _CASE,
    _H + "pacing.xǁBucketǁto_dict__mutmut_11": "-1e+300 is the literal -1e300",
    _H + "pacing.xǁPacerǁrefused__mutmut_4": "getattr's default None is as false as False",
    _H + "pacing.xǁPacerǁthrottled__mutmut_6": "the inner function's result is discarded",
    _L + "xǁSqliteLedgerǁ__init____mutmut_29": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_30": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_33": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_34": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_37": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_38": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_40": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_41": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_44": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_45": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_48": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_49": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_52": _CASE,
    _L + "xǁSqliteLedgerǁ__init____mutmut_53": _CASE,
    _L + "xǁSqliteLedgerǁclaim__mutmut_10": _CASE,
    _L + "xǁSqliteLedgerǁclaim__mutmut_11": _CASE,
    _L + "xǁSqliteLedgerǁclaim__mutmut_18": _CASE,
    _L + "xǁSqliteLedgerǁclaim__mutmut_19": _CASE,
    _L + "xǁSqliteLedgerǁclaim__mutmut_26": _CASE,
    _L + "xǁSqliteLedgerǁclaim__mutmut_27": _CASE,
    _L + "xǁSqliteLedgerǁspend__mutmut_22": _CASE,
    _L + "xǁSqliteLedgerǁspend__mutmut_30": _CASE,
    _L + "xǁSqliteLedgerǁspend__mutmut_31": _CASE,
    _L + "xǁSqliteLedgerǁspend__mutmut_49": _CASE,
    _L + "xǁSqliteLedgerǁspend__mutmut_50": _CASE,
    _L + "xǁ_Transactionǁ__enter____mutmut_3": _CASE,
    _W + "scheduler.xǁ_Schedulerǁ__init____mutmut_2": "schedule() sets on_poll right after",
    _W + "scheduler.xǁ_Schedulerǁ__init____mutmut_3": "schedule() sets on_state right after",
    _W + "scheduler.xǁ_Schedulerǁ_launch_due__mutmut_39": "prepaid = None is as false as False",
    _W + "scheduler.xǁ_Schedulerǁ__init____mutmut_11": "schedule() sets until right after",
    _W + "scheduler.xǁ_Schedulerǁ__init____mutmut_14": 'float("INF") == float("inf")',
    _W + "scheduler.x_schedule__mutmut_23": 'float("INF") == float("inf")',
    _W + "scheduler.xǁ_Schedulerǁrun__mutmut_13": "a nap of 0 s returns at once",
    _H + "pacing.xǁBucketǁthrottled__mutmut_17": "with ceiling None, rate == max_rate already",
    _H + "transport.x_parse_retry_after__mutmut_9": "at 10**9 both branches give 1e9",
    _H + "transport.xǁTransportǁ_declared_length__mutmut_4": "urllib3's headers ignore case",
    _H + "transport.xǁTransportǁ_declared_length__mutmut_16": "urllib3's headers ignore case",
    _L + "xǁMemoryLedgerǁspend__mutmut_9": "the default pair's expiry is discarded",
    _L + "xǁMemoryLedgerǁspend__mutmut_17": 'float("INF") == float("inf")',
    _L + "xǁSqliteLedgerǁ__init____mutmut_26": "busy_timeout 1.001 times as long: unmeasurable",
    _L + "xǁSqliteLedgerǁ__init____mutmut_19": "the PRAGMA busy_timeout next (no lock) sets it",
    _L + "xǁSqliteLedgerǁrelease__mutmut_9": _CASE,
    _L + "xǁSqliteLedgerǁrelease__mutmut_10": _CASE,
    _L + "xǁSqliteLedgerǁspend__mutmut_7": "1e+300 is the literal 1e300",
    _L + "xǁMemoryLedgerǁclaim__mutmut_14": _MOVED,
    _H + "pacing.xǁBucketǁ_count__mutmut_13": "previous is read only in max(), beside current = 1",
    _H + "pacing.xǁBucketǁreserve__mutmut_12": "at 0 tokens the else branch gives -0.0 == 0.0",
    _H + "pacing.xǁPacerǁacquire__mutmut_3": "getattr's default None is as false as False",
    _H + "pacing.xǁPacerǁacquire__mutmut_20": "a sleep of 0 s returns at once",
    _H + "transport.xǁTransportǁ_send__mutmut_24": _NO_REDIRECT,
    _H + "transport.xǁTransportǁ_send__mutmut_34": _NO_REDIRECT,
    _H + "transport.xǁTransportǁ_send__mutmut_40": _NO_REDIRECT,
    _H + "transport.xǁTransportǁ_send__mutmut_25": "preload_content is read only for truth",
    _H + "transport.xǁTransportǁ_send__mutmut_72": _INSTANT,
    # _read_capped's numbers since it takes its socket from socket_of (2026-12-07)
    _H + "transport.xǁTransportǁ_read_capped__mutmut_25": _INSTANT,
    _H + "transport.xǁTransportǁ_read_capped__mutmut_36": _SET_TIMEOUT,
    _H + "transport.xǁTransportǁ_read_capped__mutmut_37": _SET_TIMEOUT,
    _H + "transport.xǁTransportǁ_read_capped__mutmut_38": 'float("INF") == float("inf")',
    _H + "transport.xǁTransportǁ_read_capped__mutmut_39": _SLACK,
}

#: Survivors that an existing test kills, but not under mutmut: the trampoline
#: adds a stack frame, so the tests of a DeprecationWarning's stacklevel
#: (test_durable.py's old-name tests) are deselected.  Checked by applying the
#: mutant to sdk/ and running those tests.
KILLED_ELSEWHERE: dict[str, str] = {
    _W + "policy.x_warn_renamed__mutmut_6": "stacklevel dropped: test_durable.py old-name tests",
    _W + "policy.x_warn_renamed__mutmut_7": "stacklevel 4: test_durable.py old-name tests",
}


def results(directory: Path) -> dict[str, int | None]:
    exit_codes: dict[str, int | None] = {}
    for meta in sorted((directory / "mutants").rglob("*.py.meta")):
        exit_codes.update(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])
    return exit_codes


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory, scope = Path(argv[0]), argv[1:]
    found = {
        name: STATUS.get(code, "suspicious")
        for name, code in results(directory).items()
        if any(fnmatch.fnmatchcase(name, glob) for glob in scope)
    }
    for name in KILLED_ELSEWHERE.keys() & found.keys():
        if found[name] == "survived":
            found[name] = "killed"
    if not found:
        print(f"no mutmut results under {directory}/mutants for {' '.join(scope)}")
        return 1
    equivalent = {
        name for name, status in found.items() if status == "survived"
    } & EQUIVALENT.keys()
    counts = Counter(found.values())
    total = len(found)
    score = counts["killed"] / (total - len(equivalent))
    print(
        f"mutants: {total}  killed: {counts['killed']}  survived: {counts['survived']} "
        f"(equivalent: {len(equivalent)})  timeout: {counts['timeout']}  "
        + "  ".join(
            f"{status}: {n}"
            for status, n in sorted(counts.items())
            if status not in {"killed", "survived", "timeout"}
        )
    )
    print(f"score: killed / (total - equivalent) = {counts['killed']}/{total - len(equivalent)}")
    print(f"     = {100 * score:.1f}%")
    open_ones = sorted(
        name for name, status in found.items() if status != "killed" and name not in equivalent
    )
    for name in open_ones:
        print(f"  {found[name]}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

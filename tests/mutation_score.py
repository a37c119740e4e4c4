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
EQUIVALENT: dict[str, str] = {}


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

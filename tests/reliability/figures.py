"""Sizes of the suite (CI or soak) and where its measured figures go.

``make test`` runs CI-sized versions; ``make soak`` sets ``TASKPOLL_SOAK=1``
for the full sizes the issue asks for, and ``TASKPOLL_FIGURES=path`` to
collect every figure as one JSON line (docs/reliability.md quotes a run).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Final

SOAK: Final = os.environ.get("TASKPOLL_SOAK") == "1"

#: Waits in the fault soak, across all endpoints.
SOAK_WAITS: Final = 1000 if SOAK else 160
#: Generated bodies per decoder in the fuzz tests.
FUZZ_EXAMPLES: Final = 10_000 if SOAK else 400
#: Generated bodies per API sent over real HTTP (the whole client path).
FUZZ_HTTP_EXAMPLES: Final = 2_000 if SOAK else 100


def report(name: str, **figures: Any) -> None:
    """Print one line of figures and keep it where ``TASKPOLL_FIGURES`` says."""
    line = json.dumps({"figure": name, "soak": SOAK, **figures}, sort_keys=True, default=str)
    print(f"\nFIGURES {line}", file=sys.stderr)
    path = os.environ.get("TASKPOLL_FIGURES")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(line + "\n")


def examples(ci: int, soak: int | None = None) -> int:
    """How many hypothesis examples (or random samples) a test draws: ``ci``
    under ``make test``, ``soak`` (ten times as many unless given) under
    ``make soak``."""
    if not SOAK:
        return ci
    return soak if soak is not None else 10 * ci

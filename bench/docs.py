"""Writing one section of docs/benchmarks.md from a benchmark's own run."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parent.parent
OUT: Final = ROOT / "docs" / "benchmarks.md"


def log(message: str) -> None:
    """A progress line on stderr (stdout carries the section, or a child's answers)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def mark(ok: bool) -> str:
    """A goal's verdict, as the tables show it."""
    return "✅" if ok else "❌ short of the goal"


def publish(heading: str, lines: list[str], out: Path = OUT) -> None:
    """Print a benchmark's section and splice it into ``out`` in place of the old one."""
    print("\n".join(lines))
    splice(heading, lines, out)
    log(f"spliced into {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def footer(started: float) -> list[str]:
    """The section's last lines: how long it took, and the load at its end."""
    end = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        "",
        f"_This section: {time.monotonic() - started:.0f} s; load average at its end {end}._",
        "",
    ]


def splice(heading: str, lines: list[str], out: Path = OUT) -> None:
    """Replace (or add) the section under ``heading``, leaving the rest alone."""
    text = out.read_text(encoding="utf-8").splitlines() if out.exists() else ["# Benchmarks", ""]
    if heading in text:
        start = text.index(heading)
        end = next(
            (
                i
                for i in range(start + 1, len(text))
                if text[i].startswith("## ") or text[i].startswith("_Whole run")
            ),
            len(text),
        )
        text[start:end] = lines
    else:
        at = next((i for i, line in enumerate(text) if line.startswith("_Whole run")), len(text))
        text[at:at] = lines
    out.write_text("\n".join(text) + "\n", encoding="utf-8")

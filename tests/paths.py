"""Where things are, for a test in any folder under tests/: the repo root, its
specs, and this folder of shared helpers and data."""

from __future__ import annotations

from pathlib import Path

#: tests/: the shared helpers (conftest, virtual_time, netservers, …) and data/.
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SPECS = ROOT / "specs"
DATA = TESTS / "data"

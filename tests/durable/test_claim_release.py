"""``Ledger.release``: a claim given up before its ttl can be taken again
(the Celery batch task gives up its waits' claims when it cannot hand them on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskpoll._durable.ledger import Ledger, MemoryLedger, SqliteLedger


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_released_claim_can_be_taken_again_and_only_that_one(kind: str, tmp_path: Path) -> None:
    ledger: Ledger = MemoryLedger() if kind == "memory" else SqliteLedger(tmp_path / "l.db")
    assert ledger.claim("a", 60.0) and ledger.claim("b", 60.0)
    assert not ledger.claim("a", 60.0)
    ledger.release("a")
    ledger.release("never-taken")  # nothing to give up: no error
    assert ledger.claim("a", 60.0)
    assert not ledger.claim("b", 60.0)  # another key's claim stays

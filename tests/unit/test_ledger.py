"""The SQLite ledger: states, persistence, summary, deliveries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pronto_async.ledger import Ledger, LedgerSummary, RecordState, canonical_key


def test_canonical_key_ignores_key_order_but_not_values() -> None:
    a = canonical_key("contacts.enrich", {"first_name": "A", "last_name": "B"})
    assert a == canonical_key("contacts.enrich", {"last_name": "B", "first_name": "A"})
    assert a != canonical_key("contacts.enrich", {"first_name": "A", "last_name": "C"})
    assert a != canonical_key("accounts.enrich", {"first_name": "A", "last_name": "B"})


async def test_states_move_and_persist_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "ledger.db"
    with Ledger(path) as ledger:
        await ledger.submit("contacts.enrich", "k1", {"first_name": "A"})
        await ledger.submit("contacts.enrich", "k2", {"first_name": "B"})
        await ledger.submit("contacts.enrich", "k3", {"first_name": "C"})
        await ledger.finish("contacts.enrich", "k1", RecordState.DONE, result={"email": "a@x"},
                            enrichment_id="e1")
        await ledger.finish("contacts.enrich", "k2", RecordState.AMBIGUOUS, error="timeout")
        assert ledger.summary() == LedgerSummary(done=1, ambiguous=1, submitted=1)
    with Ledger(path) as again:  # what a re-run after a crash sees
        record = await again.get("contacts.enrich", "k1")
        assert record is not None
        assert (record.state, record.result, record.enrichment_id, record.attempts) == (
            RecordState.DONE, {"email": "a@x"}, "e1", 1)
        await again.submit("contacts.enrich", "k2", {"first_name": "B"})
        retried = await again.get("contacts.enrich", "k2")
        assert retried is not None
        assert (retried.state, retried.attempts, retried.error) == (
            RecordState.SUBMITTED, 2, None)
        assert await again.get("contacts.enrich", "nope") is None
        pending = await again.records(state=RecordState.SUBMITTED)
        assert [r.key for r in pending] == ["k2", "k3"]
        summary = again.summary()
    assert summary.total == 3
    assert summary.possibly_billed_not_captured == 2


async def test_deliveries_are_deduplicated(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        fresh = await ledger.add_deliveries("r", [("a", {"x": 1}), ("b", {}), ("a", {"x": 1})])
        again = await ledger.add_deliveries("r", [("b", {})])
        other = await ledger.add_deliveries("other", [("b", {})])
        assert ledger.summary().deliveries == 3
    assert (fresh, again, other) == ([True, True, False], [False], [True])


async def test_the_file_is_wal_and_closing_is_final(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.db")
    ledger.close()
    ledger.close()
    with pytest.raises(RuntimeError, match="closed"):
        await ledger.get("x", "y")
    with pytest.raises(RuntimeError, match="closed"):
        ledger.summary()
    mode = sqlite3.connect(tmp_path / "l.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert repr(ledger) == f"Ledger({str(tmp_path / 'l.db')!r})"


def test_a_bad_path_fails_at_construction(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OSError):
        Ledger(blocker / "ledger.db")

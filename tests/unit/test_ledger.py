"""The SQLite ledger: states, persistence, summary, deliveries; bad files, old files, locks."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from pronto_async import LedgerError, ValidationError
from pronto_async.ledger import Ledger, LedgerSummary, Owner, RecordState, Verdict, canonical_key


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




# -- files that cannot be a ledger: a typed error naming the file ------------------------------


def _filled(path: Path, rows: int = 400) -> None:
    async def fill() -> None:
        with Ledger(path) as ledger:
            for i in range(rows):
                await ledger.submit("contacts.enrich", f"k{i}", {"first_name": "x" * 200})
                await ledger.finish("contacts.enrich", f"k{i}", RecordState.DONE,
                                    result={"email": f"{i}@x.io"})

    asyncio.run(fill())


def test_a_directory_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="is a directory") as info:
        Ledger(tmp_path)
    assert str(tmp_path) in str(info.value) and info.value.path == str(tmp_path)


def test_a_path_under_a_file_is_refused_by_name(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(LedgerError) as info:
        Ledger(blocker / "ledger.db")
    assert str(blocker / "ledger.db") in str(info.value)


@pytest.mark.parametrize("content", [b"not a database at all\n" * 50, b"\x00" * 4096, b"x"])
def test_a_file_that_is_not_a_database_is_refused_by_name(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(LedgerError, match="not a SQLite database") as info:
        Ledger(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content  # left as it was


def test_a_truncated_ledger_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    _filled(path)
    data = path.read_bytes()
    assert len(data) > 8 * 4096
    for cut in (len(data) // 2, len(data) // 2 + 100):  # at a page boundary, and inside one
        path.write_bytes(data[:cut])
        with pytest.raises(LedgerError, match="truncated") as info:
            Ledger(path)
        assert str(path) in str(info.value)


def test_a_ledger_corrupt_inside_fails_on_use_by_name(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    _filled(path)
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data) - page, page):  # every page but the schema's
        data[start : start + page] = b"\xa5" * page
    path.write_bytes(bytes(data))

    async def use() -> None:
        with Ledger(path) as ledger:
            await ledger.records()

    with pytest.raises(LedgerError, match=r"corrupt|not a SQLite database") as info:
        asyncio.run(use())
    assert str(path) in str(info.value)


def test_a_ledger_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Ledger(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(LedgerError, match="newer pronto_async"):
        Ledger(path)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [({"lease": 0}, "lease"), ({"lock_timeout": float("inf")}, "lock_timeout"),
     ({"lease": True}, "lease"), ({"on_claimed": "skip"}, "on_claimed")],
)
def test_settings_are_checked(tmp_path: Path, kwargs: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        Ledger(tmp_path / "l.db", **kwargs)
    assert not (tmp_path / "l.db").exists()


# -- files of the first version: upgraded in place --------------------------------------------

_VERSION_0 = """
CREATE TABLE records (
    operation TEXT NOT NULL, key TEXT NOT NULL, input TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('submitted', 'done', 'failed', 'ambiguous')),
    enrichment_id TEXT, result TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (operation, key));
CREATE INDEX records_state ON records (state);
CREATE TABLE deliveries (receiver TEXT NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL,
    received_at REAL NOT NULL, PRIMARY KEY (receiver, key));
INSERT INTO records VALUES ('contacts.enrich', 'a', '{}', 'done', NULL,
    '{"model": null, "data": {"email": "a@x.io"}}', NULL, 1, 1.0, 1.0);
INSERT INTO records VALUES ('contacts.enrich', 'b', '{}', 'submitted', NULL, NULL, NULL, 1,
    2.0, 2.0);
"""


async def test_a_file_of_the_first_version_is_upgraded_and_keeps_its_records(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(_VERSION_0)
    with Ledger(path) as ledger:
        done = await ledger.get("contacts.enrich", "a")
        interrupted = await ledger.get("contacts.enrich", "b")
        owner = Owner.start()
        verdict, after = await ledger.claim("contacts.enrich", "b", {}, owner=owner,
                                            retry_ambiguous=False)
        owner.end()
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(records)")}
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert done is not None and done.result == {"model": None, "data": {"email": "a@x.io"}}
    assert interrupted is not None and interrupted.owner is None
    # Sent by a run of the old version, which left no owner: may have been charged.
    assert verdict is Verdict.ABANDONED
    assert after is not None and after.state is RecordState.AMBIGUOUS
    assert {"owner_run", "owner_pid", "owner_host", "lease_until"} <= columns
    assert version == 1


# -- another process holding the lock -------------------------------------------------------------


def _hold_lock(path: Path, seconds: float) -> threading.Event:
    """Hold the file's write lock from another connection for ``seconds``; the event is set
    once it is held."""
    held = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        held.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    threading.Thread(target=hold, daemon=True).start()
    assert held.wait(5)
    return held


async def test_a_lock_shorter_than_the_bound_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    with Ledger(path, lock_timeout=10) as ledger:
        await ledger.submit("op", "k", {})
        _hold_lock(path, 1.5)  # longer than SQLite's own busy wait of 1 s
        started = time.monotonic()
        await ledger.finish("op", "k", RecordState.DONE, result={"paid": True})
        waited = time.monotonic() - started
        record = await ledger.get("op", "k")
    assert waited >= 1.0
    assert record is not None and record.result == {"paid": True}


async def test_a_lock_held_past_the_bound_is_a_ledger_error_naming_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "l.db"
    with Ledger(path, lock_timeout=0.3) as ledger:
        await ledger.submit("op", "k", {})
        _hold_lock(path, 1.5)
        with pytest.raises(LedgerError, match="locked by another process") as info:
            await ledger.finish("op", "k", RecordState.DONE, result={"paid": True})
        assert info.value.path == str(path) and str(path) in str(info.value)
        assert (await ledger.get("op", "k")) is not None  # reads go on under the lock (WAL)

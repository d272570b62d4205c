"""The ledger: never pay twice for an input, never lose a paid result (DESIGN §7).

A SQLite file (stdlib ``sqlite3``, WAL) with one record per (operation, canonical input): its
state, the enrichment id and the result. What users build by hand today (real-usage.md §1, §10),
kept by the SDK:

- ``submitted`` — written as the request leaves (after its rate-limit slot, before its bytes
  go out); a crash leaves it here. An
  asynchronous enrichment stays here, *with its enrichment id*, while the waterfall runs: a
  re-run follows that id (free polling) instead of paying again;
- ``done`` — the result is stored; a re-run yields it without a request;
- ``failed`` — the server refused the call (nothing was charged); a re-run tries again;
- ``ambiguous`` — the call may have been charged but no result came back; a re-run does not
  re-send it unless asked to (``retry_ambiguous=True``).

All SQLite work runs on one thread of the ledger's own, never on the event loop. The same
ledger file can be used by the async client, the blocking facade, and successive runs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Final, TypeVar

import attrs

__all__ = ["Ledger", "LedgerRecord", "LedgerSummary", "RecordState", "canonical_key"]

T = TypeVar("T")

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS records (
    operation     TEXT NOT NULL,
    key           TEXT NOT NULL,
    input         TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('submitted', 'done', 'failed', 'ambiguous')),
    enrichment_id TEXT,
    result        TEXT,
    error         TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    REAL NOT NULL,
    updated_at    REAL NOT NULL,
    PRIMARY KEY (operation, key)
);
CREATE INDEX IF NOT EXISTS records_state ON records (state);
CREATE TABLE IF NOT EXISTS deliveries (
    receiver    TEXT NOT NULL,
    key         TEXT NOT NULL,
    payload     TEXT NOT NULL,
    received_at REAL NOT NULL,
    PRIMARY KEY (receiver, key)
);
"""


class RecordState(enum.StrEnum):
    """Where an input stands."""

    SUBMITTED = "submitted"
    DONE = "done"
    FAILED = "failed"
    AMBIGUOUS = "ambiguous"


@attrs.frozen(kw_only=True)
class LedgerRecord:
    """One input's record."""

    operation: str
    key: str
    #: The canonical input, decoded.
    input: Any
    state: RecordState
    enrichment_id: str | None = None
    #: The stored result (the response body as the server sent it), decoded.
    result: Any = None
    error: str | None = None
    #: How many times the input was submitted.
    attempts: int = 0


@attrs.frozen(kw_only=True)
class LedgerSummary:
    """Billed versus captured, per state (real-usage.md §1: "billed == submitted == captured")."""

    done: int = 0
    failed: int = 0
    ambiguous: int = 0
    submitted: int = 0
    #: Webhook deliveries written before they were acknowledged.
    deliveries: int = 0
    #: Submitted inputs whose enrichment id is known: a re-run recovers them by polling.
    recoverable: int = 0

    @property
    def total(self) -> int:
        return self.done + self.failed + self.ambiguous + self.submitted

    @property
    def possibly_billed_not_captured(self) -> int:
        """Inputs that may have cost credits without a stored result (``recoverable``
        ones included: their result is not stored yet)."""
        return self.ambiguous + self.submitted

    @property
    def unrecoverable(self) -> int:
        """Inputs that may have cost credits and whose result no re-run can fetch: sent,
        with no answer (no enrichment id) to follow."""
        return self.ambiguous + self.submitted - self.recoverable


def canonical_key(operation: str, payload: Any) -> str:
    """A stable key for an input: the same fields give the same key, in any order."""
    text = json.dumps(
        {"operation": operation, "input": payload},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


class Ledger:
    """A resumable record of paid work, in one SQLite file.

    Args:
        path: The database file; created with its directory if missing.

    Use it with ``with Ledger(path) as ledger:`` or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="ledger")
        self._local = threading.local()
        self._closed = False
        # Open (and create the schema) now, so a bad path fails at construction.
        self._executor.submit(self._connection).result()

    # -- plumbing -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints
            conn.execute("PRAGMA busy_timeout=5000")  # a second process may share the file
            conn.executescript(_SCHEMA)
            self._local.conn = conn
        return conn

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise RuntimeError("this Ledger is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self._connection()))

    def _run_blocking(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise RuntimeError("this Ledger is closed")
        return self._executor.submit(lambda: fn(self._connection())).result()

    # -- records ------------------------------------------------------------------------

    async def get(self, operation: str, key: str) -> LedgerRecord | None:
        """The record of one input, if any."""

        def read(conn: sqlite3.Connection) -> LedgerRecord | None:
            row = conn.execute(
                "SELECT operation, key, input, state, enrichment_id, result, error, attempts "
                "FROM records WHERE operation = ? AND key = ?",
                (operation, key),
            ).fetchone()
            return _record(row) if row else None

        return await self._run(read)

    async def submit(self, operation: str, key: str, payload: Any) -> None:
        """Record that the input is about to be sent (committed before the request leaves)."""
        now = time.time()

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO records (operation, key, input, state, attempts, created_at, "
                "updated_at) VALUES (?, ?, ?, 'submitted', 1, ?, ?) "
                "ON CONFLICT (operation, key) DO UPDATE SET state = 'submitted', "
                "attempts = attempts + 1, error = NULL, enrichment_id = NULL, "
                "updated_at = excluded.updated_at",
                (operation, key, _dumps(payload), now, now),
            )

        await self._run(write)

    async def finish(
        self,
        operation: str,
        key: str,
        state: RecordState,
        *,
        result: Any = None,
        error: str | None = None,
        enrichment_id: str | None = None,
    ) -> None:
        """Move a submitted input to ``done``, ``failed``, ``ambiguous`` (or back to
        ``submitted`` with an enrichment id to poll later)."""
        now = time.time()

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE records SET state = ?, result = COALESCE(?, result), error = ?, "
                "enrichment_id = COALESCE(?, enrichment_id), updated_at = ? "
                "WHERE operation = ? AND key = ?",
                (state.value, None if result is None else _dumps(result), error,
                 enrichment_id, now, operation, key),
            )

        await self._run(write)

    async def records(
        self, *, state: RecordState | None = None, operation: str | None = None
    ) -> list[LedgerRecord]:
        """Every record, optionally of one state and one operation."""

        def read(conn: sqlite3.Connection) -> list[LedgerRecord]:
            query = (
                "SELECT operation, key, input, state, enrichment_id, result, error, attempts "
                "FROM records WHERE (? IS NULL OR state = ?) AND (? IS NULL OR operation = ?) "
                "ORDER BY created_at"
            )
            value = state.value if state else None
            rows = conn.execute(query, (value, value, operation, operation)).fetchall()
            return [_record(row) for row in rows]

        return await self._run(read)

    # -- webhook deliveries ---------------------------------------------------------------

    async def add_deliveries(self, receiver: str, items: Iterable[tuple[str, Any]]) -> list[bool]:
        """Store deliveries (``(dedup key, payload)``) before they are acknowledged; ``True``
        for each one not seen before."""
        now = time.time()
        batch = list(items)

        def write(conn: sqlite3.Connection) -> list[bool]:
            fresh = []
            with conn:
                for key, payload in batch:
                    cursor = conn.execute(
                        "INSERT OR IGNORE INTO deliveries (receiver, key, payload, received_at) "
                        "VALUES (?, ?, ?, ?)",
                        (receiver, key, _dumps(payload), now),
                    )
                    fresh.append(cursor.rowcount == 1)
            return fresh

        return await self._run(write)

    # -- reporting and lifecycle ----------------------------------------------------------

    def summary(self) -> LedgerSummary:
        """Counts per state: what was billed versus what was captured."""

        def read(conn: sqlite3.Connection) -> LedgerSummary:
            counts: dict[str, int] = dict(
                conn.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall()
            )
            deliveries = conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
            recoverable = conn.execute(
                "SELECT COUNT(*) FROM records WHERE state IN ('submitted', 'ambiguous') "
                "AND enrichment_id IS NOT NULL"
            ).fetchone()[0]
            return LedgerSummary(
                done=counts.get("done", 0),
                failed=counts.get("failed", 0),
                ambiguous=counts.get("ambiguous", 0),
                submitted=counts.get("submitted", 0),
                deliveries=deliveries,
                recoverable=recoverable,
            )

        return self._run_blocking(read)

    def close(self) -> None:
        """Close the database. Idempotent."""
        if self._closed:
            return

        def close_conn() -> None:
            conn = getattr(self._local, "conn", None)
            if conn is not None:
                conn.close()

        self._executor.submit(close_conn).result()
        self._closed = True
        self._executor.shutdown(wait=True)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.path!r})"


def _record(row: tuple[Any, ...]) -> LedgerRecord:
    operation, key, payload, state, enrichment_id, result, error, attempts = row
    return LedgerRecord(
        operation=operation,
        key=key,
        input=json.loads(payload),
        state=RecordState(state),
        enrichment_id=enrichment_id,
        result=None if result is None else json.loads(result),
        error=error,
        attempts=attempts,
    )

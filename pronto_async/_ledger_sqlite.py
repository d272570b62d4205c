"""The ledger's SQLite store: one file, stdlib ``sqlite3`` in WAL mode, on a thread of its own.

Every call runs on the store's single thread, never on the event loop. A claim is one
``BEGIN IMMEDIATE`` transaction (the write lock is taken before the record is read, so two
processes cannot both read "absent" and both insert). Contention is expected — another run
claiming, a backup or an admin shell holding the lock — so a locked file is waited for: SQLite's
busy handler for up to a second per try, then tries again with backoff until ``lock_timeout``,
and only then ``LedgerError``. Every other SQLite failure is a ``LedgerError`` naming the file.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar

from .errors import LedgerError
from .ledger import (
    LedgerRecord,
    LedgerSummary,
    Owner,
    RecordState,
    Verdict,
    abandoned_error,
    judge,
)

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

T = TypeVar("T")
_log = logging.getLogger("pronto_async")

#: ``PRAGMA user_version`` of the files this version writes (0: before claims had owners).
SCHEMA_VERSION: Final = 1
_TABLES: Final = (
    """CREATE TABLE IF NOT EXISTS records (
        operation     TEXT NOT NULL,
        key           TEXT NOT NULL,
        input         TEXT NOT NULL,
        state         TEXT NOT NULL
                      CHECK (state IN ('submitted', 'done', 'failed', 'ambiguous')),
        enrichment_id TEXT,
        result        TEXT,
        error         TEXT,
        attempts      INTEGER NOT NULL DEFAULT 0,
        created_at    REAL NOT NULL,
        updated_at    REAL NOT NULL,
        owner_run     TEXT,
        owner_pid     INTEGER,
        owner_host    TEXT,
        lease_until   REAL,
        PRIMARY KEY (operation, key)
    )""",
    "CREATE INDEX IF NOT EXISTS records_state ON records (state)",
    """CREATE TABLE IF NOT EXISTS deliveries (
        receiver    TEXT NOT NULL,
        key         TEXT NOT NULL,
        payload     TEXT NOT NULL,
        received_at REAL NOT NULL,
        PRIMARY KEY (receiver, key)
    )""",
)
_OWNER_COLUMNS: Final = (
    ("owner_run", "TEXT"), ("owner_pid", "INTEGER"), ("owner_host", "TEXT"),
    ("lease_until", "REAL"),
)
_CLAIMS_INDEX: Final = (
    "CREATE INDEX IF NOT EXISTS records_claims ON records (owner_run) "
    "WHERE lease_until IS NOT NULL"
)
_COLUMNS: Final = (
    "operation, key, input, state, enrichment_id, result, error, attempts, "
    "owner_run, owner_pid, owner_host, lease_until"
)
#: SQLite's own busy wait per try; the retry loop around it gives the long bound.
_BUSY_MS: Final = 1000
#: Waiting longer than this for a lock is logged (once per wait) as a WARNING.
_WARN_AFTER: Final = 5.0
_HEADER: Final = b"SQLite format 3\x00"


class SQLiteStore:
    """The :class:`~pronto_async.ledger.LedgerStore` of one SQLite file."""

    def __init__(self, path: str, *, lock_timeout: float) -> None:
        self.path = path
        self._lock_timeout = lock_timeout
        _check_file(path)
        directory = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError as exc:
            raise LedgerError(
                f"ledger {path}: cannot create its directory ({exc.strerror or exc})", path=path
            ) from None
        self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="ledger")
        self._local = threading.local()
        self._closed = False
        try:  # open (and create or upgrade the schema) now: a bad file fails here
            self._executor.submit(self._call, lambda conn: None).result()
        except BaseException:
            self._executor.shutdown(wait=True)
            raise

    # -- plumbing -----------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        busy = min(_BUSY_MS / 1000, self._lock_timeout)
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=busy)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LedgerError(
                    f"ledger {self.path}: written by a newer pronto_async (schema {version}, "
                    f"this version reads {SCHEMA_VERSION}); upgrade pronto_async",
                    path=self.path,
                )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints
            if version < SCHEMA_VERSION:
                with _transaction(conn):
                    _migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._open()
        return conn

    def _call(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """``fn`` on this thread's connection; a locked file is waited for, up to the bound."""
        started = time.monotonic()
        delay = 0.05
        warned = False
        while True:
            try:
                return fn(self._connection())
            except LedgerError:
                raise
            except sqlite3.Error as exc:
                if not _is_busy(exc):
                    raise self._error(exc) from exc
                waited = time.monotonic() - started
                if waited >= self._lock_timeout:
                    raise LedgerError(
                        f"ledger {self.path}: locked by another process for more than "
                        f"{self._lock_timeout:g} s (Ledger(lock_timeout=) waits longer)",
                        path=self.path,
                    ) from exc
                if waited >= _WARN_AFTER and not warned:
                    warned = True
                    _log.warning(
                        "ledger %s: locked by another process for %.0f s; waiting (up to %g s)",
                        self.path, waited, self._lock_timeout,
                    )
                time.sleep(min(delay, max(0.0, self._lock_timeout - waited)))
                delay = min(delay * 2, 1.0)

    def _error(self, exc: sqlite3.Error) -> LedgerError:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_NOTADB:
            what = "is not a SQLite database (corrupt, or another kind of file)"
        elif code == sqlite3.SQLITE_CORRUPT:
            what = (f"is corrupt ({exc}); restore it from a backup: a new ledger would not "
                    "know what was already paid for")
        elif code == sqlite3.SQLITE_CANTOPEN:
            what = f"cannot be opened ({exc})"
        elif code == sqlite3.SQLITE_FULL:
            what = "cannot be written: the disk is full"
        else:
            what = f"failed: {exc}"
        return LedgerError(f"ledger {self.path} {what}", path=self.path)

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise RuntimeError("this Ledger is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, fn)

    def _run_blocking(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise RuntimeError("this Ledger is closed")
        return self._executor.submit(self._call, fn).result()

    def _select(self, conn: sqlite3.Connection, operation: str, key: str) -> LedgerRecord | None:
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM records WHERE operation = ? AND key = ?", (operation, key)
        ).fetchone()
        return self._record(row) if row else None

    def _record(self, row: tuple[Any, ...]) -> LedgerRecord:
        (operation, key, payload, state, enrichment_id, result, error, attempts,
         owner_run, owner_pid, owner_host, lease_until) = row
        try:
            decoded_input = json.loads(payload)
            decoded_result = None if result is None else json.loads(result)
            owner = None if owner_run is None else Owner(
                run_id=owner_run, pid=int(owner_pid), host=str(owner_host)
            )
            return LedgerRecord(
                operation=operation, key=key, input=decoded_input, state=RecordState(state),
                enrichment_id=enrichment_id, result=decoded_result, error=error,
                attempts=attempts, owner=owner, lease_until=lease_until,
            )
        except (ValueError, TypeError) as exc:
            raise LedgerError(
                f"ledger {self.path} is corrupt: the record {operation} {key[:12]} cannot be "
                f"read ({exc})", path=self.path,
            ) from exc

    # -- records ------------------------------------------------------------------------

    async def get(self, operation: str, key: str) -> LedgerRecord | None:
        return await self._run(lambda conn: self._select(conn, operation, key))

    async def claim(
        self, operation: str, key: str, payload: Any, *, owner: Owner, lease: float,
        retry_ambiguous: bool,
    ) -> tuple[Verdict, LedgerRecord | None]:
        text = _dumps(payload)

        def write(conn: sqlite3.Connection) -> tuple[Verdict, LedgerRecord | None]:
            with _transaction(conn):
                record = self._select(conn, operation, key)
                now = time.time()
                verdict = judge(record, me=owner, now=now, retry_ambiguous=retry_ambiguous)
                if verdict is Verdict.CLAIM:
                    conn.execute(
                        "INSERT INTO records (operation, key, input, state, attempts, "
                        "created_at, updated_at, owner_run, owner_pid, owner_host, lease_until) "
                        "VALUES (?, ?, ?, 'submitted', 1, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (operation, key) DO UPDATE SET state = 'submitted', "
                        "attempts = attempts + 1, error = NULL, enrichment_id = NULL, "
                        "updated_at = excluded.updated_at, owner_run = excluded.owner_run, "
                        "owner_pid = excluded.owner_pid, owner_host = excluded.owner_host, "
                        "lease_until = excluded.lease_until",
                        (operation, key, text, now, now, owner.run_id, owner.pid, owner.host,
                         now + lease),
                    )
                elif verdict is Verdict.ABANDONED:
                    assert record is not None
                    _mark_abandoned(conn, record, now)
                else:
                    return verdict, record
                return verdict, self._select(conn, operation, key)

        return await self._run(write)

    async def abandon(self, operation: str, key: str, *, owner: Owner) -> LedgerRecord | None:
        def write(conn: sqlite3.Connection) -> LedgerRecord | None:
            with _transaction(conn):
                record = self._select(conn, operation, key)
                now = time.time()
                if judge(record, me=owner, now=now, retry_ambiguous=False) is not (
                    Verdict.ABANDONED
                ):
                    return record
                assert record is not None
                _mark_abandoned(conn, record, now)
                return self._select(conn, operation, key)

        return await self._run(write)

    async def submit(self, operation: str, key: str, payload: Any) -> None:
        now = time.time()
        text = _dumps(payload)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO records (operation, key, input, state, attempts, created_at, "
                "updated_at) VALUES (?, ?, ?, 'submitted', 1, ?, ?) "
                "ON CONFLICT (operation, key) DO UPDATE SET state = 'submitted', "
                "attempts = attempts + 1, error = NULL, enrichment_id = NULL, "
                "updated_at = excluded.updated_at, owner_run = NULL, owner_pid = NULL, "
                "owner_host = NULL, lease_until = NULL",
                (operation, key, text, now, now),
            )

        await self._run(write)

    async def finish(
        self, operation: str, key: str, state: RecordState, *, owner: Owner | None,
        result: Any, error: str | None, enrichment_id: str | None,
    ) -> None:
        stored = None if result is None else _dumps(result)
        run_id = owner.run_id if owner is not None else None

        def write(conn: sqlite3.Connection) -> None:
            now = time.time()
            # A result always lands; anything else neither undoes "done" nor overwrites
            # another run's claim that is still running.
            conn.execute(
                "UPDATE records SET state = ?, result = COALESCE(?, result), error = ?, "
                "enrichment_id = COALESCE(?, enrichment_id), lease_until = NULL, "
                "updated_at = ? WHERE operation = ? AND key = ? AND (? = 'done' OR "
                "(state != 'done' AND NOT (owner_run IS NOT NULL AND owner_run IS NOT ? "
                "AND lease_until > ?)))",
                (state.value, stored, error, enrichment_id, now, operation, key, state.value,
                 run_id, now),
            )

        await self._run(write)

    async def renew(self, owner: Owner, lease_until: float) -> None:
        await self._run(lambda conn: conn.execute(
            "UPDATE records SET lease_until = ? WHERE owner_run = ? AND lease_until IS NOT NULL",
            (lease_until, owner.run_id),
        ))

    async def release(self, owner: Owner) -> int:
        def write(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "UPDATE records SET state = 'ambiguous', error = ?, lease_until = NULL, "
                "updated_at = ? WHERE owner_run = ? AND lease_until IS NOT NULL "
                "AND state = 'submitted' AND enrichment_id IS NULL",
                (f"{owner} stopped before its answer came", time.time(), owner.run_id),
            )
            return cursor.rowcount

        return await self._run(write)

    async def records(
        self, *, state: RecordState | None, operation: str | None
    ) -> list[LedgerRecord]:
        def read(conn: sqlite3.Connection) -> list[LedgerRecord]:
            value = state.value if state else None
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM records WHERE (? IS NULL OR state = ?) "
                "AND (? IS NULL OR operation = ?) ORDER BY created_at",
                (value, value, operation, operation),
            ).fetchall()
            return [self._record(row) for row in rows]

        return await self._run(read)

    async def add_deliveries(self, receiver: str, items: list[tuple[str, Any]]) -> list[bool]:
        now = time.time()
        batch = [(key, _dumps(payload)) for key, payload in items]

        def write(conn: sqlite3.Connection) -> list[bool]:
            fresh = []
            with _transaction(conn):
                for key, payload in batch:
                    cursor = conn.execute(
                        "INSERT OR IGNORE INTO deliveries (receiver, key, payload, received_at) "
                        "VALUES (?, ?, ?, ?)",
                        (receiver, key, payload, now),
                    )
                    fresh.append(cursor.rowcount == 1)
            return fresh

        return await self._run(write)

    # -- reporting and lifecycle ----------------------------------------------------------

    def summary(self) -> LedgerSummary:
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
        if self._closed:
            return

        def close_conn() -> None:
            conn = getattr(self._local, "conn", None)
            if conn is not None:
                conn.close()

        self._executor.submit(close_conn).result()
        self._closed = True
        self._executor.shutdown(wait=True)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock first, so a read inside decides."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _migrate(conn: sqlite3.Connection) -> None:
    """Create the tables, or add what version 0 files lack (inside the write lock, so two
    processes opening an old file at once upgrade it once)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    for statement in _TABLES:
        conn.execute(statement)
    present = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
    for name, kind in _OWNER_COLUMNS:
        if name not in present:
            conn.execute(f"ALTER TABLE records ADD COLUMN {name} {kind}")
    conn.execute(_CLAIMS_INDEX)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _mark_abandoned(conn: sqlite3.Connection, record: LedgerRecord, now: float) -> None:
    conn.execute(
        "UPDATE records SET state = 'ambiguous', error = ?, lease_until = NULL, updated_at = ? "
        "WHERE operation = ? AND key = ?",
        (abandoned_error(record.owner), now, record.operation, record.key),
    )


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _check_file(path: str) -> None:
    """Refuse, before SQLite sees it, what cannot be a ledger: a directory, a file that is not
    a database, one truncated (shorter than its header says; checked only when no other
    process has it open in WAL mode, where the header may run ahead of the file)."""
    if os.path.isdir(path):
        raise LedgerError(f"ledger {path} is a directory, not a ledger file", path=path)
    try:
        size = os.path.getsize(path)
        if size == 0:
            return  # a new file: SQLite creates the database in it
        with open(path, "rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LedgerError(f"ledger {path} cannot be read ({exc.strerror or exc})",
                          path=path) from None
    if len(header) < 100 or not header.startswith(_HEADER):
        raise LedgerError(
            f"ledger {path} is not a SQLite database (corrupt, or another kind of file)",
            path=path,
        )
    wal = path + "-wal"
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = pages > 0 and header[24:28] == header[92:96]  # the header's count is valid
    if page_size < 512 or size % page_size or (counted and size < pages * page_size):
        expected = f"{pages * page_size} bytes" if counted else f"whole pages of {page_size} B"
        raise LedgerError(
            f"ledger {path} is truncated ({size} bytes; its header says {expected}); restore "
            "it from a backup: a new ledger would not know what was already paid for",
            path=path,
        )


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)

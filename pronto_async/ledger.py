"""The ledger: never pay twice for an input, never lose a paid result (DESIGN §7).

One record per (operation, canonical input): its state, the enrichment id and the result. What
users build by hand today (real-usage.md §1, §10), kept by the SDK:

- ``submitted`` — claimed by a run as its request leaves (after its rate-limit slot, before its
  bytes go out). An asynchronous enrichment stays here, *with its enrichment id*, while the
  waterfall runs: anyone follows that id (free polling) instead of paying again;
- ``done`` — the result is stored; a re-run yields it without a request;
- ``failed`` — the server refused the call (nothing was charged); a re-run tries again;
- ``ambiguous`` — the call may have been charged but no result came back; it is not re-sent
  unless the run asks for it (``retry_ambiguous=True``).

Sharing one ledger between runs
-------------------------------
Several runs may use one ledger at once: concurrent ``enrich_many`` calls in one process, and
processes on one machine. An input is sent by one of them only; the others wait for its result.

*The claim.* Taking an input is one transaction (SQLite: ``BEGIN IMMEDIATE``) that reads its
record and takes it only if it is absent, ``failed``, or — when the run re-sends what may have
been charged — ``ambiguous``; it then writes ``submitted``, one more attempt, and the owner:
the run's id (a UUID), its pid and host, and a lease (``lease`` seconds, renewed every third of
that by the run while it lives). Any other record is not taken: ``done`` is yielded from the
ledger, an enrichment id is followed, a claim of a live run is waited for.

*When.* The claim is taken as the request leaves: the pipeline's hook (``_sending``) runs it
after the rate-limit slot. Claiming when a worker picks the input up would let the up to 256
rows a run keeps queued behind the limiter block every other run, and after a kill they would
all look "sent, may have been charged". A row waiting for its slot holds nothing; if another run
claims and sends it meanwhile, this run's claim fails at the hook, its request is not sent (the
slot goes unused) and it waits for the other's result. Before queueing for a slot, a run reads
the record, so rows already done or being sent elsewhere cost no slot at all.

*Waiting.* A run that meets an input claimed by a live run polls its record (50 ms, growing to
1 s) until it is ``done`` (the stored result is yielded), ``failed`` (this run claims it and
sends it), has an enrichment id (followed), or its owner died. A ledger opened with
``on_claimed="report"`` does not wait: the input's outcome is a :class:`~pronto_async.errors.
ClaimedElsewhereError` at once, so several processes given the same rows share them out.

*A dead owner.* An owner is dead when its lease has expired, when it ran on this host and its
process is gone (or a zombie), or when it is this process and its run has ended. Its inputs left
``submitted`` without an answer were sent and may have been charged: they become ``ambiguous``
— reported as :class:`~pronto_async.errors.AmbiguousChargeError`, never silently re-sent. A run
that stops early (cancelled, ``break``) marks its unanswered claims ``ambiguous`` as it ends.

*Results win.* A result is always written, even over a later claim, and ``done`` is never
downgraded. Writes wait for the file's lock (another process writing, a backup holding it) up to
``lock_timeout`` seconds, then raise :class:`~pronto_async.errors.LedgerError`; the fan-out
keeps a paid result whose write failed in ``outcome.value``.

*Guarantees.* One process, and several processes on one machine: each input is sent once. Several
machines on one SQLite file (a network share) are not supported: file locks over NFS/SMB are
unreliable and a pid means nothing on another host; a shared PostgreSQL store is the way there.

*Stores.* :class:`Ledger` keeps its records in a :class:`LedgerStore`: the SQLite file
(``_ledger_sqlite``) today. The claim rules are the pure :func:`judge`, which a store calls
inside its own transaction, so a new store only provides transactions and lease bookkeeping.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import math
import os
import socket
import time
import uuid
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Final, Literal, Protocol

import attrs

from .errors import ValidationError

__all__ = [
    "Ledger",
    "LedgerRecord",
    "LedgerStore",
    "LedgerSummary",
    "Owner",
    "RecordState",
    "Verdict",
    "canonical_key",
    "judge",
]

#: Seconds a claim stays valid without renewal (renewed every third of it).
DEFAULT_LEASE: Final = 30.0
#: Seconds a write waits for the file's lock before raising ``LedgerError``.
DEFAULT_LOCK_TIMEOUT: Final = 60.0


class RecordState(enum.StrEnum):
    """Where an input stands."""

    SUBMITTED = "submitted"
    DONE = "done"
    FAILED = "failed"
    AMBIGUOUS = "ambiguous"


# Runs of this process that are still going: a claim of this pid by any other run id is
# dead at once (its lease would take ``lease`` seconds to say so).
_LIVE_RUNS: set[str] = set()


@functools.cache
def _host() -> str:
    return socket.gethostname()


@attrs.frozen(kw_only=True)
class Owner:
    """The run that claimed an input."""

    #: A fresh UUID per run.
    run_id: str
    pid: int
    host: str

    @classmethod
    def start(cls) -> Owner:
        """A new run of this process, alive until :meth:`end`."""
        owner = cls(run_id=uuid.uuid4().hex, pid=os.getpid(), host=_host())
        _LIVE_RUNS.add(owner.run_id)
        return owner

    def end(self) -> None:
        """The run is over: its claims are dead from now on."""
        _LIVE_RUNS.discard(self.run_id)

    def __str__(self) -> str:
        return f"run {self.run_id[:8]} (pid {self.pid} on {self.host})"


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
    #: The run that last claimed it (``None`` for records of older versions).
    owner: Owner | None = None
    #: Until when (``time.time()``) the owner's claim holds; ``None`` once it is settled.
    lease_until: float | None = None


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


class Verdict(enum.Enum):
    """What a run may do with an input, given its record (:func:`judge`)."""

    #: Take it and send it.
    CLAIM = "claim"
    #: It is already this run's claim.
    MINE = "mine"
    #: The result is stored.
    DONE = "done"
    #: An enrichment id to follow (free polling).
    FOLLOW = "follow"
    #: A live run is sending it.
    HELD = "held"
    #: Sent by a run that died without an answer: to become ``ambiguous``.
    ABANDONED = "abandoned"
    #: May have been charged; not to be re-sent.
    AMBIGUOUS = "ambiguous"


def owner_alive(owner: Owner | None, lease_until: float | None, now: float) -> bool:
    """Whether a claim still holds: its lease runs, and on this host its process (and, in
    this process, its run) is still there."""
    if owner is None or lease_until is None or lease_until <= now:
        return False
    if owner.host != _host():
        return True  # only the lease speaks for another machine
    if owner.pid == os.getpid():
        return owner.run_id in _LIVE_RUNS
    return _pid_alive(owner.pid)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    try:  # a killed child its parent has not reaped yet is a zombie, not a live run
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def judge(
    record: LedgerRecord | None, *, me: Owner, now: float, retry_ambiguous: bool
) -> Verdict:
    """The claim rules, in one place for every store (run inside its transaction).

    Args:
        record: The input's record, as it stands.
        me: The run asking.
        now: ``time.time()``.
        retry_ambiguous: Whether this run re-sends inputs that may have been charged.
    """
    if record is None or record.state is RecordState.FAILED:
        return Verdict.CLAIM
    if record.state is RecordState.DONE:
        return Verdict.DONE
    if record.enrichment_id:
        return Verdict.FOLLOW
    if record.state is RecordState.AMBIGUOUS:
        return Verdict.CLAIM if retry_ambiguous else Verdict.AMBIGUOUS
    # submitted, no answer yet
    if record.owner is not None and record.owner.run_id == me.run_id:
        return Verdict.MINE
    if owner_alive(record.owner, record.lease_until, now):
        return Verdict.HELD
    return Verdict.CLAIM if retry_ambiguous else Verdict.ABANDONED


def abandoned_error(owner: Owner | None) -> str:
    """The ``error`` written on an input its dead owner left without an answer."""
    who = str(owner) if owner is not None else "an earlier run"
    return f"sent by {who}, which ended without an answer"


def canonical_key(operation: str, payload: Any) -> str:
    """A stable key for an input: the same fields give the same key, in any order."""
    text = json.dumps(
        {"operation": operation, "input": payload},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


class LedgerStore(Protocol):
    """Where a :class:`Ledger` keeps its records (the SQLite file, or a shared database).

    Coroutines run on the caller's loop and must not block it. Every write is durable when it
    returns. ``claim`` and ``abandon`` decide with :func:`judge` inside one transaction.
    Failures are :class:`~pronto_async.errors.LedgerError` naming the store.
    """

    async def get(self, operation: str, key: str) -> LedgerRecord | None: ...

    async def claim(
        self, operation: str, key: str, payload: Any, *, owner: Owner, lease: float,
        retry_ambiguous: bool,
    ) -> tuple[Verdict, LedgerRecord | None]:
        """Take the input for ``owner`` if :func:`judge` says ``CLAIM``; turn an
        ``ABANDONED`` one into ``ambiguous``. Returns the verdict and the record after."""
        ...

    async def abandon(self, operation: str, key: str, *, owner: Owner) -> LedgerRecord | None:
        """Turn the input into ``ambiguous`` if it is still ``ABANDONED`` (asked by
        ``owner``); return the record after."""
        ...

    async def submit(self, operation: str, key: str, payload: Any) -> None: ...

    async def finish(
        self, operation: str, key: str, state: RecordState, *, owner: Owner | None,
        result: Any, error: str | None, enrichment_id: str | None,
    ) -> None: ...

    async def renew(self, owner: Owner, lease_until: float) -> None: ...

    async def release(self, owner: Owner) -> int: ...

    async def records(
        self, *, state: RecordState | None, operation: str | None
    ) -> list[LedgerRecord]: ...

    async def add_deliveries(
        self, receiver: str, items: list[tuple[str, Any]]
    ) -> list[bool]: ...

    def summary(self) -> LedgerSummary:
        """Blocking (the facade's ``summary()`` is): callable from any thread, briefly from
        a running loop."""
        ...

    def close(self) -> None: ...


class Ledger:
    """A resumable record of paid work, shared safely by the runs that use it.

    Args:
        path: The database file; created with its directory if missing.
        lease: Seconds another run trusts a claim of this ledger's runs without hearing
            from them (they renew it every third of that while they live).
        lock_timeout: Seconds a read or write waits while another process holds the file's
            lock before raising :class:`~pronto_async.errors.LedgerError`.
        on_claimed: What a run does with an input another live run is sending: ``"wait"``
            (default) for its result, or ``"report"`` it at once as
            :class:`~pronto_async.errors.ClaimedElsewhereError` (nothing sent).

    Raises:
        LedgerError: the file cannot be a ledger (a directory, not a database, truncated,
            corrupt, unreadable, from a newer version).
        ValidationError: a setting is out of range.

    Use it with ``with Ledger(path) as ledger:`` or call :meth:`close`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lease: float = DEFAULT_LEASE,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        on_claimed: Literal["wait", "report"] = "wait",
    ) -> None:
        problems = []
        for name, value in (("lease", lease), ("lock_timeout", lock_timeout)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                value > 0 and math.isfinite(value)
            ):
                problems.append(f"{name} must be a number of seconds > 0, got {value!r}")
        if on_claimed not in ("wait", "report"):
            problems.append(f"on_claimed must be 'wait' or 'report', got {on_claimed!r}")
        if problems:
            raise ValidationError(problems)
        self.path = os.fspath(path)
        self.lease = float(lease)
        self.lock_timeout = float(lock_timeout)
        self.on_claimed: Literal["wait", "report"] = on_claimed
        from ._ledger_sqlite import SQLiteStore  # the store imports this module's types

        self._store: LedgerStore = SQLiteStore(self.path, lock_timeout=self.lock_timeout)

    # -- records ------------------------------------------------------------------------

    async def get(self, operation: str, key: str) -> LedgerRecord | None:
        """The record of one input, if any."""
        return await self._store.get(operation, key)

    async def claim(
        self, operation: str, key: str, payload: Any, *, owner: Owner, retry_ambiguous: bool
    ) -> tuple[Verdict, LedgerRecord | None]:
        """Take the input for ``owner`` as its request leaves, atomically across the runs
        sharing this ledger (see the module's notes).

        Returns:
            :attr:`Verdict.CLAIM` (or ``MINE``) when the run may send it; otherwise the
            verdict and the record that stands in the way.
        """
        return await self._store.claim(
            operation, key, payload, owner=owner, lease=self.lease,
            retry_ambiguous=retry_ambiguous,
        )

    async def abandon(self, operation: str, key: str, *, owner: Owner) -> LedgerRecord | None:
        """Mark an input a dead run left without an answer ``ambiguous``; return its record."""
        return await self._store.abandon(operation, key, owner=owner)

    async def submit(self, operation: str, key: str, payload: Any) -> None:
        """Record that the input is being sent, unconditionally and with no owner (no claim:
        other runs take it for abandoned, hence ``ambiguous``). The fan-out uses
        :meth:`claim`."""
        await self._store.submit(operation, key, payload)

    async def finish(
        self,
        operation: str,
        key: str,
        state: RecordState,
        *,
        result: Any = None,
        error: str | None = None,
        enrichment_id: str | None = None,
        owner: Owner | None = None,
    ) -> None:
        """Settle a submitted input: ``done`` (always written, never undone), ``failed``,
        ``ambiguous``, or ``submitted`` with an enrichment id to follow. A state other than
        ``done`` does not overwrite another live run's claim."""
        await self._store.finish(
            operation, key, state, owner=owner, result=result, error=error,
            enrichment_id=enrichment_id,
        )

    async def renew(self, owner: Owner) -> None:
        """Extend the lease of every claim ``owner`` holds."""
        await self._store.renew(owner, time.time() + self.lease)

    async def release(self, owner: Owner) -> int:
        """The run is over: its claims still without an answer (requests cut off) become
        ``ambiguous``. Returns how many."""
        return await self._store.release(owner)

    async def records(
        self, *, state: RecordState | None = None, operation: str | None = None
    ) -> list[LedgerRecord]:
        """Every record, optionally of one state and one operation."""
        return await self._store.records(state=state, operation=operation)

    # -- webhook deliveries ---------------------------------------------------------------

    async def add_deliveries(self, receiver: str, items: Iterable[tuple[str, Any]]) -> list[bool]:
        """Store deliveries (``(dedup key, payload)``) before they are acknowledged; ``True``
        for each one not seen before."""
        return await self._store.add_deliveries(receiver, list(items))

    # -- reporting and lifecycle ----------------------------------------------------------

    def summary(self) -> LedgerSummary:
        """Counts per state: what was billed versus what was captured."""
        return self._store.summary()

    def close(self) -> None:
        """Close the database. Idempotent."""
        self._store.close()

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

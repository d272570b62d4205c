"""Claims: the rules (``judge``), one transaction per claim, dead owners, settled records."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pronto_async.ledger import (
    Ledger,
    LedgerRecord,
    Owner,
    RecordState,
    Verdict,
    judge,
    owner_alive,
)

OP = "contacts.enrich"


def _record(state: RecordState, **fields: object) -> LedgerRecord:
    return LedgerRecord(operation=OP, key="k", input={}, state=state, **fields)  # type: ignore[arg-type]


@pytest.fixture
def me() -> Iterator[Owner]:
    owner = Owner.start()
    yield owner
    owner.end()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_claim_rules(me: Owner) -> None:
    now = time.time()
    other = Owner(run_id="f" * 32, pid=os.getpid(), host=me.host)  # this process, run ended
    alive_elsewhere = Owner(run_id="e" * 32, pid=1, host="another-host")
    dead_here = Owner(run_id="d" * 32, pid=_dead_pid(), host=me.host)

    def verdict(record: LedgerRecord | None, retry: bool = False) -> Verdict:
        return judge(record, me=me, now=now, retry_ambiguous=retry)

    assert verdict(None) is Verdict.CLAIM
    assert verdict(_record(RecordState.FAILED)) is Verdict.CLAIM  # nothing was charged
    assert verdict(_record(RecordState.DONE)) is Verdict.DONE
    assert verdict(_record(RecordState.SUBMITTED, enrichment_id="e1")) is Verdict.FOLLOW
    assert verdict(_record(RecordState.AMBIGUOUS, enrichment_id="e1")) is Verdict.FOLLOW
    assert verdict(_record(RecordState.AMBIGUOUS)) is Verdict.AMBIGUOUS
    assert verdict(_record(RecordState.AMBIGUOUS), retry=True) is Verdict.CLAIM
    live = {"lease_until": now + 30}
    assert verdict(_record(RecordState.SUBMITTED, owner=me, **live)) is Verdict.MINE
    assert verdict(_record(RecordState.SUBMITTED, owner=alive_elsewhere, **live)) is (
        Verdict.HELD
    )
    # Dead: the lease ran out; the process is gone; this process's run is over; no owner.
    for dead in (
        _record(RecordState.SUBMITTED, owner=alive_elsewhere, lease_until=now - 1),
        _record(RecordState.SUBMITTED, owner=dead_here, **live),
        _record(RecordState.SUBMITTED, owner=other, **live),
        _record(RecordState.SUBMITTED),
    ):
        assert verdict(dead) is Verdict.ABANDONED, dead
        assert verdict(dead, retry=True) is Verdict.CLAIM


def test_a_live_process_on_this_host_holds_its_claim(me: Owner) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        owner = Owner(run_id="a" * 32, pid=sleeper.pid, host=me.host)
        assert owner_alive(owner, time.time() + 30, time.time())
        sleeper.kill()
        time.sleep(0.2)  # killed, not yet reaped: a zombie is not a live run
        assert not owner_alive(owner, time.time() + 30, time.time())
    finally:
        sleeper.kill()
        sleeper.wait()


async def test_a_claim_records_its_owner_and_lease(tmp_path: Path, me: Owner) -> None:
    with Ledger(tmp_path / "l.db", lease=12) as ledger:
        before = time.time()
        verdict, record = await ledger.claim(OP, "k", {"a": 1}, owner=me, retry_ambiguous=False)
        again, _ = await ledger.claim(OP, "k", {"a": 1}, owner=me, retry_ambiguous=False)
        stored = await ledger.get(OP, "k")
    assert (verdict, again) == (Verdict.CLAIM, Verdict.MINE)
    assert record is not None and record == stored
    assert (record.state, record.owner, record.attempts) == (RecordState.SUBMITTED, me, 1)
    assert record.lease_until is not None and before + 12 <= record.lease_until <= time.time() + 12


def test_concurrent_claims_from_separate_connections_take_each_input_once(
    tmp_path: Path,
) -> None:
    """Eight threads, each with a Ledger (its own SQLite connection) on one file, claim the
    same 100 inputs at once: every input is taken exactly once."""
    path = tmp_path / "shared.db"
    Ledger(path).close()
    start = threading.Barrier(8)
    won: list[list[str]] = []

    def contender() -> None:
        owner = Owner.start()
        mine: list[str] = []

        async def go() -> None:
            with Ledger(path) as ledger:
                start.wait()
                for i in range(100):
                    verdict, _ = await ledger.claim(OP, f"k{i}", {}, owner=owner,
                                                    retry_ambiguous=False)
                    if verdict is Verdict.CLAIM:
                        mine.append(f"k{i}")

        asyncio.run(go())
        won.append(mine)  # the run stays alive: the others must see its claims as held

    threads = [threading.Thread(target=contender) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    taken = [key for keys in won for key in keys]
    assert len(won) == 8
    assert sorted(taken) == sorted(f"k{i}" for i in range(100))  # each once, none twice


async def test_an_abandoned_claim_becomes_ambiguous_and_is_never_silently_resent(
    tmp_path: Path, me: Owner
) -> None:
    dead = Owner(run_id="d" * 32, pid=_dead_pid(), host=me.host)
    with Ledger(tmp_path / "l.db") as ledger:
        await ledger.claim(OP, "k", {}, owner=dead, retry_ambiguous=False)
        verdict, record = await ledger.claim(OP, "k", {}, owner=me, retry_ambiguous=False)
        assert verdict is Verdict.ABANDONED
        assert record is not None and record.state is RecordState.AMBIGUOUS
        assert f"pid {dead.pid} " in (record.error or "")
        # Only a run that asks for it re-sends: one more attempt, now its claim.
        verdict, record = await ledger.claim(OP, "k", {}, owner=me, retry_ambiguous=True)
        assert verdict is Verdict.CLAIM
        assert record is not None and (record.attempts, record.owner) == (2, me)
        await ledger.finish(OP, "k", RecordState.DONE, result={"x": 1}, owner=me)
        summary = ledger.summary()
    assert (summary.done, summary.ambiguous, summary.submitted) == (1, 0, 0)


async def test_abandon_only_touches_a_claim_that_is_really_dead(
    tmp_path: Path, me: Owner
) -> None:
    other = Owner.start()
    with Ledger(tmp_path / "l.db") as ledger:
        await ledger.claim(OP, "k", {}, owner=other, retry_ambiguous=False)
        held = await ledger.abandon(OP, "k", owner=me)
        other.end()  # its run is over: now it is dead
        gone = await ledger.abandon(OP, "k", owner=me)
    assert held is not None and held.state is RecordState.SUBMITTED
    assert gone is not None and gone.state is RecordState.AMBIGUOUS


async def test_a_result_always_lands_and_done_is_never_undone(
    tmp_path: Path, me: Owner
) -> None:
    other = Owner.start()
    try:
        with Ledger(tmp_path / "l.db") as ledger:
            await ledger.claim(OP, "k", {}, owner=other, retry_ambiguous=False)
            # A stale run's failure does not overwrite a live claim of another run...
            await ledger.finish(OP, "k", RecordState.AMBIGUOUS, error="late", owner=me)
            assert (await ledger.get(OP, "k")).state is RecordState.SUBMITTED  # type: ignore[union-attr]
            # ... but its result does, and then nothing undoes it.
            await ledger.finish(OP, "k", RecordState.DONE, result={"paid": 1}, owner=me)
            await ledger.finish(OP, "k", RecordState.AMBIGUOUS, error="late", owner=other)
            await ledger.finish(OP, "k", RecordState.SUBMITTED, enrichment_id="e", owner=other)
            record = await ledger.get(OP, "k")
    finally:
        other.end()
    assert record is not None
    assert (record.state, record.result, record.lease_until) == (
        RecordState.DONE, {"paid": 1}, None)


async def test_leases_are_renewed_and_released_claims_become_ambiguous(
    tmp_path: Path, me: Owner
) -> None:
    with Ledger(tmp_path / "l.db", lease=5) as ledger:
        for key in ("a", "b", "c"):
            await ledger.claim(OP, key, {}, owner=me, retry_ambiguous=False)
        await ledger.finish(OP, "a", RecordState.DONE, result={}, owner=me)
        await ledger.finish(OP, "b", RecordState.SUBMITTED, enrichment_id="e", owner=me)
        first = (await ledger.get(OP, "c")).lease_until  # type: ignore[union-attr]
        await asyncio.sleep(0.05)
        await ledger.renew(me)
        renewed = (await ledger.get(OP, "c")).lease_until  # type: ignore[union-attr]
        cut = await ledger.release(me)
        records = {r.key: r for r in await ledger.records()}
    assert first is not None and renewed is not None and renewed > first
    assert cut == 1  # only the claim still waiting for its answer
    assert records["c"].state is RecordState.AMBIGUOUS and "stopped" in (records["c"].error or "")
    assert records["b"].state is RecordState.SUBMITTED  # its id is followed by the next run
    assert records["a"].state is RecordState.DONE

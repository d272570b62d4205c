"""A bulk run killed mid-way (SIGKILL, no clean-up at all) and run again with its ledger."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from pronto_async import AmbiguousChargeError, Pronto
from pronto_async.ledger import Ledger, RecordState
from pronto_async.testing import FakePronto, Latency

ROWS = 400

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pronto_async import AsyncPronto, Ledger, Rate

    base, enrich, key, path = sys.argv[1:5]
    rows = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com"}
            for i in range(ROWS)]

    async def main():
        with Ledger(path) as ledger:
            async with AsyncPronto(key, base_url=base, enrich_base_url=enrich, ledger=ledger,
                                   rate_limits={"contacts.enrich": Rate(50, 0.2)}) as pronto:
                async for outcome in pronto.contacts.enrich_many(rows, enrichment_type="email"):
                    print("outcome", outcome.index, flush=True)

    asyncio.run(main())
    """
).replace("ROWS", str(ROWS))


def test_a_killed_run_resumes_without_paying_twice(tmp_path: Path) -> None:
    ledger_path = tmp_path / "run.db"
    with FakePronto(time_scale=0.2, latency=Latency(0.5, 0.1)) as fake:  # its own thread
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, fake.base_url, fake.enrich_base_url, fake.api_key,
             str(ledger_path)],
            stdout=subprocess.PIPE, text=True,
        )
        assert child.stdout is not None
        done_before_kill = 0
        for line in child.stdout:
            done_before_kill += line.startswith("outcome")
            if done_before_kill == ROWS // 3:
                break
        os.kill(child.pid, signal.SIGKILL)  # mid-flight: requests are on the wire
        child.wait(timeout=10)
        child.stdout.close()
        time.sleep(0.5)  # let the fake finish (and bill) what was in flight
        received_before_rerun = fake.stats["contacts.enrich"].requests

        with Ledger(ledger_path) as ledger:
            left = ledger.summary()
            with fake.sync_client(ledger=ledger) as pronto:
                assert isinstance(pronto, Pronto)
                rows = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com"}
                        for i in range(ROWS)]
                outcomes = list(pronto.contacts.enrich_many(rows, enrichment_type="email"))
            after = ledger.summary()
            interrupted = _records(ledger, RecordState.AMBIGUOUS)

        stats = fake.stats["contacts.enrich"]
        duplicates = fake.stats.duplicate_charges

    assert child.returncode == -signal.SIGKILL
    assert left.done >= done_before_kill
    assert left.submitted > 0  # the kill caught requests in flight
    # Rows are "submitted" only once their request leaves, not while they wait for the rate
    # limit (up to 250 in flight here): what the ledger holds is what the server received,
    # give or take the few leaving at the instant of the kill.
    assert left.done + left.submitted <= received_before_rerun + 5
    assert len(outcomes) == ROWS
    assert duplicates == 0  # not one input charged twice
    # Every row the server charged is captured, except those in flight at the kill: the
    # re-run finds their owner dead, marks them "ambiguous", reports them, never re-sends them.
    ambiguous = [o for o in outcomes if isinstance(o.error, AmbiguousChargeError)]
    assert len(ambiguous) == left.submitted == len(interrupted)
    assert all(f"pid {child.pid} " in (r.error or "") for r in interrupted)
    assert (after.submitted, after.ambiguous) == (0, left.submitted)
    assert all(o.ok for o in outcomes if not isinstance(o.error, AmbiguousChargeError))
    assert after.done == ROWS - left.submitted
    assert stats.charged - left.submitted <= after.done <= stats.charged


def _records(ledger: Ledger, state: RecordState) -> list[Any]:
    import asyncio

    return asyncio.run(ledger.records(state=state))


ASYNC_CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pronto_async import AsyncPronto, Ledger

    base, enrich, key, path, rows, concurrency = sys.argv[1:7]
    rows = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com"}
            for i in range(int(rows))]

    async def main():
        with Ledger(path) as ledger:
            async with AsyncPronto(key, base_url=base, enrich_base_url=enrich,
                                   ledger=ledger) as pronto:
                async for outcome in pronto.contacts.enrich_many(
                    rows, enrichment_type="email", mode="async", poll_interval=0.2,
                    concurrency=int(concurrency),
                ):
                    print("outcome", outcome.index, outcome.ok, flush=True)

    asyncio.run(main())
    """
)


def _ledger_counts(path: Path) -> tuple[int, int]:
    """(records with an enrichment id or a result, all records), read while the child runs."""
    import sqlite3

    if not path.exists():
        return 0, 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        known, total = conn.execute(
            "SELECT COALESCE(SUM(enrichment_id IS NOT NULL OR state = 'done'), 0), COUNT(*) "
            "FROM records"
        ).fetchone()
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0, 0
    finally:
        conn.close()
    return int(known), int(total)


def _kill_when(child: subprocess.Popen[str], path: Path, known_at_least: int) -> None:
    deadline = time.monotonic() + 60
    while _ledger_counts(path)[0] < known_at_least:
        assert child.poll() is None, "the child ended before the kill"
        assert time.monotonic() < deadline, "the child never got that far"
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)


def _rerun(fake: FakePronto, path: Path, rows: int) -> tuple[list[Any], Any, Any]:
    with Ledger(path) as ledger:
        left = ledger.summary()
        with fake.sync_client(ledger=ledger) as pronto:
            inputs = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com"}
                      for i in range(rows)]
            outcomes = list(pronto.contacts.enrich_many(
                inputs, enrichment_type="email", mode="async", poll_interval=0.2,
            ))
        return outcomes, left, ledger.summary()


def test_a_run_killed_while_async_waterfalls_run_loses_nothing(tmp_path: Path) -> None:
    """Every queued enrichment's id is in the ledger before its waterfall ends: killed then,
    the re-run follows every id, pays for nothing again, and captures every result."""
    rows, path = 200, tmp_path / "async.db"
    with FakePronto(time_scale=0.2, enrichment_seconds=30) as fake:  # 6 s per waterfall
        child = subprocess.Popen(
            [sys.executable, "-c", ASYNC_CHILD, fake.base_url, fake.enrich_base_url,
             fake.api_key, str(path), str(rows), "256"],
            stdout=subprocess.DEVNULL,
        )
        _kill_when(child, path, rows)  # every contact queued, no waterfall finished yet
        outcomes, left, after = _rerun(fake, path, rows)
        queued = fake.stats["contacts.start_enrichment"]
        duplicates = fake.stats.duplicate_charges

    assert child.returncode == -signal.SIGKILL
    assert (left.done, left.recoverable, left.unrecoverable) == (0, rows, 0)
    assert len(outcomes) == rows and all(o.ok and o.resumed for o in outcomes)
    assert all(o.value.is_done and o.value.email for o in outcomes if o.value.found)
    assert queued.charged == rows and duplicates == 0  # queued once each, none re-sent
    assert (after.done, after.possibly_billed_not_captured) == (rows, 0)


def test_a_run_killed_while_queueing_resumes_what_it_can_and_reports_the_rest(
    tmp_path: Path,
) -> None:
    """Killed while contacts are being queued: the re-run follows every stored id, queues
    the contacts never sent, and reports (never re-sends) those whose answer the kill lost."""
    rows, path = 300, tmp_path / "mid.db"
    with FakePronto(time_scale=0.2, enrichment_seconds=5, latency=Latency(0.5, 0.2)) as fake:
        child = subprocess.Popen(
            [sys.executable, "-c", ASYNC_CHILD, fake.base_url, fake.enrich_base_url,
             fake.api_key, str(path), str(rows), "20"],
            stdout=subprocess.DEVNULL,
        )
        _kill_when(child, path, rows // 3)
        time.sleep(0.5)  # let the fake finish (and bill) what was in flight
        outcomes, left, after = _rerun(fake, path, rows)
        queued = fake.stats["contacts.start_enrichment"]
        duplicates = fake.stats.duplicate_charges

    lost = [o for o in outcomes if isinstance(o.error, AmbiguousChargeError)]
    assert left.recoverable > 0 and left.unrecoverable <= 20  # at most the in-flight bound
    assert len(outcomes) == rows and duplicates == 0
    assert len(lost) == left.unrecoverable
    assert sum(o.resumed for o in outcomes) == left.recoverable
    assert sum(o.from_ledger and o.ok for o in outcomes) == left.done
    assert all(o.ok for o in outcomes if not isinstance(o.error, AmbiguousChargeError))
    assert after.done == rows - len(lost)
    # Billed = captured + (some of) the reported: nothing paid for is silently lost. A lost
    # request may or may not have reached the server before the kill.
    assert after.done <= queued.charged <= after.done + len(lost)


def _ids_and_records(path: Path) -> tuple[int, int]:
    import sqlite3

    if not path.exists():
        return 0, 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        ids, total = conn.execute(
            "SELECT COALESCE(SUM(enrichment_id IS NOT NULL), 0), COUNT(*) FROM records"
        ).fetchone()
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0, 0
    finally:
        conn.close()
    return int(ids), int(total)


@pytest.mark.parametrize("moment", ["first burst sent", "first burst recorded"])
def test_async_mode_killed_at_a_burst_leaves_at_most_the_submit_bound_ambiguous(
    tmp_path: Path, moment: str
) -> None:
    """Up to 256 rows wait for their waterfall, but at most 16 submits are in flight, each until its
    id is committed. Killed as the first 16 reach the server (none answered), or once they
    are answered and recorded (the next 16 on the wire): at most 16 rows are left "may have
    been charged", no answered submit is missing from the ledger, and the re-run follows the
    stored ids and sends the rest without paying twice."""
    rows, bound, path = 100, 16, tmp_path / "burst.db"
    # Each submit is answered 0.3 s after it arrives; no waterfall ends before the kill.
    latency = {"contacts.start_enrichment": Latency(1.5, 0)}
    with FakePronto(time_scale=0.2, enrichment_seconds=5, latency=latency) as fake:
        queued = fake.stats["contacts.start_enrichment"]
        child = subprocess.Popen(
            [sys.executable, "-c", ASYNC_CHILD, fake.base_url, fake.enrich_base_url,
             fake.api_key, str(path), str(rows), "256"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while (queued.requests < bound if moment == "first burst sent"
               else _ids_and_records(path)[0] < bound):
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        answered_at_kill = queued.charged  # the fake charges as it answers
        child.wait(timeout=10)
        ids, records = _ids_and_records(path)
        time.sleep(0.5)  # let the fake answer (and bill) what was on the wire
        outcomes, left, after = _rerun(fake, path, rows)
        duplicates = fake.stats.duplicate_charges
        charged = queued.charged

    ambiguous = records - ids
    assert ambiguous <= bound  # without the bound: nearly every row (173-183 of 200)
    assert answered_at_kill - ids == 0  # every answered submit's id was in the ledger
    assert left.unrecoverable == ambiguous and left.recoverable == ids
    lost = [o for o in outcomes if isinstance(o.error, AmbiguousChargeError)]
    assert len(outcomes) == rows and len(lost) == ambiguous
    assert sum(o.resumed for o in outcomes) == ids  # followed for free
    assert all(o.ok for o in outcomes if not isinstance(o.error, AmbiguousChargeError))
    assert duplicates == 0 and charged <= rows
    assert (after.done, after.ambiguous, after.submitted) == (rows - ambiguous, ambiguous, 0)

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

        with Ledger(ledger_path) as ledger:
            left = ledger.summary()
            with fake.sync_client(ledger=ledger) as pronto:
                assert isinstance(pronto, Pronto)
                rows = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com"}
                        for i in range(ROWS)]
                outcomes = list(pronto.contacts.enrich_many(rows, enrichment_type="email"))
            after = ledger.summary()
            interrupted = {r.key for r in _records(ledger, RecordState.SUBMITTED)}

        stats = fake.stats["contacts.enrich"]
        duplicates = fake.stats.duplicate_charges

    assert child.returncode == -signal.SIGKILL
    assert left.done >= done_before_kill
    assert left.submitted > 0  # the kill caught requests in flight
    assert len(outcomes) == ROWS
    assert duplicates == 0  # not one input charged twice
    # Every row the server charged is captured, except those in flight at the kill: they
    # stay "submitted" in the ledger, are reported, and are never re-sent.
    ambiguous = [o for o in outcomes if isinstance(o.error, AmbiguousChargeError)]
    assert len(ambiguous) == left.submitted == len(interrupted)
    assert all(o.ok for o in outcomes if not isinstance(o.error, AmbiguousChargeError))
    assert after.done == ROWS - left.submitted
    assert stats.charged - left.submitted <= after.done <= stats.charged


def _records(ledger: Ledger, state: RecordState) -> list[Any]:
    import asyncio

    return asyncio.run(ledger.records(state=state))

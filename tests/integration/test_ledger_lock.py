"""Another process holds the ledger's write lock mid-run: the run waits, loses nothing."""

from __future__ import annotations

import asyncio
import sys
import textwrap
import time
from pathlib import Path

from pronto_async import Rate
from pronto_async.ledger import Ledger
from pronto_async.testing import FakePronto, Latency

# Takes the file's write lock (BEGIN EXCLUSIVE), says so, holds it, lets go.
HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("ROLLBACK")
    print("released", flush=True)
    """
)
ROWS = 200
HOLD = 8.0  # a real lock held as long as the report measured, not a scaled window


async def test_an_external_lock_of_8_s_is_waited_for_and_no_result_is_lost(
    tmp_path: Path,
) -> None:
    path = tmp_path / "locked.db"
    rows = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com"}
            for i in range(ROWS)]
    async with FakePronto(time_scale=0.2, latency=Latency(0.4, 0.1)) as fake:
        stats = fake.stats["contacts.enrich"]
        with Ledger(path) as ledger:
            async with fake.client(
                ledger=ledger, rate_limits={"contacts.enrich": Rate(50, 0.2)}
            ) as pronto:
                outcomes = []
                holder: asyncio.subprocess.Process | None = None
                async for outcome in pronto.contacts.enrich_many(rows, enrichment_type="email"):
                    outcomes.append(outcome)
                    if len(outcomes) == 40:  # requests are on the wire: lock the file now
                        holder = await asyncio.create_subprocess_exec(
                            sys.executable, "-c", HOLDER, str(path), str(HOLD),
                            stdout=asyncio.subprocess.PIPE,
                        )
                        assert holder.stdout is not None
                        assert (await holder.stdout.readline()).strip() == b"locked"
                        locked_at, charged_at_lock = time.monotonic(), stats.charged
                assert holder is not None and holder.stdout is not None
                assert (await holder.stdout.readline()).strip() == b"released"
                assert await holder.wait() == 0
            summary = ledger.summary()
        elapsed = time.monotonic() - locked_at

    assert len(outcomes) == ROWS
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok][:3]
    assert elapsed >= HOLD  # the lock really held the run
    # Answers that came back while the file was locked were paid for: each was kept and
    # written once the lock went away, and no row was sent twice.
    assert stats.charged > charged_at_lock
    assert stats.charged == ROWS and fake.stats.duplicate_charges == 0
    assert (summary.done, summary.submitted, summary.ambiguous) == (ROWS, 0, 0)

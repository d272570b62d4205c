"""Several processes on one SQLite ledger file, the same rows: each input is sent once."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from pronto_async.ledger import Ledger
from pronto_async.testing import FakePronto, Latency

ROWS = 200

# Prints one JSON line per outcome: index, ok, from_ledger, error class.
CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    from pronto_async import AsyncPronto, Ledger, Rate

    base, enrich, key, path, rows, on_claimed, order = sys.argv[1:8]
    rows = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com"}
            for i in range(int(rows))]
    if order == "reversed":
        rows.reverse()

    async def main():
        with Ledger(path, on_claimed=on_claimed) as ledger:
            async with AsyncPronto(key, base_url=base, enrich_base_url=enrich, ledger=ledger,
                                   rate_limits={"contacts.enrich": Rate(25, 0.2)}) as pronto:
                async for o in pronto.contacts.enrich_many(rows, enrichment_type="email"):
                    print(json.dumps({"name": o.input["first_name"], "ok": o.ok,
                                      "from_ledger": o.from_ledger,
                                      "error": type(o.error).__name__ if o.error else None}),
                          flush=True)

    asyncio.run(main())
    """
)


def _run_two(
    fake: FakePronto, path: Path, *, on_claimed: str, orders: tuple[str, str]
) -> list[list[dict[str, Any]]]:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, fake.base_url, fake.enrich_base_url, fake.api_key,
             str(path), str(ROWS), on_claimed, order],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for order in orders
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append([json.loads(line) for line in out.splitlines()])
    return results


def test_two_processes_with_the_same_rows_pay_for_each_row_once(tmp_path: Path) -> None:
    """Both runs start together on the same 200 rows in the same order (every row
    contended): one sends each row, the other waits for its result and yields it."""
    path = tmp_path / "shared.db"
    with FakePronto(time_scale=0.2, latency=Latency(0.3, 0.2)) as fake:
        runs = _run_two(fake, path, on_claimed="wait", orders=("same", "same"))
        stats = fake.stats["contacts.enrich"]
        charged, requests, duplicates = stats.charged, stats.requests, fake.stats.duplicate_charges
    with Ledger(path) as ledger:
        summary = ledger.summary()
        attempts = {r.attempts for r in asyncio.run(ledger.records())}

    assert duplicates == 0
    assert charged == requests == ROWS  # every row sent exactly once, by one of the two
    names = {f"Ada{i}" for i in range(ROWS)}
    for outcomes in runs:  # each run: one successful outcome per row
        assert len(outcomes) == ROWS
        assert {o["name"] for o in outcomes} == names
        assert all(o["ok"] for o in outcomes), [o for o in outcomes if not o["ok"]][:3]
    # What one run sent, the other took from the ledger: together, each row sent once.
    sent = [sum(not o["from_ledger"] for o in outcomes) for outcomes in runs]
    assert sum(sent) == ROWS
    assert (summary.done, summary.total, attempts) == (ROWS, ROWS, {1})


def test_runs_that_do_not_wait_share_the_rows_out(tmp_path: Path) -> None:
    """``on_claimed="report"``: a row the other process is sending is reported as
    ClaimedElsewhereError at once; between them every row is sent once and none twice."""
    path = tmp_path / "shared.db"
    with FakePronto(time_scale=0.2, latency=Latency(0.3, 0.2)) as fake:
        runs = _run_two(fake, path, on_claimed="report", orders=("same", "reversed"))
        stats = fake.stats["contacts.enrich"]
        charged, duplicates = stats.charged, fake.stats.duplicate_charges

    assert duplicates == 0 and charged == ROWS
    for outcomes in runs:
        assert len(outcomes) == ROWS
        assert {o["error"] for o in outcomes} <= {None, "ClaimedElsewhereError"}
    sent = {o["name"] for outcomes in runs for o in outcomes
            if o["ok"] and not o["from_ledger"]}
    taken = sum(o["error"] == "ClaimedElsewhereError" for outcomes in runs for o in outcomes)
    assert len(sent) == ROWS  # every row was sent by one of them
    assert taken > 0  # they did meet (reversed orders cross in the middle)

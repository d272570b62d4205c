"""Fan-out against FakePronto: thousands of rows, injected faults, a ledger, and not one
input charged twice."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from pronto_async import AmbiguousChargeError, ProntoError
from pronto_async.ledger import Ledger
from pronto_async.testing import FakePronto, Fault
from tests.support.harness import Harness

#: 10% of requests get a fault, spread over every kind a server or proxy produces (the stall
#: is left out: it only costs wall time here).
FAULTS = {fault: 0.1 / 7 for fault in Fault if fault is not Fault.STALL}


async def collect(result: Any) -> list[Any]:
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


def rows(count: int) -> list[dict[str, Any]]:
    return [
        {"first_name": f"Ada{i}", "last_name": "Lovelace", "domain": f"d{i % 97}.example.com",
         "custom": {"row": i}}
        for i in range(count)
    ]


@pytest.mark.pronto_fake(faults=FAULTS)
async def test_2000_rows_with_10_percent_faults_never_pay_twice(
    pronto: Harness, fake: FakePronto, tmp_path: Path
) -> None:
    count = 2000 if pronto.kind == "async" else 600
    with Ledger(tmp_path / "run.db") as ledger:
        outcomes = await collect(
            pronto.contacts.enrich_many(rows(count), enrichment_type="email", ledger=ledger)
        )
        summary = ledger.summary()

    assert sorted(o.index for o in outcomes) == list(range(count))  # one outcome per row
    stats = fake.stats["contacts.enrich"]
    assert fake.stats.duplicate_charges == 0  # no input charged twice by SDK retries
    # Each row was admitted exactly once. (At this 20x time scale a window is 50 ms, so a
    # loaded 2-core machine can squeeze a request into the next window and meet a 429; a
    # 429 is refused work, retried after the gate, never charged. test_fake_limits proves
    # 0 x 429 at the documented pace.)
    assert stats.accepted == count
    failed = [o for o in outcomes if not o.ok]
    assert 0.05 * count < len(failed) < 0.15 * count
    # Every failure is one the client cannot prove uncharged; all are in the ledger as such.
    assert all(isinstance(o.error, ProntoError) and o.error.may_have_charged for o in failed)
    assert summary.done == count - len(failed)
    assert summary.ambiguous == len(failed)
    # The fake charged every success and every fault that struck after the work, once.
    after_work = sum(n for kind, n in stats.faults_by_kind.items() if Fault(kind).after_work)
    assert stats.charged == summary.done + after_work


@pytest.mark.pronto_fake(faults={Fault.SERVER_ERROR: 0.2})
async def test_a_rerun_captures_from_the_ledger_and_resends_nothing_ambiguous(
    fake: FakePronto, tmp_path: Path
) -> None:
    path = tmp_path / "run.db"
    with Ledger(path) as ledger:
        async with fake.client(ledger=ledger) as pronto:
            first = await collect(pronto.contacts.enrich_many(rows(300), enrichment_type="email"))
    requests = fake.stats["contacts.enrich"].requests
    with Ledger(path) as ledger:  # a new process would open the same file
        async with fake.client(ledger=ledger) as pronto:
            second = await collect(pronto.contacts.enrich_many(rows(300), enrichment_type="email"))
    assert fake.stats["contacts.enrich"].requests == requests  # the re-run sent nothing
    assert fake.stats.duplicate_charges == 0
    ok_first = {o.index for o in first if o.ok}
    assert {o.index for o in second if o.ok} == ok_first
    assert all(o.from_ledger for o in second)
    assert all(isinstance(o.error, AmbiguousChargeError) for o in second if not o.ok)

"""enrich_many(mode="async"): queue, record the enrichment id, poll; a crash loses nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from pronto_async import AsyncPronto, JobTimeoutError, ValidationError
from pronto_async.ledger import Ledger, RecordState
from pronto_async.models import ContactEnrichment
from tests.support.harness import APP, ENRICH, Harness, collect, request_count

QUEUE = f"{APP}/contacts/single_enrich"
SYNC = f"{ENRICH}/contacts/single_enrich"


class Waterfalls:
    """A stand-in for the asynchronous waterfall: each enrichment is pending while it has
    been read at most ``polls_pending`` times, then finished."""

    def __init__(self, mock: aioresponses, polls_pending: int = 2) -> None:
        self.polls_pending = polls_pending
        self.queued: list[str] = []
        self.reads: dict[str, int] = {}
        mock.post(QUEUE, callback=self.queue, repeat=True)
        for i in range(20):
            mock.get(f"{APP}/contacts/e{i}", callback=self.read, repeat=True)

    def queue(self, url: Any, **kwargs: Any) -> CallbackResult:
        body = json.loads(kwargs["data"])
        enrichment_id = f"e{len(self.queued)}"
        self.queued.append(body["firstname"])
        return CallbackResult(payload={
            "enrichment_id": enrichment_id, "first_name": body["firstname"],
            "status": "pending", "custom": body.get("custom"),
        })

    def read(self, url: URL, **kwargs: Any) -> CallbackResult:
        enrichment_id = url.path.rsplit("/", 1)[1]
        self.reads[enrichment_id] = self.reads.get(enrichment_id, 0) + 1
        name = self.queued[int(enrichment_id[1:])]
        if self.reads[enrichment_id] <= self.polls_pending:
            return CallbackResult(payload={"enrichment_id": enrichment_id, "status": "pending"})
        return CallbackResult(payload={
            "enrichment_id": enrichment_id, "first_name": name, "status": "finished",
            "email": f"{name.lower()}@x.io", "email_status": "valid", "phone": [],
        })


ROWS = [{"first_name": f"A{i}", "last_name": "B", "domain": "x.io"} for i in range(5)]


async def test_async_mode_queues_polls_and_yields_each_result(
    pronto: Harness, mock: aioresponses
) -> None:
    falls = Waterfalls(mock)
    outcomes = await collect(pronto.contacts.enrich_many(
        ROWS, enrichment_type="email", mode="async", poll_interval=0.5, ordered=True,
    ))
    assert [o.value.email for o in outcomes] == [f"a{i}@x.io" for i in range(5)]
    assert all(isinstance(o.value, ContactEnrichment) and o.value.is_done for o in outcomes)
    assert sorted(falls.queued) == [f"A{i}" for i in range(5)]
    assert falls.reads == {f"e{i}": 3 for i in range(5)}  # two pending reads, then finished
    assert request_count(mock, "POST", SYNC) == 0


async def test_the_enrichment_id_is_in_the_ledger_before_the_wait(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    falls = Waterfalls(mock, polls_pending=10**6)  # never finishes within the timeout
    with Ledger(tmp_path / "run.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as client:
            outcomes = await collect(client.contacts.enrich_many(
                ROWS[:2], enrichment_type="email", mode="async", poll_interval=1, timeout=30,
            ))
        assert all(isinstance(o.error, JobTimeoutError) for o in outcomes)
        records = await ledger.records()
        summary = ledger.summary()
    assert {r.enrichment_id for r in records} == {"e0", "e1"}
    assert {r.state for r in records} == {RecordState.SUBMITTED}
    assert all(r.operation == "contacts.enrich" for r in records)
    assert all("JobTimeoutError" in (r.error or "") for r in records)
    assert (summary.submitted, summary.recoverable, summary.unrecoverable) == (2, 2, 0)
    assert len(falls.queued) == 2


@pytest.mark.parametrize("mode", ["async", "sync"])
async def test_a_rerun_follows_the_stored_ids_instead_of_paying_again(
    api_key: str, mock: aioresponses, tmp_path: Path, mode: str
) -> None:
    falls = Waterfalls(mock, polls_pending=10**6)
    mock.post(SYNC, payload={"status": "success", "email": "new@x.io"}, repeat=True)
    with Ledger(tmp_path / "run.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as client:
            # The first run stops while the waterfalls run (as a crash would): ids stored.
            first = await collect(client.contacts.enrich_many(
                ROWS[:3], enrichment_type="email", mode="async", timeout=10,
            ))
            assert all(isinstance(o.error, JobTimeoutError) for o in first)
            assert ledger.summary().recoverable == 3
            falls.polls_pending = 0
            outcomes = await collect(client.contacts.enrich_many(
                ROWS, enrichment_type=["email"], mode=mode, ordered=True,  # type: ignore[arg-type]
            ))
        summary = ledger.summary()
    assert [o.resumed for o in outcomes] == [True, True, True, False, False]
    assert all(o.ok for o in outcomes)
    assert [o.value.email for o in outcomes[:3]] == ["a0@x.io", "a1@x.io", "a2@x.io"]
    # Only the two rows the first run never reached were sent, in the mode asked for.
    assert (len(falls.queued), request_count(mock, "POST", SYNC)) == (
        (5, 0) if mode == "async" else (3, 2)
    )
    assert (summary.done, summary.submitted, summary.recoverable) == (5, 0, 0)


async def test_async_mode_refuses_bad_settings_before_sending(
    pronto: Harness, mock: aioresponses
) -> None:
    for kwargs, problem in [
        ({"mode": "batch"}, "mode must be 'sync' or 'async'"),
        ({"poll_interval": 0}, "poll_interval must be > 0"),
        ({"timeout": -1}, "timeout must be > 0 seconds or None"),
    ]:
        with pytest.raises(ValidationError) as info:
            await collect(pronto.contacts.enrich_many(ROWS, enrichment_type="email", **kwargs))
        assert problem in str(info.value)
    assert request_count(mock) == 0


async def test_a_row_the_async_endpoint_refuses_is_that_rows_error(
    api_key: str, mock: aioresponses
) -> None:
    Waterfalls(mock, polls_pending=0)
    rows = [ROWS[0], {"first_name": "No", "last_name": "Company"}]
    async with AsyncPronto(api_key) as client:
        outcomes = await collect(client.contacts.enrich_many(
            rows, enrichment_type="email", mode="async", ordered=True,
        ))
    assert outcomes[0].ok
    assert isinstance(outcomes[1].error, ValidationError)
    assert "domain" in str(outcomes[1].error) or "company_name" in str(outcomes[1].error)

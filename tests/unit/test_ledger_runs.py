"""Fan-out runs sharing a ledger: claims between runs, ambiguous rows per run, async submits."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from pronto_async import (
    AmbiguousChargeError,
    AsyncPronto,
    ClaimedElsewhereError,
    InternalServerError,
    LedgerError,
    ValidationError,
)
from pronto_async.bulk import Follow
from pronto_async.ledger import Ledger, RecordState
from tests.support.harness import APP, ENRICH, collect, request_count

CONTACT = f"{ENRICH}/contacts/single_enrich"
QUEUE = f"{APP}/contacts/single_enrich"
ACCOUNT = f"{APP}/accounts/single_enrich"
ROWS = [{"first_name": f"A{i}", "last_name": "B", "domain": "x.io"} for i in range(6)]


def slow_contact(
    seen: list[str], seconds: float = 1.0, *, sent: tuple[asyncio.Event, int] | None = None,
    gate: asyncio.Event | None = None,
) -> Any:
    """Answers after ``seconds`` (or once ``gate`` is set: the virtual clock cannot jump
    past it while the ledger's thread works); sets ``sent[0]`` once ``sent[1]`` requests
    arrived."""

    async def answer(url: Any, **kwargs: Any) -> CallbackResult:
        name = json.loads(kwargs["data"])["firstname"]
        seen.append(name)
        if sent is not None and len(seen) >= sent[1]:
            sent[0].set()
        if gate is not None:
            await gate.wait()
        else:
            await asyncio.sleep(seconds)
        return CallbackResult(payload={"first_name": name, "status": "success",
                                       "email": f"{name.lower()}@x.io"})

    return answer


async def test_two_runs_at_once_on_one_ledger_send_each_row_once(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    """Two runs in one process, each with its own Ledger object (own SQLite connection) on
    the same file: the second meets the first's claims, waits, and yields its results."""
    seen: list[str] = []
    all_sent, gate = asyncio.Event(), asyncio.Event()
    mock.post(CONTACT, callback=slow_contact(seen, sent=(all_sent, len(ROWS)), gate=gate),
              repeat=True)
    path = tmp_path / "shared.db"
    with Ledger(path) as first, Ledger(path) as second:
        async with AsyncPronto(api_key) as client:
            a = asyncio.ensure_future(collect(
                client.contacts.enrich_many(ROWS, enrichment_type="email", ledger=first)))
            await all_sent.wait()
            b = asyncio.ensure_future(collect(
                client.contacts.enrich_many(ROWS, enrichment_type="email", ledger=second)))
            await asyncio.to_thread(time.sleep, 0.3)  # the second run is waiting by now
            assert not b.done()
            gate.set()
            sender, waiter = await a, await b
        records = await first.records()
        summary = first.summary()
    assert sorted(seen) == sorted(r["first_name"] for r in ROWS)  # each row sent once
    for outcomes in (sender, waiter):
        assert sorted(o.value.email for o in outcomes) == [f"a{i}@x.io" for i in range(6)]
    assert not any(o.from_ledger for o in sender) and all(o.from_ledger for o in waiter)
    assert (summary.done, {r.attempts for r in records}) == (len(ROWS), {1})


async def test_a_ledger_that_does_not_wait_reports_rows_taken_by_another_run(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    seen: list[str] = []
    all_sent, gate = asyncio.Event(), asyncio.Event()
    mock.post(CONTACT, callback=slow_contact(seen, sent=(all_sent, len(ROWS)), gate=gate),
              repeat=True)
    path = tmp_path / "shared.db"
    with Ledger(path) as first, Ledger(path, on_claimed="report") as second:
        async with AsyncPronto(api_key) as client:
            running = asyncio.ensure_future(collect(
                client.contacts.enrich_many(ROWS, enrichment_type="email", ledger=first)
            ))
            await all_sent.wait()  # the first run's requests are all on the wire
            taken = await collect(
                client.contacts.enrich_many(ROWS, enrichment_type="email", ledger=second)
            )
            gate.set()
            done = await running
    assert len(seen) == len(ROWS)  # the second run sent nothing
    assert all(isinstance(o.error, ClaimedElsewhereError) and o.from_ledger for o in taken), taken
    error = taken[0].error
    assert isinstance(error, ClaimedElsewhereError)
    assert error.pid == os.getpid() and len(error.run_id) == 32 and not error.may_have_charged
    assert "being sent by another run" in str(error)
    assert all(o.ok for o in done)


async def test_a_run_stopped_mid_flight_leaves_its_rows_ambiguous_not_waited_for(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    seen: list[str] = []
    all_sent = asyncio.Event()
    mock.post(CONTACT, callback=slow_contact(seen, sent=(all_sent, 3), gate=asyncio.Event()),
              repeat=True)
    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as client:
            outcomes = client.contacts.enrich_many(ROWS[:3], enrichment_type="email")
            async with contextlib.aclosing(outcomes):
                pending = asyncio.ensure_future(anext(outcomes))
                await all_sent.wait()
                pending.cancel()  # the caller gives up: three requests were on the wire
                with contextlib.suppress(asyncio.CancelledError):
                    await pending
            summary = ledger.summary()
            again = await collect(client.contacts.enrich_many(ROWS[:3], enrichment_type="email"))
    assert (summary.ambiguous, summary.submitted) == (3, 0)
    assert all(isinstance(o.error, AmbiguousChargeError) for o in again)  # reported at once
    assert len(seen) == 3  # and not re-sent


async def test_retry_ambiguous_is_chosen_per_run_and_the_ledger_is_right_afterwards(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    mock.post(ACCOUNT, status=500, payload={"error": "boom"})
    mock.post(ACCOUNT, payload={"name": "Acme"}, repeat=True)
    rows = [{"domain": "acme.com"}]
    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger, max_retries=0) as client:
            first = await collect(client.accounts.enrich_many(rows))
            kept = await collect(client.accounts.enrich_many(rows))  # the client's default
            between = ledger.summary()
            again = await collect(client.accounts.enrich_many(rows, retry_ambiguous=True))
        after = ledger.summary()
        (record,) = await ledger.records()
    assert isinstance(first[0].error, InternalServerError)
    assert isinstance(kept[0].error, AmbiguousChargeError)
    assert (between.ambiguous, between.done) == (1, 0)
    assert again[0].value.name == "Acme" and not again[0].from_ledger
    assert (after.done, after.ambiguous, after.submitted) == (1, 0, 0)
    assert (record.state, record.attempts, record.error) == (RecordState.DONE, 2, None)
    assert request_count(mock, "POST", ACCOUNT) == 2


async def test_a_run_can_refuse_what_the_client_would_re_send(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    mock.post(CONTACT, payload={"status": "success", "email": "a@x.io"}, repeat=True)
    with Ledger(tmp_path / "l.db") as ledger:
        await ledger.submit("contacts.enrich", _key(ROWS[0]), {})  # sent, no answer, no owner
        async with AsyncPronto(api_key, ledger=ledger, retry_ambiguous=True) as client:
            refused = await collect(client.map(
                client.contacts.enrich, [_kwargs(ROWS[0])], retry_ambiguous=False,
            ))
            resent = await collect(client.map(client.contacts.enrich, [_kwargs(ROWS[0])]))
        (record,) = await ledger.records()
    assert isinstance(refused[0].error, AmbiguousChargeError)
    assert resent[0].ok and request_count(mock) == 1
    assert (record.state, record.attempts) == (RecordState.DONE, 2)


def _kwargs(row: dict[str, str]) -> dict[str, Any]:
    return {"first_name": row["first_name"], "last_name": row["last_name"],
            "domain": row["domain"], "enrichment_type": ["email"]}


def _key(row: dict[str, str]) -> str:
    from pronto_async.ledger import canonical_key

    payload = {"first_name": row["first_name"], "last_name": row["last_name"],
               "domain": row["domain"], "enrichment_type": ["email"]}
    return canonical_key("contacts.enrich", payload)


async def test_retry_ambiguous_must_be_a_bool_or_none(api_key: str, mock: aioresponses) -> None:
    async with AsyncPronto(api_key) as client:
        for bad in ("yes", 1):
            with pytest.raises(ValidationError, match="retry_ambiguous"):
                client.contacts.enrich_many(ROWS, enrichment_type="email", retry_ambiguous=bad)  # type: ignore[arg-type]
            with pytest.raises(ValidationError, match="retry_ambiguous"):
                client.accounts.enrich_many([], retry_ambiguous=bad)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="submit_concurrency"):
            client.contacts.enrich_many(ROWS, enrichment_type="email", mode="async",
                                        submit_concurrency=0)
    assert request_count(mock) == 0
    assert Follow(lambda i: asyncio.sleep(0)).submits == 16
    with pytest.raises(ValueError, match="submits"):
        Follow(lambda i: asyncio.sleep(0), submits=0)


async def test_async_mode_bounds_the_submits_and_commits_each_id_first(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    """40 rows may all wait for their waterfall, but at most 4 submits are in flight, and a
    submit is only released once the ids before it are in the ledger."""
    path = tmp_path / "run.db"
    rows = [{"first_name": f"A{i}", "last_name": "B", "domain": "x.io"} for i in range(40)]
    in_flight = peak = 0
    behind: list[int] = []  # per submit: answered submits whose id was not yet committed
    answered = 0

    async def queue(url: Any, **kwargs: Any) -> CallbackResult:
        nonlocal in_flight, peak, answered
        with sqlite3.connect(path) as conn:
            ids = conn.execute("SELECT COUNT(enrichment_id) FROM records").fetchone()[0]
        behind.append(answered - ids)
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.3)
        in_flight -= 1
        answered += 1
        name = json.loads(kwargs["data"])["firstname"]
        return CallbackResult(payload={"enrichment_id": f"e{name}", "status": "pending"})

    def read(url: URL, **kwargs: Any) -> CallbackResult:
        enrichment_id = url.path.rsplit("/", 1)[1]
        return CallbackResult(payload={"enrichment_id": enrichment_id, "status": "finished",
                                       "email": f"{enrichment_id}@x.io"})

    mock.post(QUEUE, callback=queue, repeat=True)
    for row in rows:
        mock.get(f"{APP}/contacts/e{row['first_name']}", callback=read, repeat=True)
    with Ledger(path) as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as client:
            outcomes = await collect(client.contacts.enrich_many(
                rows, enrichment_type="email", mode="async", poll_interval=0.5,
                submit_concurrency=4,
            ))
        summary = ledger.summary()
    assert all(o.ok for o in outcomes) and len(outcomes) == 40
    assert peak == 4
    assert max(behind) <= 4 and behind[4:] and max(behind[4:]) <= 3
    assert summary.done == 40


async def test_a_paid_result_the_ledger_cannot_store_is_still_yielded(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    """The file stays locked past ``lock_timeout`` while a paid answer comes back: the
    outcome keeps the result next to a LedgerError, and the run stops (every row would
    meet the same)."""
    path = tmp_path / "l.db"
    released = threading.Event()

    def hold_lock() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        released.wait(10)
        conn.execute("ROLLBACK")
        conn.close()

    def answer(url: Any, **kwargs: Any) -> CallbackResult:
        threading.Thread(target=hold_lock, daemon=True).start()
        time.sleep(0.1)  # the lock is taken before the answer reaches the client
        return CallbackResult(payload={"status": "success", "email": "a0@x.io"})

    mock.post(CONTACT, callback=answer, repeat=True)
    seen = []

    async def run(client: AsyncPronto) -> None:
        async for outcome in client.contacts.enrich_many(
            ROWS, enrichment_type="email", concurrency=1
        ):
            seen.append(outcome)

    with Ledger(path, lock_timeout=0.3) as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as client:
            with pytest.raises(LedgerError, match="locked by another process"):
                await run(client)
        released.set()
    assert len(seen) == 1 and request_count(mock) == 1  # no more rows were sent
    assert seen[0].value is not None and seen[0].value.email == "a0@x.io"
    assert isinstance(seen[0].error, LedgerError) and str(path) in str(seen[0].error)

"""A fan-out over FakePronto stops at the credits code and at a plan limit, after the calls
in flight, and a re-run after the top-up pays for no row twice."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from pronto_async import InsufficientCreditsError, PlanLimitError, ProntoError
from pronto_async.bulk import Outcome
from pronto_async.ledger import Ledger
from pronto_async.testing import FakePronto
from tests.support.harness import Harness

#: Pipecorn/n8n-nodes-pipecorn README.md ("Credits and errors"): the error of an empty
#: balance on the synchronous contact enrichment.
NO_CREDITS: dict[str, Any] = {"error": "insufficient_credits"}
#: Pipecorn/cli-pipecorn test/api/client.test.ts: the 422 of a plan's import limit.
PLAN_LIMIT: dict[str, Any] = {"error": "Search exceeds your monthly import limits"}

SERVED = 10  # rows answered before the refusals start
CONCURRENCY = 4
ROWS = 200


def rows() -> list[dict[str, Any]]:
    return [{"first_name": f"Ada{i}", "last_name": "Lovelace", "domain": f"d{i}.example.com"}
            for i in range(ROWS)]


async def drain(pronto: Harness, ledger: Ledger) -> tuple[list[Outcome[Any]], Exception | None]:
    """Every outcome the run yields, and the error it ends with (``None``: it finished)."""
    seen: list[Outcome[Any]] = []
    kwargs: dict[str, Any] = {"enrichment_type": "email", "concurrency": CONCURRENCY,
                              "ledger": ledger}
    if pronto.kind == "async":
        try:
            async for outcome in pronto.client.contacts.enrich_many(rows(), **kwargs):
                seen.append(outcome)
        except ProntoError as exc:
            return seen, exc
        return seen, None

    def run() -> Exception | None:
        try:
            for outcome in pronto.client.contacts.enrich_many(rows(), **kwargs):
                seen.append(outcome)
        except ProntoError as exc:
            return exc
        return None

    return seen, await asyncio.to_thread(run)


@pytest.mark.parametrize(
    ("body", "cls"), [(NO_CREDITS, InsufficientCreditsError), (PLAN_LIMIT, PlanLimitError)]
)
async def test_enrich_many_stops_after_the_calls_in_flight(
    pronto: Harness, fake: FakePronto, tmp_path: Path, body: Any, cls: type[Exception]
) -> None:
    fake.refuse("contacts.enrich", 422, body, after=SERVED)
    stats = fake.stats["contacts.enrich"]
    with Ledger(tmp_path / "run.db") as ledger:
        seen, error = await drain(pronto, ledger)
        assert isinstance(error, cls), error
        assert error.status == 422 and error.body == body and not error.may_have_charged
        # The refused request, and at most the others already on the wire with it.
        assert SERVED + 1 <= stats.accepted <= SERVED + CONCURRENCY
        assert stats.charged == SERVED  # a refusal charges nothing
        assert len(seen) == stats.accepted  # one outcome per request sent, then the error
        assert sum(o.ok for o in seen) == SERVED
        assert all(isinstance(o.error, cls) for o in seen if not o.ok)
        refused = stats.accepted - SERVED

        # Topped up (or upgraded): the re-run sends what was refused or never sent, once.
        fake.refuse("contacts.enrich", 422, body, times=0)
        again, error = await drain(pronto, ledger)
    assert error is None
    assert len(again) == ROWS and all(o.ok for o in again)
    assert sum(o.from_ledger for o in again) == SERVED
    assert stats.charged == ROWS and fake.stats.duplicate_charges == 0
    assert stats.accepted == SERVED + refused + (ROWS - SERVED)


async def test_the_plan_limit_of_a_search(pronto: Harness, fake: FakePronto) -> None:
    fake.refuse("accounts.search", 422, PLAN_LIMIT)
    with pytest.raises(PlanLimitError) as caught:
        await pronto.accounts.search(keyword="saas", webhook_url=f"{fake.origin}/hook")
    assert caught.value.message == "Search exceeds your monthly import limits"
    assert fake.stats["accounts.search"].charged == 0


async def test_a_refusal_is_scripted_and_validated(fake: FakePronto) -> None:
    fake.refuse("account.credits", 402, NO_CREDITS, after=1, times=1)
    async with fake.client() as client:
        assert (await client.account.credits()).credits == 1_000_000
        with pytest.raises(InsufficientCreditsError) as caught:
            await client.account.credits()
        assert caught.value.status == 402
        assert (await client.account.credits()).credits == 1_000_000  # times=1: once
    with pytest.raises(ValueError, match="unknown operation"):
        fake.refuse("nope", 422, NO_CREDITS)
    with pytest.raises(ValueError, match="error status"):
        fake.refuse("account.credits", 200, NO_CREDITS)
    with pytest.raises(ValueError, match=">= 0"):
        fake.refuse("account.credits", 422, NO_CREDITS, after=-1)

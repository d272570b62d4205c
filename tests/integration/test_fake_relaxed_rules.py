"""The relaxed rules end to end: FakePronto takes what the SDK now sends (a LinkedIn URL
without names, searches without a webhook, a list's kind) and still refuses what the server
refuses."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from pronto_async import AuthenticationError, BadRequestError, UnprocessableEntityError
from pronto_async.testing import FakePronto, ResponseShapes, SearchDetailShape
from tests.support.harness import Harness

PROFILE = "https://www.linkedin.com/in/ada-lovelace-1a2b3c/"


async def drain(result: Any) -> list[Any]:
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


async def test_a_linkedin_url_alone_enriches_a_contact(pronto: Harness, fake: FakePronto) -> None:
    result = await pronto.contacts.enrich(linkedin_url=PROFILE, enrichment_type=["email"])
    assert result.status in ("success", "error")
    assert (result.first_name, result.last_name) == ("Ada", "Lovelace")  # read off the profile
    assert fake.times_received("contacts.enrich",
                               {"linkedin_url": PROFILE, "enrichment_type": ["email"]}) == 1
    assert fake.stats["contacts.enrich"].charged == 1


async def test_the_fake_still_wants_names_without_a_linkedin_url(
    pronto: Harness, fake: FakePronto
) -> None:
    with pytest.raises(BadRequestError, match="Missing required keys: firstname, lastname"):
        await pronto.request("contacts.enrich", json={"enrichment_type": ["email"],
                                                      "domain": "acme.example"})
    with pytest.raises(BadRequestError, match="Missing required keys: firstname, lastname"):
        await pronto.request("contacts.start_enrichment", json={
            "enrichment_type": ["phone"], "linkedin_url": PROFILE})


async def test_enrich_many_reads_rows_with_only_a_linkedin_url(
    pronto: Harness, fake: FakePronto
) -> None:
    rows = [{"LinkedIn": f"https://www.linkedin.com/in/person-{i}-x{i}/"} for i in range(12)]
    outcomes = await drain(pronto.contacts.enrich_many(rows, enrichment_type="email"))
    assert len(outcomes) == 12 and all(o.ok for o in outcomes)
    assert fake.stats["contacts.enrich"].charged == 12


async def test_an_advanced_search_without_a_webhook_is_polled_to_the_end(
    pronto: Harness, fake: FakePronto
) -> None:
    job = await pronto.leads.advanced_search(job_titles=["Head of Sales"], limit=5)
    leads = await drain(job.leads(poll_interval=0.05, timeout=30))
    search = fake.world.searches[job.id]
    assert search.webhook_url is None
    assert len(leads) == search.total and len({item.lead.linkedin_profile_url
                                                for item in leads}) == search.total
    detail = await job.wait(poll_interval=0.05, timeout=30)
    assert detail.search.status == "FINISHED"
    assert fake.webhook_log == []  # nothing was delivered anywhere


async def test_an_account_search_without_a_webhook_is_accepted(
    pronto: Harness, fake: FakePronto
) -> None:
    job = await pronto.accounts.search(keyword="fintech", limit=20)
    assert job.id in fake.world.imports and fake.world.imports[job.id].webhook_url is None
    assert fake.stats["accounts.search"].charged == 1


async def test_an_account_search_without_a_webhook_is_followed_to_its_end(
    pronto: Harness, fake: FakePronto
) -> None:
    """Pronto's CLI polls ``GET /searches/{id}`` for it (``jobs status``); so does ``wait()``."""
    job = await pronto.accounts.search(keyword="fintech", limit=20, name="Fintech import")
    detail = await job.wait(poll_interval=0.05, timeout=30)
    assert detail.status == "FINISHED" and detail.id == job.id
    assert detail.search is not None and detail.search.name == "Fintech import"
    assert fake.stats["searches.get"].requests >= 2  # it was polled, not read once
    assert fake.webhook_log == []
    assert fake.stats["accounts.search"].charged == 1  # following it costs nothing more


@pytest.mark.pronto_fake(shapes=ResponseShapes(search_detail=SearchDetailShape.FLAT))
async def test_an_import_s_flat_status_ends_its_wait_too(pronto: Harness, fake: FakePronto) -> None:
    job = await pronto.accounts.search(keyword="fintech", limit=20)
    detail = await job.wait(poll_interval=0.05, timeout=30)
    assert detail.status == "FINISHED"


async def test_someone_else_s_import_is_not_shown(pronto: Harness, fake: FakePronto) -> None:
    job = await pronto.accounts.search(keyword="fintech", limit=20)
    fake.world.imports[job.id].owner = "another key"
    with pytest.raises(AuthenticationError):
        await job.wait(poll_interval=0.05, timeout=30)


async def test_a_location_query(pronto: Harness, fake: FakePronto) -> None:
    (paris,) = await pronto.locations.search(query="Paris")
    assert paris.id == "101240143"
    assert fake.times_received("locations.search", {"name": "Paris"}) == 1


async def test_a_list_of_leads(pronto: Harness, fake: FakePronto) -> None:
    created = await pronto.lists.create(name="Champions", kind="lead")
    stored = fake.world.lists[created.id]
    assert (stored["kind"], stored["type"]) == ("lead", "leads")
    listed = await drain(pronto.lists.list())
    assert [item.id for item in listed] == [created.id]
    with pytest.raises(UnprocessableEntityError, match="Invalid kind"):
        await pronto.request("lists.create", json={"name": "X", "kind": "people"})

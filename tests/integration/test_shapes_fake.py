"""The alternate answer shapes end to end: FakePronto answering as Pronto's CLI reads the API
(``ResponseShapes``), and the SDK giving the same public objects."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from pronto_async import WebhookReceiver
from pronto_async.enums import SearchStatus
from pronto_async.models import ListSummary, SearchDeletion, SearchLead
from pronto_async.testing import (
    AdvancedSearchShape,
    FakePronto,
    ResponseShapes,
    SearchDetailShape,
    WebhookShape,
)
from tests.support.harness import Harness

COMPANY = "https://www.linkedin.com/company/acme"
HOOK = "https://hooks.example.com/pronto"


async def start(pronto: Harness, limit: int = 6) -> Any:
    return await pronto.leads.search_in_company(
        company_linkedin_url=COMPANY, job_titles=["*"], limit=limit, webhook_url=HOOK,
    )


@pytest.mark.parametrize(
    "shape", [SearchDetailShape.NESTED, SearchDetailShape.FLAT, SearchDetailShape.FLAT_RESULTS]
)
async def test_every_search_detail_shape_is_followed_to_the_end(shape: SearchDetailShape) -> None:
    async with (
        FakePronto(time_scale=0.05, seed=7, shapes=ResponseShapes(search_detail=shape)) as fake,
        fake.client() as pronto,
    ):
        job = await pronto.leads.search_in_company(
            company_linkedin_url=COMPANY, job_titles=["*"], limit=6, webhook_url=HOOK,
        )
        leads = [item async for item in job.leads(poll_interval=0.05)]
        final = await job.wait(timeout=30, poll_interval=0.05)
    assert final.status is SearchStatus.FINISHED and final.id == job.id
    assert final.leads is not None and len(final.leads) == len(leads) > 0
    assert all(item.company_name and item.lead and item.lead.company_name for item in leads)


@pytest.mark.pronto_fake(shapes=ResponseShapes(search_detail=SearchDetailShape.FLAT))
async def test_the_flat_detail_through_both_clients(pronto: Harness) -> None:
    job = await start(pronto)
    detail = await pronto.searches.wait(id=job.id, timeout=30, poll_interval=0.05)
    assert detail.status is SearchStatus.FINISHED
    assert detail.search is not None and detail.search.name is not None
    assert detail.extra == {} and detail.search.extra == {}


@pytest.mark.parametrize("status", [204, 200])
async def test_empty_writes_return_normally(status: int) -> None:
    async with (
        FakePronto(time_scale=0.05, shapes=ResponseShapes(empty_writes=status)) as fake,
        fake.client() as pronto,
    ):
        job = await pronto.leads.search_in_company(
            company_linkedin_url=COMPANY, job_titles=["*"], limit=3, webhook_url=HOOK,
        )
        deletion = await pronto.searches.delete(id=job.id)
        assert deletion == SearchDeletion() and deletion.deleted
        assert job.id not in fake.world.searches  # it really was deleted
        created = await pronto.lists.create(name="Targets", companies=[{"name": "Acme"}])
        assert created.id is not None
        assert await pronto.lists.update(id=created.id, name="Renamed") == ListSummary()
        assert fake.world.lists[created.id]["name"] == "Renamed"


@pytest.mark.pronto_fake(shapes=ResponseShapes(empty_writes=204))
async def test_an_empty_delete_through_both_clients(pronto: Harness) -> None:
    job = await start(pronto, limit=2)
    assert (await pronto.searches.delete(id=job.id)).message is None


@pytest.mark.pronto_fake(shapes=ResponseShapes(advanced_search=AdvancedSearchShape.FLAT))
async def test_the_flat_advanced_search_start_is_typed(pronto: Harness) -> None:
    job = await pronto.leads.advanced_search(
        webhook_url=HOOK, job_titles=["VP of Sales"], limit=5,
    )
    response = job.response
    assert response.id == job.id == response.search_id
    assert response.total is not None and response.total == response.expected_total
    assert response.preview and response.preview[0].full_name
    assert response.extra == {}
    detail = await pronto.searches.wait(id=job.id, timeout=30, poll_interval=0.05)
    assert detail.status is SearchStatus.FINISHED


@pytest.mark.parametrize(("key", "read"), [("balance", True), ("credits_left", False)])
async def test_the_balance_key(key: str, read: bool) -> None:
    async with (
        FakePronto(credits=321, shapes=ResponseShapes(credits_key=key)) as fake,
        fake.client() as pronto,
    ):
        credits = await pronto.account.credits()
    assert credits.credits == (321 if read else None)
    assert credits.extra == ({} if read else {key: 321})


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="empty_writes"):
        ResponseShapes(empty_writes=202)


def _lead_fields(item: SearchLead) -> dict[str, Any]:
    assert item.lead is not None
    return {f.name: getattr(item.lead, f.name) for f in attrs.fields(type(item.lead))
            if f.name not in ("extra", "custom")}


async def test_a_lead_is_the_same_whether_delivered_or_polled() -> None:
    async with (
        FakePronto(time_scale=0.05, seed=3, job_seconds=10.0,
                   webhook_shape=WebhookShape.FLAT) as fake,
        WebhookReceiver() as hooks,
        fake.client() as pronto,
    ):
        job = await pronto.leads.search_in_company(
            company_linkedin_url=COMPANY, job_titles=["*"], limit=8, streaming=True,
            webhook=hooks,
        )
        delivered = [item async for item in job.leads(poll_interval=0.5)]
        final = await pronto.searches.get(id=job.id)
    assert job.subscription is not None and job.subscription.received > 0
    polled = {item.lead.linkedin_profile_url: item for item in final.leads or [] if item.lead}
    assert len(delivered) == len(polled) == 8
    for item in delivered:
        assert item.lead is not None and item.company is not None
        twin = polled[item.lead.linkedin_profile_url]
        assert twin.company is not None
        assert _lead_fields(item) == _lead_fields(twin)  # the person, field for field
        assert item.company.name == twin.company.name == item.lead.company_name
        assert item.company_name == twin.company_name

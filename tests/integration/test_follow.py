"""Following jobs on a real FakePronto: a search's leads, once each, while it runs."""

from __future__ import annotations

from typing import Any

import pytest

from pronto_async import WebhookReceiver
from pronto_async.enums import SearchStatus
from pronto_async.testing import FakePronto, WebhookShape
from tests.support.harness import Harness

COMPANY = "https://www.linkedin.com/company/acme"


def key(item: Any) -> str:
    return str(item.lead.linkedin_profile_url)


@pytest.mark.pronto_fake(start_seconds=2.0, job_seconds=10.0)  # x0.05: 0.1 s, then 0.5 s
async def test_a_search_yields_every_lead_once_while_ongoing_and_ends_at_finished(
    pronto: Harness, fake: FakePronto
) -> None:
    job = await pronto.leads.search_in_company(
        company_linkedin_url=COMPANY, job_titles=["*"], limit=25,
        webhook_url="http://127.0.0.1:9/unused",
    )
    statuses: list[str] = []
    leads: list[Any] = []
    if pronto.kind == "async":
        async for item in job.leads(poll_interval=0.02):
            leads.append(item)
            statuses.append((await pronto.searches.get(id=job.id)).search.status)
    else:
        leads = await job.leads(poll_interval=0.02)  # the blocking iterator, drained
    final = await pronto.searches.get(id=job.id)

    assert final.search.status == SearchStatus.FINISHED
    assert len(leads) == len(final.leads) > 0
    assert sorted(map(key, leads)) == sorted(map(key, final.leads))  # every lead, once
    if pronto.kind == "async":
        assert SearchStatus.ONGOING in statuses  # yielded while the search still ran


@pytest.mark.parametrize("shape", [WebhookShape.FLAT, WebhookShape.LEADS_DICT,
                                   WebhookShape.BARE_LIST])
async def test_with_a_receiver_leads_come_from_the_deliveries_in_every_shape(
    shape: WebhookShape,
) -> None:
    async with (
        FakePronto(time_scale=0.05, start_seconds=1.0, job_seconds=20.0,
                   webhook_shape=shape) as fake,
        WebhookReceiver() as hooks,
        fake.client() as pronto,
    ):
        job = await pronto.leads.search_in_company(
            company_linkedin_url=COMPANY, job_titles=["*"], limit=30, streaming=True,
            webhook=hooks,
        )
        assert job.subscription is not None
        leads = [item async for item in job.leads(poll_interval=0.5)]
        final = await pronto.searches.get(id=job.id)
    assert sorted(map(key, leads)) == sorted(map(key, final.leads or []))
    assert len(leads) == len(final.leads or []) == 30
    # The deliveries, not the polls, brought most leads: the receiver saw them all.
    assert job.subscription.received == 30

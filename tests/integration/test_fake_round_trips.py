"""Round trips through the SDK against FakePronto: every resource, credits, consent, jobs
that progress over (scaled) time, and webhook deliveries."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from pronto_async import (
    ConsentRequiredError,
    InsufficientCreditsError,
    NotFoundError,
)
from pronto_async.testing import FakePronto, WebhookShape
from tests.integration.conftest import TIME_SCALE, Receiver
from tests.support.harness import Harness

HOOK = "https://hooks.example.com/leads"
PROFILE = "https://www.linkedin.com/in/mathieu-brun-picard/"
COMPANY = "https://www.linkedin.com/company/notionhq/"


async def drain(result: Any) -> list[Any]:
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


async def eventually(check: Any) -> None:
    """Wait (polling, 3 s at most) until ``check()`` is true: for deliveries made by
    background tasks."""
    for _ in range(300):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met within 3 s")


async def test_company_operations(pronto: Harness, fake: FakePronto) -> None:
    stack = await pronto.accounts.stack(company_domain="notion.so")
    assert stack.technologies and stack.extra == {}
    hiring = await pronto.accounts.hiring(company_domain="notion.so", posted_within_days=30)
    assert hiring.total_jobs == len(hiring.jobs or [])
    assert fake.account().credits == 1_000_000 - 3 - 3  # reference: 3 credits each
    headcount = await pronto.accounts.headcount(company_linkedin_id="1441",
                                                departments=["Engineering"])
    assert headcount is not None
    count = await pronto.accounts.count_profiles(company_linkedin_id="1441",
                                                 title_to_include=["CTO"])
    assert count.total is not None and count.title_to_include == ["CTO"]
    preview = await pronto.accounts.search_preview(keyword="saas", company_size=["51-200"])
    assert preview.total_count and len(preview.preview or []) == min(25, preview.total_count)
    job = await pronto.accounts.search(webhook_url=HOOK, keyword="saas", limit=5)
    assert job.id and job.response.total == 5 and len(job.response.preview or []) == 5


async def test_company_enrichment_finds_some_companies_and_not_others(pronto: Harness) -> None:
    found, missing = 0, 0
    for i in range(12):
        try:
            company = await pronto.accounts.enrich(domain=f"company{i}.example.com")
        except NotFoundError:
            missing += 1
        else:
            found += 1
            assert company.name and company.linkedin_url
    assert found and missing


async def test_synchronous_enrichment_bills_what_it_finds(pronto: Harness,
                                                          fake: FakePronto) -> None:
    results = [
        await pronto.contacts.enrich(
            first_name="Ada", last_name=f"Lovelace{i}", linkedin_url=f"{PROFILE}{i}",
            enrichment_type=["email", "phone"], custom={"row": i},
        )
        for i in range(10)
    ]
    billed = sum(3 * bool(r.email) + 30 * len(r.phones or []) for r in results)
    assert fake.account().credits == 1_000_000 - billed
    assert fake.stats["contacts.enrich"].credits == billed
    assert all(r.custom == {"row": i} for i, r in enumerate(results))
    assert {r.status for r in results} <= {"success", "error"}
    assert any(r.email for r in results) and any(r.email is None for r in results)


async def test_insufficient_credits_are_refused_before_any_work(pronto: Harness,
                                                               fake: FakePronto) -> None:
    fake.account().credits = 2
    with pytest.raises(InsufficientCreditsError):
        await pronto.accounts.stack(company_domain="notion.so")
    with pytest.raises(InsufficientCreditsError) as caught:
        await pronto.contacts.enrich(first_name="Ada", last_name="Lovelace",
                                     enrichment_type=["email"])
    assert caught.value.status == 422
    assert caught.value.message == "Insufficient enrichment credits"
    assert fake.account().credits == 2 and fake.stats.credits == 0


async def test_personal_email_needs_the_accounts_consent(pronto: Harness,
                                                        fake: FakePronto) -> None:
    fake.account().personal_email_consent = False
    with pytest.raises(ConsentRequiredError) as caught:
        await pronto.contacts.enrich(first_name="Ada", last_name="Lovelace",
                                     linkedin_url=PROFILE, enrichment_type=["personal_email"])
    assert "without consenting" in caught.value.message
    other = fake.add_key(personal_email_consent=True)
    async with fake.client(api_key=other) as client:
        result = await client.contacts.enrich(first_name="Ada", last_name="Lovelace",
                                              linkedin_url=PROFILE,
                                              enrichment_type=["personal_email"])
    assert result.personal_email_status in ("valid", "N/A")


async def test_an_asynchronous_enrichment_finishes(pronto: Harness) -> None:
    job = await pronto.contacts.start_enrichment(
        first_name="Ada", last_name="Lovelace", domain="example.com",
        enrichment_type=["email"], custom={"crm_id": "1"},
    )
    first = await pronto.contacts.get(id=job.id)
    assert first.status == "pending" and first.custom == {"crm_id": "1"}
    await asyncio.sleep(2 * TIME_SCALE + 0.05)
    done = await pronto.contacts.get(id=job.id)
    assert done.status == "finished" and done.is_done
    with pytest.raises(NotFoundError):
        await pronto.contacts.get(id="00000000-0000-4000-8000-000000000000")


async def test_bulk_enrichment_posts_one_payload_per_contact(pronto: Harness,
                                                            receiver: Receiver) -> None:
    rows = [{"first_name": "Ada", "last_name": f"L{i}", "domain": "example.com",
             "custom": {"row": i}} for i in range(5)]
    job = await pronto.contacts.bulk_enrich(contacts=rows, enrichment_type="email",
                                            webhook_url=receiver.url)
    assert job.id
    await eventually(lambda: len(receiver.payloads) == 5)
    assert sorted(p["custom"]["row"] for p in receiver.payloads) == list(range(5))
    assert {p["status"] for p in receiver.payloads} == {"finished"}


# Not started for 0.3 s, then ongoing for 0.25 s: wide enough for a loaded CI machine.
@pytest.mark.pronto_fake(start_seconds=6)
async def test_a_search_moves_from_not_started_to_finished(pronto: Harness) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    job = await pronto.leads.advanced_search(webhook_url=HOOK, job_titles=["VP of Sales"],
                                             name="VPs", limit=20)
    seen = [await pronto.searches.get(id=job.id)]
    assert seen[0].search.status == "NOT_STARTED" and seen[0].leads == []
    await asyncio.sleep(started + 0.42 - loop.time())
    seen.append(await pronto.searches.get(id=job.id))
    await asyncio.sleep(started + 0.6 - loop.time())
    seen.append(await pronto.searches.get(id=job.id))
    assert [s.search.status for s in seen] == ["NOT_STARTED", "ONGOING", "FINISHED"]
    counts = [len(s.leads or []) for s in seen]
    assert counts[0] <= counts[1] <= counts[2] and counts[2] > 0
    assert all(item.lead.full_name and item.company.name for item in seen[2].leads or [])
    (summary,) = [s for s in await drain(pronto.searches.list()) if s.id == job.id]
    assert summary.leads_count == counts[2] and summary.name == "VPs"
    deleted = await pronto.searches.delete(id=job.id)
    assert deleted.message == "Search deleted successfully"
    with pytest.raises(NotFoundError):
        await pronto.searches.get(id=job.id)


async def test_searches_of_another_key_are_not_yours(fake: FakePronto) -> None:
    async with fake.client() as mine, fake.client(api_key=fake.add_key()) as theirs:
        job = await mine.leads.advanced_search(webhook_url=HOOK, keyword="saas")
        with pytest.raises(Exception) as caught:
            await theirs.searches.delete(id=job.id)
        assert getattr(caught.value, "status", None) == 401
        assert [s.id for s in await drain(theirs.searches.list())] == []


@pytest.mark.parametrize(("streaming", "shape"), [(True, "flat"), (False, "list")])
async def test_lead_webhooks_follow_the_observed_shapes(
    fake: FakePronto, receiver: Receiver, streaming: bool, shape: str
) -> None:
    async with fake.client() as client:
        started = await client.request("leads.advanced_search", json={
            "webhook_url": receiver.url, "job_titles": ["CTO"], "limit": 4,
            "streaming": streaming, "custom": {"hubspot_id": "1"},
        })
    search_id = started["message"]["id"]
    await eventually(lambda: any(not isinstance(p, dict) or "leads" in p
                                 for p in receiver.payloads))
    if shape == "flat":  # real-usage.md §8: a flat lead per POST, then {leads: [...]}
        *leads, done = receiver.payloads
        assert all("first_name" in lead and "linkedin_profile_url" in lead for lead in leads)
        assert done == {"leads": leads} and len(leads) == 4
    else:  # one bare list at the end
        (leads,) = receiver.payloads
        assert isinstance(leads, list) and len(leads) == 4
    assert {lead["search_id"] for lead in leads} == {search_id}
    assert all(lead["custom"] == {"hubspot_id": "1"} for lead in leads)


@pytest.mark.pronto_fake(webhook_shape=WebhookShape.LEADS_DICT)
async def test_the_webhook_shape_is_configurable(fake: FakePronto, receiver: Receiver) -> None:
    async with fake.client() as client:
        await client.request("leads.advanced_search", json={
            "webhook_url": receiver.url, "keyword": "saas", "limit": 3})
    await eventually(lambda: len(receiver.payloads) == 1)
    assert list(receiver.payloads[0]) == ["leads"] and len(receiver.payloads[0]["leads"]) == 3


async def test_failed_webhook_deliveries_are_retried(fake: FakePronto,
                                                     receiver: Receiver) -> None:
    receiver.fail_first = 2
    async with fake.client() as client:
        await client.contacts.start_enrichment(first_name="Ada", last_name="Lovelace",
                                               domain="example.com", enrichment_type=["email"],
                                               webhook_url=receiver.url)
    await eventually(lambda: len(receiver.payloads) == 1)
    assert fake.stats.webhooks.failed_attempts == 2 and fake.stats.webhooks.delivered == 1


async def test_webhooks_off_loopback_are_recorded_not_sent(fake: FakePronto) -> None:
    async with fake.client() as client:
        await client.contacts.start_enrichment(first_name="Ada", last_name="Lovelace",
                                               domain="example.com", enrichment_type=["email"],
                                               webhook_url=HOOK)
    await eventually(lambda: fake.stats.webhooks.skipped == 1)
    ((url, payload),) = fake.webhook_log
    assert url == HOOK and payload["status"] == "finished"


async def test_lists_personas_account_and_locations(pronto: Harness) -> None:
    created = await pronto.lists.create(name="Targets", companies=[{"name": "Acme"}])
    assert created.id and created.type == "companies"
    renamed = await pronto.lists.update(id=created.id, name="Renamed",
                                        companies=[{"name": "Globex"}])
    assert renamed.name == "Renamed" and renamed.companies_count == 2
    detail = await pronto.lists.get(id=created.id)
    assert [e.company_name for e in detail.entries or []] == ["Acme", "Globex"]
    assert [item.id for item in await drain(pronto.lists.list())] == [created.id]
    personas = await drain(pronto.personas.list())
    assert len(personas) == 3
    persona = await pronto.personas.get(personas[0].uuid)
    assert persona.name == personas[0].name
    info = await pronto.account.info()
    assert info.email and info.organization and info.organization.name
    (uae,) = await pronto.locations.search(name="United Arab Emirates")
    assert uae.id == "104305776"  # real-usage.md §7


async def test_lead_operations(pronto: Harness, fake: FakePronto) -> None:
    persona = fake.world.personas[0]["uuid"]
    job = await pronto.leads.search_in_company(company_linkedin_url=COMPANY, webhook_url=HOOK,
                                               persona_id=persona, limit=10)
    assert job.id
    extract = await pronto.leads.extract(
        search_url="https://www.linkedin.com/sales/search/people?query=x", webhook_url=HOOK)
    assert extract.id
    preview = await pronto.leads.advanced_search_preview(job_titles=["CTO"])
    assert preview.total_count and len(preview.preview or []) == 25
    person = await pronto.leads.enrich(linkedin_url=PROFILE)
    assert person.full_name and person.most_probable_email is None  # firmographic only
    ids = {s.id for s in await drain(pronto.searches.list())}
    assert {job.id, extract.id} <= ids


async def test_signals(pronto: Harness) -> None:
    posts = await drain(pronto.signals.posts(linkedin_url=PROFILE, limit=5,
                                             posted_within="last_7_days"))
    comments = await drain(pronto.signals.comments(linkedin_profile_url=PROFILE, limit=5))
    reactions = await drain(pronto.signals.reactions(linkedin_profile_url=PROFILE, limit=5))
    assert all(len(found) <= 5 for found in (posts, comments, reactions))
    assert posts or comments or reactions
    await drain(pronto.signals.connections(linkedin_url=PROFILE))
    engagers = await pronto.signals.post_engagers(
        post_url="https://www.linkedin.com/posts/x", webhook_url=HOOK, engagement_type="all")
    assert engagers.id
    for job in (
        await pronto.signals.find_new_hires(webhook_url=HOOK, job_titles=["CTO"]),
        await pronto.signals.track_job_changes(webhook_url=HOOK, linkedin_url=PROFILE),
        await pronto.signals.lookalikes(webhook_url=HOOK, company_linkedin_url=COMPANY),
        await pronto.signals.growth(webhook_url=HOOK, min_headcount_growth_percentage=10),
        await pronto.signals.hiring(webhook_url=HOOK, selected_titles=["CTO"]),
    ):
        assert job.id

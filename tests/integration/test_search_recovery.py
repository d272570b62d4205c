"""A search whose creation answer is lost is found again by name and followed to its leads.

The fake creates the search (and charges it), then fails the answer: the connection dropped
after the work (``DROP_AFTER``), a 500 after the work, a truncated body, a timeout while it
stalls. The client never re-sends the charging call; it looks the search up in
``GET /searches`` by the name the request carried, within the window since the request left,
on the server's clock (read from its ``Date`` header), and returns the handle as if the
creation had answered.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

import pytest

from pronto_async import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    UnprocessableEntityError,
    ValidationError,
    _recover,
)
from pronto_async.testing import FakePronto, Fault
from tests.support.harness import Harness, as_job, collect

HOOK = "http://127.0.0.1:9/unused"  # loopback: the fake's deliveries fail quietly
FILTERS: dict[str, Any] = {"job_titles": ["VP of Sales"], "webhook_url": HOOK}


async def test_a_dropped_answer_is_found_by_name_and_followed_to_its_leads(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.DROP_AFTER, "leads.advanced_search")
    handle = await pronto.leads.advanced_search(name="EU VPs of Sales", **FILTERS)
    job = as_job(handle)
    assert job.recovered is True
    (search,) = fake.world.searches.values()
    assert job.id == search.id and search.name == "EU VPs of Sales"
    assert job.response.message.search_name == "EU VPs of Sales"
    leads = await collect(handle.leads(poll_interval=0.02))
    assert len(leads) == search.total > 0
    # Sent once, charged once: the creation was not re-sent.
    assert fake.stats["leads.advanced_search"].requests == 1
    assert fake.stats["searches.list"].requests >= 1


async def test_without_a_name_the_sdk_names_the_search_and_still_finds_it(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.DROP_AFTER, "leads.advanced_search")
    job = as_job(await pronto.leads.advanced_search(**FILTERS))
    (search,) = fake.world.searches.values()
    assert re.fullmatch(r"Lead search - API - [0-9a-f]{12}", search.name)
    assert job.recovered and job.id == search.id


@pytest.mark.parametrize(
    ("fault", "operation", "call"),
    [
        (Fault.SERVER_ERROR, "leads.search_in_company",
         lambda p: p.leads.search_in_company(
             company_linkedin_id=1441, name="Talent at Acme", **FILTERS)),
        (Fault.TRUNCATED, "leads.extract",
         lambda p: p.leads.extract(
             search_url="https://www.linkedin.com/sales/search/people?query=x",
             name="Sales Nav list", webhook_url=HOOK)),
        (Fault.DROP_AFTER, "signals.post_engagers",
         lambda p: p.signals.post_engagers(
             post_url="https://www.linkedin.com/posts/ada_activity-1", webhook_url=HOOK,
             engagement_type="all", lead_list_name="Engagers of Ada's post")),
    ],
)
async def test_every_search_that_carries_a_name_is_recovered(
    pronto: Harness, fake: FakePronto, fault: Fault, operation: str, call: Any
) -> None:
    fake.inject(fault, operation)
    job = as_job(await call(pronto))
    (search,) = fake.world.searches.values()
    assert job.recovered and job.id == search.id
    assert fake.stats[operation].requests == 1
    detail = await pronto.searches.wait(id=job.id, poll_interval=0.02, timeout=5)
    assert len(detail.leads) == search.total


@pytest.mark.pronto_fake(stall_seconds=0.6)
@pytest.mark.client(timeout=0.2)
async def test_a_timeout_looks_again_while_the_server_may_still_be_creating_it(
    pronto: Harness, fake: FakePronto, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake stalls its answer: when the client times out, the search exists already (the
    work runs first); the lookup finds it at once."""
    monkeypatch.setattr(_recover, "TIMEOUT_LOOKUPS", (0.3, 0.6))
    fake.inject(Fault.STALL, "leads.advanced_search")
    job = as_job(await pronto.leads.advanced_search(name="Stalled", **FILTERS))
    assert job.recovered and job.id == next(iter(fake.world.searches))


@pytest.mark.pronto_fake(clock_skew=-600.0)
async def test_a_server_clock_ten_minutes_behind_does_not_hide_the_search(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.DROP_AFTER, "leads.advanced_search")
    job = as_job(await pronto.leads.advanced_search(name="Skewed", **FILTERS))
    assert job.recovered


@pytest.mark.pronto_fake(clock_skew=3600.0)
async def test_a_server_clock_an_hour_ahead_does_not_hide_the_search(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.DROP_AFTER, "leads.search_in_company")
    job = as_job(await pronto.leads.search_in_company(
        company_linkedin_id=1441, name="Ahead", **FILTERS))
    assert job.recovered


async def test_a_search_that_was_never_created_is_reported_with_how_to_find_it_later(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.DROP_BEFORE, "leads.advanced_search")
    with pytest.raises(APIConnectionError) as info:
        await pronto.leads.advanced_search(name="Never made", **FILTERS)
    error = info.value
    assert error.may_have_charged
    assert "no search named 'Never made' was created after the request left" in str(error)
    assert "pronto.searches.find(name='Never made')" in str(error)
    assert fake.world.searches == {}
    assert fake.stats["leads.advanced_search"].requests == 1  # not re-sent


async def test_a_same_named_search_this_client_started_is_not_taken_for_the_lost_one(
    pronto: Harness, fake: FakePronto
) -> None:
    first = as_job(await pronto.leads.advanced_search(name="Weekly VPs", **FILTERS))
    assert not first.recovered
    fake.inject(Fault.DROP_BEFORE, "leads.advanced_search")  # the second one never exists
    with pytest.raises(APIConnectionError, match="no search named 'Weekly VPs'"):
        await pronto.leads.advanced_search(name="Weekly VPs", **FILTERS)


async def test_two_same_named_searches_created_meanwhile_are_ambiguous(
    pronto: Harness, fake: FakePronto, raw: Any
) -> None:
    """Another process started a search of the same name at the same moment: the SDK does
    not guess which one is its own."""
    body = {"name": "Twins", "job_titles": ["CTO"], "webhook_url": HOOK}
    status, created, _ = await raw.app("POST", "/leads/advanced_search", body)
    assert status == 201
    fake.inject(Fault.SERVER_ERROR, "leads.advanced_search")
    with pytest.raises(InternalServerError) as info:
        await pronto.leads.advanced_search(name="Twins", **FILTERS)
    assert "2 searches named 'Twins' were created since the request left" in str(info.value)
    assert created["message"]["id"] in str(info.value)
    found = await pronto.searches.find(name="Twins")
    assert len(found) == 2 and found[0].created_at >= found[1].created_at


async def test_an_import_not_listed_by_searches_says_so(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.DROP_AFTER, "accounts.search")
    with pytest.raises(APIConnectionError) as info:
        await pronto.accounts.search(
            name="SaaS accounts", keyword="saas", webhook_url=HOOK,
        )
    message = str(info.value)
    assert "imports are not known to be listed there" in message
    assert "an import named 'SaaS accounts'" in message
    assert len(fake.world.imports) == 1  # it did start (and was charged): the error says so


async def test_an_unnamed_import_says_it_cannot_be_looked_up(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.SERVER_ERROR, "signals.growth")
    with pytest.raises(InternalServerError, match="carried no name, so the import it may have "
                                                  "started cannot be looked up by name"):
        await pronto.signals.growth(webhook_url=HOOK, min_headcount_growth_percentage=10)


async def test_a_refusal_is_not_looked_up(pronto: Harness, fake: FakePronto) -> None:
    """A 4xx says nothing was created: no lookup, the error as the server gave it."""
    with pytest.raises(UnprocessableEntityError, match="Unknown persona_id"):
        await pronto.leads.search_in_company(
            company_linkedin_id=1441, name="Persona", persona_id=str(uuid.uuid4()),
            webhook_url=HOOK,
        )
    assert fake.stats["searches.list"].requests == 0


async def test_find_by_name_within_a_window(pronto: Harness, fake: FakePronto) -> None:
    for _ in range(2):
        await pronto.leads.advanced_search(name="Repeated", **FILTERS)
    await pronto.leads.advanced_search(name="Other", **FILTERS)
    assert [s.name for s in await pronto.searches.find(name="Repeated")] == ["Repeated"] * 2
    assert await pronto.searches.find(name="Repeated", created_after=4_000_000_000.0) == []
    with pytest.raises(ValidationError, match="must be an aware datetime"):
        await pronto.searches.find(name="Repeated", created_after=datetime(2026, 1, 1))


@pytest.mark.client(max_retries=0)
async def test_a_failed_lookup_keeps_the_original_error(
    pronto: Harness, fake: FakePronto
) -> None:
    fake.inject(Fault.DROP_AFTER, "leads.advanced_search")
    fake.inject(Fault.SERVER_ERROR, "searches.list", times=10)
    with pytest.raises(APIConnectionError) as info:
        await pronto.leads.advanced_search(name="Unlucky", **FILTERS)
    assert "looking for a search named 'Unlucky' failed too" in str(info.value)
    assert "pronto.searches.find(name='Unlucky')" in str(info.value)
    assert isinstance(info.value, APIConnectionError) and not isinstance(
        info.value, APITimeoutError
    )

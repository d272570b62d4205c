"""Followers read the status wherever the body puts it, end on the flat shapes, and never
poll forever on a body they do not understand (virtual clock)."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import pytest
from aioresponses import CallbackResult, aioresponses

from pronto_async import AsyncPronto, JobFailedError, JobTimeoutError, UnexpectedResponseError
from pronto_async._convert import structure
from pronto_async._follow import MAX_UNREADABLE_POLLS, lead_from_delivery
from pronto_async.enums import SearchStatus
from pronto_async.models import Company, SearchDetail, SearchLead
from tests.support import pipecorn as pc
from tests.support.harness import APP, Harness, request_count

SEARCH = f"{APP}/searches/{pc.SEARCH_ID}"
CONTACT = f"{APP}/contacts/{pc.ENRICHMENT_ID}"


def answers(mock: aioresponses, url: str, *payloads: Any, last_repeats: bool = False) -> None:
    for index, payload in enumerate(payloads):
        repeat = last_repeats and index == len(payloads) - 1
        mock.get(url, payload=payload, repeat=repeat)


async def test_wait_ends_on_a_flat_finished_search(pronto: Harness, mock: aioresponses) -> None:
    answers(mock, SEARCH, pc.flat_search("ONGOING", leads=0), pc.flat_search("FINISHED", leads=2))
    detail = await pronto.searches.wait(id=pc.SEARCH_ID, timeout=30, poll_interval=1.0)
    assert detail.status is SearchStatus.FINISHED
    assert detail.leads is not None and len(detail.leads) == 2
    assert request_count(mock) == 2


async def test_a_flat_error_raises_job_failed(pronto: Harness, mock: aioresponses) -> None:
    answers(mock, SEARCH, pc.flat_search("ONGOING", leads=0), pc.flat_search("ERROR", leads=0))
    with pytest.raises(JobFailedError) as info:
        await pronto.searches.wait(id=pc.SEARCH_ID, timeout=30, poll_interval=1.0)
    assert info.value.status == "ERROR" and info.value.job_id == pc.SEARCH_ID
    assert request_count(mock) == 2


async def test_leads_follow_a_flat_search_with_its_leads_under_results(
    api_key: str, mock: aioresponses
) -> None:
    answers(mock, SEARCH, pc.flat_search("ONGOING", leads=1, key="results"),
            pc.flat_search("FINISHED", leads=3, key="results"))
    async with AsyncPronto(api_key) as client:
        got = [item async for item in client.searches.leads(id=pc.SEARCH_ID, poll_interval=1.0)]
    assert [item.lead.linkedin_profile_url for item in got if item.lead] == [
        f"https://www.linkedin.com/in/ada-{n}/" for n in range(3)
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"id": pc.SEARCH_ID, "name": "no status"},
        {"leads": []},
        {"search": {"id": pc.SEARCH_ID}, "leads": []},
        {"state": "done", "data": {"status": "FINISHED"}},
    ],
)
async def test_an_unreadable_status_stops_after_a_bounded_number_of_polls(
    pronto: Harness, mock: aioresponses, body: dict[str, Any]
) -> None:
    mock.get(SEARCH, payload=body, repeat=True)
    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.searches.wait(id=pc.SEARCH_ID, poll_interval=1.0)  # no timeout
    assert request_count(mock) == MAX_UNREADABLE_POLLS
    error = info.value
    assert error.status == 200 and error.body == body
    assert error.endpoint == "searches.get" and error.may_have_charged is False
    for key in body:
        assert key in error.message  # the body's keys are quoted
    assert str(MAX_UNREADABLE_POLLS) in error.message and pc.SEARCH_ID in error.message


async def test_the_bound_counts_unreadable_answers_in_a_row(
    api_key: str, mock: aioresponses
) -> None:
    bad = {"id": pc.SEARCH_ID}
    good = pc.flat_search("ONGOING", leads=0)
    sequence = [bad, bad, good, bad, bad, pc.flat_search("FINISHED", leads=0)]
    answers(mock, SEARCH, *sequence)
    async with AsyncPronto(api_key) as client:
        detail = await client.searches.wait(id=pc.SEARCH_ID, poll_interval=1.0)
    assert detail.status is SearchStatus.FINISHED
    assert request_count(mock) == len(sequence)


async def test_the_job_iterator_stops_too(api_key: str, mock: aioresponses) -> None:
    mock.get(SEARCH, payload={"id": pc.SEARCH_ID, "leads": []}, repeat=True)
    async with AsyncPronto(api_key) as client:
        with pytest.raises(UnexpectedResponseError):
            async for _ in client.searches.leads(id=pc.SEARCH_ID, poll_interval=1.0):
                pass
    assert request_count(mock) == MAX_UNREADABLE_POLLS


async def test_a_timeout_still_comes_first_when_it_is_shorter(
    api_key: str, mock: aioresponses
) -> None:
    mock.get(SEARCH, payload={"id": pc.SEARCH_ID}, repeat=True)
    async with AsyncPronto(api_key) as client:
        with pytest.raises(JobTimeoutError):
            await client.searches.wait(id=pc.SEARCH_ID, timeout=1.0, poll_interval=2.0)
    assert request_count(mock) < MAX_UNREADABLE_POLLS


async def test_an_enrichment_without_a_status_stops_after_the_bound(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/contacts/single_enrich",
              payload={"enrichment_id": pc.ENRICHMENT_ID, "status": "pending"})
    body = {"enrichment_id": pc.ENRICHMENT_ID, "email": "ada@acme.com"}
    mock.get(CONTACT, payload=body, repeat=True)
    job = await pronto.contacts.start_enrichment(
        first_name="Ada", last_name="Lovelace", domain="acme.com", enrichment_type=["email"],
        webhook_url="https://hooks.example.com/c",
    )
    with pytest.raises(UnexpectedResponseError) as info:
        await job.wait(poll_interval=1.0)
    assert request_count(mock, "GET") == MAX_UNREADABLE_POLLS
    assert info.value.body == body  # what was found is on the error, not lost
    assert "enrichment_id, email" in info.value.message
    assert info.value.endpoint == "contacts.get"


async def test_a_pending_enrichment_is_still_followed(api_key: str, mock: aioresponses) -> None:
    pending = {"enrichment_id": pc.ENRICHMENT_ID, "status": "pending"}
    answers(mock, CONTACT, *([pending] * (MAX_UNREADABLE_POLLS + 2)),
            {**pc.N8N_ENRICH_OUTPUT})
    async with AsyncPronto(api_key) as client:
        job = await _enrichment_job(client, mock)
        result = await job.wait(poll_interval=1.0)
    assert result.is_done and result.email == "jane.doe@acme.com"


async def _enrichment_job(client: AsyncPronto, mock: aioresponses) -> Any:
    mock.post(f"{APP}/contacts/single_enrich",
              payload={"enrichment_id": pc.ENRICHMENT_ID, "status": "pending"})
    return await client.contacts.start_enrichment(
        first_name="Ada", last_name="Lovelace", domain="acme.com", enrichment_type=["email"],
        webhook_url="https://hooks.example.com/c",
    )


# -- one lead, whichever way it came ------------------------------------------------------------

POLLED: dict[str, Any] = {
    "lead": {"first_name": "Ada", "last_name": "Lovelace", "full_name": "Ada Lovelace",
             "title": "VP of Sales",
             "linkedin_profile_url": "https://www.linkedin.com/in/ada-lovelace/"},
    "company": {"name": "Acme SAS"},
}
#: As a streamed webhook sends it (real-usage.md §8): flat, with the company's name.
DELIVERED: dict[str, Any] = {**POLLED["lead"], "company_name": "Acme SAS"}


def _fields(item: SearchLead) -> dict[str, Any]:
    assert item.lead is not None and item.company is not None
    lead = {f.name: getattr(item.lead, f.name) for f in attrs.fields(type(item.lead))}
    company = {f.name: getattr(item.company, f.name) for f in attrs.fields(type(item.company))}
    return {"lead": lead, "company": company}


def test_a_polled_lead_and_a_delivered_lead_are_the_same_object() -> None:
    polled = structure(POLLED, SearchLead)
    delivered = lead_from_delivery(DELIVERED)
    assert type(polled) is type(delivered) is SearchLead
    assert _fields(polled) == _fields(delivered)
    assert polled == delivered
    for item in (polled, delivered):
        assert item.lead is not None and item.company is not None
        assert item.lead.company_name == item.company.name == item.company_name == "Acme SAS"


def test_a_delivered_lead_keeps_what_the_poll_does_not_carry() -> None:
    delivered = lead_from_delivery(
        {**DELIVERED, "search_id": pc.SEARCH_ID,
         "company_linkedin_url": "https://www.linkedin.com/company/acme/"}
    )
    assert delivered.lead is not None and delivered.company is not None
    assert delivered.lead.extra["search_id"] == pc.SEARCH_ID
    assert delivered.company.linkedin_url == "https://www.linkedin.com/company/acme/"


def test_a_delivered_lead_with_a_company_object() -> None:
    item = lead_from_delivery({**POLLED["lead"], "company": {"name": "Acme SAS",
                                                             "website": "acme.com"}})
    assert item.company == Company(name="Acme SAS", website="acme.com")
    assert item.lead is not None and item.lead.company_name == "Acme SAS"
    assert item.lead.company is None  # the company is the item's, as in a polled lead


def test_a_lead_without_any_company_has_none() -> None:
    item = lead_from_delivery({"first_name": "Ada"})
    assert item.company is None and item.company_name is None
    assert structure({"lead": None}, SearchLead).company is None


def test_the_detail_normalises_each_of_its_leads() -> None:
    detail = structure({"search": {"status": "ONGOING"}, "leads": [POLLED, DELIVERED]},
                       SearchDetail)
    assert detail.leads is not None
    assert detail.leads[0] == detail.leads[1]


async def test_a_lead_yielded_by_poll_and_by_webhook_dedupes(api_key: str,
                                                             mock: aioresponses) -> None:
    class Subscription:
        def __init__(self) -> None:
            self.sent = False

        async def next_item(self, timeout: float) -> Any:
            if not self.sent:
                self.sent = True
                return DELIVERED
            await asyncio.sleep(timeout)
            return None

    async def answer(url: Any, **kwargs: Any) -> CallbackResult:
        return CallbackResult(payload={"search": {"status": "ONGOING"}, "leads": []})

    mock.get(SEARCH, callback=answer)
    mock.get(SEARCH, payload={"search": {"status": "FINISHED"}, "leads": [POLLED]})
    from pronto_async import _follow

    async with AsyncPronto(api_key) as client:
        got = [
            item async for item in _follow.follow_search(
                client, pc.SEARCH_ID, poll_interval=1.0, timeout=None,
                subscription=Subscription(),  # type: ignore[arg-type]
            )
        ]
    assert len(got) == 1  # the polled copy of the delivered lead is not yielded again
    assert got[0] == structure(POLLED, SearchLead)


def test_a_flat_lead_with_a_scalar_lead_field_is_still_a_flat_lead() -> None:
    item = lead_from_delivery({**DELIVERED, "lead": "warm"})
    assert item.lead is not None and item.lead.full_name == "Ada Lovelace"
    assert item.lead.extra == {"lead": "warm"} and item.company_name == "Acme SAS"

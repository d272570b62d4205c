"""Following jobs: searches and asynchronous enrichments, polled with backoff, on both
clients (virtual clock: the backoff costs no wall time)."""

from __future__ import annotations

import asyncio
import inspect
import itertools
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses

from pronto_async import (
    AsyncPronto,
    JobFailedError,
    JobTimeoutError,
    Pronto,
    ProntoError,
    SearchJob,
)
from pronto_async.jobs import SyncEnrichmentJob, SyncSearchJob
from tests.support.harness import APP, Harness

SEARCH_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
SEARCH = f"{APP}/searches/{SEARCH_ID}"
HOOK = "https://hooks.example.com/leads"


def lead(n: int) -> dict[str, Any]:
    return {"lead": {"first_name": f"L{n}", "linkedin_profile_url": f"https://l.in/{n}"},
            "company": {"name": "Acme"}}


def state(status: str, count: int) -> dict[str, Any]:
    return {"search": {"id": SEARCH_ID, "status": status},
            "leads": [lead(n) for n in range(count)]}


async def drain(result: Any) -> list[Any]:
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


def progression(mock: aioresponses, times: list[float], *states: dict[str, Any]) -> None:
    for payload in states:
        async def answer(url: Any, _payload: dict[str, Any] = payload, **kw: Any) -> Any:
            times.append(asyncio.get_running_loop().time())
            return CallbackResult(payload=_payload)

        mock.get(SEARCH, callback=answer)


async def start_search(pronto: Harness, mock: aioresponses) -> Any:
    mock.post(f"{APP}/leads/search", payload={"id": SEARCH_ID, "status": "processing"})
    return await pronto.leads.search_in_company(
        company_linkedin_url="https://www.linkedin.com/company/acme", job_titles=["CEO"],
        webhook_url=HOOK,
    )


async def test_a_search_is_followed_lead_by_lead_until_it_finishes(
    pronto: Harness, mock: aioresponses
) -> None:
    times: list[float] = []
    progression(mock, times, state("NOT_STARTED", 0), state("ONGOING", 2), state("ONGOING", 2),
                state("ONGOING", 3), state("FINISHED", 4))
    job = await start_search(pronto, mock)
    handle = job if pronto.kind == "async" else job.wrapped
    assert isinstance(handle, SearchJob if pronto.kind == "async" else SyncSearchJob)
    assert job.id == SEARCH_ID

    leads = await drain(job.leads(poll_interval=1.0))

    assert [item.lead.first_name for item in leads] == ["L0", "L1", "L2", "L3"]  # each once
    gaps = [round(b - a, 3) for a, b in itertools.pairwise(times)]
    # Backs off while nothing changes (1.5, then 2.25 after no change), resets on news.
    assert gaps == [1.5, 1.0, 1.5, 1.0]


async def test_wait_returns_the_finished_search(pronto: Harness, mock: aioresponses) -> None:
    times: list[float] = []
    progression(mock, times, state("ONGOING", 1), state("ONGOING", 1), state("FINISHED", 2))
    job = await start_search(pronto, mock)
    detail = await job.wait(poll_interval=0.5)
    assert detail.search.status == "FINISHED"
    assert len(detail.leads) == 2
    assert len(times) == 3


@pytest.mark.parametrize("status", ["RATE_LIMITED", "UNAUTHORIZED", "FORBIDDEN", "ERROR"])
async def test_an_error_status_ends_the_iterator_with_a_typed_error(
    api_key: str, mock: aioresponses, status: str
) -> None:
    progression(mock, [], state("ONGOING", 1), state(status, 2))
    got: list[Any] = []

    async def follow(pronto: AsyncPronto) -> None:
        async for item in pronto.searches.leads(id=SEARCH_ID, poll_interval=0.1):
            got.append(item)

    async with AsyncPronto(api_key) as pronto:
        with pytest.raises(JobFailedError) as info:
            await follow(pronto)
    assert len(got) == 2  # what was found before it failed is not lost
    assert (info.value.status, info.value.job_id) == (status, SEARCH_ID)


async def test_a_search_that_runs_too_long_times_out(api_key: str, mock: aioresponses) -> None:
    mock.get(SEARCH, payload=state("ONGOING", 0), repeat=True)
    async with AsyncPronto(api_key) as pronto:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(JobTimeoutError) as info:
            await pronto.searches.wait(id=SEARCH_ID, timeout=30, poll_interval=2)
    assert isinstance(info.value, TimeoutError)
    assert 30 <= loop.time() - started < 31
    assert info.value.job_id == SEARCH_ID


async def test_an_enrichment_job_is_polled_until_finished(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/contacts/single_enrich",
              payload={"enrichment_id": "e-1", "status": "pending"})
    for status in ("pending", "pending"):
        mock.get(f"{APP}/contacts/e-1", payload={"enrichment_id": "e-1", "status": status})
    mock.get(f"{APP}/contacts/e-1", payload={"enrichment_id": "e-1", "status": "finished",
                                              "email": "ada@x.io", "phone": ["+33612345678"]})
    job = await pronto.contacts.start_enrichment(
        first_name="Ada", last_name="L", domain="x.io", enrichment_type="email"
    )
    assert isinstance(job.id, str)
    if pronto.kind == "sync":
        assert isinstance(job.wrapped, SyncEnrichmentJob)
    result = await job.wait(poll_interval=1)
    assert (result.email, [p.number for p in result.phones]) == ("ada@x.io", ["+33612345678"])


async def test_webhook_only_results_need_a_receiver(api_key: str, mock: aioresponses) -> None:
    mock.post(f"{APP}/contacts/bulk_enrich", payload={"enrichment_id": "b-1", "status": "queued"})
    async with AsyncPronto(api_key) as pronto:
        job = await pronto.contacts.bulk_enrich(
            contacts=[{"first_name": "A", "last_name": "B", "domain": "x.io"}] * 2,
            enrichment_type="email", webhook_url=HOOK,
        )
        with pytest.raises(ProntoError, match="only delivered to a webhook"):
            await drain(job.results())


def test_blocking_jobs_iterate_and_wait(api_key: str) -> None:
    with aioresponses() as mock, Pronto(api_key) as pronto:
        mock.post(f"{APP}/leads/search", payload={"id": SEARCH_ID})
        mock.get(SEARCH, payload=state("FINISHED", 3), repeat=True)
        job = pronto.leads.search_in_company(
            company_linkedin_url="https://www.linkedin.com/company/acme", job_titles=["CEO"],
            webhook_url=HOOK,
        )
        assert isinstance(job, SyncSearchJob)
        assert repr(job) == f"SyncSearchJob(id={SEARCH_ID!r})"
        assert job.response.extra == {}
        assert isinstance(job.job, SearchJob)
        assert [item.lead.first_name for item in job.leads()] == ["L0", "L1", "L2"]
        assert len(job.wait().leads or []) == 3
        assert [i.lead.first_name for i in pronto.searches.leads(id=SEARCH_ID)][-1] == "L2"

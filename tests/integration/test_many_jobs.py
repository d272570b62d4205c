"""Many jobs followed together (``follow_all``/``wait_all``) on a real FakePronto, from both
clients: concurrently (≈ the slowest job, not the sum), every item once with its job, a
failing job reported without losing the others, and an early stop stopping every poller."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import pytest

import pronto_async
from pronto_async import JobsFailedError, NotFoundError, SearchJob, SyncSearchJob
from pronto_async.testing import FakePronto

COMPANY = "https://www.linkedin.com/company/acme"
HOOK = "http://127.0.0.1:9/unused"
#: Real seconds each of the 12 searches runs: all different, 0.1 s to 1.2 s (sum 7.8 s).
DURATIONS = [0.1 * (i + 1) for i in range(12)]
LEADS = 6


def key(item: Any) -> str:
    return str(item.lead.linkedin_profile_url)


def _fake(job_seconds: float) -> FakePronto:
    return FakePronto(time_scale=0.05, start_seconds=0.0, job_seconds=job_seconds)


def _shape(fake: FakePronto, search_id: str, duration: float) -> None:
    """Make one search run ``duration`` real seconds from now (the fake's clock is the
    monotonic one, shared by its loop thread and ours)."""
    search = fake.world.searches[search_id]
    search.started = time.monotonic()
    search.duration = duration


def test_twelve_searches_from_pronto_take_the_slowest_not_the_sum() -> None:
    with _fake(job_seconds=1.0) as fake, fake.sync_client() as pronto:
        jobs = [
            pronto.leads.search_in_company(
                company_linkedin_url=COMPANY, job_titles=["*"], limit=LEADS,
                webhook_url=HOOK,
            )
            for _ in range(12)
        ]
        for job, duration in zip(jobs, DURATIONS, strict=True):
            _shape(fake, job.id, duration)
        started = time.monotonic()
        seen = [(job, lead) for job, lead in pronto_async.follow_all(jobs, poll_interval=0.05)]
        together = time.monotonic() - started
        finals = {job.id: pronto.searches.get(id=job.id) for job in jobs}

    assert all(isinstance(job, SyncSearchJob) for job, _ in seen)
    # Every lead once, tagged with the job it came from.
    by_job: dict[str, list[str]] = {}
    for job, lead in seen:
        by_job.setdefault(job.id, []).append(key(lead))
    assert set(by_job) == {job.id for job in jobs}
    for job in jobs:
        expected = sorted(key(item) for item in finals[job.id].leads or [])
        assert sorted(by_job[job.id]) == expected and len(expected) == LEADS
    # Followed one after another this takes at least the sum (7.8 s); together about the
    # slowest (1.2 s) plus polling (the backoff is at most 8 x 0.05 s) and pacing.
    assert together < max(DURATIONS) + 2.0, together  # generous: the machine is shared
    assert together < sum(DURATIONS) / 2.5, together


@pytest.mark.pronto_fake(start_seconds=0.0, job_seconds=4.0)  # x0.05: 0.2 s each
async def test_async_merge_tags_every_lead_and_reports_a_failing_job(fake: FakePronto) -> None:
    async with fake.client() as pronto:
        jobs = [
            await pronto.leads.search_in_company(
                company_linkedin_url=COMPANY, job_titles=["*"], limit=LEADS, webhook_url=HOOK,
            )
            for _ in range(5)
        ]
        doomed = jobs[2]
        del fake.world.searches[doomed.id]  # its polls now answer 404
        seen: list[tuple[SearchJob[Any], Any]] = []

        async def follow() -> None:
            async for job, lead in pronto_async.follow_all(jobs, poll_interval=0.02):
                seen.append((job, lead))

        with pytest.raises(JobsFailedError) as caught:
            await follow()
        others = [job for job in jobs if job is not doomed]
        finals = {job.id: await pronto.searches.get(id=job.id) for job in others}

    error = caught.value
    assert [job for job, _ in error.failures] == [doomed]
    assert isinstance(error.errors[doomed.id], NotFoundError)
    assert error.results is None and "1 of 5 jobs failed" in str(error)
    counts = Counter((job.id, key(lead)) for job, lead in seen)
    assert set(counts.values()) == {1}  # each lead once
    for job_id, detail in finals.items():
        assert {k for j, k in counts if j == job_id} == {key(i) for i in detail.leads or []}
    assert len(counts) == 4 * LEADS  # the other four jobs lost nothing


@pytest.mark.pronto_fake(start_seconds=0.0, job_seconds=200.0)  # x0.05: 10 s, never reached
async def test_breaking_early_stops_every_poller(fake: FakePronto) -> None:
    async with fake.client() as pronto:
        jobs = [
            await pronto.leads.search_in_company(
                company_linkedin_url=COMPANY, job_titles=["*"], limit=200, webhook_url=HOOK,
            )
            for _ in range(4)
        ]
        merged = pronto_async.follow_all(jobs, poll_interval=0.02)
        async for _job, _lead in merged:
            break
        await merged.aclose()  # as `async with aclosing(...)` or the loop's finalizer does
        await asyncio.sleep(0.1)  # a poll cancelled in flight may still reach the fake
        polls = fake.stats["searches.get"].requests
        assert polls >= 4
        assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("pronto-follow")]
        await asyncio.sleep(0.5)  # > 3 x the longest poll interval (8 x 0.02 s)
        assert fake.stats["searches.get"].requests == polls  # nobody polls any more


def test_breaking_early_from_pronto_stops_every_poller() -> None:
    with _fake(job_seconds=200.0) as fake, fake.sync_client() as pronto:
        jobs = [
            pronto.leads.search_in_company(
                company_linkedin_url=COMPANY, job_titles=["*"], limit=200,
                webhook_url=HOOK,
            )
            for _ in range(4)
        ]
        for _job, _lead in pronto_async.follow_all(jobs, poll_interval=0.02):
            break
        time.sleep(0.1)  # a poll cancelled in flight may still reach the fake
        polls = fake.stats["searches.get"].requests
        time.sleep(0.5)  # > 3 x the longest poll interval (8 x 0.02 s)
        assert fake.stats["searches.get"].requests == polls
        loop = pronto._runner._loop
        assert loop is not None

        async def followers() -> list[str]:
            return [t.get_name() for t in asyncio.all_tasks()
                    if t.get_name().startswith("pronto-follow")]

        assert pronto._runner.run(followers()) == []


def test_wait_all_from_pronto_returns_every_detail_in_order_or_reports_failures() -> None:
    with _fake(job_seconds=1.0) as fake, fake.sync_client() as pronto:
        jobs = [
            pronto.leads.search_in_company(
                company_linkedin_url=COMPANY, job_titles=["*"], limit=3, webhook_url=HOOK,
            )
            for _ in range(6)
        ]
        slowest_first = DURATIONS[6:][::-1]  # 1.2 s down to 0.7 s: sum 5.7 s
        for job, duration in zip(jobs, slowest_first, strict=True):
            _shape(fake, job.id, duration)
        started = time.monotonic()
        details = pronto_async.wait_all(jobs, poll_interval=0.05)
        elapsed = time.monotonic() - started
        assert [d.search.id for d in details if d.search] == [job.id for job in jobs]
        assert all(len(d.leads or []) == 3 for d in details)
        assert elapsed < max(slowest_first) + 1.5, elapsed
        assert elapsed < sum(slowest_first) / 2, elapsed

        del fake.world.searches[jobs[0].id]
        with pytest.raises(JobsFailedError) as caught:
            pronto_async.wait_all(jobs, poll_interval=0.05)
    results = caught.value.results
    assert results is not None and isinstance(results[0], NotFoundError)
    assert [r.search.id for r in results[1:]] == [job.id for job in jobs[1:]]
    assert list(caught.value.errors) == [jobs[0].id]


async def test_wait_all_with_async_handles(fake: FakePronto) -> None:
    async with fake.client() as pronto:
        jobs = [
            await pronto.leads.search_in_company(
                company_linkedin_url=COMPANY, job_titles=["*"], limit=2, webhook_url=HOOK,
            )
            for _ in range(3)
        ]
        details = await pronto_async.wait_all(jobs, poll_interval=0.02)
    assert [d.search.id for d in details if d.search] == [job.id for job in jobs]
    none: list[SearchJob[Any]] = []  # an empty list works for either kind of client
    assert await pronto_async.wait_all(none) == []
    assert [x async for x in pronto_async.follow_all(none)] == []
    sync_none: list[SyncSearchJob[Any]] = []
    assert pronto_async.wait_all(sync_none) == [] and list(pronto_async.follow_all(sync_none)) == []


async def test_wait_all_waits_for_account_imports_with_the_searches(fake: FakePronto) -> None:
    """An import started without a webhook is followed by its status (ImportJob.wait)."""
    async with fake.client() as pronto:
        search = await pronto.leads.search_in_company(
            company_linkedin_url=COMPANY, job_titles=["*"], limit=2, webhook_url=HOOK,
        )
        imports = [await pronto.accounts.search(keyword=f"fintech {i}", limit=5)
                   for i in range(2)]
        details = await pronto_async.wait_all([search, *imports], poll_interval=0.02)
    assert [d.id for d in details] == [search.id, *(job.id for job in imports)]
    assert {d.status for d in details} == {"FINISHED"}


def test_wait_all_waits_for_imports_from_pronto_too() -> None:
    with _fake(job_seconds=0.2) as fake, fake.sync_client() as pronto:
        imports = [pronto.accounts.search(keyword=f"fintech {i}", limit=5) for i in range(3)]
        details = pronto_async.wait_all(imports, poll_interval=0.02)
    assert [d.id for d in details] == [job.id for job in imports]
    assert {d.status for d in details} == {"FINISHED"}


async def test_bad_input_is_refused_before_any_poll(fake: FakePronto) -> None:
    async with fake.client() as pronto:
        job = await pronto.leads.search_in_company(
            company_linkedin_url=COMPANY, job_titles=["*"], limit=2, webhook_url=HOOK,
        )
        before = fake.stats["searches.get"].requests
        with pytest.raises(TypeError, match="iterable of job handles"):
            pronto_async.follow_all(job)  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="job handles"):
            pronto_async.wait_all([job, "abc"])  # type: ignore[list-item]
        with fake.sync_client() as sync:
            sync_job: SyncSearchJob[Any] = SyncSearchJob(job, sync._runner)
            with pytest.raises(TypeError, match="not both"):
                pronto_async.follow_all([job, sync_job])  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="poll_interval"):
            async for _ in pronto_async.follow_all([job], poll_interval=0):
                pass
        assert fake.stats["searches.get"].requests == before

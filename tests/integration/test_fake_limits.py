"""Rate limits: the fake enforces each documented limit as a strict sliding window, and the
SDK's pacing stays inside it (done-when (a))."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import time
from collections import defaultdict
from typing import Any

import aiohttp
import pytest

from pronto_async import ENDPOINTS, Host, Rate
from pronto_async.testing import FakePronto
from tests.support.harness import Harness

PROFILE = "https://www.linkedin.com/in/mathieu-brun-picard/"
HOOK = "https://hooks.example.com/leads"
SALES_NAV = "https://www.linkedin.com/sales/search/company?query=x"

#: A body each rate-limited operation accepts.
VALID: dict[str, dict[str, Any]] = {
    "accounts.enrich": {"domain": "notion.so"},
    "accounts.stack": {"company_domain": "notion.so"},
    "accounts.hiring": {"company_domain": "notion.so"},
    "accounts.headcount": {"company_linkedin_id": "1441"},
    "accounts.count_profiles": {"company_linkedin_id": "1441"},
    "accounts.search": {"webhook_url": HOOK, "keyword": "saas", "limit": 1},
    "accounts.search_preview": {"keyword": "saas"},
    "accounts.extract": {"search_url": SALES_NAV, "webhook_url": HOOK, "limit": 1},
    "contacts.enrich": {"firstname": "Ada", "lastname": "Lovelace", "domain": "example.com",
                        "enrichment_type": ["email"]},
    "leads.extract": {"search_url": SALES_NAV, "limit": 1},
    "leads.advanced_search": {"webhook_url": HOOK, "keyword": "saas", "limit": 1},
    "leads.advanced_search_preview": {"keyword": "saas"},
    "leads.enrich": {"linkedin_url": PROFILE},
}


def _groups() -> dict[Rate, list[str]]:
    by_rate: dict[Rate, list[str]] = defaultdict(list)
    for ep in ENDPOINTS:
        if ep.rate is not None:
            by_rate[ep.rate].append(ep.name)
    return dict(by_rate)


GROUPS = _groups()


def test_every_rate_limited_operation_is_covered() -> None:
    assert set(VALID) == {name for names in GROUPS.values() for name in names}
    assert {str(rate) for rate in GROUPS} == {"50/s", "20/s", "1/s", "2/min", "500/day"}


def _url(fake: FakePronto, name: str) -> str:
    ep = next(e for e in ENDPOINTS if e.name == name)
    return (fake.base_url if ep.host is Host.APP else fake.enrich_base_url) + ep.path


@pytest.mark.parametrize("rate", list(GROUPS), ids=str)
async def test_raw_bursts_get_exactly_n_per_window(rate: Rate) -> None:
    """2N concurrent requests per operation, from plain aiohttp: N admitted, N answered 429
    with a fractional Retry-After, however the burst is spread inside one window."""
    window = 3.0  # real seconds: room for 2N requests to arrive within it on a busy machine
    names = GROUPS[rate]
    async with FakePronto(time_scale=window / rate.per) as fake, aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0)
    ) as session:
        headers = {"X-API-KEY": fake.api_key}

        async def send(name: str) -> tuple[int, str | None]:
            async with session.post(_url(fake, name), json=VALID[name],
                                    headers=headers) as response:
                await response.read()
                return response.status, response.headers.get("Retry-After")

        started = time.monotonic()
        answers = await asyncio.gather(
            *(send(name) for name in names for _ in range(2 * rate.requests))
        )
        assert time.monotonic() - started < window, "the burst did not fit in one window"
        for name in names:
            stats = fake.stats[name]
            assert (stats.accepted, stats.rate_limited) == (rate.requests, rate.requests), name
            assert stats.max_in_window == rate.requests
        headers_seen = [ra for status, ra in answers if status == 429 and ra]
        retry_after = [float(ra) for ra in headers_seen]
        assert len(retry_after) == len(answers) // 2
        assert all(0 < value <= window for value in retry_after)
        # Fractional seconds, not rounded up to whole ones. The values themselves may all be
        # whole: a burst answered within half a millisecond of its window's start reads 3.000.
        assert all(re.fullmatch(r"\d+\.\d{3}", ra) for ra in headers_seen), headers_seen
        assert {status for status, _ in answers} <= {200, 201, 202, 404, 429}


async def _sdk_burst(fake: FakePronto, kind: str, names: list[str], count: int) -> None:
    if kind == "async":
        async with fake.client() as client:
            await asyncio.gather(
                *(client.request(name, json=VALID[name]) for name in names for _ in range(count))
            )
        return
    loop = asyncio.get_running_loop()
    with fake.sync_client() as sync_client, concurrent.futures.ThreadPoolExecutor(16) as pool:
        await asyncio.gather(*(
            loop.run_in_executor(pool, lambda n=name: sync_client.request(n, json=VALID[n]))
            for name in names for _ in range(count)
        ))


@pytest.mark.parametrize("kind", ["async", "sync"])
@pytest.mark.parametrize("rate", list(GROUPS), ids=str)
async def test_the_sdk_gets_no_429_under_the_same_load(rate: Rate, kind: str) -> None:
    """The same 2N per operation through the SDK: paced, so the fake never answers 429.

    Windows are scaled to at most 200 requests per second: one process serving both ends
    cannot send much faster (the 500/day quota runs 1,000 requests in 5 s). The jitter
    allowance is a fifth of the window: 2N tasks started at once on one loop (and 16 threads
    for the blocking client) delay the first slots' sends by the time it takes to start
    them all, while later slots go out on time; that lateness counts against the window
    (see the report on pacing at start-up).
    """
    window = max(0.5, rate.requests / 200)
    names = GROUPS[rate]
    async with FakePronto(time_scale=window / rate.per, jitter_allowance=window / 5) as fake:
        await _sdk_burst(fake, kind, names, 2 * rate.requests)
        for name in names:
            stats = fake.stats[name]
            assert stats.rate_limited == 0, fake.stats
            assert stats.accepted == 2 * rate.requests
            assert stats.max_in_window <= rate.requests


async def test_without_pacing_the_sdk_recovers_from_429s(fake: FakePronto) -> None:
    """With the client's own limit lifted, the fake's 429s (Retry-After) are waited out."""
    async with fake.client(rate_limits={"accounts.search_preview": None}) as client:
        results = await asyncio.gather(*(
            client.accounts.search_preview(keyword=f"saas{i}") for i in range(3)
        ))
    assert len(results) == 3
    stats = fake.stats["accounts.search_preview"]
    assert stats.rate_limited > 0 and stats.accepted == 3 and stats.max_in_window == 1


async def test_each_key_has_its_own_windows(pronto: Harness, fake: FakePronto) -> None:
    other = fake.add_key()
    async with fake.client(api_key=other) as client:
        await asyncio.gather(
            pronto.leads.advanced_search_preview(keyword="saas"),
            client.leads.advanced_search_preview(keyword="saas"),
        )
    assert fake.stats["leads.advanced_search_preview"].rate_limited == 0

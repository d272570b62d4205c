"""Client-side limits on the virtual clock: exact timestamps, no real waiting."""

from __future__ import annotations

import asyncio
import bisect
import itertools
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses

from pronto_async import AsyncPronto, QuotaExceededError, Rate
from pronto_async._endpoints import DAY, endpoint
from pronto_async._limits import LocalLimiter, gate_seconds
from tests.support.harness import APP


def max_in_window(times: list[float], window: float) -> int:
    """The most timestamps in any closed window ``[t, t + window]``."""
    times = sorted(times)
    return max(bisect.bisect_right(times, t + window) - i for i, t in enumerate(times))


async def fire(limiter: LocalLimiter, name: str, count: int) -> list[float]:
    """``count`` tasks acquiring at once; the virtual time at which each got its slot."""
    loop = asyncio.get_running_loop()
    row = endpoint(name)
    times: list[float] = []

    async def one() -> None:
        await limiter.acquire(row)
        times.append(loop.time())

    await asyncio.gather(*(one() for _ in range(count)))
    return times


@pytest.mark.parametrize(
    ("name", "requests", "per"),
    [
        ("contacts.enrich", 50, 1.0),
        ("accounts.enrich", 20, 1.0),
        ("leads.advanced_search", 1, 1.0),
        ("accounts.headcount", 2, 60.0),
    ],
)
async def test_pacing_never_exceeds_n_per_window_and_holds_the_rate(
    name: str, requests: int, per: float
) -> None:
    assert endpoint(name).rate == Rate(requests, per)
    limiter = LocalLimiter("key")
    count = max(10 * requests, 20)

    times = await fire(limiter, name, count)

    assert len(times) == count
    # Never more than N in any window of length T, not even the first (aiolimiter's own
    # AsyncLimiter(N, T) would let 2N - 1 through there).
    assert max_in_window(times, per) <= requests
    # Steady throughput within 5% of N/T.
    span = max(times) - min(times)
    throughput = (count - 1) / span
    assert throughput == pytest.approx(requests / per, rel=0.05)
    assert throughput <= requests / per


async def test_no_burst_after_an_idle_gap() -> None:
    limiter = LocalLimiter("key")
    first = await fire(limiter, "accounts.stack", 40)
    await asyncio.sleep(30)  # idle: AsyncLimiter(N, T) would refill to a full burst
    second = await fire(limiter, "accounts.stack", 40)
    assert max_in_window(first + second, 1.0) <= 20


async def test_daily_quota_raises_on_the_501st_without_pacing() -> None:
    limiter = LocalLimiter("key")
    row = endpoint("leads.enrich")
    loop = asyncio.get_running_loop()
    start = loop.time()

    waits = [await limiter.acquire(row) for _ in range(500)]
    assert sum(waits) == 0  # a quota is counted, not paced
    assert loop.time() == start

    await asyncio.sleep(3600)
    with pytest.raises(QuotaExceededError) as info:
        await limiter.acquire(row)
    assert info.value.endpoint == "leads.enrich"
    assert info.value.retry_after == pytest.approx(DAY - 3600)
    assert "500/day" in str(info.value)

    await asyncio.sleep(DAY - 3600)  # the first 500 leave the rolling window
    assert await limiter.acquire(row) == 0


async def test_quota_counts_what_every_client_of_one_key_sends() -> None:
    a, b = LocalLimiter("key"), LocalLimiter("key")
    other = LocalLimiter("other key")
    row = endpoint("leads.enrich")
    for _ in range(250):
        await a.acquire(row)
        await b.acquire(row)
    with pytest.raises(QuotaExceededError):
        await a.acquire(row)
    assert await other.acquire(row) == 0


async def test_clients_of_one_key_share_a_pace() -> None:
    a, b = LocalLimiter("key"), LocalLimiter("key")
    times_a, times_b = await asyncio.gather(
        fire(a, "accounts.hiring", 60), fire(b, "accounts.hiring", 60)
    )
    assert max_in_window(times_a + times_b, 1.0) <= 20


async def test_gate_holds_every_waiter_then_paces_them_again() -> None:
    limiter = LocalLimiter("key")
    row = endpoint("accounts.enrich")
    loop = asyncio.get_running_loop()
    start = loop.time()
    times: list[float] = []

    async def one() -> None:
        await limiter.acquire(row)
        times.append(loop.time() - start)

    tasks = [asyncio.create_task(one()) for _ in range(30)]
    await asyncio.sleep(0.26)  # about five slots have gone (0, 0.051, 0.102, ...)
    limiter.block(row, 2.0)  # a 429 said "Retry-After: 2"
    await asyncio.gather(*tasks)

    before = [t for t in times if t < 0.26]
    after = [t for t in times if t >= 0.26]
    assert len(before) == 6
    assert all(t >= 2.26 for t in after)  # nobody got through the closed gate
    assert max_in_window(times, 1.0) <= 20  # and the reopening is paced, not a burst


async def test_a_later_429_extends_the_gate() -> None:
    limiter = LocalLimiter("key")
    row = endpoint("account.credits")  # no documented limit: only the gate applies
    loop = asyncio.get_running_loop()
    limiter.block(row, 1.0)
    waiter = asyncio.create_task(limiter.acquire(row))
    await asyncio.sleep(0.5)
    limiter.block(row, 3.0)
    waited = await waiter
    assert waited == pytest.approx(3.5, abs=1e-3)
    assert loop.time() > 0


async def test_overrides_replace_or_lift_documented_limits() -> None:
    scaled = Rate(50, 1).scaled(0.01)  # FakePronto's time_scale: 50 per 10 ms
    limiter = LocalLimiter("key", overrides={"contacts.enrich": scaled, "accounts.stack": None})
    assert limiter.rate(endpoint("contacts.enrich")) == Rate(50, 0.01)
    assert limiter.rate(endpoint("accounts.stack")) is None
    times = await fire(limiter, "contacts.enrich", 200)
    assert max_in_window(times, 0.01) <= 50
    assert max(times) - min(times) < 0.05
    unlimited = await fire(limiter, "accounts.stack", 100)
    assert max(unlimited) == min(unlimited)


def test_gate_seconds_prefers_retry_after_then_interval_then_backoff() -> None:
    assert gate_seconds(Rate(20, 1), 2.0, 9.0) == 2.0
    assert gate_seconds(Rate(20, 1), None, 9.0) == 0.05
    assert gate_seconds(Rate(500, DAY), None, 9.0) == 9.0
    assert gate_seconds(None, None, 0.7) == 0.7


def test_rate_describes_itself() -> None:
    assert str(Rate(50, 1)) == "50/s"
    assert str(Rate(2, 60)) == "2/min"
    assert str(Rate(500, DAY)) == "500/day"
    assert str(Rate(5, 0.01)) == "5/0.01s"
    assert Rate(500, DAY).is_daily_quota and not Rate(2, 60).is_daily_quota
    with pytest.raises(ValueError):
        Rate(0, 1)


async def test_every_attempt_takes_a_slot(api_key: str, mock: aioresponses) -> None:
    """Retries are paced like first attempts: 20 calls that each fail once on a free,
    paced endpoint still never exceed 20 attempts in a second."""
    times: list[float] = []
    seen: set[bytes] = set()
    url = f"{APP}/accounts/search/preview"

    async def fail_first_time(url: object, **kwargs: Any) -> CallbackResult:
        times.append(asyncio.get_running_loop().time())
        body = kwargs["data"]
        if body not in seen:
            seen.add(body)
            return CallbackResult(status=500)
        return CallbackResult(payload={"total_count": 1, "preview": []})

    mock.post(url, callback=fail_first_time, repeat=True)
    async with AsyncPronto(api_key, rate_limits={"accounts.search_preview": Rate(20, 1)}) as c:
        await asyncio.gather(
            *(c.request("accounts.search_preview", json={"keyword": f"k{i}"}) for i in range(20))
        )
    assert len(times) == 40
    assert max_in_window(times, 1.0) <= 20


async def test_a_stalled_event_loop_does_not_release_a_burst() -> None:
    """If the loop stalls (a CPU-heavy callback, a GC pause), the overdue waiters must not
    all go at once when it resumes: releases stay in order and the grid moves with a late
    one, so no window of T holds more than N."""
    limiter = LocalLimiter("key")
    loop = asyncio.get_running_loop()

    async def stall() -> None:
        await asyncio.sleep(0.3)
        loop._warp.now += 0.25  # type: ignore[attr-defined]  # 250 ms without running

    stalling = asyncio.create_task(stall())
    times = await fire(limiter, "contacts.enrich", 150)
    await stalling
    assert max_in_window(times, 1.0) <= 50
    gaps = [b - a for a, b in itertools.pairwise(sorted(times))]
    assert min(gaps) >= 0.02 * 0.98  # never two releases closer than the pace allows

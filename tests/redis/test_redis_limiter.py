"""RedisLimiter against a real redis-server: the script's grid, gate, quota and scoping, and
what happens when Redis goes away. Two limiter instances stand for two processes: each has
connections of its own, and they share nothing but Redis."""

from __future__ import annotations

import asyncio
import itertools
import logging
import subprocess
import sys
from typing import Any

import pytest

from pronto_async import (
    AsyncPronto,
    LimiterUnavailableError,
    Pronto,
    QuotaExceededError,
    Rate,
    RedisLimiter,
    ValidationError,
)
from pronto_async._endpoints import DAY, endpoint
from pronto_async._limits import key_digest
from pronto_async.testing import FakePronto
from tests.redis.conftest import RedisServer

STACK = endpoint("accounts.stack")
CREDITS = endpoint("account.credits")  # no documented limit: only the gate applies
DIGEST = key_digest("pk_test_one")


class Grants:
    """Spies on the script's replies: the server-time slot (µs) of every granted call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.slots: list[int] = []
        self.by_name: dict[str, list[int]] = {}
        self.waits = 0
        original = RedisLimiter._call

        async def spy(limiter: RedisLimiter, ep: Any, *args: int | str) -> tuple[int, int, int]:
            kind, wait, slot = await original(limiter, ep, *args)
            if args[0] == "take":
                if kind == 0:
                    self.slots.append(slot)
                    self.by_name.setdefault(ep.name, []).append(slot)
                elif kind == 1:
                    self.waits += 1
            return kind, wait, slot

        monkeypatch.setattr(RedisLimiter, "_call", spy)


def _pair(url: str, prefix: str, **settings: Any) -> tuple[RedisLimiter, RedisLimiter]:
    """Two limiters of one key, as two processes would have."""
    return (
        RedisLimiter(url, prefix=prefix, **settings).bind(DIGEST),
        RedisLimiter(url, prefix=prefix, **settings).bind(DIGEST),
    )


async def _close(*limiters: RedisLimiter) -> None:
    for limiter in limiters:
        await limiter.aclose()


async def test_two_limiters_share_one_grid_of_exactly_n_per_window(
    redis_server: RedisServer, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    grants = Grants(monkeypatch)
    rate = Rate(5, 0.1)
    # A wide margin, so a late wake-up on a busy machine keeps its slot (the grid is exact).
    a, b = _pair(redis_server.url, prefix, rate_limits={STACK.name: rate}, margin=0.5)
    await asyncio.gather(*(limiter.acquire(STACK) for limiter in (a, b) for _ in range(10)))
    await _close(a, b)

    interval = round(rate.interval * 1.5 * 1_000_000)
    slots = sorted(grants.slots)
    assert len(slots) == 20
    assert [later - earlier for earlier, later in itertools.pairwise(slots)] == [interval] * 19
    # Never N + 1 in a window of T: any 6 consecutive slots span at least T.
    assert all(slots[i + 5] - slots[i] >= 100_000 for i in range(len(slots) - 5))
    assert grants.waits >= 19  # all but the first waited for a slot, none got one early


async def test_a_429_in_one_process_holds_every_processs_waiters(
    redis_server: RedisServer, prefix: str, raw_redis: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    grants = Grants(monkeypatch)
    # 250 ms between slots: the gate below closes long before b's first waiter is due, even
    # on a loaded machine (at 20 ms, and once in a CI run at 100 ms, a slow step let a waiter
    # through before the 429 was written).
    a, b = _pair(redis_server.url, prefix, rate_limits={STACK.name: Rate(4, 1.0)})
    await b.acquire(STACK)
    # b's next waiters hold slots 250 ms apart; a 429 in a closes the gate for 0.6 s.
    waiters = [asyncio.create_task(b.acquire(STACK)) for _ in range(4)]
    await asyncio.sleep(0.005)
    await a.block(STACK, 0.6)
    await a.block(CREDITS, 0.6)
    gate = {
        name: int(await raw_redis.get(f"{prefix}:{{{DIGEST}:{name}}}:gate"))
        for name in (STACK.name, CREDITS.name)
    }
    await b.acquire(CREDITS)  # no limit of its own, yet it waits for the gate
    await asyncio.gather(*waiters)
    await _close(a, b)

    held = sorted(grants.by_name[STACK.name][1:])
    assert len(held) == 4
    assert held[0] >= gate[STACK.name]
    assert grants.by_name[CREDITS.name][0] >= gate[CREDITS.name]
    # The gate reopens paced: b's waiters come out one interval apart, not together.
    assert all(y - x >= 250_000 for x, y in itertools.pairwise(held))


async def test_the_daily_quota_is_counted_across_processes(
    redis_server: RedisServer, prefix: str
) -> None:
    a, b = _pair(redis_server.url, prefix, rate_limits={"leads.enrich": Rate(3, DAY)})
    leads = endpoint("leads.enrich")
    await a.acquire(leads)
    await b.acquire(leads)
    await a.acquire(leads)
    for limiter in (a, b):
        with pytest.raises(QuotaExceededError) as info:
            await limiter.acquire(leads)
        assert DAY - 60 < info.value.retry_after <= DAY
        assert "across processes" in str(info.value)
    await _close(a, b)


async def test_overrides_set_the_pace_and_none_lifts_a_limit(
    redis_server: RedisServer, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    grants = Grants(monkeypatch)
    limiter = RedisLimiter(
        redis_server.url, prefix=prefix, margin=0.5,
        rate_limits={STACK.name: Rate(2, 0.1), "accounts.enrich": None},
    ).bind(DIGEST)
    assert limiter.rate(STACK) == Rate(2, 0.1)
    assert limiter.rate(endpoint("accounts.enrich")) is None
    assert limiter.rate(endpoint("accounts.hiring")) == endpoint("accounts.hiring").rate
    await asyncio.gather(*(limiter.acquire(endpoint("accounts.enrich")) for _ in range(30)))
    assert grants.waits == 0  # lifted: nothing paced
    grants.slots.clear()
    await asyncio.gather(*(limiter.acquire(STACK) for _ in range(3)))
    await limiter.aclose()
    slots = sorted(grants.slots)
    assert [y - x for x, y in itertools.pairwise(slots)] == [75_000, 75_000]  # 0.1 / 2 * 1.5


async def test_keys_are_scoped_by_a_digest_of_the_api_key_never_the_key(
    redis_server: RedisServer, prefix: str, raw_redis: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    grants = Grants(monkeypatch)
    slow = {STACK.name: Rate(1, 10)}
    keys = ("pk_live_first_secret", "pk_live_other_secret")
    for key in keys:
        async with AsyncPronto(key, limiter=RedisLimiter(redis_server.url, prefix=prefix,
                                                         rate_limits=slow)) as client:
            await client._transport.limiter.acquire(STACK)
    # Two keys, two grids: each got its slot at once although the limit is 1 per 10 s.
    assert grants.waits == 0 and len(grants.slots) == 2
    stored = await raw_redis.keys(f"{prefix}:*")
    assert stored
    assert {name.split("{")[1].split(":")[0] for name in stored} == {
        key_digest(k) for k in keys
    }
    for name in stored:
        assert not any(key in name for key in keys)


async def test_an_unbound_limiter_says_how_to_use_it(redis_server: RedisServer) -> None:
    with pytest.raises(RuntimeError, match="not bound"):
        await RedisLimiter(redis_server.url).acquire(STACK)


def test_settings_are_checked(redis_binary: str) -> None:
    with pytest.raises(ValueError, match="redis://"):
        RedisLimiter("http://localhost:6379")
    with pytest.raises(ValueError, match="fallback"):
        RedisLimiter("redis://localhost", fallback="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fallback_share"):
        RedisLimiter("redis://localhost", fallback_share=0)


async def test_redis_down_is_a_typed_error_that_keeps_the_password(
    redis_binary: str,
) -> None:
    down = RedisServer(redis_binary)  # a free port, never started
    url = f"redis://:hunter2pass@127.0.0.1:{down.port}/0"
    limiter = RedisLimiter(url, timeout=1).bind(DIGEST)
    for call in (limiter.acquire(STACK), limiter.block(STACK, 1.0)):
        with pytest.raises(LimiterUnavailableError) as info:
            await call
        assert "nothing was sent" in str(info.value)
        assert f"127.0.0.1:{down.port}" in str(info.value)
        assert "hunter2pass" not in str(info.value) + repr(info.value)
    assert "hunter2pass" not in repr(limiter)
    assert not limiter.fell_back
    await limiter.aclose()


async def test_redis_killed_then_back_error_mode_recovers(own_redis: RedisServer) -> None:
    limiter = RedisLimiter(own_redis.url, timeout=1).bind(DIGEST)
    await limiter.acquire(STACK)
    own_redis.kill()
    with pytest.raises(LimiterUnavailableError):
        await limiter.acquire(STACK)
    own_redis.start()  # same port, empty: the script is loaded again, the pool reconnects
    await limiter.acquire(STACK)
    await limiter.aclose()


async def test_fallback_goes_local_warns_once_and_waits_a_window_first(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    rate = Rate(4, 0.2)
    limiter = RedisLimiter(
        own_redis.url, timeout=1, fallback="local", fallback_share=0.5,
        rate_limits={STACK.name: rate},
    ).bind(DIGEST)
    await limiter.acquire(STACK)
    own_redis.kill()
    loop = asyncio.get_running_loop()
    with caplog.at_level(logging.WARNING, logger="pronto_async"):
        killed = loop.time()
        first = await limiter.acquire(STACK)
        times = [loop.time()]
        for _ in range(3):
            await limiter.acquire(STACK)
            times.append(loop.time())
        await limiter.block(STACK, 0.01)  # goes to the local gate, no error
    assert limiter.fell_back
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "local limits (50% of each limit)" in warnings[0].getMessage()
    # The first local slot comes one window after the switch (lower bounds only).
    assert first >= 0.2 and times[0] - killed >= 0.2
    # Half of 4 per 0.2 s: local slots at least 0.1 s apart.
    assert all(y - x >= 0.099 for x, y in itertools.pairwise(times))
    await limiter.aclose()


async def test_pronto_redis_url_makes_the_client_share_its_limits(
    redis_server: RedisServer, raw_redis: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRONTO_REDIS_URL", redis_server.url)
    async with FakePronto(time_scale=0.05) as fake, fake.client() as client:
        assert isinstance(client._transport.limiter, RedisLimiter)
        await client.accounts.stack(company_domain="notion.so")
    grid = f"pronto:{{{key_digest(fake.api_key)}:accounts.stack}}:grid"
    assert await raw_redis.exists(grid)
    await raw_redis.delete(grid)


async def test_a_429_through_the_pipeline_closes_the_shared_gate(
    redis_server: RedisServer, prefix: str, raw_redis: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake allows 1 per 10 s (0.5 s scaled); the client's own limit is lifted, so its
    # second call gets a 429, closes the gate in Redis, and retries when it reopens.
    async with FakePronto(rate_limits={STACK.name: Rate(1, 10)}, time_scale=0.05) as fake:
        limiter = RedisLimiter(redis_server.url, prefix=prefix, rate_limits={STACK.name: None})
        async with AsyncPronto(
            fake.api_key, base_url=fake.base_url, enrich_base_url=fake.enrich_base_url,
            limiter=limiter,
        ) as client:
            await client.accounts.stack(company_domain="notion.so")
            await client.accounts.stack(company_domain="stripe.com")
            assert fake.stats[STACK.name].rate_limited == 1
            assert fake.stats[STACK.name].accepted == 2
    gate = f"{prefix}:{{{key_digest(fake.api_key)}:{STACK.name}}}:gate"
    assert await raw_redis.get(gate) is not None  # written by the 429, kept a second after


def test_the_blocking_client_shares_limits_too(
    redis_server: RedisServer, prefix: str
) -> None:
    import redis

    with FakePronto(time_scale=0.05) as fake:
        pronto = Pronto(
            fake.api_key, base_url=fake.base_url, enrich_base_url=fake.enrich_base_url,
            limiter=RedisLimiter(redis_server.url, prefix=prefix),
        )
        with pronto:
            pronto.accounts.stack(company_domain="notion.so")
    raw = redis.Redis.from_url(redis_server.url)
    try:
        assert raw.exists(f"{prefix}:{{{key_digest(fake.api_key)}:{STACK.name}}}:grid")
    finally:
        raw.close()


def test_a_bad_pronto_redis_url_is_a_validation_error(
    redis_binary: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRONTO_REDIS_URL", "localhost:6379")
    with pytest.raises(ValidationError, match="PRONTO_REDIS_URL"):
        AsyncPronto("pk_test_one")


def test_the_sdk_works_without_the_redis_extra() -> None:
    code = (
        "import sys; sys.modules['redis'] = None\n"
        "import pronto_async\n"
        "pronto_async.AsyncPronto('pk_test_one')\n"
        "try:\n"
        "    pronto_async.RedisLimiter('redis://localhost')\n"
        "except ModuleNotFoundError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "pip install 'pronto-async[redis]'" in out.stdout

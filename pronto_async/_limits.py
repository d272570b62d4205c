"""Client-side rate limits: one bucket per documented limit (DESIGN §4).

- **Pacing on a fixed grid.** Each limit of N per T is paced at one request per
  ``T/N · (1 + margin)``. A plain token bucket (aiolimiter's ``AsyncLimiter(N, T)``) starts
  full and lets ``2N - 1`` requests through in the first window and after every idle gap; a
  server counting in sliding windows answers that with 429s. ``AsyncLimiter(1, T/N)`` never
  bursts, but measures each interval from the moment the previous waiter actually woke, so the
  event loop's wake-up lateness (about 1 ms per timer with epoll) accumulates: 93% of the
  documented rate at 50/s (``benchmarks/bench_pacing.py``). So requests take slots on a
  fixed grid (the virtual scheduling of GCRA), one at a time in arrival order: ordinary
  lateness does not accumulate (throughput is 98% of the limit), a release late by more than
  ``T · margin`` (20 ms at 50/s: a stalled loop) moves the grid instead of letting the
  overdue waiters out together, and any N + 1 consecutive releases span at least T.
- **Daily quota.** A per-day limit (``leads.enrich``, 500/day) is not paced (one call every
  173 s would be useless): it is a rolling 24 h count that raises ``QuotaExceededError`` at once.
  It counts what this process sent since it started; Pronto's own count may be higher.
- **Every attempt takes a slot**, retries included.
- **The 429 gate.** A 429 closes the endpoint's gate for ``Retry-After`` (or ``T/N``) for every
  waiting task, not only the one that got it: a task whose slot falls inside the closed
  window reserves a new slot after it, so the gate reopens paced, not with a burst.

Buckets are shared per (event loop, API key, endpoint, effective rate), so two clients with
one key in one process share their limits. Processes sharing one key share limits through a
store instead (``RedisLimiter``, DESIGN §4): a limiter that has a ``bind(key_digest)`` method
is handed the digest of the client's key (:func:`key_digest`, never the key) by the client.
Time is the event loop's clock (``loop.time()``): tests run on a virtual-time loop and never
sleep through real windows.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import math
import weakref
from collections.abc import Awaitable, Mapping
from typing import Final, Protocol, runtime_checkable

from ._endpoints import DAY, Endpoint, Rate
from .errors import QuotaExceededError

__all__ = [
    "DEFAULT_MARGIN", "KeyBindable", "LocalLimiter", "RateLimiter", "gate_seconds", "key_digest",
]

#: Pacing interval is stretched by this fraction, so jitter on the wire cannot squeeze
#: N + 1 requests into one server-side window. Throughput stays at 98% of the limit.
DEFAULT_MARGIN: Final = 0.02


@runtime_checkable
class RateLimiter(Protocol):
    """What the request pipeline needs from a limiter; a shared store can implement it."""

    async def acquire(self, endpoint: Endpoint) -> float:
        """Wait for a slot for one attempt; return the seconds waited.

        Raises:
            QuotaExceededError: a per-day quota is used up.
        """
        ...

    def block(self, endpoint: Endpoint, seconds: float) -> Awaitable[None] | None:
        """Close the endpoint's gate for ``seconds`` (after a 429), for every waiter.

        May be a coroutine function: a shared store must write the gate before the
        pipeline asks for the next slot (the pipeline awaits what it returns).
        """
        ...

    def rate(self, endpoint: Endpoint) -> Rate | None:
        """The effective limit of ``endpoint`` (documented, or the user's override)."""
        ...


@runtime_checkable
class KeyBindable(Protocol):
    """A limiter that keeps limits for several API keys and must learn whose they are.

    The client calls ``bind`` once, at construction, and uses the limiter returned (its
    own, closed with the client when it has an ``aclose`` coroutine method).
    """

    def bind(self, key_digest: str) -> RateLimiter:
        """This limiter's view for the key whose :func:`key_digest` is ``key_digest``."""
        ...


def key_digest(api_key: str) -> str:
    """What identifies an API key's limits: a digest, so the key is never stored."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:16]


class _Bucket:
    """The state of one limit: the pacing grid, a daily log, and the 429 gate."""

    __slots__ = (
        "_gate_until", "_interval", "_log", "_name", "_next_slot", "_rate", "_tolerance",
        "_turn",
    )

    def __init__(self, name: str, rate: Rate | None, margin: float) -> None:
        self._name = name
        self._rate = rate
        self._gate_until = -math.inf
        self._next_slot = -math.inf
        self._interval: float | None = None
        self._tolerance = 0.0
        self._log: collections.deque[float] | None = None
        # Waiters take their turn in arrival order; only the head holds a slot, so a task
        # that wakes late is never overtaken by one that reserved a later slot.
        self._turn = asyncio.Lock()
        if rate is None:
            pass  # no documented limit: only the 429 gate applies
        elif rate.is_daily_quota:
            self._log = collections.deque()
        else:
            self._interval = rate.interval * (1.0 + margin)
            self._tolerance = rate.per * margin

    async def acquire(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._interval is None:
            await self._pass_gate(loop)
        else:
            async with self._turn:
                slot = await self._pass_gate(loop, self._next_slot)
                released = loop.time()
                # A release late by up to T·margin keeps the grid (N + 1 releases still span
                # at least T, and no throughput is lost to ordinary timer lateness); a later
                # one moves the grid with it, so nothing is squeezed in right behind it.
                base = slot if released - slot <= self._tolerance else released
                self._next_slot = base + self._interval
        if self._log is not None:
            self._take_quota(loop.time())

    async def _pass_gate(
        self, loop: asyncio.AbstractEventLoop, not_before: float = -math.inf
    ) -> float:
        """Sleep until ``not_before`` and until the 429 gate is open; the slot taken."""
        while True:
            now = loop.time()
            slot = max(now, not_before, self._gate_until)
            if slot > now:
                await asyncio.sleep(slot - now)
            # The gate may have closed (a later 429) while this task slept: wait again.
            if loop.time() >= self._gate_until:
                return slot

    def _take_quota(self, now: float) -> None:
        assert self._log is not None
        assert self._rate is not None
        window = self._rate.per
        while self._log and self._log[0] <= now - window:
            self._log.popleft()
        if len(self._log) >= self._rate.requests:
            retry_after = self._log[0] + window - now
            hours = retry_after / 3600
            raise QuotaExceededError(
                f"the {self._rate} quota of {self._name} is used up in this process; "
                f"capacity returns in {hours:.1f} h",
                endpoint=self._name,
                retry_after=retry_after,
            )
        self._log.append(now)

    def block(self, until: float) -> None:
        self._gate_until = max(self._gate_until, until)


# loop -> {(key digest, endpoint name, rate, margin): bucket}. Weak on the loop, so a closed
# and dropped loop (each asyncio.run, each test) takes its buckets with it.
_REGISTRY: Final[
    weakref.WeakKeyDictionary[
        asyncio.AbstractEventLoop, dict[tuple[str, str, Rate | None, float], _Bucket]
    ]
] = weakref.WeakKeyDictionary()


class LocalLimiter:
    """In-process limits for one API key (the default limiter).

    Args:
        api_key: Identifies whose limits these are; only a digest of it is kept.
        overrides: Limits by endpoint name that replace the documented ones; ``None``
            removes a limit.
        margin: Fraction by which pacing intervals are stretched.
    """

    def __init__(
        self,
        api_key: str,
        *,
        overrides: Mapping[str, Rate | None] | None = None,
        margin: float = DEFAULT_MARGIN,
    ) -> None:
        if margin < 0:
            raise ValueError("margin must be >= 0")
        self._scope = key_digest(api_key)
        self._overrides = dict(overrides or {})
        self._margin = margin

    @classmethod
    def _for_digest(
        cls, digest: str, *, overrides: Mapping[str, Rate | None] | None, margin: float
    ) -> LocalLimiter:
        """The local limits of the key whose :func:`key_digest` is ``digest`` (a shared
        limiter's fallback knows only the digest)."""
        limiter = cls("", overrides=overrides, margin=margin)
        limiter._scope = digest
        return limiter

    def rate(self, endpoint: Endpoint) -> Rate | None:
        if endpoint.name in self._overrides:
            return self._overrides[endpoint.name]
        return endpoint.rate

    def _bucket(self, endpoint: Endpoint) -> _Bucket:
        rate = self.rate(endpoint)
        loop = asyncio.get_running_loop()
        buckets = _REGISTRY.setdefault(loop, {})
        key = (self._scope, endpoint.name, rate, self._margin)
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = _Bucket(endpoint.name, rate, self._margin)
        return bucket

    async def acquire(self, endpoint: Endpoint) -> float:
        bucket = self._bucket(endpoint)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await bucket.acquire(loop)
        return loop.time() - started

    def block(self, endpoint: Endpoint, seconds: float) -> None:
        self._bucket(endpoint).block(asyncio.get_running_loop().time() + seconds)

    def __repr__(self) -> str:
        return f"LocalLimiter(overrides={self._overrides!r}, margin={self._margin})"


def gate_seconds(rate: Rate | None, retry_after: float | None, fallback: float) -> float:
    """How long a 429 closes the gate: ``Retry-After``, else one pacing interval, else
    ``fallback`` (the backoff delay, for endpoints without a documented limit)."""
    if retry_after is not None:
        return retry_after
    if rate is not None and rate.per < DAY:
        return rate.interval
    return fallback

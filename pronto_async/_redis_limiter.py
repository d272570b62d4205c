"""``RedisLimiter``: one API key's limits shared by every process through Redis (DESIGN §4).

The guarantee is the local limiter's, across processes and machines: never more than N
requests in any window of T for one key and operation. One Lua script does all of it,
atomically, on the Redis server's clock (``TIME``), so the clients' clocks never matter:

- **Pacing** is the local grid (GCRA without burst): the script hands out slots
  ``T/N · (1 + margin)`` apart. A task whose slot lies ahead sleeps until it, then confirms
  it; a slot confirmed later than ``T · margin`` is given up for a new one at the back of the
  queue, so a stalled process cannot send just ahead of the next slot.
- **Daily quota**: a rolling 24 h log (a sorted set) checked and appended by the same script;
  ``QuotaExceededError`` at once, for every process once the key's quota is used up.
- **The 429 gate**: ``block()`` writes the time the gate reopens; every slot confirmation of
  every process looks at it, so one 429 holds every waiter of the key, and the gate reopens
  paced (slots are reserved after it).

Keys are ``<prefix>:{<key digest>:<operation>}:<part>``: the digest of the API key, never the
key; the braces keep one operation's keys in one Redis Cluster hash slot.

When Redis cannot be reached, :class:`~pronto_async.errors.LimiterUnavailableError` is
raised and nothing is sent; with ``fallback="local"`` the process goes on with in-process
limits (logged once at WARNING) for the rest of the limiter's life. A slot is never skipped:
the local limits of each operation first wait one window from the switch, so a window never
holds both requests the store paced and requests this process paced alone.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import math
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Final, Literal
from urllib.parse import urlsplit

from ._endpoints import ENDPOINTS, Endpoint, Rate
from ._limits import DEFAULT_MARGIN, LocalLimiter
from .errors import LimiterUnavailableError, QuotaExceededError

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

__all__ = ["RedisLimiter"]

_log = logging.getLogger("pronto_async")

#: KEYS: grid (the next free slot), gate (when the 429 gate reopens), log (the daily
#: sorted set), seq (members of the log). Times are integer microseconds of server time.
#: ARGV[1] = "block": ARGV[2] = seconds to close the gate (µs).
#: ARGV[1] = "take": ARGV[2] interval (0: not paced), ARGV[3] tolerance (-1: none),
#: ARGV[4] the slot held from an earlier call (-1: none), ARGV[5] daily limit (0: none),
#: ARGV[6] daily window.
#: Returns {0, 0, slot} granted, {1, wait, slot} sleep ``wait`` then confirm ``slot``, or
#: {2, retry_after, 0} quota used up.
_SCRIPT: Final = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local gate = tonumber(redis.call('GET', KEYS[2]) or '0')
local function fmt(x) return string.format('%.0f', x) end
local function ttl(x) return math.max(1, math.ceil((x - now) / 1000)) + 1000 end
if ARGV[1] == 'block' then
  local reopen = now + tonumber(ARGV[2])
  if reopen > gate then redis.call('SET', KEYS[2], fmt(reopen), 'PX', ttl(reopen)) end
  return {0, 0, 0}
end
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local held = tonumber(ARGV[4])
local slot = nil
if held >= 0 then
  if now < held then return {1, held - now, held} end
  if now >= gate and (tolerance < 0 or now - held <= tolerance) then slot = held end
end
if slot == nil then
  if interval > 0 then
    local grid = tonumber(redis.call('GET', KEYS[1]) or '0')
    slot = math.max(now, grid, gate)
    redis.call('SET', KEYS[1], fmt(slot + interval), 'PX', ttl(slot + interval))
  else
    slot = math.max(now, gate)
  end
  if slot > now then return {1, slot - now, slot} end
end
local limit = tonumber(ARGV[5])
if limit > 0 then
  local window = tonumber(ARGV[6])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', fmt(now - window))
  if redis.call('ZCARD', KEYS[3]) >= limit then
    local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
    return {2, tonumber(oldest[2]) + window - now, 0}
  end
  local seq = redis.call('INCR', KEYS[4])
  redis.call('ZADD', KEYS[3], fmt(now), seq)
  redis.call('PEXPIRE', KEYS[3], ttl(now + window))
  redis.call('PEXPIRE', KEYS[4], ttl(now + window))
end
return {0, 0, slot}
"""

_GRANTED: Final = 0
_WAIT: Final = 1
_US: Final = 1_000_000


class _Switched(Exception):
    """Another task moved this limiter to its local fallback while this one slept."""


class RedisLimiter:
    """Rate limits shared by every process that uses one API key, kept in Redis.

    ``AsyncPronto(limiter=RedisLimiter("redis://host:6379/0"))``, or set
    ``PRONTO_REDIS_URL``. The client binds it to a digest of its API key; one instance may
    serve several clients and keys. Needs the ``redis`` extra (``pip install
    'pronto-async[redis]'``, redis-py >= 5) and Redis >= 5 (server-side ``TIME`` in scripts).

    Args:
        url: ``redis://[[user]:[password]@]host[:port][/db]``, ``rediss://…`` or
            ``unix://…``. The password never appears in reprs, logs or errors.
        rate_limits: Limits by operation name that replace the documented ones; ``None``
            removes a limit. Every process sharing a key should use the same.
        margin: Fraction by which pacing intervals are stretched, and how late (as a
            fraction of the window) a slot may still be used.
        fallback: ``"error"`` (default): Redis unreachable raises
            :class:`~pronto_async.errors.LimiterUnavailableError`. ``"local"``: this process
            continues on in-process limits (logged once at WARNING).
        fallback_share: The fraction of each limit the local fallback keeps. With
            ``1 / workers``, the workers together stay within every limit of N >= workers
            per window while Redis is down (N is shared out rounded down).
        prefix: Prefix of every Redis key.
        timeout: Seconds allowed for connecting to Redis and for each reply.
        max_connections: Redis connections per client; tasks beyond it queue.

    Raises:
        ModuleNotFoundError: redis-py is not installed.
        ValueError: a setting is invalid.
    """

    def __init__(
        self,
        url: str,
        *,
        rate_limits: Mapping[str, Rate | None] | None = None,
        margin: float = DEFAULT_MARGIN,
        fallback: Literal["error", "local"] = "error",
        fallback_share: float = 1.0,
        prefix: str = "pronto",
        timeout: float = 2.0,
        max_connections: int = 8,
    ) -> None:
        try:
            importlib.import_module("redis.asyncio")
        except ModuleNotFoundError as exc:
            raise ModuleNotFoundError(
                "RedisLimiter needs redis-py: pip install 'pronto-async[redis]'", name="redis"
            ) from exc
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss", "unix"):
            raise ValueError("url must be a redis://, rediss:// or unix:// URL")
        if margin < 0:
            raise ValueError("margin must be >= 0")
        if fallback not in ("error", "local"):
            raise ValueError(f"fallback must be 'error' or 'local', not {fallback!r}")
        if not 0 < fallback_share <= 1:
            raise ValueError("fallback_share must be > 0 and <= 1")
        if not timeout > 0 or max_connections < 1:
            raise ValueError("timeout must be > 0 and max_connections >= 1")
        self._url = url
        self._where = f"{parts.scheme}://{parts.hostname or ''}" + (
            f":{parts.port}" if parts.port else ""
        ) + (parts.path if parts.scheme != "unix" else "")
        self._overrides = dict(rate_limits or {})
        self._margin = margin
        self._fallback = fallback
        self._share = fallback_share
        self._prefix = prefix
        self._timeout = timeout
        self._max_connections = max_connections
        # Bound state (see bind()): whose limits, the connection, the fallback.
        self._scope: str | None = None
        self._conn: tuple[asyncio.AbstractEventLoop, Redis, AsyncScript] | None = None
        self._local: LocalLimiter | None = None
        self._switched_at = 0.0
        self._guarded: set[str] = set()

    def bind(self, key_digest: str) -> RedisLimiter:
        """A limiter with this one's settings for the key whose digest is ``key_digest``
        (:func:`pronto_async._limits.key_digest`); it opens its own connections. The client
        calls this; you only need it to use the limiter without a client."""
        bound = RedisLimiter(
            self._url, rate_limits=self._overrides, margin=self._margin,
            fallback=self._fallback, fallback_share=self._share, prefix=self._prefix,
            timeout=self._timeout, max_connections=self._max_connections,
        )
        bound._scope = key_digest
        return bound

    def rate(self, endpoint: Endpoint) -> Rate | None:
        if endpoint.name in self._overrides:
            return self._overrides[endpoint.name]
        return endpoint.rate

    @property
    def fell_back(self) -> bool:
        """``True`` once Redis failed and this limiter went on with local limits."""
        return self._local is not None

    async def acquire(self, endpoint: Endpoint) -> float:
        """Wait for a slot shared with every process using the key; return the seconds
        waited.

        Raises:
            QuotaExceededError: the key's daily quota is used up (across processes).
            LimiterUnavailableError: Redis cannot be reached and ``fallback`` is
                ``"error"``.
        """
        loop = asyncio.get_running_loop()
        started = loop.time()
        if self._local is None:
            from redis.exceptions import RedisError

            try:
                await self._take(endpoint)
            except _Switched:
                pass
            except (RedisError, OSError, TimeoutError) as exc:
                self._unavailable(exc)
        if self._local is not None:
            await self._take_local(endpoint, loop)
        return loop.time() - started

    async def block(self, endpoint: Endpoint, seconds: float) -> None:
        """Close the endpoint's gate for ``seconds`` for every process using the key.

        Raises:
            LimiterUnavailableError: Redis cannot be reached and ``fallback`` is
                ``"error"``.
        """
        if self._local is None:
            from redis.exceptions import RedisError

            try:
                await self._call(endpoint, "block", math.ceil(seconds * _US))
            except (RedisError, OSError, TimeoutError) as exc:
                self._unavailable(exc)
        if self._local is not None:
            self._local.block(endpoint, seconds)

    async def aclose(self) -> None:
        """Close this limiter's Redis connections (it reconnects if used again)."""
        conn, self._conn = self._conn, None
        if conn is not None and conn[0] is asyncio.get_running_loop():
            await conn[1].aclose()

    async def __aenter__(self) -> RedisLimiter:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"RedisLimiter({self._where!r}, overrides={self._overrides!r}, "
            f"margin={self._margin}, fallback={self._fallback!r})"
        )

    # -- the shared path -------------------------------------------------------------------

    async def _take(self, endpoint: Endpoint) -> None:
        rate = self.rate(endpoint)
        if rate is None:
            interval, tolerance, limit, window = 0, -1, 0, 0
        elif rate.is_daily_quota:
            interval, tolerance, limit, window = 0, -1, rate.requests, math.ceil(rate.per * _US)
        else:
            # Rounded to the nanosecond first, so float noise never adds a microsecond.
            interval = math.ceil(round(rate.interval * (1.0 + self._margin) * _US, 3))
            tolerance = math.floor(round(rate.per * self._margin * _US, 3))
            limit, window = 0, 0
        held = -1
        while True:
            kind, wait, slot = await self._call(
                endpoint, "take", interval, tolerance, held, limit, window
            )
            if kind == _GRANTED:
                return
            if kind != _WAIT:
                assert rate is not None
                retry_after = wait / _US
                raise QuotaExceededError(
                    f"the {rate} quota of {endpoint.name} is used up for this key (counted "
                    f"across processes); capacity returns in {retry_after / 3600:.1f} h",
                    endpoint=endpoint.name,
                    retry_after=retry_after,
                )
            held = slot
            await asyncio.sleep(wait / _US)
            if self._local is not None:
                raise _Switched

    async def _call(self, endpoint: Endpoint, *args: int | str) -> tuple[int, int, int]:
        if self._scope is None:
            raise RuntimeError(
                "this RedisLimiter is not bound to an API key: pass it to "
                "AsyncPronto(limiter=...) or Pronto(limiter=...)"
            )
        script = self._script()
        base = f"{self._prefix}:{{{self._scope}:{endpoint.name}}}:"
        keys = [base + "grid", base + "gate", base + "log", base + "seq"]
        # Our own deadline rather than redis-py's socket_timeout, whose asyncio.wait_for
        # can leave a cancelled caller hanging on Python 3.11 (seen cancelling waiters).
        async with asyncio.timeout(self._timeout):
            reply = await script(keys=keys, args=list(args))
        kind, wait, slot = (int(x) for x in reply)
        return kind, wait, slot

    def _script(self) -> AsyncScript:
        loop = asyncio.get_running_loop()
        if self._conn is None or self._conn[0] is not loop:
            from redis.asyncio import BlockingConnectionPool, Redis
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff

            # One retry: a pooled connection that went stale (Redis restarted) reconnects;
            # a Redis that is down fails within one connect timeout, not after backoffs.
            pool = BlockingConnectionPool.from_url(
                self._url,
                max_connections=self._max_connections,
                timeout=self._timeout,
                socket_connect_timeout=self._timeout,
                retry=Retry(NoBackoff(), 1),
            )
            client = Redis.from_pool(pool)
            self._conn = (loop, client, client.register_script(_SCRIPT))
        return self._conn[2]

    # -- Redis unavailable -----------------------------------------------------------------

    def _unavailable(self, exc: BaseException) -> None:
        """Raise the typed error, or move to local limits (``fallback="local"``)."""
        if self._fallback == "error":
            raise LimiterUnavailableError(
                f"the shared rate limiter (Redis at {self._where}) is unavailable, so "
                f"nothing was sent: {type(exc).__name__}: {exc}"
            ) from exc
        if self._local is not None:
            return
        assert self._scope is not None
        overrides: dict[str, Rate | None] = {}
        for known in ENDPOINTS:
            rate = self.rate(known)
            overrides[known.name] = None if rate is None else _share(rate, self._share)
        self._local = LocalLimiter._for_digest(
            self._scope, overrides=overrides, margin=self._margin
        )
        self._switched_at = asyncio.get_running_loop().time()
        _log.warning(
            "the shared rate limiter (Redis at %s) is unavailable (%s: %s); this process "
            "goes on with local limits (%.0f%% of each limit) until it restarts",
            self._where, type(exc).__name__, exc, self._share * 100,
        )

    async def _take_local(self, endpoint: Endpoint, loop: asyncio.AbstractEventLoop) -> None:
        assert self._local is not None
        if endpoint.name not in self._guarded:
            self._guarded.add(endpoint.name)
            # Requests the store paced may still fill the window that ends one window
            # after the switch; local slots start after it.
            rate = self.rate(endpoint)
            if rate is not None and not rate.is_daily_quota:
                hold = self._switched_at + rate.per * (1.0 + self._margin) - loop.time()
                if hold > 0:
                    self._local.block(endpoint, hold)
        await self._local.acquire(endpoint)


def _share(rate: Rate, share: float) -> Rate:
    """``share`` of ``rate``, for one of ``1 / share`` processes going on alone.

    The window stays (a pace of n per T, not 1 per T/n, keeps a late release from pulling
    n + 1 into a window); n is rounded down so the processes together stay within N. A
    limit under one request per process per window becomes one per a longer window: each
    process may then send in the same window, which no local limit can prevent.
    """
    if share >= 1:
        return rate
    requests = math.floor(rate.requests * share + 1e-9)
    if requests >= 1 or rate.is_daily_quota:
        return Rate(max(1, requests), rate.per)
    return Rate(1, rate.per / (rate.requests * share))

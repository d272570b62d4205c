"""``FakePronto``: a real Pronto look-alike on loopback (DESIGN §10).

Routes, limits and credit costs come from ``_endpoints.ENDPOINTS``: the app host's operations
are served under ``/api/v2``, the synchronous enrichment (the enrich host's only operation)
under ``/v2``. Each request goes through: auth → the strict sliding-window rate limit →
decode → fault draw → latency → the operation's handler → billing → the fault, if it strikes
after the work.
"""

from __future__ import annotations

import asyncio
import collections
import email.utils
import functools
import json
import secrets
import socket
import threading
import time
from collections.abc import Collection, Mapping
from types import TracebackType
from typing import Any, Final

from aiohttp import web

from .._client import AsyncPronto
from .._endpoints import ENDPOINTS, Endpoint, Host, Rate
from .._limits import DEFAULT_MARGIN
from .._sync import Pronto
from ._call import Call
from ._faults import Fault, Latency, draw_fault, draw_latency, respond
from ._handlers import HANDLERS
from ._jobs import WebhookShape, World
from ._rules import Reject
from ._shapes import NO_BODY, ResponseShapes
from ._state import KeyAccount, SlidingWindow, Stats, canonical

__all__ = ["FakePronto"]

_PREFIX: Final = {Host.APP: "/api/v2", Host.ENRICH: "/v2"}
_UNAUTHORIZED: Final = {"error": "Unauthorized"}


class FakePronto:
    """A Pronto server on ``127.0.0.1`` and a free port, for tests and sandboxes.

    ``async with FakePronto() as fake:`` runs it on the current event loop;
    ``with FakePronto() as fake:`` (or :meth:`start_in_thread`) on a loop thread of its own,
    for synchronous code. :meth:`client` and :meth:`sync_client` return clients already
    pointed at it, with its key and its (scaled) rate limits.

    Args:
        api_key: The key the fake accepts (one is made up when ``None``); add more with
            :meth:`add_key`. Any other key gets 401 ``{"error": "Unauthorized"}``.
        credits: The key's starting balance.
        personal_email_consent: Whether the key's account consented to personal-email
            enrichment (without it such requests get the documented 422).
        seed: Decides every generated datum and every injected fault.
        time_scale: Multiplies every window, job duration, latency and ``Retry-After``
            (``0.01`` runs everything 100 times faster).
        rate_limits: Limits by operation name replacing the documented ones (``None`` lifts
            one); before ``time_scale``.
        enforce_rate_limits: ``False`` admits everything (the counters still count).
        latency: Server time per request, for every operation or by operation name.
        faults: Probability of each :class:`Fault` per request.
        fault_operations: Only these operations get faults (all when ``None``).
        stall_seconds: How long a ``STALL`` holds its answer (real seconds, not scaled).
        start_seconds: How long a lead search stays ``NOT_STARTED`` (before ``time_scale``).
        job_seconds: How long a lead search or import runs (before ``time_scale``).
        enrichment_seconds: How long an asynchronous enrichment stays ``pending``.
        webhook_shape: How lead-search results are POSTed (see :class:`WebhookShape`).
        webhook_attempts: Tries per webhook payload before giving up.
        shapes: Which of the answer shapes seen in the wild to send where Pronto has been
            seen answering one operation in several (see :class:`ResponseShapes`: the flat
            search detail, empty 204 deletes …); the reference's by default.
        external_webhooks: Also POST to webhook URLs off loopback (by default those payloads
            are only recorded in :attr:`webhook_log`, so tests never reach the internet).
        jitter_allowance: The spread of loopback delays (seconds) the clients' pacing must
            absorb; see :meth:`client_rate_limits`.
        clock_skew: Seconds the fake's wall clock runs ahead of this machine's (negative:
            behind): its ``created_at`` stamps and ``Date`` headers, as a server whose clock
            is off would send them.
        host: The interface to listen on (``"0.0.0.0"``: every one; clients on this machine
            still use ``127.0.0.1``).
        port: The port; 0 picks a free one.

    Raises:
        OSError: (from :meth:`start`) the address is taken or not available.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        credits: int = 1_000_000,
        personal_email_consent: bool = True,
        seed: int = 0,
        time_scale: float = 1.0,
        rate_limits: Mapping[str, Rate | None] | None = None,
        enforce_rate_limits: bool = True,
        latency: Latency | Mapping[str, Latency] | None = None,
        faults: Mapping[Fault, float] | None = None,
        fault_operations: Collection[str] | None = None,
        stall_seconds: float = 30.0,
        start_seconds: float = 1.0,
        job_seconds: float = 5.0,
        enrichment_seconds: float = 2.0,
        webhook_shape: WebhookShape = WebhookShape.AUTO,
        webhook_attempts: int = 4,
        shapes: ResponseShapes | None = None,
        external_webhooks: bool = False,
        jitter_allowance: float = 0.05,
        clock_skew: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be 0 to 65535, got {port}")
        self._host = host
        self._bind_port = port
        if not time_scale > 0:
            raise ValueError("time_scale must be > 0")
        names = [e.name for e in ENDPOINTS]
        unknown = sorted(set(rate_limits or {}) - set(names))
        if unknown:
            raise ValueError(f"rate_limits: unknown operations {unknown}")
        self.seed = seed
        self.time_scale = time_scale
        self.enforce_rate_limits = enforce_rate_limits
        self.stall_seconds = stall_seconds
        self.jitter_allowance = jitter_allowance
        #: Counters by operation (:class:`Stats`).
        self.stats = Stats(names)
        #: The documented limits, with ``rate_limits`` applied (before ``time_scale``).
        self.rates: dict[str, Rate | None] = {e.name: e.rate for e in ENDPOINTS}
        self.rates.update(rate_limits or {})
        self._latency = latency
        self._faults: dict[Fault, float] = {}
        self._fault_operations: frozenset[str] | None = None
        self._forced: dict[str, collections.deque[Fault]] = collections.defaultdict(
            collections.deque
        )
        self._refusals: dict[str, _Refusal] = {}
        self.set_faults(faults or {}, operations=fault_operations)
        self.world = World(
            seed=seed, time_scale=time_scale, start_seconds=start_seconds,
            job_seconds=job_seconds,
            enrichment_seconds=enrichment_seconds, webhook_shape=webhook_shape,
            webhook_attempts=webhook_attempts, external_webhooks=external_webhooks,
            stats=self.stats, clock_skew=clock_skew, shapes=shapes,
        )
        self._accounts: dict[str, KeyAccount] = {}
        #: The key :meth:`client` uses.
        self.api_key = self.add_key(
            api_key, credits=credits, personal_email_consent=personal_email_consent
        )
        self._windows: dict[tuple[str, str], SlidingWindow] = {}
        self._arrivals: collections.Counter[tuple[str, str]] = collections.Counter()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None

    # -- configuration --------------------------------------------------------------------

    def add_key(
        self, key: str | None = None, *, credits: int = 1_000_000,
        personal_email_consent: bool = True,
    ) -> str:
        """Accept another API key (its own credits, consent and rate windows); return it."""
        key = key or "pk_fake_" + secrets.token_hex(12)
        self._accounts[key] = KeyAccount(
            key=key, credits=credits, personal_email_consent=personal_email_consent
        )
        return key

    def times_received(self, name: str, body: Any) -> int:
        """How often operation ``name`` received exactly ``body`` (charged or not, answered or
        not): what a client sent, as ``stats.times_charged`` is what it paid for."""
        return self._arrivals[(name, canonical(body))]

    def account(self, key: str | None = None) -> KeyAccount:
        """The account of ``key`` (default: :attr:`api_key`): set ``credits`` or consent."""
        return self._accounts[key or self.api_key]

    def set_faults(
        self, faults: Mapping[Fault, float], *, operations: Collection[str] | None = None
    ) -> None:
        """Replace the fault probabilities (and which operations get them)."""
        if sum(faults.values()) > 1 or any(p < 0 for p in faults.values()):
            raise ValueError("fault probabilities must be >= 0 and sum to at most 1")
        self._faults = dict(faults)
        self._fault_operations = None if operations is None else frozenset(operations)

    def inject(self, fault: Fault, operation: str, *, times: int = 1) -> None:
        """Make the next ``times`` requests to ``operation`` fail with ``fault`` (before
        any random draw): deterministic faults for one call under test."""
        if operation not in self.rates:
            raise ValueError(f"unknown operation {operation!r}")
        self._forced[operation].extend([fault] * times)

    def refuse(
        self, operation: str, status: int, body: Any, *, after: int = 0,
        times: int | None = None,
    ) -> None:
        """Answer ``operation`` with ``status`` and the JSON ``body`` instead of doing its
        work: an error the server sends that the fake does not model (an error body of
        Pronto's own clients, as a fixture). The first ``after`` requests from now are served
        as usual; then ``times`` requests (every one when ``None``) get the refusal, which
        charges nothing. Checked after the key and the rate limit, as the server's own
        refusals are; a later call for the same operation replaces this one.

        Raises:
            ValueError: an unknown operation, a status that is not an error, or a negative
                ``after`` or ``times``.
        """
        if operation not in self.rates:
            raise ValueError(f"unknown operation {operation!r}")
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an error status (400 to 599), got {status}")
        if after < 0 or (times is not None and times < 0):
            raise ValueError("after and times must be >= 0")
        self._refusals[operation] = _Refusal(status, body, after, times)

    @property
    def webhook_log(self) -> list[tuple[str, Any]]:
        """Every webhook payload delivered (or skipped: off loopback), as ``(url, payload)``,
        in delivery order."""
        return self.world.webhook_log

    # -- where it is, and clients for it ---------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakePronto is not running; use it as a context manager")
        return self._port

    @property
    def origin(self) -> str:
        """``http://HOST:PORT`` to reach the fake from this machine (``127.0.0.1`` when it
        listens on every interface)."""
        host = "127.0.0.1" if self._host in ("0.0.0.0", "::", "") else self._host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The app host's base URL: ``http://127.0.0.1:PORT/api/v2``."""
        return self.origin + _PREFIX[Host.APP]

    @property
    def enrich_base_url(self) -> str:
        """The enrich host's base URL: ``http://127.0.0.1:PORT/v2``."""
        return self.origin + _PREFIX[Host.ENRICH]

    def scaled_rate_limits(self) -> dict[str, Rate | None]:
        """The limits the fake enforces, in real seconds: each documented (or overridden)
        limit through ``Rate.scaled(time_scale)``."""
        return {
            name: None if rate is None else rate.scaled(self.time_scale)
            for name, rate in self.rates.items()
        }

    def client_rate_limits(self) -> dict[str, Rate | None]:
        """The ``rate_limits`` :meth:`client` passes: the scaled limits, each window
        lengthened by ``jitter_allowance``.

        The client paces N per window W at one request every ``W/N · (1 + margin)``. What
        varies between its send time and the fake's arrival time is event-loop lateness on
        either side (about a millisecond per timer, tens of milliseconds when the client,
        its threads and the fake share one busy process), bounded by ``jitter_allowance``
        (J, 50 ms). Requests N apart then arrive at least ``W + J - J = W`` apart, so no
        window holds N + 1. This is a margin of J/W per operation; one client-wide
        ``rate_margin`` cannot do it, because scaled windows differ by orders of magnitude
        (at ``time_scale=0.01``, 10 ms for 50/s but 0.6 s for 2/min, and 864 s for the daily
        quota): a margin big enough for the shortest would slow the longest for nothing, and
        one sized for a day-long window scaled down (the quota tests) would stall the rest.
        Unscaled, J is 5% of a 1 s window. A daily quota left unscaled stays a quota (the
        SDK counts it rather than pacing it), so it is not stretched.
        """
        out: dict[str, Rate | None] = {}
        for name, rate in self.scaled_rate_limits().items():
            if rate is None or rate.is_daily_quota:
                out[name] = rate
            else:
                out[name] = Rate(rate.requests, rate.per + self.jitter_allowance)
        return out

    @property
    def rate_margin(self) -> float:
        """The ``rate_margin`` :meth:`client` passes: the SDK's default, since the jitter
        allowance is already in each window (see :meth:`client_rate_limits`)."""
        return DEFAULT_MARGIN

    def _client_settings(self, overrides: Mapping[str, Any]) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "api_key": self.api_key,
            "base_url": self.base_url,
            "enrich_base_url": self.enrich_base_url,
            "rate_limits": self.client_rate_limits(),
            "rate_margin": self.rate_margin,
        }
        settings.update(overrides)
        return settings

    def client(self, **overrides: Any) -> AsyncPronto:
        """An :class:`AsyncPronto` for this fake (keyword arguments override settings)."""
        return AsyncPronto(**self._client_settings(overrides))

    def sync_client(self, **overrides: Any) -> Pronto:
        """A blocking :class:`Pronto` for this fake (keyword arguments override settings)."""
        return Pronto(**self._client_settings(overrides))

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> FakePronto:
        """Start serving on the running loop."""
        if self._runner is not None:
            raise RuntimeError("FakePronto is already running")
        app = web.Application(client_max_size=16 * 1024 * 1024)
        for ep in ENDPOINTS:
            path = _PREFIX[ep.host] + ep.path
            app.router.add_route(ep.method, path, functools.partial(self._handle, ep))
        app.router.add_route("*", "/{tail:.*}", _not_found)
        if self.world.clock_skew:
            app.on_response_prepare.append(self._skewed_date)
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._bind_port))
        except OSError:
            sock.close()
            raise
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.SockSite(runner, sock, backlog=4096)
        await site.start()
        self._runner = runner
        self._port = sock.getsockname()[1]
        return self

    async def stop(self) -> None:
        """Stop serving, cancel background work. Idempotent."""
        runner, self._runner = self._runner, None
        self._port = None
        await self.world.close()
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakePronto:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def start_in_thread(self) -> FakePronto:
        """Serve from a loop thread of its own (for synchronous code); :meth:`close` stops it."""
        if self._thread is not None:
            raise RuntimeError("FakePronto is already running in a thread")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="FakePronto", daemon=True)
        thread.start()
        self._thread, self._thread_loop = thread, loop
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(timeout=30)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Stop the server started by :meth:`start_in_thread` and its thread. Idempotent."""
        loop, thread = self._thread_loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout=30)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
            loop.close()
            self._thread = self._thread_loop = None

    def __enter__(self) -> FakePronto:
        return self.start_in_thread()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = f"port={self._port}" if self._port else "stopped"
        return f"FakePronto({where}, time_scale={self.time_scale}, seed={self.seed})"

    # -- the request pipeline ----------------------------------------------------------------

    async def _skewed_date(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Date"] = email.utils.formatdate(
            time.time() + self.world.clock_skew, usegmt=True
        )

    async def _handle(self, endpoint: Endpoint, request: web.Request) -> web.StreamResponse:
        stats = self.stats[endpoint.name]
        stats.requests += 1
        account = self._accounts.get(request.headers.get("X-API-KEY", ""))
        if account is None:
            stats.unauthorized += 1
            return web.json_response(_UNAUTHORIZED, status=401)
        rate = self.rates[endpoint.name]
        if rate is not None and self.enforce_rate_limits:
            window = self._windows.get((account.key, endpoint.name))
            if window is None:
                window = SlidingWindow(rate, rate.per * self.time_scale)
                self._windows[(account.key, endpoint.name)] = window
            admitted, wait, count = window.admit(asyncio.get_running_loop().time())
            if not admitted:
                stats.rate_limited += 1
                return web.json_response(
                    {"error": "Too many requests"}, status=429,
                    headers={"Retry-After": f"{max(wait, 0.001):.3f}"},
                )
            stats.max_in_window = max(stats.max_in_window, count)
        stats.accepted += 1

        raw = await request.read()
        body: Any = None
        if endpoint.method in ("POST", "PUT"):
            try:
                body = json.loads(raw) if raw.strip() else None
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return web.json_response(
                    {"error": 400, "message": "The request body must be a JSON object"},
                    status=400,
                )
        text = canonical(body)
        arrival = (endpoint.name, text)
        occurrence = self._arrivals[arrival]
        self._arrivals[arrival] += 1
        refusal = self._refusals.get(endpoint.name)
        if refusal is not None and refusal.strikes():
            return web.json_response(refusal.body, status=refusal.status)
        fault = None
        forced = self._forced.get(endpoint.name)
        if forced:
            fault = forced.popleft()
        elif self._fault_operations is None or endpoint.name in self._fault_operations:
            fault = draw_fault(self.seed, self._faults, endpoint.name, text, occurrence)
        latency = self._latency
        if isinstance(latency, Mapping):
            latency = latency.get(endpoint.name)
        delay = draw_latency(self.seed, latency, endpoint.name, text, occurrence)
        if delay:
            await asyncio.sleep(delay * self.time_scale)
        if fault is not None:
            stats.faults += 1
            stats.faults_by_kind[fault.value] = stats.faults_by_kind.get(fault.value, 0) + 1
            if not fault.after_work:
                return await respond(fault, request, None, self.time_scale, self.stall_seconds)

        call = Call(
            endpoint=endpoint, account=account, body=body, params=request.match_info,
            query=request.query, world=self.world,
        )
        try:
            status, data = HANDLERS[endpoint.name](call)
        except Reject as reject:
            status, data = reject.status, reject.body
        if endpoint.charges and 200 <= status < 300:
            bill = call.cost if call.cost is not None else endpoint.credits or 0
            bill = min(bill, account.credits)
            account.credits -= bill
            self.stats.record_charge(endpoint.name, body, bill)
        if fault is not None:
            return await respond(
                fault, request, (status, data), self.time_scale, self.stall_seconds
            )
        if data is NO_BODY:
            return web.Response(status=status)
        return web.json_response(data, status=status)


class _Refusal:
    """A scripted error answer (:meth:`FakePronto.refuse`): how many requests pass first, how
    many it answers."""

    __slots__ = ("after", "body", "status", "times")

    def __init__(self, status: int, body: Any, after: int, times: int | None) -> None:
        self.status = status
        self.body = body
        self.after = after
        self.times = times

    def strikes(self) -> bool:
        """Whether this request gets the refusal (counting it)."""
        if self.after > 0:
            self.after -= 1
            return False
        if self.times is None:
            return True
        if self.times > 0:
            self.times -= 1
            return True
        return False


async def _not_found(request: web.Request) -> web.StreamResponse:
    return web.json_response({"error": "Not found"}, status=404)

"""``AsyncPronto``: configuration, session lifecycle, resources, one ``request()`` entry point."""

from __future__ import annotations

import asyncio
import enum
import functools
import inspect
import os
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeVar, Unpack, final
from urllib.parse import urlsplit

import aiohttp

from ._endpoints import ENDPOINTS, Endpoint, Host, Rate, endpoint
from ._fields import FieldMapping
from ._hooks import RequestHook, ResponseHook
from ._limits import DEFAULT_MARGIN, KeyBindable, LocalLimiter, RateLimiter, key_digest
from ._logging import configure_from_env
from ._options import INIT_KEYS, CallOptions, ClientOptions, Options
from ._plan import EnrichmentPlan, make_plan
from ._raw import RawResponse, Recorder, raw_response, recording
from ._sending import DRY_RUN, DryRun
from ._transport import Transport, env_proxies
from ._validate import is_loopback
from .bulk import FanOut, Follow, Progress, as_kwargs, run_map
from .errors import AuthenticationError, ProntoError, ValidationError
from .ledger import Ledger

if TYPE_CHECKING:
    from .resources.account import Account
    from .resources.accounts import Accounts
    from .resources.contacts import Contacts
    from .resources.leads import Leads
    from .resources.lists import Lists
    from .resources.locations import Locations
    from .resources.personas import Personas
    from .resources.searches import Searches
    from .resources.signals import Signals

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_ENRICH_BASE_URL", "AsyncPronto"]

DEFAULT_BASE_URL: Final = "https://app.prontohq.com/api/v2"
DEFAULT_ENRICH_BASE_URL: Final = "https://api.prontohq.com/v2"
_KEY_HELP: Final = (
    "no Pronto API key: pass api_key=... or set PRONTO_API_KEY "
    "(create one at https://app.prontohq.com/settings/apis/keys)"
)
_NAMES: Final = frozenset(e.name for e in ENDPOINTS)

T = TypeVar("T")
P = ParamSpec("P")


class _State(enum.Enum):
    UNOPENED = "unopened"
    OPEN = "open"
    CLOSED = "closed"


def _check_base_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError([f"{name} must be an http(s) URL, got {url!r}"])
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValidationError(
            [f"{name} uses plain http:// off loopback ({parts.hostname}); the API key would "
             "travel in clear text. Use https://"]
        )
    return url.rstrip("/")


@final
class AsyncPronto:
    """The asynchronous Pronto client.

    Use it as an async context manager, or call :meth:`close` when done. The aiohttp session
    is created lazily on the event loop of the first request; the client then belongs to that
    loop (use :class:`pronto_async.Pronto` to call from threads or synchronous code).

    Args:
        api_key: Your Pronto API key; defaults to ``PRONTO_API_KEY``.
        base_url: Defaults to ``PRONTO_BASE_URL``, else ``https://app.prontohq.com/api/v2``.
        enrich_base_url: Host of the synchronous contact enrichment; defaults to
            ``PRONTO_ENRICH_BASE_URL``, else ``https://api.prontohq.com/v2``.
        timeout: Seconds per attempt replacing the general 30 s default. An operation with
            a longer default of its own keeps the longer of the two: the synchronous
            enrichment waterfall 120 s, the LinkedIn feed signals 60 s. ``None``: every
            operation's default. (A ``timeout`` given to :meth:`with_options` or to one call
            is that call's timeout, whatever the operation.)
        max_retries: Retries after the first attempt, for what the credit-safe policy
            allows to retry.
        rate_limits: Limits by operation name (``"contacts.enrich"``) replacing the
            documented ones; ``None`` as a value lifts that limit.
        rate_margin: Fraction by which pacing intervals are stretched against network jitter.
        retry_ambiguous: Also re-send charging calls that may already have been charged
            (a 5xx or timeout after sending). Off by default: it can pay twice.
        max_connections: Connections per host. 256 fits the synchronous enrichment's 50/s
            at a 5 s median waterfall (50 x 5 = 250 in flight); other operations are
            limited to 20/s or less and need far fewer.
        ledger: The :class:`~pronto_async.ledger.Ledger` that :meth:`map` and the
            ``enrich_many`` methods record to when they are not given one.
        limiter: A :class:`~pronto_async.RateLimiter` replacing the in-process limits (for
            example one shared by several processes). ``rate_limits`` and ``rate_margin``
            then belong to that limiter and must be left at their defaults here. Without
            one, ``PRONTO_REDIS_URL`` (when set) makes it a
            :class:`~pronto_async.RedisLimiter` with those two settings.
        session: An ``aiohttp.ClientSession`` you own and close; the client will not close it.
        timeouts: Seconds per attempt by operation name (``{"contacts.enrich": 200}``),
            over ``timeout``.
        default_headers: Headers sent with every request (not the API key's header,
            ``Authorization``, ``Content-Type`` or ``User-Agent``).
        user_agent_suffix: Your application's name and version (``"acme-sync/2.1"``),
            appended to the SDK's User-Agent.
        on_request: A callable or list of callables (plain or ``async``) called with a
            :class:`RequestEvent` before every attempt, retries included.
        on_response: The same, called with a :class:`ResponseEvent` after every attempt
            (429s and retries included). Hooks run inline on the client's event loop; one
            that raises is logged (``pronto_async`` logger) and the request goes on.

    Raises:
        AuthenticationError: no API key was given or found in the environment.
        ValidationError: a setting is invalid (an ``http://`` URL off loopback, an unknown
            operation in ``rate_limits`` or ``timeouts``, a reserved header, …); every
            problem is named.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        enrich_base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int = 3,
        rate_limits: Mapping[str, Rate | None] | None = None,
        rate_margin: float = DEFAULT_MARGIN,
        retry_ambiguous: bool = False,
        max_connections: int = 256,
        ledger: Ledger | None = None,
        limiter: RateLimiter | None = None,
        session: aiohttp.ClientSession | None = None,
        timeouts: Mapping[str, float] | None = None,
        default_headers: Mapping[str, str] | None = None,
        user_agent_suffix: str | None = None,
        on_request: RequestHook | Sequence[RequestHook] | None = None,
        on_response: ResponseHook | Sequence[ResponseHook] | None = None,
    ) -> None:
        configure_from_env()
        key = api_key if api_key is not None else os.environ.get("PRONTO_API_KEY", "")
        key = key.strip()
        if not key:
            raise AuthenticationError(_KEY_HELP, status=401)
        problems = _check_settings(rate_limits, rate_margin, max_connections)
        options = Options().changed(
            {
                "default_timeout": timeout, "max_retries": max_retries,
                "retry_ambiguous": retry_ambiguous, "timeouts": timeouts or {},
                "default_headers": default_headers or {},
                "user_agent_suffix": user_agent_suffix, "on_request": on_request,
                "on_response": on_response,
            },
            problems, allowed=INIT_KEYS, where="AsyncPronto",
        )
        if limiter is not None and (rate_limits is not None or rate_margin != DEFAULT_MARGIN):
            problems.append(
                "limiter: rate_limits and rate_margin configure the built-in limiter; "
                "give them to the limiter you pass instead"
            )
        if problems:
            raise ValidationError(problems)
        base = _check_base_url(
            "base_url", base_url or os.environ.get("PRONTO_BASE_URL") or DEFAULT_BASE_URL
        )
        enrich_base = _check_base_url(
            "enrich_base_url",
            enrich_base_url or os.environ.get("PRONTO_ENRICH_BASE_URL") or DEFAULT_ENRICH_BASE_URL,
        )
        redis_url = os.environ.get("PRONTO_REDIS_URL", "").strip()
        if limiter is None and redis_url:
            try:
                from ._redis_limiter import RedisLimiter  # only when asked for

                limiter = RedisLimiter(redis_url, rate_limits=rate_limits, margin=rate_margin)
            except ValueError as exc:
                raise ValidationError([f"PRONTO_REDIS_URL: {exc}"]) from None
        own_limiter: RateLimiter | None = None
        if isinstance(limiter, KeyBindable):  # a shared store: give it the key's digest
            limiter = own_limiter = limiter.bind(key_digest(key))
        shared = _Shared(
            base_url=base, enrich_base_url=enrich_base, max_connections=max_connections,
            ledger=ledger, session=session, own_limiter=own_limiter,
        )
        shared.transport = Transport(
            api_key=key,
            base_urls={Host.APP: base, Host.ENRICH: enrich_base},
            limiter=limiter
            if limiter is not None
            else LocalLimiter(key, overrides=rate_limits, margin=rate_margin),
            get_session=shared.open_session,
        )
        self._shared = shared
        self._options = options
        self._view = False

    def with_options(self, **options: Unpack[ClientOptions]) -> AsyncPronto:
        """A view of this client with some options changed, for one call or many:
        ``await pronto.with_options(timeout=5, max_retries=0).account.credits()``.

        The view shares this client's session, rate limits, ledger and key; only the
        :class:`Options` differ (as openai's ``client.with_options(...)``,
        openai/openai-python ``src/openai/_client.py``). It is cheap: make one per call if
        you like. Headers and ``timeouts`` are merged over this client's, hooks added after
        its own. A view cannot close the shared session: its :meth:`close` (and ``async
        with``) does nothing, and closing the client it came from closes every view.

        Args:
            **options: Any of :class:`CallOptions` (``timeout``, ``max_retries``,
                ``retry_ambiguous``, ``extra_headers``) and of :class:`ClientOptions`
                (``timeouts``, ``user_agent_suffix``, ``on_request``, ``on_response``).
                ``timeout`` here is the timeout of every call made through the view, the
                synchronous waterfall's included (unlike ``AsyncPronto(timeout=...)``, a
                default that operations with a longer one of their own keep).

        Returns:
            The view (this client itself when no option is given).

        Raises:
            ValidationError: an option is invalid (all problems named).
            TypeError: an unknown option.
        """
        if not options:
            return self
        return self._evolved(self._options.evolve(**options))

    def _evolved(self, options: Options) -> AsyncPronto:
        view = object.__new__(AsyncPronto)
        view._shared = self._shared
        view._options = options
        view._view = True
        return view

    async def with_raw_response(
        self, method: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        """Make a typed call and return its result with the HTTP exchange behind it:
        ``raw = await pronto.with_raw_response(pronto.searches.get, "abc")`` gives
        ``raw.parsed`` (the :class:`SearchDetail`), ``raw.status``, ``raw.headers``,
        ``raw.json`` (the body before parsing), ``raw.elapsed`` and ``raw.attempts``. The
        type checker checks ``method``'s arguments as in a direct call. When the call makes
        several requests (a search found again by name), the last one is shown.

        Args:
            method: Any SDK method that sends a request and returns its answer (of this
                client, a view, or a resource), or :meth:`request`.
            *args: Its positional arguments.
            **kwargs: Its keyword arguments.

        Raises:
            TypeError: ``method`` returned no awaitable (a paged list returns an async
                iterator), or the call made no request.
            ProntoError: as the call itself (an :class:`APIError` carries ``headers``).
        """
        recorder = Recorder()
        token = recording.set(recorder)
        try:
            pending = method(*args, **kwargs)
            if not inspect.isawaitable(pending):
                raise TypeError(
                    f"with_raw_response needs a method returning an awaitable, got "
                    f"{type(pending).__name__} (for a paged list, use its page method)"
                )
            result = await pending
        finally:
            recording.reset(token)
        return raw_response(result, recorder)

    @property
    def options(self) -> Options:
        """The options this client (or view) sends every request with."""
        return self._options

    @property
    def ledger(self) -> Ledger | None:
        """The default ledger of :meth:`map` and ``enrich_many`` (``None``: no ledger);
        shared by a client and its views (setting it on one sets it for all)."""
        return self._shared.ledger

    @ledger.setter
    def ledger(self, value: Ledger | None) -> None:
        self._shared.ledger = value

    async def _open_session(self) -> aiohttp.ClientSession:
        return await self._shared.open_session()

    @property
    def _transport(self) -> Transport:
        return self._shared.transport

    @property
    def _session(self) -> aiohttp.ClientSession | None:
        return self._shared.session

    # Resources are built (and their modules imported) on first use: a script that only
    # enriches contacts never loads the models of signals, lists or searches.

    @functools.cached_property
    def accounts(self) -> Accounts:
        """Companies: enrichment, technographics, headcount, searches and imports."""
        from .resources.accounts import Accounts

        return Accounts(self)

    @functools.cached_property
    def contacts(self) -> Contacts:
        """Contacts: email, personal email and phone enrichment."""
        from .resources.contacts import Contacts

        return Contacts(self)

    @functools.cached_property
    def leads(self) -> Leads:
        """Lead searches and people enrichment."""
        from .resources.leads import Leads

        return Leads(self)

    @functools.cached_property
    def searches(self) -> Searches:
        """Lead searches already started."""
        from .resources.searches import Searches

        return Searches(self)

    @functools.cached_property
    def lists(self) -> Lists:
        """Sales Navigator lists."""
        from .resources.lists import Lists

        return Lists(self)

    @functools.cached_property
    def personas(self) -> Personas:
        """Saved personas."""
        from .resources.personas import Personas

        return Personas(self)

    @functools.cached_property
    def signals(self) -> Signals:
        """Buying signals."""
        from .resources.signals import Signals

        return Signals(self)

    @functools.cached_property
    def account(self) -> Account:
        """Your account: credit balance and details."""
        from .resources.account import Account

        return Account(self)

    @functools.cached_property
    def locations(self) -> Locations:
        """Location IDs for search filters."""
        from .resources.locations import Locations

        return Locations(self)

    @property
    def base_url(self) -> str:
        """The app host's base URL."""
        return self._shared.base_url

    @property
    def enrich_base_url(self) -> str:
        """The synchronous enrichment host's base URL."""
        return self._shared.enrich_base_url

    @property
    def closed(self) -> bool:
        """``True`` once :meth:`close` has run (on the client a view came from)."""
        return self._shared.closed

    async def request(
        self,
        operation: str | Endpoint,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        path_params: Mapping[str, str] | None = None,
        **options: Unpack[CallOptions],
    ) -> Any:
        """Send one operation through the pipeline (limits, retries, errors) and return the
        decoded JSON. Resource methods are built on this; use it for what they do not cover.

        Args:
            operation: An operation name from the endpoint table (``"account.credits"``), or
                an :class:`Endpoint` of your own.
            json: The request body.
            params: Query parameters.
            path_params: Values for the path's ``{placeholders}``.
            **options: :class:`CallOptions` for this call only (``timeout``,
                ``max_retries``, ``retry_ambiguous``, ``extra_headers``).

        Raises:
            ProntoError: see :mod:`pronto_async.errors`.
        """
        settings = self._options.evolve(**options) if options else self._options
        if isinstance(operation, str):
            try:
                operation = endpoint(operation)
            except KeyError:
                raise ValidationError([f"unknown operation {operation!r}"]) from None
        if DRY_RUN.get():  # plan(): every check passed, and nothing leaves
            raise DryRun(operation.name)
        return await self._shared.transport.request(
            operation, json=json, params=params, path_params=path_params, options=settings
        )

    def map(
        self,
        method: Callable[..., Awaitable[T]],
        inputs: Iterable[Any] | AsyncIterable[Any],
        *,
        concurrency: int | None = None,
        ordered: bool = False,
        on_progress: Callable[[int, int | None, Progress], Any] | None = None,
        ledger: Ledger | None = None,
        retry_ambiguous: bool | None = None,
    ) -> FanOut[T]:
        """Run a single-item method over many inputs, concurrently, one :class:`Outcome` each.

        ``async for outcome in pronto.map(pronto.accounts.stack, rows): ...`` — each input
        is a mapping of the method's keyword arguments. Inputs are consumed lazily (a
        generator over a huge file is fine); a bad input becomes that input's outcome
        (``outcome.error``), never the end of the run.

        Args:
            method: An SDK method (``pronto.accounts.enrich``) or any async callable.
            inputs: An iterable or async iterable of keyword-argument mappings.
            concurrency: Calls in flight; by default enough for the operation's documented
                rate (rate x 5 s of latency, 4 to 256; 32 without a documented rate).
                Throughput is set by the rate limiter either way.
            ordered: Yield in input order (buffering at most ``2 x concurrency``
                outcomes); by default outcomes come as calls finish.
            on_progress: Called as ``on_progress(done, total, progress)`` after each
                outcome (``total`` is ``None`` for inputs without a length).
            ledger: Record every input so a re-run never pays twice (default: the client's
                ``ledger``). Needs an SDK method. Runs sharing one ledger (in this process or
                others on this machine) send each input once: an input another live run is
                sending is waited for (see :class:`~pronto_async.ledger.Ledger`).
            retry_ambiguous: ``True``: this run re-sends the inputs the ledger holds as "may
                have been charged" (sent without an answer by an earlier run, or by one that
                died); they can be paid twice. ``False``: never. ``None`` (default): the
                client's ``retry_ambiguous``. Retries within one call keep following the
                client's setting.

        Raises:
            ValidationError: ``concurrency`` is not a positive integer, ``retry_ambiguous``
                is not a bool or ``None`` (at the call), or a ledger is given with a method
                that is not an SDK operation (raised on iteration).
            AuthenticationError, PermissionDeniedError, InsufficientCreditsError,
            LimiterUnavailableError, LedgerError: raised after the outcomes of the inputs in
                flight, when one of them met an error every further input would meet too; no
                more inputs are read (a re-run with a ledger picks up where it stopped).
        """
        return self._fan_out(
            method, inputs, concurrency=concurrency, ordered=ordered, on_progress=on_progress,
            ledger=ledger, retry_ambiguous=retry_ambiguous,
        )

    def _fan_out(
        self,
        method: Callable[..., Awaitable[Any]],
        inputs: Iterable[Any] | AsyncIterable[Any],
        *,
        concurrency: int | None,
        ordered: bool,
        on_progress: Callable[[int, int | None, Progress], Any] | None,
        ledger: Ledger | None,
        retry_ambiguous: bool | None = None,
        prepare: Callable[[int, Any], Mapping[str, Any]] = as_kwargs,
        operation: str | None = None,
        follow: Follow[T] | None = None,
        mapping: Callable[[], FieldMapping | None] | None = None,
    ) -> FanOut[T]:
        """:meth:`map` with this client's defaults, and a ``prepare`` step for the
        ``enrich_many`` methods (their rows are not keyword arguments yet); ``operation``,
        ``follow`` and ``mapping`` as :func:`~pronto_async.bulk.run_map`."""
        if retry_ambiguous is not None and not isinstance(retry_ambiguous, bool):
            raise ValidationError(
                [f"retry_ambiguous must be True, False or None, got {retry_ambiguous!r}"]
            )
        return run_map(
            method,
            inputs,
            concurrency=concurrency,
            ordered=ordered,
            on_progress=on_progress,
            ledger=ledger if ledger is not None else self.ledger,
            retry_ambiguous=(
                self._options.retry_ambiguous if retry_ambiguous is None else retry_ambiguous
            ),
            prepare=prepare,
            operation=operation,
            follow=follow,
            mapping=mapping,
            host_hint=self._host_hint,
            warm_up=self._open_session,
        )

    def _host_hint(self, operation: str) -> str:
        """The setting that decides where ``operation`` is sent, and its value now."""
        host = endpoint(operation).host
        setting = ("enrich_base_url= / PRONTO_ENRICH_BASE_URL" if host is Host.ENRICH
                   else "base_url= / PRONTO_BASE_URL")
        url = self.enrich_base_url if host is Host.ENRICH else self.base_url
        return f"{setting} (now {url})"

    async def _plan(
        self,
        rows: Iterable[Any] | AsyncIterable[Any],
        *,
        operation: str,
        method: Callable[..., Awaitable[Any]],
        prepare: Callable[[int, Any], Mapping[str, Any]],
        mapping: Callable[[], FieldMapping | None],
        ledger: Ledger | None,
        types: list[str] | None,
        retry_ambiguous: bool | None,
        balance: bool,
    ) -> EnrichmentPlan:
        """The ``plan`` methods' engine (:func:`~pronto_async._plan.make_plan`) with this
        client's ledger, ambiguity policy and balance."""

        async def read_balance() -> int | None:
            return (await self.account.credits()).credits

        return await make_plan(
            rows, operation=operation, method=method, prepare=prepare, mapping=mapping,
            ledger=ledger if ledger is not None else self.ledger,
            retry_ambiguous=(
                self._options.retry_ambiguous if retry_ambiguous is None else retry_ambiguous
            ),
            types=types,
            balance=read_balance if balance else None,
        )

    async def close(self) -> None:
        """Close the session this client opened (not one you passed in). Idempotent.

        On a view (:meth:`with_options`) this does nothing: the session belongs to the
        client the view came from, whose ``close`` ends every view."""
        if not self._view:
            await self._shared.close()

    async def __aenter__(self) -> AsyncPronto:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        view = ", view" if self._view else ""
        return (
            f"AsyncPronto(base_url={self.base_url!r}, "
            f"enrich_base_url={self.enrich_base_url!r}, state={self._shared.state.value}{view})"
        )


class _Shared:
    """What a client and its views share: the session and its lifecycle, the transport
    (key, limiter, proxies), the base URLs, the ledger."""

    transport: Transport

    def __init__(
        self,
        *,
        base_url: str,
        enrich_base_url: str,
        max_connections: int,
        ledger: Ledger | None,
        session: aiohttp.ClientSession | None,
        own_limiter: RateLimiter | None,
    ) -> None:
        self.base_url = base_url
        self.enrich_base_url = enrich_base_url
        self.max_connections = max_connections
        self.ledger = ledger
        self.session = session
        self.owns_session = session is None
        self.own_limiter = own_limiter  # the view bind() gave us
        self.opening: asyncio.Lock | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.state = _State.UNOPENED

    @property
    def closed(self) -> bool:
        return self.state is _State.CLOSED

    async def open_session(self) -> aiohttp.ClientSession:
        if self.closed:
            raise ProntoError("this AsyncPronto client is closed")
        loop = asyncio.get_running_loop()
        if self.loop is None:
            self.loop = loop
        elif self.loop is not loop:
            raise ProntoError(
                "this AsyncPronto client belongs to another event loop; create one client "
                "per loop, or use pronto_async.Pronto from threads"
            )
        if self.session is None:
            if self.opening is None:
                self.opening = asyncio.Lock()
            async with self.opening:  # the first calls of a fan-out arrive together
                if self.session is None:
                    session = await self._new_session()
                    if self.closed:  # closed while it opened
                        await session.close()
                        raise ProntoError("this AsyncPronto client is closed")
                    self.session = session
        self.state = _State.OPEN
        return self.session

    async def _new_session(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=2 * self.max_connections,
            limit_per_host=self.max_connections,
            ttl_dns_cache=300,
        )
        # trust_env would make aiohttp read ~/.netrc and the proxy variables in a thread on
        # every request (two executor hops: 3x raw aiohttp's CPU per call, measured in
        # benchmarks/RESULTS.md). The proxy settings are read once instead, here.
        self.transport.proxies = await asyncio.to_thread(
            env_proxies, {Host.APP: self.base_url, Host.ENRICH: self.enrich_base_url}
        )
        return aiohttp.ClientSession(connector=connector, trust_env=False)

    async def close(self) -> None:
        if self.state is _State.CLOSED:
            return
        self.state = _State.CLOSED
        session, self.session = self.session, None
        if session is not None and self.owns_session:
            await session.close()
        closer = getattr(self.own_limiter, "aclose", None)
        if closer is not None:
            await closer()


def _check_settings(
    rate_limits: Mapping[str, Rate | None] | None,
    rate_margin: float,
    max_connections: int,
) -> list[str]:
    """The problems of the settings that are not :class:`Options` (those check themselves)."""
    problems = []
    if isinstance(rate_margin, bool) or not isinstance(rate_margin, int | float) or (
        not rate_margin >= 0
    ):
        problems.append(f"rate_margin must be >= 0, got {rate_margin!r}")
    if isinstance(max_connections, bool) or not isinstance(max_connections, int) or (
        max_connections < 1
    ):
        problems.append(f"max_connections must be an integer >= 1, got {max_connections!r}")
    for name, rate in (rate_limits or {}).items():
        if name not in _NAMES:
            problems.append(f"rate_limits: unknown operation {name!r}")
        elif rate is not None and not isinstance(rate, Rate):
            problems.append(f"rate_limits[{name!r}] must be a Rate or None, got {rate!r}")
    return problems

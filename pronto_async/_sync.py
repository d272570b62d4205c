"""``Pronto``: the blocking client, the same methods as ``AsyncPronto`` without ``await``.

The machinery (loop thread, forwarding) is in ``_facade``; each resource module declares its
blocking twin next to its async class.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import inspect
import weakref
from collections.abc import (
    AsyncIterable,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, Unpack, final

from ._client import AsyncPronto
from ._endpoints import Rate
from ._facade import LoopThread, SyncResource, forward, iterate
from ._hooks import RequestHook, ResponseHook
from ._limits import DEFAULT_MARGIN, RateLimiter
from ._options import ClientOptions, Options
from ._raw import RawResponse, Recorder, raw_response, recording
from .bulk import Outcome, Progress
from .ledger import Ledger

if TYPE_CHECKING:
    from .resources.account import SyncAccount
    from .resources.accounts import SyncAccounts
    from .resources.contacts import SyncContacts
    from .resources.leads import SyncLeads
    from .resources.lists import SyncLists
    from .resources.locations import SyncLocations
    from .resources.personas import SyncPersonas
    from .resources.searches import SyncSearches
    from .resources.signals import SyncSignals

__all__ = ["Pronto"]

T = TypeVar("T")
P = ParamSpec("P")


def _close_at_exit(ref: weakref.ref[Pronto]) -> None:
    client = ref()
    if client is not None:
        client.close()


@final
class Pronto:
    """The blocking Pronto client: the same methods as :class:`AsyncPronto`, without ``await``.

    Safe to share between threads. Use it as a context manager or call :meth:`close`; a client
    still open at interpreter exit is closed by an ``atexit`` hook.

    Args: as :class:`AsyncPronto`, except ``session`` (the facade owns its loop and session).
    Hooks (``on_request``, ``on_response``) are called on the client's loop thread.
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
        timeouts: Mapping[str, float] | None = None,
        default_headers: Mapping[str, str] | None = None,
        user_agent_suffix: str | None = None,
        on_request: RequestHook | Sequence[RequestHook] | None = None,
        on_response: ResponseHook | Sequence[ResponseHook] | None = None,
    ) -> None:
        self._async = AsyncPronto(
            api_key,
            base_url=base_url,
            enrich_base_url=enrich_base_url,
            timeout=timeout,
            max_retries=max_retries,
            rate_limits=rate_limits,
            rate_margin=rate_margin,
            retry_ambiguous=retry_ambiguous,
            max_connections=max_connections,
            ledger=ledger,
            limiter=limiter,
            timeouts=timeouts,
            default_headers=default_headers,
            user_agent_suffix=user_agent_suffix,
            on_request=on_request,
            on_response=on_response,
        )
        self._view = False
        self._parent: Pronto | None = None
        self._runner = LoopThread()
        self._at_exit = functools.partial(_close_at_exit, weakref.ref(self))
        atexit.register(self._at_exit)
        # Dropped without close(): stop the loop thread without blocking the collector.
        self._finalizer = weakref.finalize(self, _stop_soon, self._runner, self._async)
        self._finalizer.atexit = False

    request = forward(AsyncPronto.request)

    def with_options(self, **options: Unpack[ClientOptions]) -> Pronto:
        """As :meth:`AsyncPronto.with_options`: a view with some options changed, sharing this
        client's session, limits, ledger and loop thread (``pronto.with_options(timeout=5)
        .account.credits()``). A view's :meth:`close` does nothing; closing this client
        ends its views. The view keeps this client alive while it is used.

        Raises:
            ValidationError: an option is invalid (all problems named).
            TypeError: an unknown option.
        """
        if not options:
            return self
        view = object.__new__(Pronto)
        view._async = self._async.with_options(**options)
        view._runner = self._runner
        view._view = True
        view._parent = self if self._parent is None else self._parent
        return view

    def with_raw_response(
        self, method: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        """As :meth:`AsyncPronto.with_raw_response`, blocking: ``raw =
        pronto.with_raw_response(pronto.searches.get, "abc")``; ``raw.parsed`` is what
        ``pronto.searches.get("abc")`` returns, ``raw.status``, ``raw.headers`` and
        ``raw.json`` the exchange behind it.

        Raises:
            TypeError: the call made no request (a method returning an iterator).
            ProntoError: as the call itself.
        """
        recorder = Recorder()
        token = recording.set(recorder)  # carried to the loop thread with the call
        try:
            result = method(*args, **kwargs)
        finally:
            recording.reset(token)
        return raw_response(result, recorder)

    @property
    def options(self) -> Options:
        """The options this client (or view) sends every request with."""
        return self._async.options

    # Built on first use, like AsyncPronto's (each imports its resource module then).

    @functools.cached_property
    def accounts(self) -> SyncAccounts:
        """Companies: enrichment, technographics, headcount, searches and imports."""
        from .resources.accounts import SyncAccounts

        return SyncAccounts(self._async.accounts, self._runner)

    @functools.cached_property
    def contacts(self) -> SyncContacts:
        """Contacts: email, personal email and phone enrichment."""
        from .resources.contacts import SyncContacts

        return SyncContacts(self._async.contacts, self._runner)

    @functools.cached_property
    def leads(self) -> SyncLeads:
        """Lead searches and people enrichment."""
        from .resources.leads import SyncLeads

        return SyncLeads(self._async.leads, self._runner)

    @functools.cached_property
    def searches(self) -> SyncSearches:
        """Lead searches already started."""
        from .resources.searches import SyncSearches

        return SyncSearches(self._async.searches, self._runner)

    @functools.cached_property
    def lists(self) -> SyncLists:
        """Sales Navigator lists."""
        from .resources.lists import SyncLists

        return SyncLists(self._async.lists, self._runner)

    @functools.cached_property
    def personas(self) -> SyncPersonas:
        """Saved personas."""
        from .resources.personas import SyncPersonas

        return SyncPersonas(self._async.personas, self._runner)

    @functools.cached_property
    def signals(self) -> SyncSignals:
        """Buying signals."""
        from .resources.signals import SyncSignals

        return SyncSignals(self._async.signals, self._runner)

    @functools.cached_property
    def account(self) -> SyncAccount:
        """Your account: credit balance and details."""
        from .resources.account import SyncAccount

        return SyncAccount(self._async.account, self._runner)

    @functools.cached_property
    def locations(self) -> SyncLocations:
        """Location IDs for search filters."""
        from .resources.locations import SyncLocations

        return SyncLocations(self._async.locations, self._runner)

    def map(
        self,
        method: Callable[..., T],
        inputs: Iterable[Any] | AsyncIterable[Any],
        *,
        concurrency: int | None = None,
        ordered: bool = False,
        on_progress: Callable[[int, int | None, Progress], Any] | None = None,
        ledger: Ledger | None = None,
        retry_ambiguous: bool | None = None,
    ) -> Iterator[Outcome[T]]:
        """As :meth:`AsyncPronto.map`, as a plain iterator: ``for outcome in
        pronto.map(pronto.accounts.stack, rows): ...``. The calls still run concurrently on
        the client's loop; ``inputs`` is read and ``on_progress`` called on that loop's
        thread."""
        outcomes = self._async.map(
            _async_method(method), inputs, concurrency=concurrency, ordered=ordered,
            on_progress=on_progress, ledger=ledger, retry_ambiguous=retry_ambiguous,
        )
        return iterate(outcomes, self._runner)

    @property
    def ledger(self) -> Ledger | None:
        """The default ledger of :meth:`map` and ``enrich_many``."""
        return self._async.ledger

    @property
    def base_url(self) -> str:
        return self._async.base_url

    @property
    def enrich_base_url(self) -> str:
        return self._async.enrich_base_url

    @property
    def closed(self) -> bool:
        return self._runner.closed

    def close(self) -> None:
        """Close the session and stop the loop thread. Idempotent; safe from any thread but
        the loop's own. On a view (:meth:`with_options`) this does nothing."""
        if self._view:
            return
        self._finalizer.detach()
        atexit.unregister(self._at_exit)
        self._runner.stop(self._async.close())

    def __enter__(self) -> Pronto:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        view = ", view" if self._view else ""
        return (
            f"Pronto(base_url={self.base_url!r}, enrich_base_url={self.enrich_base_url!r}, "
            f"state={state}{view})"
        )


def _stop_soon(runner: LoopThread, client: AsyncPronto) -> None:
    runner.stop(client.close(), wait=False)


def _async_method(method: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    """The coroutine behind ``method``: the async original of a blocking SDK method, the
    method itself if it is already async, else ``method`` run in a worker thread."""
    owner = getattr(method, "__self__", None)
    if isinstance(owner, SyncResource) and hasattr(method, "__wrapped__"):
        original: Callable[..., Awaitable[T]] = getattr(owner._async, method.__name__)
        return original
    if inspect.iscoroutinefunction(method):
        return method

    async def in_thread(**kwargs: Any) -> T:
        return await asyncio.to_thread(method, **kwargs)

    return in_thread


"""``Pronto``: the blocking facade over ``AsyncPronto`` (DESIGN §6).

One event loop runs in a daemon thread, started on the first call; the ``AsyncPronto``, its
session and its limiters live on that loop. A call submits the very same coroutine with
``asyncio.run_coroutine_threadsafe`` and waits for it, so ``Pronto`` works from many threads
at once and from inside a running event loop (Jupyter), never calls ``asyncio.run()`` per
call, and shares one connection pool and one set of rate limits between all callers.

The facade is generated, not copied: every sync method is one :func:`forward` (or
:func:`forward_iter`) line naming the async method, which carries the signature and the
docstring over, for readers and for mypy alike. ``tests/unit/test_sync_twins.py`` proves that
every async method has its twin.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Mapping
from types import TracebackType
from typing import Any, Concatenate, Final, ParamSpec, TypeVar, final

from ._client import AsyncPronto
from ._endpoints import Rate
from ._limits import DEFAULT_MARGIN
from .resources.account import Account
from .resources.accounts import Accounts
from .resources.contacts import Contacts
from .resources.locations import Locations

__all__ = ["Pronto", "SyncResource", "forward", "forward_iter"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_OWN_THREAD: Final = (
    "a blocking Pronto method was called from Pronto's own event-loop thread (from code that "
    "Pronto itself runs, such as a callback); await the AsyncPronto method there instead"
)
#: The loop the facade runs on; tests replace it with a virtual-time loop.
_loop_factory: Callable[[], asyncio.AbstractEventLoop] = asyncio.new_event_loop


class _LoopThread:
    """An event loop running forever in a daemon thread, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.closed = False

    @property
    def started(self) -> bool:
        return self._loop is not None

    def _ensure_started(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self.closed:
                raise RuntimeError("this Pronto client is closed")
            if self._loop is None:
                loop = _loop_factory()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    try:
                        loop.run_forever()
                    finally:
                        loop.run_until_complete(loop.shutdown_asyncgens())
                        loop.close()

                self._thread = threading.Thread(target=run, name="pronto-loop", daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
            return self._loop

    def in_own_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def run(self, coro: Coroutine[Any, Any, R]) -> R:
        """Run ``coro`` on the loop thread and wait for its result (or exception)."""
        if self.in_own_thread():
            coro.close()
            raise RuntimeError(_OWN_THREAD)
        try:
            loop = self._ensure_started()
        except RuntimeError:
            coro.close()
            raise
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()  # Ctrl-C in the caller cancels the task on the loop
            raise

    def schedule(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Run ``coro`` on the loop without waiting (safe from any thread, even the loop's)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            coro.close()
            return
        if self.in_own_thread():
            loop.create_task(coro)
        else:
            asyncio.run_coroutine_threadsafe(coro, loop)

    def stop(self, final: Coroutine[Any, Any, Any] | None = None, *, wait: bool = True) -> None:
        """Run ``final`` (the client's close), then stop the loop and the thread."""
        with self._lock:
            if self.closed:
                if final is not None:
                    final.close()
                return
            self.closed = True
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            if final is not None:
                final.close()
            return

        async def shutdown() -> None:
            try:
                if final is not None:
                    await final
            finally:
                loop.stop()

        if not wait or self.in_own_thread():
            loop.call_soon_threadsafe(loop.create_task, shutdown())
            return
        asyncio.run_coroutine_threadsafe(shutdown(), loop)
        thread.join(timeout=10)


class SyncResource:
    """Base of the blocking twins of the async resources."""

    __slots__ = ("_async", "_runner")

    def __init__(self, async_resource: Any, runner: _LoopThread) -> None:
        self._async = async_resource
        self._runner = runner


def forward(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[Any, P], R]:
    """The blocking twin of an async method: same parameters, same docstring."""
    name = method.__name__

    @functools.wraps(method)
    def blocking(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        coro: Coroutine[Any, Any, R] = getattr(self._async, name)(*args, **kwargs)
        return self._runner.run(coro)  # type: ignore[no-any-return]

    return blocking


def forward_iter(
    method: Callable[Concatenate[Any, P], AsyncIterator[T]],
) -> Callable[Concatenate[Any, P], Iterator[T]]:
    """The blocking twin of a method returning an async iterator: a plain iterator that steps
    the async one on the loop and ``aclose()``-s it when the caller stops early."""
    name = method.__name__

    @functools.wraps(method)
    def blocking(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        async_iterator: AsyncIterator[T] = getattr(self._async, name)(*args, **kwargs)
        return _iterate(async_iterator, self._runner)

    return blocking


async def _step(async_iterator: AsyncIterator[T]) -> T:
    return await anext(async_iterator)


def _iterate(async_iterator: AsyncIterator[T], runner: _LoopThread) -> Iterator[T]:
    finished = False
    try:
        while True:
            try:
                item = runner.run(_step(async_iterator))
            except StopAsyncIteration:
                finished = True
                return
            yield item
    finally:
        aclose = getattr(async_iterator, "aclose", None)
        if not finished and aclose is not None and not runner.closed:
            # Stopped early (break, exception, or the iterator was dropped).
            if runner.in_own_thread():
                runner.schedule(aclose())
            else:
                runner.run(aclose())


class _SyncAccount(SyncResource):
    __slots__ = ()
    credits = forward(Account.credits)
    info = forward(Account.info)


class _SyncAccounts(SyncResource):
    __slots__ = ()
    enrich = forward(Accounts.enrich)
    stack = forward(Accounts.stack)
    hiring = forward(Accounts.hiring)


class _SyncContacts(SyncResource):
    __slots__ = ()
    enrich = forward(Contacts.enrich)


class _SyncLocations(SyncResource):
    __slots__ = ()
    search = forward(Locations.search)


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
        )
        self._runner = _LoopThread()
        self.account = _SyncAccount(self._async.account, self._runner)
        self.accounts = _SyncAccounts(self._async.accounts, self._runner)
        self.contacts = _SyncContacts(self._async.contacts, self._runner)
        self.locations = _SyncLocations(self._async.locations, self._runner)
        self._at_exit = functools.partial(_close_at_exit, weakref.ref(self))
        atexit.register(self._at_exit)
        # Dropped without close(): stop the loop thread without blocking the collector.
        self._finalizer = weakref.finalize(self, _stop_soon, self._runner, self._async)
        self._finalizer.atexit = False

    request = forward(AsyncPronto.request)

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
        the loop's own."""
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
        return (
            f"Pronto(base_url={self.base_url!r}, enrich_base_url={self.enrich_base_url!r}, "
            f"state={state})"
        )


def _stop_soon(runner: _LoopThread, client: AsyncPronto) -> None:
    runner.stop(client.close(), wait=False)

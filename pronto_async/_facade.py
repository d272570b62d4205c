"""The machinery of the blocking facade (DESIGN §6): a loop thread and typed forwarding.

One event loop runs in a daemon thread, started on the first call. A blocking call submits
the very same coroutine with ``asyncio.run_coroutine_threadsafe`` and waits for it, so the
facade works from many threads at once and from inside a running event loop (Jupyter),
never calls ``asyncio.run()`` per call, and shares one connection pool and one set of rate
limits between all callers.

The facade is generated, not copied: every blocking method is one :func:`forward` (or
:func:`forward_iter`) line naming the async method, which carries the signature and the
docstring over, for readers and for mypy alike. Each resource module declares its blocking
twin next to its async class; ``tests/unit/test_sync_facade.py`` proves none is missing.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

__all__ = ["LoopThread", "SyncResource", "forward", "forward_iter", "iterate"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_OWN_THREAD: Final = (
    "a blocking Pronto method was called from Pronto's own event-loop thread (from code that "
    "Pronto itself runs, such as a callback); await the AsyncPronto method there instead"
)
#: The loop the facade runs on; tests replace it with a virtual-time loop.
_loop_factory: Callable[[], asyncio.AbstractEventLoop] = asyncio.new_event_loop


class LoopThread:
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

    def __init__(self, async_resource: Any, runner: LoopThread) -> None:
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
        return iterate(async_iterator, self._runner)

    return blocking


async def _step(async_iterator: AsyncIterator[T]) -> T:
    return await anext(async_iterator)


def iterate(async_iterator: AsyncIterator[T], runner: LoopThread) -> Iterator[T]:
    """A plain iterator stepping ``async_iterator`` on ``runner``'s loop; ``aclose()`` runs
    when the caller stops early (``break``, an exception, or dropping the iterator)."""
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

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
import inspect
import re
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

__all__ = [
    "LoopThread",
    "SyncResource",
    "blocking_doc",
    "blocking_twin",
    "forward",
    "forward_iter",
    "iterate",
]

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


#: Docstring rewrites from the async original to its blocking twin, in order.
_DOC_REWRITES: Final = (
    (re.compile(r"\basync\s+for\b"), "for"),
    (re.compile(r"\basync\s+with\b"), "with"),
    (re.compile(r"\bawait\s+"), ""),
    (re.compile(r"\b[Aa]sync (iterator|iterable|generator)"), r"\1"),
    (re.compile(r"\bAsyncPronto\b"), "Pronto"),
)
#: Async return annotations and what blocking code gets instead (``X`` is kept).
_ITERATOR_RETURN: Final = re.compile(
    r"^(?:collections\.abc\.|typing\.)?"
    r"(?:AsyncIterator|AsyncIterable|AsyncGenerator|AsyncPager)\[(.*?)(?:,\s*None)?\]$"
)
_FAN_OUT_RETURN: Final = re.compile(r"^(?:pronto_async\.bulk\.)?FanOut\[(.*)\]$")
_AWAITABLE_RETURN: Final = re.compile(
    r"^(?:collections\.abc\.|typing\.)?"
    r"(?:Awaitable\[(.*)\]|Coroutine\[[^,\[\]]*,\s*[^,\[\]]*,\s*(.*)\])$"
)


def blocking_doc(doc: str | None, renames: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The async docstring ``doc`` as blocking code reads it: ``for`` not ``async for``, no
    ``await``, ``Pronto`` not ``AsyncPronto``, an iterator not an async iterator; then each
    ``(old, new)`` of ``renames`` (whole words)."""
    if doc is None:
        return None
    for pattern, replacement in _DOC_REWRITES:
        doc = pattern.sub(replacement, doc)
    for old, new in renames:
        doc = re.sub(rf"\b{re.escape(old)}\b", new, doc)
    return doc


def _blocking_return(annotation: Any, kind: str, renames: tuple[tuple[str, str], ...]) -> Any:
    """The blocking twin's return annotation (a string, as ``from __future__ import
    annotations`` leaves the async one)."""
    if annotation is inspect.Signature.empty:
        return annotation
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    text = text.strip()
    if kind == "iter":
        match = _ITERATOR_RETURN.match(text)
        fan_out = _FAN_OUT_RETURN.match(text)
        if fan_out:  # a FanOut[X] iterates Outcome[X]
            text = f"Iterator[Outcome[{fan_out.group(1)}]]"
        else:
            text = f"Iterator[{match.group(1)}]" if match else f"Iterator[{text}]"
    else:
        match = _AWAITABLE_RETURN.match(text)
        if match:
            text = match.group(1) or match.group(2)
    for old, new in renames:
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return text


def blocking_twin(
    blocking: Callable[..., Any],
    method: Callable[..., Any],
    *,
    kind: str = "call",
    renames: tuple[tuple[str, str], ...] = (),
) -> None:
    """Make ``blocking`` present itself as ``method``'s blocking twin: the same name,
    parameters and docstring, rewritten for blocking code (see :func:`blocking_doc`), and
    the return type blocking code gets (``Iterator[X]`` for ``kind="iter"``; the awaited
    value for ``kind="call"``), for ``help()`` and ``inspect.signature``. ``__wrapped__``
    still names the async original. The static types mypy sees come from the forwarding
    functions' annotations, not from here."""
    functools.update_wrapper(blocking, method)
    blocking.__doc__ = blocking_doc(method.__doc__, renames)
    signature = inspect.signature(method)
    returns = _blocking_return(signature.return_annotation, kind, renames)
    blocking.__signature__ = signature.replace(return_annotation=returns)  # type: ignore[attr-defined]
    annotations = dict(getattr(method, "__annotations__", {}))
    if "return" in annotations:
        annotations["return"] = returns
    blocking.__annotations__ = annotations


def forward(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[Any, P], R]:
    """The blocking twin of an async method: same parameters, the docstring and return type
    rewritten for blocking code (:func:`blocking_twin`)."""
    name = method.__name__

    def blocking(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        coro: Coroutine[Any, Any, R] = getattr(self._async, name)(*args, **kwargs)
        return self._runner.run(coro)  # type: ignore[no-any-return]

    blocking_twin(blocking, method)
    return blocking


def forward_iter(
    method: Callable[Concatenate[Any, P], AsyncIterator[T]],
) -> Callable[Concatenate[Any, P], Iterator[T]]:
    """The blocking twin of a method returning an async iterator: a plain iterator that steps
    the async one on the loop and ``aclose()``-s it when the caller stops early."""
    name = method.__name__

    def blocking(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        async_iterator: AsyncIterator[T] = getattr(self._async, name)(*args, **kwargs)
        return iterate(async_iterator, self._runner)

    blocking_twin(blocking, method, kind="iter")
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

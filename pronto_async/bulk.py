"""Fan-out: run one single-item method over many inputs (DESIGN §7).

``pronto.map(method, inputs)`` yields exactly one :class:`Outcome` per input — never raising for
one bad item — while

- consuming ``inputs`` lazily (an iterable or an async iterable; a million rows never sit in
  memory), with at most ``concurrency`` calls in flight and, for ``ordered=True``, a bounded
  reorder buffer;
- leaving the pace to the endpoint's limiter: throughput is bounded by the documented rate,
  not by the fan-out;
- with a :class:`~pronto_async.ledger.Ledger`, claiming every input atomically as its request
  leaves (after its rate-limit slot, so rows still queued when a run dies were never "sent"),
  so a re-run yields stored results without paying again, does not re-send a call that may
  have been charged, and runs sharing the ledger send each input once; a row repeated within
  one run waits for its first copy and shares its outcome;
- stopping at an error that is not about one input (a refused key, no credits left, the
  shared limiter down: :data:`STOPS_THE_RUN`): no more inputs are read, the outcomes of those
  in flight are yielded, then the error is raised, so a wrong key costs a handful of
  requests, not one per row.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs

from . import _convert
from ._bulk_ledger import Follow, LedgerRun, process_one
from ._endpoints import endpoint
from ._outcome import Outcome
from .errors import (
    AuthenticationError,
    InsufficientCreditsError,
    LedgerError,
    LimiterUnavailableError,
    PermissionDeniedError,
    ValidationError,
)
from .ledger import Ledger

__all__ = [
    "STOPS_THE_RUN", "Follow", "Outcome", "Progress", "as_kwargs", "default_concurrency", "run_map",
]

T = TypeVar("T")

#: Calls in flight per operation when ``concurrency`` is not given: the documented rate times
#: this many seconds of latency (the synchronous waterfall takes several seconds; 50/s x 5 s
#: = 250), within the bounds below.
_LATENCY_BUDGET: Final = 5.0
_MIN_CONCURRENCY: Final = 4
_MAX_CONCURRENCY: Final = 256
_UNLIMITED_CONCURRENCY: Final = 32


@attrs.frozen(kw_only=True)
class Progress:
    """Counters handed to ``on_progress`` after each outcome."""

    done: int = 0
    ok: int = 0
    failed: int = 0
    from_ledger: int = 0
    resumed: int = 0
    #: ``len(inputs)`` when it has one.
    total: int | None = None
    elapsed: float = 0.0


#: Errors that are not about one input: every further input would get the same (a refused
#: key, a plan without the operation, no credits left, the shared limiter down, the ledger
#: unusable). The run reads no more inputs, yields the outcomes of those in flight, then
#: raises the error.
STOPS_THE_RUN: Final = (
    AuthenticationError, PermissionDeniedError, InsufficientCreditsError,
    LimiterUnavailableError, LedgerError,
)


def default_concurrency(operation: str | None, *, waits: bool = False) -> int:
    """In-flight bound that lets the operation's documented rate be reached.

    ``waits``: each item also waits for work that runs on the server (an asynchronous
    enrichment, polled): many of them are in flight at once, mostly asleep.
    """
    if waits:
        return _MAX_CONCURRENCY
    if operation is None:
        return _UNLIMITED_CONCURRENCY
    rate = endpoint(operation).rate
    if rate is None:
        return _UNLIMITED_CONCURRENCY
    if rate.is_daily_quota:
        return _MIN_CONCURRENCY
    wanted = math.ceil(rate.requests / rate.per * _LATENCY_BUDGET)
    return max(_MIN_CONCURRENCY, min(_MAX_CONCURRENCY, wanted))


def operation_of(method: Callable[..., Any]) -> str | None:
    """The operation an SDK method performs (``None`` for any other callable)."""
    func = getattr(method, "__func__", method)
    name: str | None = getattr(func, "__pronto_operation__", None)
    return name


async def _items(inputs: Iterable[Any] | AsyncIterable[Any]) -> AsyncIterator[Any]:
    if isinstance(inputs, AsyncIterable):
        async for item in inputs:
            yield item
    else:
        for item in inputs:
            yield item


def as_kwargs(index: int, item: Any) -> Mapping[str, Any]:
    """How ``map`` turns an input into the method's arguments: a mapping is its keyword
    arguments; an input model is unpacked the same way."""
    if isinstance(item, Mapping):
        return item
    if isinstance(item, _convert.Model):
        return {
            field.name: getattr(item, field.name)
            for field in attrs.fields(type(item))
            if field.name != "extra" and getattr(item, field.name) is not None
        }
    raise ValidationError(
        [f"an input of map() must be a mapping of keyword arguments, got {type(item).__name__}"]
    )


async def run_map(
    method: Callable[..., Awaitable[Any]],
    inputs: Iterable[Any] | AsyncIterable[Any],
    *,
    concurrency: int | None = None,
    ordered: bool = False,
    on_progress: Callable[[int, int | None, Progress], Any] | None = None,
    ledger: Ledger | None = None,
    retry_ambiguous: bool = False,
    prepare: Callable[[int, Any], Mapping[str, Any]] = as_kwargs,
    operation: str | None = None,
    follow: Follow[T] | None = None,
) -> AsyncIterator[Outcome[T]]:
    """The engine behind ``AsyncPronto.map`` and the ``enrich_many`` methods.

    Args:
        prepare: Turns input number ``index`` into the method's keyword arguments (raising
            ``ValidationError`` for a bad row, which becomes that row's outcome).
        operation: The operation the ledger records under (default: the method's own).
        follow: For work that finishes on the server: how to wait for it (see
            :class:`Follow`); ``method`` then returns a job handle when ``starts_job``.
    """
    operation = operation or operation_of(method)
    if concurrency is None:
        concurrency = default_concurrency(operation)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError([f"concurrency must be an integer >= 1, got {concurrency!r}"])
    if ledger is not None and operation is None:
        raise ValidationError(["a ledger needs an SDK method (it records by operation name)"])
    total = len(inputs) if hasattr(inputs, "__len__") else None  # type: ignore[arg-type]

    source = _items(inputs)
    take = asyncio.Lock()
    next_index = 0
    results: asyncio.Queue[Outcome[T] | None] = asyncio.Queue(maxsize=concurrency)
    # ordered: a worker may run at most `window` items ahead of the next one to yield.
    window = asyncio.Semaphore(2 * concurrency) if ordered else None
    # An error every further input would get too (STOPS_THE_RUN): no more inputs are read.
    stopped: list[Exception] = []
    # This run's owner id, leases and inputs in flight in the ledger (see _bulk_ledger).
    run: LedgerRun[T] = LedgerRun(ledger, follow)

    async def worker() -> None:
        nonlocal next_index
        try:
            while True:
                if window is not None:
                    await window.acquire()
                async with take:
                    try:
                        if stopped:  # every further input would fail the same way
                            raise StopAsyncIteration
                        item = await anext(source)
                    except StopAsyncIteration:
                        if window is not None:
                            window.release()
                        return
                    index = next_index
                    next_index += 1
                outcome = await process_one(
                    method, prepare, index, item, operation=operation,
                    retry_ambiguous=retry_ambiguous, follow=follow, run=run,
                )
                if isinstance(outcome.error, STOPS_THE_RUN) and not outcome.from_ledger:
                    stopped.append(outcome.error)
                await results.put(outcome)
        finally:
            await results.put(None)

    loop = asyncio.get_running_loop()
    started = loop.time()
    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    pending: dict[int, Outcome[T]] = {}
    expected = 0
    running = len(workers)
    counts = {"done": 0, "ok": 0, "failed": 0, "from_ledger": 0, "resumed": 0}
    try:
        while running:
            outcome = await results.get()
            if outcome is None:
                running -= 1
                continue
            ready: list[Outcome[T]]
            if ordered:
                pending[outcome.index] = outcome
                ready = []
                while expected in pending:
                    ready.append(pending.pop(expected))
                    expected += 1
            else:
                ready = [outcome]
            for done in ready:
                counts["done"] += 1
                counts["ok" if done.ok else "failed"] += 1
                counts["from_ledger"] += done.from_ledger
                counts["resumed"] += done.resumed
                if on_progress is not None:
                    stats = Progress(total=total, elapsed=loop.time() - started, **counts)
                    on_progress(counts["done"], total, stats)
                if window is not None:
                    window.release()
                yield done
        # The source itself failed (a bad file, a broken async iterator): surface it.
        for task in workers:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        if stopped:  # after the outcomes of what was in flight
            raise stopped[0]
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await run.close()

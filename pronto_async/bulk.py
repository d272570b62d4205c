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
- stopping at an error that is not about one input (a refused key, no credits left, a plan
  limit reached, the shared limiter down: :data:`STOPS_THE_RUN`): no more inputs are read,
  the outcomes of those in flight are yielded, then the error is raised, so a wrong key
  costs a handful of requests, not one per row.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import functools
import math
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs

from . import _convert
from ._bulk_ledger import Follow, LedgerRun, process_one
from ._endpoints import endpoint
from ._fields import FieldMapping
from ._outcome import Outcome
from ._sending import before_send, following_hook
from .errors import (
    APIConnectionError,
    AuthenticationError,
    InsufficientCreditsError,
    InternalServerError,
    LedgerError,
    LimiterUnavailableError,
    NotSentError,
    PermissionDeniedError,
    PlanLimitError,
    ProntoError,
    RepeatedFailureError,
    RunStoppedError,
    UnexpectedResponseError,
    ValidationError,
)
from .ledger import Ledger

__all__ = [
    "REPEATED_FAILURES", "STOPS_THE_RUN", "FanOut", "Follow", "Outcome", "Progress", "as_kwargs",
    "default_concurrency", "run_map",
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
#: key, a plan without the operation, no credits left, whether the server said so in words
#: or with the ``insufficient_credits`` code, a plan limit reached, the shared limiter down,
#: the ledger unusable). The run reads no more inputs, yields the outcomes of those in
#: flight, then raises the error.
STOPS_THE_RUN: Final = (
    AuthenticationError, PermissionDeniedError, InsufficientCreditsError, PlanLimitError,
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


class _Phase(enum.Enum):
    """Where one worker of a fan-out stands; :meth:`FanOut.stop` cancels the safe ones."""

    IDLE = "idle"            # between inputs: stop ends the worker
    WAITING = "waiting"      # has an input not sent yet (rate-limit slot, ledger): not sent
    ON_WIRE = "on_wire"      # its request is out: let it finish so its answer is recorded
    FOLLOWING = "following"  # polls work whose id is in the ledger: a re-run follows it
    BUSY = "busy"            # recording or handing over an outcome


@attrs.define
class _Worker:
    phase: _Phase = _Phase.IDLE
    task: asyncio.Task[None] | None = None


class FanOut(AsyncIterator[Outcome[T]]):
    """The async iterator ``map`` and ``enrich_many`` return: one :class:`Outcome` per input.

    Besides iterating it, a caller can :meth:`stop` it: no further input is sent, the calls
    already on the wire finish (their answers are recorded), and the iteration ends.
    ``mapping`` is the field mapping of ``enrich_many`` (``None`` for ``map``, or until the
    first row is read when the rows' headers could not be known up front).
    """

    def __init__(self, run: Callable[[FanOut[T]], AsyncIterator[Outcome[T]]],
                 mapping: Callable[[], FieldMapping | None] | None = None) -> None:
        self._run = run
        self._mapping = mapping
        self._iterator: AsyncIterator[Outcome[T]] | None = None
        self._workers: list[_Worker] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self.stopping = False

    @property
    def mapping(self) -> FieldMapping | None:
        """Which column feeds which field (``enrich_many``), when known."""
        return self._mapping() if self._mapping is not None else None

    def __aiter__(self) -> FanOut[T]:
        return self

    async def __anext__(self) -> Outcome[T]:
        if self._iterator is None:
            self._loop = asyncio.get_running_loop()
            self._iterator = self._run(self)
        return await anext(self._iterator)

    async def aclose(self) -> None:
        """Stop at once: calls in flight are cancelled (they may have been charged)."""
        close = getattr(self._iterator, "aclose", None)
        if close is not None:
            await close()

    def stop(self) -> None:
        """Send nothing more; let the calls on the wire finish; then end the iteration.

        Inputs read but not sent yet (waiting for a rate-limit slot) come out as
        :class:`~pronto_async.errors.NotSentError` outcomes, asynchronous enrichments being
        polled as :class:`~pronto_async.errors.RunStoppedError` (their ids are in the ledger,
        so a re-run follows them without paying again). Safe to call from any thread, more
        than once, and before iterating.
        """
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is not loop:
                loop.call_soon_threadsafe(self.stop)
                return
        self.stopping = True
        for worker in self._workers:
            if worker.task is not None and worker.phase in _STOPPABLE:
                worker.task.cancel(_STOP)


_STOP: Final = "pronto_async: the fan-out was stopped"
_STOPPABLE: Final = frozenset({_Phase.IDLE, _Phase.WAITING, _Phase.FOLLOWING})
#: A run whose first calls all fail alike (same error class and status) stops after this many.
REPEATED_FAILURES: Final = 5


def _failure_kind(error: Exception | None) -> tuple[type[Exception], int | None] | None:
    """What makes two failures "the same way" for the repeated-failure stop: a 5xx, an
    answer that is not the JSON expected, a connection that could not be opened."""
    if isinstance(error, InternalServerError | UnexpectedResponseError):
        return type(error), getattr(error, "status", None)
    if isinstance(error, APIConnectionError) and not error.may_have_charged:
        return type(error), None
    return None


def run_map(
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
    mapping: Callable[[], FieldMapping | None] | None = None,
    host_hint: Callable[[str], str] | None = None,
    warm_up: Callable[[], Awaitable[object]] | None = None,
) -> FanOut[T]:
    """The engine behind ``AsyncPronto.map`` and the ``enrich_many`` methods.

    Args:
        prepare: Turns input number ``index`` into the method's keyword arguments (raising
            ``ValidationError`` for a bad row, which becomes that row's outcome). A returned
            mapping with a ``skipped`` attribute puts it on the outcome.
        operation: The operation the ledger records under (default: the method's own).
        follow: For work that finishes on the server: how to wait for it (see
            :class:`Follow`); ``method`` then returns a job handle when ``starts_job``.
        mapping: What :attr:`FanOut.mapping` reports.
        host_hint: ``host_hint(operation)`` names the setting and URL of the operation's
            host, for the message of a run whose first calls all fail alike.
        warm_up: Awaited once before the workers start (the client's session): what every
            call needs is then ready before the first rate-limit slot is taken, so the
            workers do not open it in a chain of handoffs inside the first paced window.
    """
    operation = operation or operation_of(method)
    if concurrency is None:
        concurrency = default_concurrency(operation)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError([f"concurrency must be an integer >= 1, got {concurrency!r}"])
    if ledger is not None and operation is None:
        raise ValidationError(["a ledger needs an SDK method (it records by operation name)"])
    size = concurrency

    def run(fan_out: FanOut[T]) -> AsyncIterator[Outcome[T]]:
        return _run(
            fan_out, method, inputs, concurrency=size, ordered=ordered,
            on_progress=on_progress, ledger=ledger, retry_ambiguous=retry_ambiguous,
            prepare=prepare, operation=operation, follow=follow, host_hint=host_hint,
            warm_up=warm_up,
        )

    return FanOut(run, mapping)


async def _run(
    fan_out: FanOut[T],
    method: Callable[..., Awaitable[Any]],
    inputs: Iterable[Any] | AsyncIterable[Any],
    *,
    concurrency: int,
    ordered: bool,
    on_progress: Callable[[int, int | None, Progress], Any] | None,
    ledger: Ledger | None,
    retry_ambiguous: bool,
    prepare: Callable[[int, Any], Mapping[str, Any]],
    operation: str | None,
    follow: Follow[T] | None,
    host_hint: Callable[[str], str] | None,
    warm_up: Callable[[], Awaitable[object]] | None = None,
) -> AsyncIterator[Outcome[T]]:
    if warm_up is not None:
        # A failure here (a closed client) is every call's: the workers meet it and report
        # it as they always have, so it is not raised from here.
        with contextlib.suppress(Exception):
            await warm_up()
    total = len(inputs) if hasattr(inputs, "__len__") else None  # type: ignore[arg-type]
    source = _items(inputs)
    take = asyncio.Lock()
    next_index = 0
    results: asyncio.Queue[Outcome[T] | None] = asyncio.Queue(maxsize=concurrency)
    # ordered: a worker may run at most `window` items ahead of the next one to yield.
    window = asyncio.Semaphore(2 * concurrency) if ordered else None
    # An error every further input would get too (STOPS_THE_RUN): no more inputs are read.
    stopped: list[Exception] = []
    # The first calls' failures, while no call has succeeded: alike ones stop the run.
    alike: list[ProntoError] = []
    succeeded = False
    # This run's owner id, leases and inputs in flight in the ledger (see _bulk_ledger).
    run: LedgerRun[T] = LedgerRun(ledger, follow)

    def judge(outcome: Outcome[T]) -> None:
        nonlocal succeeded
        if outcome.from_ledger or stopped:
            return
        if isinstance(outcome.error, STOPS_THE_RUN):
            stopped.append(outcome.error)
        elif outcome.ok:
            succeeded = True
        elif not succeeded and isinstance(outcome.error, ProntoError):
            kind = _failure_kind(outcome.error)
            if kind is None:
                return
            if alike and _failure_kind(alike[0]) != kind:
                succeeded = True  # failures of different kinds: about the rows, not the host
                return
            alike.append(outcome.error)
            if len(alike) >= REPEATED_FAILURES:
                stopped.append(_repeated(alike, operation, host_hint))
                fan_out.stop()

    async def work(slot: _Worker) -> None:
        nonlocal next_index
        task = asyncio.current_task()

        async def guard() -> None:  # after the rate-limit slot, before the bytes leave
            if fan_out.stopping:
                raise NotSentError("the run was stopped before this input was sent; "
                                   "nothing was charged", endpoint=operation)
            slot.phase = _Phase.ON_WIRE

        def following(active: bool) -> None:
            slot.phase = _Phase.FOLLOWING if active else _Phase.ON_WIRE
            if active and fan_out.stopping and task is not None:
                task.cancel(_STOP)

        while True:
            slot.phase = _Phase.IDLE
            try:
                if window is not None:
                    await window.acquire()
                async with take:
                    try:
                        if stopped or fan_out.stopping:
                            raise StopAsyncIteration
                        item = await anext(source)
                    except StopAsyncIteration:
                        if window is not None:
                            window.release()
                        return
                    index = next_index
                    next_index += 1
                    slot.phase = _Phase.WAITING
            except asyncio.CancelledError:
                if not fan_out.stopping:
                    raise
                return
            prepared: list[Mapping[str, Any]] = []
            prep = functools.partial(_prepare_into, prepare, prepared)

            try:
                with before_send(guard), following_hook(following):
                    outcome = await process_one(
                        method, prep, index, item, operation=operation,
                        retry_ambiguous=retry_ambiguous, follow=follow, run=run,
                    )
            except asyncio.CancelledError:
                if not fan_out.stopping:
                    raise
                if task is not None:
                    task.uncancel()
                outcome = _stopped_outcome(index, item, slot.phase, operation)
            slot.phase = _Phase.BUSY
            skipped = getattr(prepared[0], "skipped", ()) if prepared else ()
            if skipped:
                outcome = attrs.evolve(outcome, skipped=tuple(skipped))
            judge(outcome)
            await results.put(outcome)

    async def worker(slot: _Worker) -> None:
        try:
            await work(slot)
        finally:
            slot.phase = _Phase.BUSY
            await results.put(None)

    loop = asyncio.get_running_loop()
    started = loop.time()
    slots = [_Worker() for _ in range(concurrency)]
    fan_out._workers = slots
    workers = []
    for slot in slots:
        slot.task = asyncio.create_task(worker(slot))
        workers.append(slot.task)
    if fan_out.stopping:  # stopped before the first step
        fan_out.stop()
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
        # ordered: gaps left by inputs that never got an outcome (none, unless stopped)
        for index in sorted(pending):
            yield pending.pop(index)
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


def _prepare_into(
    prepare: Callable[[int, Any], Mapping[str, Any]], into: list[Mapping[str, Any]],
    index: int, item: Any,
) -> Mapping[str, Any]:
    """``prepare``, keeping what it returned (its ``skipped`` goes on the outcome)."""
    kwargs = prepare(index, item)
    into.append(kwargs)
    return kwargs


def _stopped_outcome(index: int, item: Any, phase: _Phase, operation: str | None) -> Outcome[T]:
    if phase is _Phase.FOLLOWING:
        error: RunStoppedError = RunStoppedError(
            "the run was stopped while this enrichment ran on the server; its id is in the "
            "ledger, so a re-run follows it without paying again",
            endpoint=operation, may_have_charged=True,
        )
    else:
        error = NotSentError("the run was stopped before this input was sent; nothing was "
                             "charged", endpoint=operation)
    return Outcome(index=index, input=item, error=error)


def _repeated(
    failures: list[ProntoError], operation: str | None, host_hint: Callable[[str], str] | None
) -> RepeatedFailureError:
    first = failures[0]
    where = host_hint(operation) if host_hint is not None and operation else "the host"
    return RepeatedFailureError(
        f"the first {len(failures)} calls all failed the same way ({first}); every row would, "
        f"so the run stopped. Check {where}. Rows it sent are in the ledger as "
        "'may have been charged'; once the setting is right, re-run with retry_ambiguous=True "
        "(pronto enrich --retry-ambiguous) if nothing was charged",
        failures=len(failures), first=first, endpoint=operation,
        may_have_charged=any(f.may_have_charged for f in failures),
    )

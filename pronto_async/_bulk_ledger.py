"""The fan-out's paid path: one input through the ledger (DESIGN §7).

``bulk.run_map`` hands every input here, with the run's :class:`LedgerRun`. Without a ledger
the method is simply called. With one, the input's record decides (``ledger.judge``): a stored
result is yielded without a request, an enrichment id is followed instead of paying again, a
call that may have been charged is not re-sent unless the run asks, an input another live run
is sending is waited for (or reported); otherwise it is sent, and claimed atomically at the
moment its request leaves (the pipeline's ``BEFORE_SEND`` hook, after its rate-limit slot). A
claim that another run won in the meantime stops the request before it is sent.

Asynchronous enrichment (``Follow(starts_job=True)``) sends at most ``Follow.submits`` submit
requests at once, and each keeps its slot until its enrichment id is committed: a kill at any
moment leaves at most that many inputs "may have been charged", however many rows wait for
their waterfall. Results are written before they are yielded; a result whose write fails after
the ledger's ``lock_timeout`` is still yielded (``outcome.value``, next to the ``LedgerError``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final, Generic, TypeVar

import attrs

from . import _convert
from ._outcome import Outcome
from ._sending import before_send, following
from .errors import (
    AmbiguousChargeError,
    APIConnectionError,
    ClaimedElsewhereError,
    LedgerError,
    ProntoError,
    RateLimitError,
    RunStoppedError,
)
from .ledger import Ledger, LedgerRecord, Owner, RecordState, Verdict, canonical_key, judge

__all__ = ["DEFAULT_SUBMITS", "Follow", "LedgerRun", "input_key", "process_one"]

T = TypeVar("T")
_log = logging.getLogger("pronto_async")

#: Submit requests of asynchronous work in flight at once (``Follow.submits``): the submits
#: answer in a fraction of a second, so 16 keep up with 256 rows waiting for waterfalls of
#: a few seconds, and a kill leaves at most 16 of them "may have been charged".
DEFAULT_SUBMITS: Final = 16
#: Outcomes kept per run without a ledger, for rows repeated in the input (about 1 KiB each).
RECENT: Final = 10_000
#: Waiting for another run's claim: first pause, growth, longest pause (seconds).
_WAIT_FIRST: Final = 0.05
_WAIT_GROWTH: Final = 1.5
_WAIT_LONGEST: Final = 1.0


def _positive(instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be an integer >= 1, got {value!r}")


@attrs.frozen
class Follow(Generic[T]):
    """How to finish work that runs on the server (an asynchronous enrichment).

    ``wait(id)`` polls the work started under ``id`` to its result. With ``starts_job``,
    the fanned-out method returns a handle whose ``id`` is written to the ledger before the
    wait, and at most ``submits`` of those calls are in flight at once; either way, a ledger
    record left with an id by an earlier run is followed, not re-sent.
    """

    wait: Callable[[str], Awaitable[T]]
    starts_job: bool = False
    submits: int = attrs.field(default=DEFAULT_SUBMITS, validator=_positive)


class LedgerRun(Generic[T]):
    """One fan-out run's share of the ledger: its owner (a fresh run id), the lease it renews
    while it holds claims, its inputs in flight by key, and the bound on submits in flight.

    ``bulk.run_map`` makes one per run and awaits :meth:`close` when the run ends.
    """

    def __init__(self, ledger: Ledger | None, follow: Follow[T] | None) -> None:
        self.ledger = ledger
        self.owner = Owner.start()
        #: Inputs on their way, by ledger key: a duplicate row waits for its first copy.
        self.inflight: dict[str, asyncio.Future[Outcome[T]]] = {}
        #: Without a ledger: the last outcomes by key, so a row repeated in a file is sent
        #: once (within :data:`RECENT` rows of its first copy; a ledger remembers them all).
        self.recent: collections.OrderedDict[str, Outcome[T]] = collections.OrderedDict()
        self._submits = (
            asyncio.Semaphore(follow.submits) if follow is not None and follow.starts_job
            else None
        )
        self._heartbeat: asyncio.Task[None] | None = None

    def remember(self, key: str, outcome: Outcome[T]) -> None:
        """Keep ``outcome`` for a repeat of ``key`` (without a ledger): an answer, an error
        about the input, or a call that may have been charged (a repeat must not pay again);
        not a failure that certainly cost nothing and may pass next time."""
        error = outcome.error
        if isinstance(error, RunStoppedError | RateLimitError) or (
            isinstance(error, APIConnectionError) and not error.may_have_charged
        ):
            return
        self.recent[key] = outcome
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def submitting(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """A slot among the submits in flight (none needed for synchronous work)."""
        return self._submits if self._submits is not None else contextlib.nullcontext()

    def holding(self) -> None:
        """A claim was taken: keep this run's leases renewed from now on."""
        if self._heartbeat is None and self.ledger is not None:
            self._heartbeat = asyncio.get_running_loop().create_task(self._renew(self.ledger))

    async def _renew(self, ledger: Ledger) -> None:
        while True:
            await asyncio.sleep(ledger.lease / 3)
            try:
                await ledger.renew(self.owner)
            except (LedgerError, RuntimeError) as exc:  # other runs may take us for dead
                _log.warning("ledger %s: the claims of %s were not renewed (%s)",
                             ledger.path, self.owner, exc)

    async def close(self) -> None:
        """The run is over: stop renewing, and mark claims left without an answer (requests
        cut off by a cancelled run) ``ambiguous`` so no other run waits for them."""
        self.owner.end()
        if self._heartbeat is None:
            return
        self._heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._heartbeat
        assert self.ledger is not None
        try:
            cut = await self.ledger.release(self.owner)
        except (LedgerError, RuntimeError) as exc:
            _log.warning("ledger %s: the claims of %s were not released (%s)",
                         self.ledger.path, self.owner, exc)
            return
        if cut:
            _log.warning("ledger %s: %d inputs were cut off in flight when the run stopped; "
                         "they may have been charged (ambiguous)", self.ledger.path, cut)


def input_key(operation: str, kwargs: Mapping[str, Any]) -> tuple[str, Any]:
    """The ledger key of an input and the payload it is stored with: the prepared arguments,
    so two spellings of one contact are one input (``plan`` counts with the same key)."""
    payload = json.loads(json.dumps(kwargs, default=str))
    return canonical_key(operation, payload), payload


def _store(value: Any) -> Any:
    if isinstance(value, _convert.Model):
        return {"model": type(value).__name__, "data": _convert.unstructure(value)}
    return {"model": None, "data": value}


def _restore(stored: Any) -> Any:
    if not isinstance(stored, Mapping):
        return stored
    from . import models  # only when a ledger hands a stored result back

    model = getattr(models, str(stored.get("model")), None)
    data = stored.get("data")
    if isinstance(model, type) and issubclass(model, _convert.Model):
        return _convert.structure(data, model)
    return data


async def process_one(
    method: Callable[..., Awaitable[Any]],
    prepare: Callable[[int, Any], Mapping[str, Any]],
    index: int,
    item: Any,
    *,
    operation: str | None,
    run: LedgerRun[T],
    retry_ambiguous: bool,
    follow: Follow[T] | None,
) -> Outcome[T]:
    try:
        kwargs = prepare(index, item)
    except Exception as exc:  # a bad row is this row's outcome, not the run's end
        return Outcome(index=index, input=item, error=exc)

    ledger = run.ledger
    if operation is None:  # not an SDK method: nothing to key it by
        return await _unrecorded(method, kwargs, index, item, run=run, follow=follow)

    # The key is the prepared arguments, so two spellings of one contact are one input.
    key, payload = input_key(operation, kwargs)
    first = run.inflight.get(key)
    if first is not None:  # the same input earlier in this run, still in flight: share it
        outcome = await asyncio.shield(first)
        return attrs.evolve(outcome, index=index, input=item, from_ledger=True, resumed=False)
    if ledger is None:
        earlier = run.recent.get(key)
        if earlier is not None:  # without a ledger: a recent repeat shares its first answer
            return attrs.evolve(earlier, index=index, input=item, from_ledger=True,
                                resumed=False)
    mine: asyncio.Future[Outcome[T]] = asyncio.get_running_loop().create_future()
    run.inflight[key] = mine
    try:
        try:
            if ledger is None:
                outcome = await _unrecorded(method, kwargs, index, item, run=run,
                                            follow=follow)
                run.remember(key, outcome)
            else:
                outcome = await _Input(
                    run, ledger, operation, key, payload, index, item, retry_ambiguous
                ).settle(method, kwargs, follow)
        except LedgerError as exc:  # the ledger cannot say what to do: nothing was sent
            outcome = Outcome(index=index, input=item, error=exc)
        mine.set_result(outcome)
        return outcome
    finally:
        del run.inflight[key]
        if not mine.done():
            mine.cancel()


async def _unrecorded(
    method: Callable[..., Awaitable[Any]], kwargs: Mapping[str, Any], index: int, item: Any,
    *, run: LedgerRun[T], follow: Follow[T] | None,
) -> Outcome[T]:
    """One input without a ledger: the call (and, for a job, its wait), nothing recorded."""
    try:
        if follow is not None and follow.starts_job:
            async with run.submitting():
                handle = await method(**kwargs)
            value = await follow.wait(_job_id(handle))
        else:
            value = await method(**kwargs)
        return Outcome(index=index, input=item, value=value)
    except Exception as exc:
        return Outcome(index=index, input=item, error=exc)


class _NotClaimed(Exception):
    """Raised by the send hook when another run holds (or settled) the input: the request is
    not sent."""

    def __init__(self, record: LedgerRecord | None) -> None:
        super().__init__("claimed elsewhere")
        self.record = record


@attrs.frozen
class _Started:
    job_id: str


@attrs.frozen
class _Input:
    """One input of a run with a ledger."""

    run: LedgerRun[Any]
    ledger: Ledger
    operation: str
    key: str
    payload: Any
    index: int
    item: Any
    retry_ambiguous: bool

    def _outcome(self, **kwargs: Any) -> Outcome[Any]:
        return Outcome(index=self.index, input=self.item, **kwargs)

    async def settle(
        self, method: Callable[..., Awaitable[Any]], kwargs: Mapping[str, Any],
        follow: Follow[T] | None,
    ) -> Outcome[T]:
        """Stored result, followed id, wait for another run, refusal to pay twice, or send."""
        record = await self.ledger.get(self.operation, self.key)
        pause = _WAIT_FIRST
        while True:
            verdict = judge(record, me=self.run.owner, now=time.time(),
                            retry_ambiguous=self.retry_ambiguous)
            if verdict is Verdict.DONE:
                assert record is not None
                return self._outcome(value=_restore(record.result), from_ledger=True)
            if verdict is Verdict.FOLLOW and follow is not None:
                assert record is not None
                assert record.enrichment_id
                # Started by another run, which has not stored the result: follow it (free).
                return await self.follow(follow, record.enrichment_id, resumed=True)
            if verdict is Verdict.HELD:
                assert record is not None
                assert record.owner is not None
                if self.ledger.on_claimed == "report":
                    return self._outcome(error=self._claimed(record.owner), from_ledger=True)
                await asyncio.sleep(pause)
                pause = min(pause * _WAIT_GROWTH, _WAIT_LONGEST)
                record = await self.ledger.get(self.operation, self.key)
                continue
            if verdict is Verdict.ABANDONED:  # becomes ambiguous, then is reported below
                record = await self.ledger.abandon(self.operation, self.key, owner=self.run.owner)
                continue
            if verdict in (Verdict.AMBIGUOUS, Verdict.FOLLOW):
                assert record is not None
                return self._outcome(error=self._ambiguous(record), from_ledger=True)

            if follow is not None and follow.starts_job:
                async with self.run.submitting():  # released once the id is committed
                    sent = await self._send(method, kwargs, starts_job=True)
            else:
                sent = await self._send(method, kwargs, starts_job=False)
            if isinstance(sent, _NotClaimed):  # another run won it while we waited for a slot
                record = sent.record
                continue
            if isinstance(sent, _Started):
                assert follow is not None
                return await self.follow(follow, sent.job_id)
            return sent

    async def _send(
        self, method: Callable[..., Awaitable[Any]], kwargs: Mapping[str, Any], *,
        starts_job: bool,
    ) -> Outcome[Any] | _NotClaimed | _Started:
        claimed = False

        async def claim() -> None:
            # Awaited by the pipeline after the rate-limit slot, right before the request
            # leaves: rows still queued behind the limiter hold no claim.
            nonlocal claimed
            if claimed:  # a retry of the same request
                return
            verdict, record = await self.ledger.claim(
                self.operation, self.key, self.payload, owner=self.run.owner,
                retry_ambiguous=self.retry_ambiguous,
            )
            if verdict not in (Verdict.CLAIM, Verdict.MINE):
                raise _NotClaimed(record)
            claimed = True
            self.run.holding()

        try:
            with before_send(claim):  # after the fan-out's own stop guard
                value = await method(**kwargs)
        except _NotClaimed as lost:
            return lost
        except LedgerError as exc:  # the claim could not be written: nothing was sent
            return self._outcome(error=exc)
        except Exception as exc:
            if not claimed:  # refused before sending (a bad row, a used-up quota)
                return self._outcome(error=exc)
            charged = isinstance(exc, ProntoError) and exc.may_have_charged
            state = RecordState.AMBIGUOUS if charged else RecordState.FAILED
            problem = await self._write(state, error=_describe(exc))
            return self._outcome(error=_chained(problem, exc) if problem else exc)
        if not claimed:  # a method that answered without the pipeline: record it all the same
            with contextlib.suppress(_NotClaimed, LedgerError):
                await claim()  # the result below is written whoever holds the record
        if starts_job:
            try:
                job_id = _job_id(value)
            except ProntoError as exc:  # accepted (charged) but no id to follow
                problem = await self._write(RecordState.AMBIGUOUS, error=_describe(exc))
                return self._outcome(error=_chained(problem, exc) if problem else exc)
            # Committed before the submit slot is released and before the wait: a crash from
            # here on loses nothing that was paid.
            if await self._write(RecordState.SUBMITTED, enrichment_id=job_id):
                _log.error("ledger %s: the enrichment id %s of input %s was not stored; it is "
                           "followed now, a re-run would not know it", self.ledger.path,
                           job_id, self.key[:12])
            return _Started(job_id)
        problem = await self._write(RecordState.DONE, result=_store(value))
        return self._outcome(value=value, error=problem)

    async def follow(self, follow: Follow[T], job_id: str, *, resumed: bool = False) -> Outcome[T]:
        """Poll ``job_id`` to its result and store it."""
        following(True)  # its id is in the ledger: a stopping run may cut this wait short
        try:
            value = await follow.wait(job_id)
        except Exception as exc:
            following(False)
            # Still running, or unreachable for now: the id stays, a re-run follows it again.
            problem = await self._write(RecordState.SUBMITTED, error=_describe(exc))
            return self._outcome(error=_chained(problem, exc) if problem else exc,
                                 resumed=resumed)
        following(False)
        problem = await self._write(RecordState.DONE, result=_store(value))
        return self._outcome(value=value, error=problem, resumed=resumed)

    async def _write(self, state: RecordState, **fields: Any) -> LedgerError | None:
        """Settle the record; a failure (after the ledger's lock_timeout) is returned, so the
        caller keeps what it holds (a paid result stays in the outcome's value)."""
        try:
            await self.ledger.finish(self.operation, self.key, state, owner=self.run.owner,
                                     **fields)
        except LedgerError as exc:
            if state is RecordState.DONE:
                _log.error("ledger %s: the result of input %s was not stored (%s); it is in "
                           "the outcome's value", self.ledger.path, self.key[:12], exc)
            return exc
        return None

    def _ambiguous(self, record: LedgerRecord) -> AmbiguousChargeError:
        return AmbiguousChargeError(
            "an earlier run sent this input and may have been charged without a result "
            f"({record.error or 'interrupted'}); not re-sent (retry_ambiguous=True to re-send)",
            endpoint=self.operation,
            may_have_charged=True,
        )

    def _claimed(self, owner: Owner) -> ClaimedElsewhereError:
        return ClaimedElsewhereError(
            f"this input is being sent by another run sharing the ledger, {owner}; not sent "
            "by this run",
            run_id=owner.run_id, pid=owner.pid, host=owner.host, endpoint=self.operation,
        )


def _job_id(handle: Any) -> str:
    job_id = getattr(handle, "id", None)
    if not isinstance(job_id, str) or not job_id:
        raise ProntoError(f"expected a job handle with an id, got {type(handle).__name__}")
    return job_id


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _chained(problem: LedgerError, cause: BaseException) -> LedgerError:
    problem.__cause__ = cause
    return problem

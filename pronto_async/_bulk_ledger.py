"""The fan-out's paid path: one input through the ledger (DESIGN §7).

``bulk.run_map`` hands every input here. Without a ledger the method is simply called; with
one, the input is looked up (a stored result is yielded without a request, an earlier run's
enrichment id is followed instead of paying again, a call that may have been charged is not
re-sent unless asked) and otherwise recorded as ``submitted`` at the moment its request leaves.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from . import _convert
from ._outcome import Outcome
from ._sending import before_send, following
from .errors import AmbiguousChargeError, ProntoError
from .ledger import Ledger, RecordState, canonical_key

__all__ = ["Follow", "input_key", "process_one"]

T = TypeVar("T")


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
    ledger: Ledger | None,
    retry_ambiguous: bool,
    follow: Follow[T] | None,
    inflight: dict[str, asyncio.Future[Outcome[T]]],
) -> Outcome[T]:
    try:
        kwargs = prepare(index, item)
    except Exception as exc:  # a bad row is this row's outcome, not the run's end
        return Outcome(index=index, input=item, error=exc)

    if ledger is None or operation is None:
        try:
            value = await method(**kwargs)
            if follow is not None and follow.starts_job:
                value = await follow.wait(_job_id(value))
            return Outcome(index=index, input=item, value=value)
        except Exception as exc:
            return Outcome(index=index, input=item, error=exc)

    # The key is the prepared arguments, so two spellings of one contact are one input.
    key, payload = input_key(operation, kwargs)
    first = inflight.get(key)
    if first is not None:  # the same input earlier in this run, still in flight: share it
        outcome = await asyncio.shield(first)
        return attrs.evolve(outcome, index=index, input=item, from_ledger=True, resumed=False)
    mine: asyncio.Future[Outcome[T]] = asyncio.get_running_loop().create_future()
    inflight[key] = mine
    try:
        outcome = await _recorded(
            method, kwargs, index, item, ledger=ledger, operation=operation, key=key,
            payload=payload, retry_ambiguous=retry_ambiguous, follow=follow,
        )
        mine.set_result(outcome)
        return outcome
    finally:
        del inflight[key]
        if not mine.done():
            mine.cancel()


async def _recorded(
    method: Callable[..., Awaitable[Any]],
    kwargs: Mapping[str, Any],
    index: int,
    item: Any,
    *,
    ledger: Ledger,
    operation: str,
    key: str,
    payload: Any,
    retry_ambiguous: bool,
    follow: Follow[T] | None,
) -> Outcome[T]:
    """One input through the ledger: stored result, resumed job, refusal to pay twice, or a
    request recorded as ``submitted`` at the moment it leaves."""
    record = await ledger.get(operation, key)
    if record is not None and record.state is RecordState.DONE:
        return Outcome(index=index, input=item, value=_restore(record.result), from_ledger=True)
    unsettled = record is not None and record.state in (
        RecordState.AMBIGUOUS, RecordState.SUBMITTED
    )
    if unsettled and follow is not None and record is not None and record.enrichment_id:
        # Started by an earlier run, which stopped before the result: follow it (free).
        step = _Step(ledger, operation, key, index, item)
        return await step.follow(follow, record.enrichment_id, resumed=True)
    if unsettled and not retry_ambiguous:
        assert record is not None
        error = AmbiguousChargeError(
            "an earlier run sent this input and may have been charged without a result "
            f"({record.error or 'interrupted'}); not re-sent (retry_ambiguous=True to re-send)",
            endpoint=operation,
            may_have_charged=True,
        )
        return Outcome(index=index, input=item, error=error, from_ledger=True)

    sent = False

    async def submit() -> None:
        # Awaited by the pipeline after the rate-limit slot, right before the request
        # leaves: rows still queued behind the limiter when a run dies were never sent.
        nonlocal sent
        if not sent:
            await ledger.submit(operation, key, payload)
            sent = True

    try:
        with before_send(submit):
            value = await method(**kwargs)
    except Exception as exc:
        if sent:  # refused before sending (a bad row, a used-up quota): nothing to record
            charged = isinstance(exc, ProntoError) and exc.may_have_charged
            state = RecordState.AMBIGUOUS if charged else RecordState.FAILED
            await ledger.finish(operation, key, state, error=_describe(exc))
        return Outcome(index=index, input=item, error=exc)
    await submit()  # a method that answered without the pipeline: record it all the same
    if follow is not None and follow.starts_job:
        job_id = _job_id(value)
        # Committed before the wait: a crash from here on loses nothing that was paid.
        await ledger.finish(operation, key, RecordState.SUBMITTED, enrichment_id=job_id)
        return await _Step(ledger, operation, key, index, item).follow(follow, job_id)
    await ledger.finish(operation, key, RecordState.DONE, result=_store(value))
    return Outcome(index=index, input=item, value=value)


@attrs.frozen
class Follow(Generic[T]):
    """How to finish work that runs on the server (an asynchronous enrichment).

    ``wait(id)`` polls the work started under ``id`` to its result. With ``starts_job``,
    the fanned-out method returns a handle whose ``id`` is written to the ledger before the
    wait; either way, a ledger record left with an id by an earlier run is followed, not
    re-sent.
    """

    wait: Callable[[str], Awaitable[T]]
    starts_job: bool = False


def _job_id(handle: Any) -> str:
    job_id = getattr(handle, "id", None)
    if not isinstance(job_id, str) or not job_id:
        raise ProntoError(f"expected a job handle with an id, got {type(handle).__name__}")
    return job_id


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@attrs.frozen
class _Step:
    """One ledger record being followed to its result."""

    ledger: Ledger
    operation: str
    key: str
    index: int
    item: Any

    async def follow(self, follow: Follow[T], job_id: str, *, resumed: bool = False) -> Outcome[T]:
        following(True)  # its id is in the ledger: a stopping run may cut this wait short
        try:
            value = await follow.wait(job_id)
        except Exception as exc:
            following(False)
            # Still running, or unreachable for now: the id stays, a re-run follows it again.
            await self.ledger.finish(
                self.operation, self.key, RecordState.SUBMITTED, error=_describe(exc)
            )
            return Outcome(index=self.index, input=self.item, error=exc, resumed=resumed)
        following(False)
        await self.ledger.finish(self.operation, self.key, RecordState.DONE, result=_store(value))
        return Outcome(index=self.index, input=self.item, value=value, resumed=resumed)

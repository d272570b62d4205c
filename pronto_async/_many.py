"""Following many jobs at once, from either client: their items merged as they arrive, each
with the job it came from (:func:`follow_all`), or every job's end (:func:`wait_all`).

Each job is followed by its own task on the client's loop, all at the same time: the polls
of 12 searches interleave, so following them takes about as long as the slowest one, not
their sum. Every poll goes through the client's pipeline, so the polls share its rate
limits (and its limiter, when one is shared between processes) like any other call.

Blocking code passes the blocking handles (``SyncSearchJob``) and gets a plain iterator, or
the list itself; :class:`~pronto_async.Pronto` runs the same tasks concurrently on its loop
thread. A job that fails does not stop the others: every other job is followed to its end,
then :class:`JobsFailedError` names each failed job with its error (and, from
:func:`wait_all`, carries every result the others gave).
"""

from __future__ import annotations

import asyncio
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Coroutine,
    Generator,
    Iterable,
    Iterator,
    Sequence,
)
from typing import Any, Final, TypeVar, overload

from ._convert import Model
from ._facade import LoopThread, iterate
from .errors import ProntoError
from .jobs import (
    DEFAULT_POLL_INTERVAL,
    BulkEnrichmentJob,
    EnrichmentJob,
    ImportJob,
    Job,
    SearchJob,
    SyncEnrichmentJob,
    SyncImportJob,
    SyncSearchJob,
    TrackingJob,
    _SyncJob,
)
from .models import ContactEnrichment, SearchDetail, SearchLead

__all__ = ["JobsFailedError", "follow_all", "wait_all"]

J = TypeVar("J")
SJ = TypeVar("SJ", bound=_SyncJob[Any])
AJ = TypeVar("AJ", bound=Job[Any])
R = TypeVar("R")
M = TypeVar("M", bound=Model)

_ITEM: Final = 0
_DONE: Final = 1
_FAILED: Final = 2


class JobsFailedError(ProntoError):
    """Some of the jobs followed together failed; raised once every other job has ended, so
    nothing the others gave is lost.

    Attributes:
        failures: Each failed job (the handle that was passed in) with its error, in the
            order the jobs were given.
        results: From :func:`wait_all`: one entry per job, in the order given, the job's
            result or, for a failed job, its error. ``None`` from :func:`follow_all`, whose
            items were already yielded.
    """

    def __init__(
        self,
        failures: Sequence[tuple[Any, BaseException]],
        *,
        total: int,
        results: list[Any] | None = None,
    ) -> None:
        self.failures: tuple[tuple[Any, BaseException], ...] = tuple(failures)
        self.results = results
        shown = "; ".join(
            f"job {getattr(job, 'id', job)}: {type(error).__name__}: {error}"
            for job, error in self.failures[:5]
        )
        more = f"; and {len(self.failures) - 5} more" if len(self.failures) > 5 else ""
        super().__init__(f"{len(self.failures)} of {total} jobs failed: {shown}{more}")
        if self.failures:
            self.__cause__ = self.failures[0][1]

    @property
    def errors(self) -> dict[str, BaseException]:
        """The errors by job id."""
        return {str(getattr(job, "id", job)): error for job, error in self.failures}


# -- what each kind of job gives ------------------------------------------------------------


def _stream(job: Job[Any], timeout: float | None, poll_interval: float) -> AsyncIterator[Any]:
    """The items of one job, as :func:`follow_all` yields them."""
    if isinstance(job, SearchJob):
        return job.leads(timeout=timeout, poll_interval=poll_interval)
    if isinstance(job, EnrichmentJob):
        return _once(job.wait(timeout=timeout, poll_interval=poll_interval))
    if isinstance(job, ImportJob):
        return job.accounts(idle_timeout=timeout)
    if isinstance(job, BulkEnrichmentJob):
        return job.results(idle_timeout=timeout)
    if isinstance(job, TrackingJob):
        return job.events(idle_timeout=timeout)
    raise TypeError(f"cannot follow a {type(job).__name__}")  # pragma: no cover


async def _once(result: Awaitable[R]) -> AsyncIterator[R]:
    yield await result


def _handles(jobs: Iterable[Any], what: str) -> tuple[list[Any], list[Job[Any]], LoopThread | None]:
    """The handles as given, their async jobs, and the blocking client's loop (``None`` for
    async handles); a clear TypeError/ValueError for anything else, before any poll."""
    if isinstance(jobs, (str, bytes, Job, _SyncJob)) or not isinstance(jobs, Iterable):
        raise TypeError(f"{what}() takes an iterable of job handles, got {type(jobs).__name__}")
    given = list(jobs)
    sync = [isinstance(job, _SyncJob) for job in given]
    for job in given:
        if not isinstance(job, (Job, _SyncJob)):
            raise TypeError(f"{what}() takes job handles, got {type(job).__name__}")
    if any(sync) and not all(sync):
        raise TypeError(
            f"{what}() takes either async handles (from AsyncPronto) or blocking ones (from "
            "Pronto), not both"
        )
    if not any(sync):
        return given, given, None
    runners = {id(job._runner): job._runner for job in given}
    if len(runners) > 1:
        raise ValueError(f"{what}() takes blocking handles from one Pronto client at a time")
    return given, [job.job for job in given], next(iter(runners.values()))


# -- follow_all -------------------------------------------------------------------------------


async def _merged(
    tags: list[J], jobs: list[Job[Any]], timeout: float | None, poll_interval: float
) -> AsyncGenerator[tuple[J, Any], None]:
    """Every job's items, merged as they arrive, each with its tag (the handle given)."""
    if not poll_interval > 0:
        raise ValueError("poll_interval must be > 0")
    queue: asyncio.Queue[tuple[int, int, Any]] = asyncio.Queue()

    async def pump(index: int, job: Job[Any]) -> None:
        items = _stream(job, timeout, poll_interval)
        try:
            async for item in items:
                queue.put_nowait((_ITEM, index, item))
        except Exception as error:  # this job's failure; the others go on
            queue.put_nowait((_FAILED, index, error))
        else:
            queue.put_nowait((_DONE, index, None))
        finally:  # a cancelled poller's iterator is closed here, on its own task
            aclose = getattr(items, "aclose", None)
            if aclose is not None:
                await aclose()

    tasks = [
        asyncio.create_task(pump(index, job), name=f"pronto-follow-{job.id}")
        for index, job in enumerate(jobs)
    ]
    failures: list[tuple[int, BaseException]] = []
    try:
        remaining = len(tasks)
        while remaining:
            kind, index, payload = await queue.get()
            if kind == _ITEM:
                yield tags[index], payload
                continue
            remaining -= 1
            if kind == _FAILED:
                failures.append((index, payload))
    finally:  # the end, an early break, an error or a cancellation: stop every poller
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if failures:
        failures.sort(key=lambda failure: failure[0])
        raise JobsFailedError(
            [(tags[index], error) for index, error in failures], total=len(tags)
        )


@overload
def follow_all(
    jobs: Iterable[SyncSearchJob[M]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> Iterator[tuple[SyncSearchJob[M], SearchLead]]: ...
@overload
def follow_all(
    jobs: Iterable[SearchJob[M]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> AsyncGenerator[tuple[SearchJob[M], SearchLead], None]: ...
@overload
def follow_all(
    jobs: Iterable[SJ],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> Iterator[tuple[SJ, Any]]: ...
@overload
def follow_all(
    jobs: Iterable[AJ],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> AsyncGenerator[tuple[AJ, Any], None]: ...
def follow_all(
    jobs: Iterable[Any],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> Iterator[tuple[Any, Any]] | AsyncGenerator[tuple[Any, Any], None]:
    """Follow many jobs at once: each job's items as they arrive, merged, each with the job
    it came from.

    ::

        jobs = [await pronto.leads.search_in_company(...) for url in companies]
        async for job, lead in pronto_async.follow_all(jobs):    # AsyncPronto's handles
            ...
        for job, lead in pronto_async.follow_all(sync_jobs):     # Pronto's handles
            ...

    A search gives its leads (each once, as :meth:`SearchJob.leads`), an asynchronous
    enrichment its one final :class:`~pronto_async.models.ContactEnrichment`, an import its
    accounts, a bulk enrichment its results and a tracking task its events (these three from
    the webhook receiver the job was started with). All jobs are followed concurrently on
    the client's loop; their polls share the client's rate limits.

    Stopping early (``break``, an exception in the loop body, dropping the iterator) stops
    every poller.

    Args:
        jobs: Handles from one client: all async (from :class:`AsyncPronto`) or all
            blocking (from :class:`Pronto`, then the result is a plain iterator).
        timeout: Seconds each job may take (for webhook-fed jobs: seconds without a
            delivery); a job that overruns fails with ``JobTimeoutError`` like any failure.
        poll_interval: As for :meth:`SearchJob.leads`.

    Returns:
        An async generator (a plain iterator for blocking handles) of ``(job, item)``,
        ``job`` being the handle passed in; ``aclose()`` it (or use
        ``contextlib.aclosing``) to stop the pollers at once when leaving early.

    Raises:
        TypeError: ``jobs`` is not an iterable of job handles, or mixes async and blocking
            ones (before anything is polled).
        ValueError: blocking handles from more than one :class:`Pronto`.
        JobsFailedError: after every other job has ended, when any job failed (its
            ``failures`` name each job and its error; every other job's items were yielded).
    """
    given, async_jobs, runner = _handles(jobs, "follow_all")
    merged = _merged(given, async_jobs, timeout, poll_interval)
    if runner is None:
        if not given:
            return _Nothing()
        return merged
    return iterate(merged, runner)


class _Nothing(Iterator[Any], AsyncGenerator[Any, None]):
    """What :func:`follow_all` returns for no jobs: an empty iterator, async or not, since
    an empty list says nothing of which client it came from."""

    def __next__(self) -> Any:
        raise StopIteration

    async def asend(self, value: None) -> Any:
        raise StopAsyncIteration

    async def athrow(self, *args: Any) -> Any:
        raise StopAsyncIteration


# -- wait_all ---------------------------------------------------------------------------------


async def _wait_all(
    tags: list[Any], jobs: list[Job[Any]], timeout: float | None, poll_interval: float
) -> list[Any]:
    if not poll_interval > 0:
        raise ValueError("poll_interval must be > 0")

    async def one(job: Job[Any]) -> Any:
        try:
            return await job.wait(timeout=timeout, poll_interval=poll_interval)  # type: ignore[attr-defined]
        except Exception as error:  # this job's failure; the others go on
            return _Failed(error)

    outcomes = await asyncio.gather(*(one(job) for job in jobs))
    results = [o.error if isinstance(o, _Failed) else o for o in outcomes]
    failures = [(tags[i], o.error) for i, o in enumerate(outcomes) if isinstance(o, _Failed)]
    if failures:
        raise JobsFailedError(failures, total=len(tags), results=results)
    return results


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


_WAITABLE: Final = (SearchJob, EnrichmentJob, ImportJob)


@overload
def wait_all(
    jobs: Iterable[SyncSearchJob[Any] | SyncImportJob[Any]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> list[SearchDetail]: ...
@overload
def wait_all(
    jobs: Iterable[SyncEnrichmentJob[Any]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> list[ContactEnrichment]: ...
@overload
def wait_all(
    jobs: Iterable[SyncSearchJob[Any] | SyncEnrichmentJob[Any] | SyncImportJob[Any]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> list[SearchDetail | ContactEnrichment]: ...
@overload
def wait_all(
    jobs: Iterable[SearchJob[Any] | ImportJob[Any]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> Coroutine[Any, Any, list[SearchDetail]]: ...
@overload
def wait_all(
    jobs: Iterable[EnrichmentJob[Any]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> Coroutine[Any, Any, list[ContactEnrichment]]: ...
@overload
def wait_all(
    jobs: Iterable[SearchJob[Any] | EnrichmentJob[Any] | ImportJob[Any]],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> Coroutine[Any, Any, list[SearchDetail | ContactEnrichment]]: ...
def wait_all(
    jobs: Iterable[Any],
    *,
    timeout: float | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
) -> list[Any] | Coroutine[Any, Any, list[Any]]:
    """Wait for many searches (asynchronous enrichments, account imports) at once; their
    final states, in the order given.

    ::

        details = await pronto_async.wait_all(jobs)      # AsyncPronto's handles
        details = pronto_async.wait_all(sync_jobs)       # Pronto's handles: blocks

    All jobs are polled concurrently on the client's loop (sharing its rate limits), so the
    wait lasts about as long as the slowest job.

    Args:
        jobs: Search, enrichment or import handles from one client: all async (then
            ``await`` the result) or all blocking (the call blocks and returns the list).
        timeout: Seconds each job may take.
        poll_interval: As for :meth:`SearchJob.wait`.

    Returns:
        One result per job, in the order given: a :class:`~pronto_async.models.SearchDetail`
        with every lead (an import's: its final status, see :meth:`ImportJob.wait`), or a
        :class:`~pronto_async.models.ContactEnrichment`.

    Raises:
        TypeError: not an iterable of search/enrichment/import handles, or a mix of async
            and blocking ones (a bulk enrichment or a tracking job has nothing to wait for:
            use :func:`follow_all`).
        ValueError: blocking handles from more than one :class:`Pronto`.
        JobsFailedError: after every job has ended, when any failed: ``failures`` names
            each, ``results`` holds every result (the error in a failed job's place).
    """
    given, async_jobs, runner = _handles(jobs, "wait_all")
    for job in async_jobs:
        if not isinstance(job, _WAITABLE):
            raise TypeError(
                f"wait_all() waits for searches, enrichments and imports, not a "
                f"{type(job).__name__} (its results come from the webhook: use follow_all())"
            )
    if runner is None:
        if not given:
            return _NoResults()
        return _wait_all(given, async_jobs, timeout, poll_interval)
    return runner.run(_wait_all(given, async_jobs, timeout, poll_interval))


class _NoResults(list[Any]):
    """What :func:`wait_all` returns for no jobs: an empty list that may also be awaited,
    since an empty list says nothing of which client it came from."""

    def __await__(self) -> Generator[Any, None, list[Any]]:
        return self._empty().__await__()

    @staticmethod
    async def _empty() -> list[Any]:
        return []


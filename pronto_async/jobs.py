"""Handles for server-side work that a call starts, and following it to the end (DESIGN §8).

A method that starts a search, an import, an asynchronous enrichment or a tracking task
returns a handle with the job's ``id`` and the immediate ``response`` (a preview, a total, the
created search record). From there:

- a lead search is followed by polling ``GET /searches/{id}``: ``await job.wait()`` or
  ``async for lead in job.leads()`` (each lead once, while the search is still running);
- an asynchronous enrichment by polling ``GET /contacts/{id}``: ``await job.wait()``;
- work whose results only go to a webhook (bulk enrichments, account imports, tracking) is
  read from a :class:`~pronto_async.WebhookReceiver` subscription, when the job was started
  with ``webhook=receiver``: ``job.results()``, ``job.accounts()``, ``job.events()``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

import attrs

from . import _follow
from ._convert import Model, structure
from ._facade import SyncResource, blocking_twin, forward, forward_iter
from .errors import ProntoError
from .models import Company, ContactEnrichment, SearchDetail, SearchLead

if TYPE_CHECKING:
    from ._client import AsyncPronto
    from .webhooks import Subscription

__all__ = [
    "BulkEnrichmentJob",
    "EnrichmentJob",
    "ImportJob",
    "Job",
    "SearchJob",
    "SyncBulkEnrichmentJob",
    "SyncEnrichmentJob",
    "SyncImportJob",
    "SyncSearchJob",
    "SyncTrackingJob",
    "TrackingJob",
    "forward_job",
]

R = TypeVar("R", bound=Model)
P = ParamSpec("P")

#: Seconds between polls while results keep arriving (backing off to 8x while none do).
DEFAULT_POLL_INTERVAL = 2.0


@attrs.frozen(kw_only=True)
class Job(Generic[R]):
    """Work started on the server: its id and what the server answered at once."""

    #: The job's id (a search id, an import id, an enrichment id).
    id: str
    #: The immediate answer, parsed.
    response: R
    _client: AsyncPronto | Any = attrs.field(repr=False, eq=False, alias="client")
    #: The webhook subscription the job reports to, when started with ``webhook=receiver``.
    subscription: Subscription | None = attrs.field(default=None, repr=False, eq=False)
    #: How many results the webhook will carry, when known (a bulk enrichment's contacts).
    expected: int | None = attrs.field(default=None, repr=False, eq=False)
    #: ``True`` when the creation's answer was lost and the job was found again by its name
    #: in ``GET /searches``; ``response`` is then rebuilt from that listing (its id, name,
    #: creation time and status: no preview, no counts).
    recovered: bool = attrs.field(default=False, eq=False)

    def _webhook(self, what: str) -> Subscription:
        if self.subscription is None:
            raise ProntoError(
                f"{what} are only delivered to a webhook: start the job with "
                "webhook=WebhookReceiver(...) to read them here"
            )
        return self.subscription


@attrs.frozen(kw_only=True)
class SearchJob(Job[R]):
    """A lead search; ``GET /searches/{id}`` reports its status and leads."""

    async def wait(
        self, *, timeout: float | None = None, poll_interval: float = DEFAULT_POLL_INTERVAL
    ) -> SearchDetail:
        """Poll until the search ends; return it with every lead.

        Raises:
            JobFailedError: it ended ``RATE_LIMITED``, ``UNAUTHORIZED``, ``FORBIDDEN`` or
                ``ERROR``.
            JobTimeoutError: it did not end within ``timeout`` seconds (it goes on).
            UnexpectedResponseError: a few answers in a row (``MAX_UNREADABLE_POLLS``) had
                no status anywhere: the body is not one this SDK understands.
        """
        return await _follow.wait_search(
            self._client, self.id, poll_interval=poll_interval, timeout=timeout
        )

    async def leads(
        self,
        *,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> AsyncIterator[SearchLead]:
        """Each lead once, as soon as it is found, until the search ends.

        Polls ``GET /searches/{id}`` (fast while leads arrive, backing off to 8x
        ``poll_interval`` while none do), which at the end holds every lead. With a webhook
        subscription (``webhook=receiver``), deliveries are yielded between polls as they
        arrive; the polls still decide the end, so a lost delivery loses nothing.

        Raises:
            JobFailedError: the search ended in an error status.
            JobTimeoutError: it did not end within ``timeout`` seconds.
            UnexpectedResponseError: a few answers in a row had no status anywhere.
        """
        async for lead in _follow.follow_search(
            self._client, self.id, poll_interval=poll_interval, timeout=timeout,
            subscription=self.subscription,
        ):
            yield lead


@attrs.frozen(kw_only=True)
class ImportJob(Job[R]):
    """An account import; its accounts are delivered to the webhook, its status is read
    from ``GET /searches/{id}``."""

    async def wait(
        self, *, timeout: float | None = None, poll_interval: float = DEFAULT_POLL_INTERVAL
    ) -> SearchDetail:
        """Poll ``GET /searches/{id}`` (free) until the import ends; return what it shows.

        The reference shows imports only through their webhook; Pronto's own CLI starts
        ``accounts.search`` without one and says "poll with ``pronto jobs status <id>``",
        which reads ``GET /searches/{id}`` for any job id (Pipecorn/cli-pipecorn
        src/commands/accounts/search.ts, src/commands/jobs/status.ts). The status is read as
        a search's; the accounts themselves are not in that answer (whatever else it holds
        stays in the detail's ``.extra``): read them with :meth:`accounts` from a job
        started with ``webhook=receiver``.

        Raises:
            JobFailedError: it ended ``RATE_LIMITED``, ``UNAUTHORIZED``, ``FORBIDDEN`` or
                ``ERROR``.
            JobTimeoutError: it did not end within ``timeout`` seconds (it goes on).
            NotFoundError: Pronto does not show this import under ``GET /searches/{id}``.
            UnexpectedResponseError: a few answers in a row (``MAX_UNREADABLE_POLLS``) had
                no status anywhere.
        """
        return await _follow.wait_search(
            self._client, self.id, poll_interval=poll_interval, timeout=timeout
        )

    async def accounts(self, *, idle_timeout: float | None = None) -> AsyncIterator[Company]:
        """Each imported account once, from the webhook, until Pronto's end signal (or
        ``idle_timeout`` seconds without a delivery).

        Raises:
            ProntoError: the job was not started with ``webhook=receiver``.
        """
        subscription = self._webhook("imported accounts")
        async for item in _follow.delivered(subscription, idle_timeout=idle_timeout):
            yield structure(item, Company)


@attrs.frozen(kw_only=True)
class EnrichmentJob(Job[R]):
    """One asynchronous contact enrichment; ``GET /contacts/{id}`` reports its result."""

    async def wait(
        self, *, timeout: float | None = None, poll_interval: float = DEFAULT_POLL_INTERVAL
    ) -> ContactEnrichment:
        """Poll ``GET /contacts/{id}`` until every requested lookup has run.

        Raises:
            JobTimeoutError: not finished within ``timeout`` seconds (it goes on).
            UnexpectedResponseError: a few answers in a row (``MAX_UNREADABLE_POLLS``) had
                no ``status``; the last one is the error's ``body``.
        """
        client = self._client
        return await _follow.wait_enrichment(
            lambda: client.contacts.get(id=self.id), self.id,
            poll_interval=poll_interval, timeout=timeout,
        )


@attrs.frozen(kw_only=True)
class BulkEnrichmentJob(Job[R]):
    """A bulk contact enrichment; each contact's result is delivered to the webhook."""

    async def results(
        self, *, idle_timeout: float | None = None
    ) -> AsyncIterator[ContactEnrichment]:
        """Each contact's result once, from the webhook, until all of the batch's contacts
        have reported (or ``idle_timeout`` seconds pass without a delivery).

        Raises:
            ProntoError: the job was not started with ``webhook=receiver``.
        """
        subscription = self._webhook("bulk enrichment results")
        async for item in _follow.delivered(
            subscription, idle_timeout=idle_timeout, expected=self.expected
        ):
            yield structure(item, ContactEnrichment)


@attrs.frozen(kw_only=True)
class TrackingJob(Job[R]):
    """A recurring tracking task (new hires, job changes); each event goes to the webhook."""

    async def events(
        self, *, idle_timeout: float | None = None
    ) -> AsyncIterator[Mapping[str, Any]]:
        """Each event once, as delivered, until ``idle_timeout`` seconds pass without one
        (tracking never ends by itself).

        Raises:
            ProntoError: the job was not started with ``webhook=receiver``.
        """
        subscription = self._webhook("tracking events")
        async for item in _follow.delivered(subscription, idle_timeout=idle_timeout):
            yield item


# -- blocking twins (what the Pronto facade returns) -------------------------------------------


class _SyncJob(SyncResource, Generic[R]):
    """A job handle for blocking code: the same job, its waits and iterators blocking."""

    __slots__ = ()
    _async: Job[R]

    @property
    def id(self) -> str:
        """The job's id."""
        return self._async.id

    @property
    def response(self) -> R:
        """The immediate answer, parsed."""
        return self._async.response

    @property
    def recovered(self) -> bool:
        """``True`` when the job was found again by name after its creation answer was lost."""
        return self._async.recovered

    @property
    def job(self) -> Job[R]:
        """The async handle (for code that awaits)."""
        return self._async

    def __repr__(self) -> str:
        recovered = ", recovered=True" if self.recovered else ""
        return f"{type(self).__name__}(id={self.id!r}{recovered})"


class SyncSearchJob(_SyncJob[R]):
    """Blocking twin of :class:`SearchJob`."""

    __slots__ = ()
    wait = forward(SearchJob.wait)
    leads = forward_iter(SearchJob.leads)


class SyncEnrichmentJob(_SyncJob[R]):
    """Blocking twin of :class:`EnrichmentJob`."""

    __slots__ = ()
    wait = forward(EnrichmentJob.wait)


class SyncImportJob(_SyncJob[R]):
    """Blocking twin of :class:`ImportJob` (its accounts come from the webhook receiver the
    job was started with: ``with WebhookReceiver(...) as receiver``)."""

    __slots__ = ()
    wait = forward(ImportJob.wait)
    accounts = forward_iter(ImportJob.accounts)


class SyncBulkEnrichmentJob(_SyncJob[R]):
    """Blocking twin of :class:`BulkEnrichmentJob` (its results come from the webhook
    receiver the job was started with)."""

    __slots__ = ()
    results = forward_iter(BulkEnrichmentJob.results)


class SyncTrackingJob(_SyncJob[R]):
    """Blocking twin of :class:`TrackingJob` (its events come from the webhook receiver the
    job was started with)."""

    __slots__ = ()
    events = forward_iter(TrackingJob.events)


_TWINS: dict[type[Job[Any]], type[_SyncJob[Any]]] = {
    SearchJob: SyncSearchJob,
    EnrichmentJob: SyncEnrichmentJob,
    ImportJob: SyncImportJob,
    BulkEnrichmentJob: SyncBulkEnrichmentJob,
    TrackingJob: SyncTrackingJob,
}
#: How a blocking twin's docstring and return type name the job handle it returns.
_TWIN_NAMES: tuple[tuple[str, str], ...] = tuple(
    (job.__name__, twin.__name__) for job, twin in _TWINS.items()
)


@overload
def forward_job(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, SearchJob[R]]],
) -> Callable[Concatenate[Any, P], SyncSearchJob[R]]: ...
@overload
def forward_job(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, EnrichmentJob[R]]],
) -> Callable[Concatenate[Any, P], SyncEnrichmentJob[R]]: ...
@overload
def forward_job(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, ImportJob[R]]],
) -> Callable[Concatenate[Any, P], SyncImportJob[R]]: ...
@overload
def forward_job(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, BulkEnrichmentJob[R]]],
) -> Callable[Concatenate[Any, P], SyncBulkEnrichmentJob[R]]: ...
@overload
def forward_job(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, TrackingJob[R]]],
) -> Callable[Concatenate[Any, P], SyncTrackingJob[R]]: ...
def forward_job(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, Job[Any]]],
) -> Callable[Concatenate[Any, P], _SyncJob[Any]]:
    """The blocking twin of a method that starts a job: it returns the job's blocking twin
    (``help()`` and the docstring name ``SyncSearchJob``, not ``SearchJob``)."""
    name = method.__name__

    def blocking(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> _SyncJob[Any]:
        job: Job[Any] = self._runner.run(getattr(self._async, name)(*args, **kwargs))
        return _TWINS[type(job)](job, self._runner)

    blocking_twin(blocking, method, renames=_TWIN_NAMES)
    return blocking

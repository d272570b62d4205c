"""``pronto.searches``: lead searches already started: list, find by name, inspect, follow,
delete."""

from __future__ import annotations

import builtins
import math
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any, Unpack

from .. import _follow
from .._facade import SyncResource, forward, forward_iter
from .._options import CallOptions
from .._pager import AsyncPager
from .._recover import matching
from .._validate import MAX_INT, Problems
from ..jobs import DEFAULT_POLL_INTERVAL
from ..models.searches import SearchDeletion, SearchDetail, SearchLead, SearchSummary
from ._base import Resource, operation

__all__ = ["Searches", "SyncSearches"]


class Searches(Resource):
    """Lead searches already started: list, inspect, delete."""

    __slots__ = ()

    @operation("searches.list")
    def list(self, **options: Unpack[CallOptions]) -> AsyncPager[SearchSummary]:
        """Every search you have access to: ``async for search in pronto.searches.list()``.

        The server sends them all in one body, as ``{"searches": [...]}`` or as a bare list
        (real-usage.md §5); both are read. Nothing is requested until the first item is
        asked for.

        Returns:
            A single-use async iterator of :class:`SearchSummary`.

        Raises:
            UnexpectedResponseError: the body is neither form (an HTML page, for instance).
        """

        async def fetch_page(cursor: str | None) -> tuple[Sequence[SearchSummary], None]:
            # No paging is seen on this endpoint: one fetch holds every search.
            items = await self._call_list(
                "searches.list", SearchSummary, keys=("searches", "data")
            )
            return items, None

        return AsyncPager(fetch_page)

    async def find(
        self,
        *,
        name: str,
        created_after: datetime | float | None = None,
        created_before: datetime | float | None = None,
    ) -> builtins.list[SearchSummary]:
        """The searches named exactly ``name``, newest first: how to pick up a search whose
        id you do not have (its creation answer was lost, or another process started it).

        One ``GET /searches`` (free). Follow a match with :meth:`leads` or :meth:`wait`
        (``pronto.searches.leads(id=found[0].id)``).

        Args:
            name: The search's name, exactly (a job started by this SDK without a name got a
                unique one: its error message names it).
            created_after: Only searches created at or after this moment: an aware
                ``datetime`` or POSIX seconds (on the server's clock, as ``created_at`` is).
            created_before: Only searches created at or before this moment.

        Returns:
            The matches (a search without a readable ``created_at`` only when no bound is
            given), newest first; empty when none.

        Raises:
            ValidationError: a blank ``name``, a naive ``datetime``, or a bound that is
                neither a ``datetime`` nor a number (nothing is sent).
            UnexpectedResponseError: the listing is neither of its known forms.
        """
        p = Problems("searches.list")
        wanted = p.text("name", name, required=True)
        after = _moment(p, "created_after", created_after)
        before = _moment(p, "created_before", created_before)
        if after is not None and before is not None and after > before:
            p.add("created_after must not be later than created_before")
        p.raise_if_any()
        summaries = [summary async for summary in self.list()]
        return matching(
            summaries, wanted or "", after=after, before=before,
            undated=after is None and before is None,
        )

    @operation("searches.get")
    async def get(self, id: str, **options: Unpack[CallOptions]) -> SearchDetail:
        """A search, its status, and every lead it has found so far.

        Args:
            id: The search's UUID (``job.id`` of a lead search).

        The server's two shapes, ``{search: {...}, leads}`` and the flat ``{id, name,
        status, created_at, leads}`` Pronto's CLI reads (Pipecorn/cli-pipecorn,
        src/api/endpoints.ts), give the same :class:`SearchDetail`.

        Returns:
            ``search`` (with ``status``: a :class:`~pronto_async.enums.SearchStatus` member
            when documented; also ``detail.status``) and ``leads``, each a ``lead`` with its
            ``company``.

        Raises:
            ValidationError: ``id`` is blank (nothing is sent).
            NotFoundError: no such search.
        """
        p = Problems("searches.get")
        search_id = p.path_id("id", id)
        p.raise_if_any()
        return await self._call("searches.get", SearchDetail, path_params={"id": search_id})

    @operation("searches.delete")
    async def delete(self, id: str, **options: Unpack[CallOptions]) -> SearchDeletion:
        """Delete a search and all its tasks, for good. Only its owner (or the owner's
        workspace) may.

        Args:
            id: The search's UUID.

        Returns:
            The server's confirmation (``message``). An empty answer (an empty 200, a 204)
            is the same success, with ``message`` ``None``: Pronto's CLI treats it so
            (Pipecorn/cli-pipecorn, src/commands/jobs/delete.ts, src/api/client.ts).

        Raises:
            ValidationError: ``id`` is blank (nothing is sent).
            AuthenticationError: 401, which this endpoint also answers when the search is
                not yours.
            NotFoundError: no such search.
            UnprocessableEntityError: the server failed to delete it.
        """
        p = Problems("searches.delete")
        search_id = p.path_id("id", id)
        p.raise_if_any()
        return await self._call(
            "searches.delete", SearchDeletion, path_params={"id": search_id}
        )


    async def leads(
        self,
        id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> AsyncIterator[SearchLead]:
        """Follow a search by id: each lead once, as soon as it is found, until the search
        ends (polling ``GET /searches/{id}``, fast while leads arrive, backing off to 8x
        ``poll_interval`` while none do). Works for searches started elsewhere (the web
        app, another process) as well as by this client.

        Args:
            id: The search's UUID, positionally or by keyword.
            timeout: Seconds to follow it in all (``None``: until it ends). The timeout of
                each poll is the client's (``pronto.with_options(timeout=...)`` sets it).
            poll_interval: First delay between polls, in seconds.

        Yields:
            Each :class:`SearchLead` once, as it is found.

        Raises:
            ValidationError: ``id`` is blank (nothing is sent).
            JobFailedError: the search ended ``RATE_LIMITED``, ``UNAUTHORIZED``,
                ``FORBIDDEN`` or ``ERROR``.
            JobTimeoutError: it did not end within ``timeout`` seconds.
            UnexpectedResponseError: a few answers in a row had no status anywhere.
        """
        p = Problems("searches.get")
        search_id = p.path_id("id", id)
        p.raise_if_any()
        async for lead in _follow.follow_search(
            self._client, search_id, poll_interval=poll_interval, timeout=timeout
        ):
            yield lead

    async def wait(
        self,
        id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> SearchDetail:
        """Poll a search by id until it ends; return it with every lead.

        Args:
            id: The search's UUID, positionally or by keyword.
            timeout: Seconds to wait in all (``None``: until it ends). The timeout of each
                poll is the client's (``pronto.with_options(timeout=...)`` sets it).
            poll_interval: First delay between polls, in seconds.

        Returns:
            The search and every lead it found.

        Raises:
            ValidationError: ``id`` is blank (nothing is sent).
            JobFailedError: it ended in an error status.
            JobTimeoutError: it did not end within ``timeout`` seconds (it goes on).
            UnexpectedResponseError: a few answers in a row had no status anywhere.
        """
        p = Problems("searches.get")
        search_id = p.path_id("id", id)
        p.raise_if_any()
        return await _follow.wait_search(
            self._client, search_id, poll_interval=poll_interval, timeout=timeout
        )


def _moment(p: Problems, name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            p.add(f"{name} must be an aware datetime (give it a tzinfo, e.g. datetime.UTC)")
            return None
        return value.timestamp()
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INT:
        return float(value)
    p.add(f"{name} must be a datetime or POSIX seconds, got {type(value).__name__}")
    return None


class SyncSearches(SyncResource):
    """Blocking twin of :class:`Searches`."""

    __slots__ = ()
    list = forward_iter(Searches.list)
    find = forward(Searches.find)
    get = forward(Searches.get)
    delete = forward(Searches.delete)
    leads = forward_iter(Searches.leads)
    wait = forward(Searches.wait)

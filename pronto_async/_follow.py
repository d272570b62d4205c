"""Following work that runs on the server: poll with backoff, yield each new item once, stop
at a terminal status (DESIGN §8).

Pronto has no push channel but webhooks, and public code polls (the CLI every 5 s,
list-building every 10 s; real-usage.md §5, §10). A follower polls fast while results
arrive and backs off while nothing changes, so a long search costs few requests; every poll
is a free GET through the usual pipeline (limits, retries).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from ._convert import structure, unstructure
from .errors import JobFailedError, JobTimeoutError
from .models import Company, ContactEnrichment, Lead, SearchDetail, SearchLead

if TYPE_CHECKING:
    from ._client import AsyncPronto
    from .webhooks import Subscription

__all__ = ["Poll", "follow_search", "lead_from_delivery", "wait_enrichment", "wait_search"]

#: Polling starts at ``poll_interval`` and grows by this factor while nothing changes.
_BACKOFF: Final = 1.5
#: ... up to this many times ``poll_interval``.
_MAX_FACTOR: Final = 8.0


class Poll:
    """A polling schedule: fast while things change, slower while they do not, and a
    deadline."""

    def __init__(self, poll_interval: float, timeout: float | None, job_id: str) -> None:
        if not poll_interval > 0:
            raise ValueError("poll_interval must be > 0")
        self._base = poll_interval
        self._interval = poll_interval
        self._job_id = job_id
        self._timeout = timeout
        loop = asyncio.get_running_loop()
        self._deadline = None if timeout is None else loop.time() + timeout

    def next_delay(self, changed: bool) -> float:
        """Seconds until the next poll; raise if the deadline has passed."""
        self._interval = (
            self._base if changed else min(self._interval * _BACKOFF, self._base * _MAX_FACTOR)
        )
        if self._deadline is None:
            return self._interval
        left = self._deadline - asyncio.get_running_loop().time()
        if left <= 0:
            raise JobTimeoutError(
                f"job {self._job_id} did not finish within {self._timeout:g} s",
                job_id=self._job_id,
            )
        return min(self._interval, left)

    async def sleep(self, changed: bool) -> None:
        """Wait before the next poll; raise if the deadline has passed."""
        await asyncio.sleep(self.next_delay(changed))


def _lead_key(item: SearchLead) -> str:
    lead = item.lead
    if lead is not None and (lead.linkedin_profile_url or lead.sales_navigator_profile_url):
        return str(lead.linkedin_profile_url or lead.sales_navigator_profile_url)
    text = json.dumps(unstructure(item), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _check(detail: SearchDetail, job_id: str) -> None:
    search = detail.search
    if search is not None and search.is_error:
        raise JobFailedError(
            f"search {job_id} ended with status {search.status}",
            job_id=job_id,
            status=str(search.status),
            endpoint="searches.get",
        )


async def follow_search(
    client: AsyncPronto,
    search_id: str,
    *,
    poll_interval: float,
    timeout: float | None,
    subscription: Subscription | None = None,
) -> AsyncIterator[SearchLead]:
    """Each lead of a search once, as it appears, until the search ends.

    ``GET /searches/{id}`` is the source of truth: at the end it holds every lead in one
    body, so nothing is missed even if a webhook delivery was lost. A webhook subscription,
    when there is one, only makes leads arrive sooner: between polls, deliveries are yielded
    as they come.
    """
    poll = Poll(poll_interval, timeout, search_id)
    seen: set[str] = set()

    def fresh(item: SearchLead) -> bool:
        key = _lead_key(item)
        if key in seen:
            return False
        seen.add(key)
        return True

    while True:
        detail = await client.searches.get(id=search_id)
        changed = False
        for item in detail.leads or []:
            if fresh(item):
                changed = True
                yield item
        _check(detail, search_id)
        if detail.is_terminal:
            return
        delay = poll.next_delay(changed)
        if subscription is None:
            await asyncio.sleep(delay)
            continue
        loop = asyncio.get_running_loop()
        until = loop.time() + delay
        while (left := until - loop.time()) > 0:
            delivered_item = await subscription.next_item(left)
            if delivered_item is not None:
                lead = lead_from_delivery(delivered_item)
                if fresh(lead):
                    yield lead


async def wait_search(
    client: AsyncPronto, search_id: str, *, poll_interval: float, timeout: float | None
) -> SearchDetail:
    """Poll a search until it ends; its final state with every lead."""
    poll = Poll(poll_interval, timeout, search_id)
    count = -1
    while True:
        detail = await client.searches.get(id=search_id)
        _check(detail, search_id)
        if detail.is_terminal:
            return detail
        now = len(detail.leads or [])
        await poll.sleep(now != count)
        count = now


async def wait_enrichment(
    fetch: Callable[[], Awaitable[ContactEnrichment]],
    enrichment_id: str,
    *,
    poll_interval: float,
    timeout: float | None,
) -> ContactEnrichment:
    """Poll ``GET /contacts/{id}`` until every requested lookup has run."""
    poll = Poll(poll_interval, timeout, enrichment_id)
    while True:
        result = await fetch()
        if result.is_done:
            return result
        await poll.sleep(False)


def lead_from_delivery(item: Mapping[str, Any]) -> SearchLead:
    """A delivered lead as a :class:`SearchLead`: ``{lead, company}`` as ``GET /searches/{id}``
    gives it, or a flat lead (streamed deliveries) whose company, if any, is under
    ``company``."""
    if isinstance(item.get("lead"), Mapping):
        return structure(item, SearchLead)
    flat = dict(item)
    company = flat.pop("company", None)
    return SearchLead(
        lead=structure(flat, Lead),
        company=structure(company, Company) if isinstance(company, Mapping) else None,
    )


async def delivered(
    subscription: Subscription, *, idle_timeout: float | None, expected: int | None = None
) -> AsyncIterator[Mapping[str, Any]]:
    """The items a job's webhook subscription receives, until the sender's end signal,
    ``expected`` items, or ``idle_timeout`` seconds without a delivery."""
    count = 0
    async for item in subscription.items(idle_timeout=idle_timeout):
        yield item
        count += 1
        if expected is not None and count >= expected:
            return

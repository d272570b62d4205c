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

from ._answer import body_keys, receipt, shape_error
from ._convert import structure, unstructure
from .errors import JobFailedError, JobTimeoutError
from .models import ContactEnrichment, SearchDetail, SearchLead

if TYPE_CHECKING:
    from ._client import AsyncPronto
    from .webhooks import Subscription

__all__ = [
    "MAX_UNREADABLE_POLLS",
    "Poll",
    "follow_search",
    "lead_from_delivery",
    "wait_enrichment",
    "wait_search",
]

#: Polling starts at ``poll_interval`` and grows by this factor while nothing changes.
_BACKOFF: Final = 1.5
#: ... up to this many times ``poll_interval``.
_MAX_FACTOR: Final = 8.0
#: Answers in a row without a readable status after which a follower stops: the body is not
#: one it understands, and polling it further would never end.
MAX_UNREADABLE_POLLS: Final = 3


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
    """What makes two deliveries the same lead: its profile URL, else its name, title and
    company (the same whether it came polled or by webhook), else its whole payload."""
    lead = item.lead
    if lead is not None:
        url = lead.linkedin_profile_url or lead.sales_navigator_profile_url or lead.linkedin_id
        if url:
            return str(url)
        who = (lead.full_name or " ".join(filter(None, (lead.first_name, lead.last_name))))
        if who:
            return json.dumps([who, lead.title, item.company_name])
    text = json.dumps(unstructure(item), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class _Unreadable:
    """Counts answers in a row whose status cannot be read; raises at the bound."""

    def __init__(self, name: str, job_id: str, what: str) -> None:
        self._name = name
        self._job_id = job_id
        self._what = what
        self._count = 0

    def check(
        self,
        status: object,
        body: object,
        http_status: int | None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if status is not None:
            self._count = 0
            return
        self._count += 1
        if self._count < MAX_UNREADABLE_POLLS:
            return
        raise shape_error(
            self._name, body, f"a {self._what} with a status", status=http_status,
            headers=headers,
            detail=f"got {self._count} answers in a row without one for {self._job_id} "
                   f"({body_keys(body)}); stopped following it (the last answer is in .body)",
        )


def _check(detail: SearchDetail, job_id: str) -> None:
    if detail.is_error:
        raise JobFailedError(
            f"search {job_id} ended with status {detail.status}",
            job_id=job_id,
            status=str(detail.status),
            endpoint="searches.get",
        )


async def _poll_search(
    client: AsyncPronto, search_id: str, unreadable: _Unreadable
) -> SearchDetail:
    """One ``GET /searches/{id}``; raise when its status has been unreadable too long."""
    with receipt() as got:
        detail = await client.searches.get(id=search_id)
    unreadable.check(detail.status, got.body, got.status, got.headers)
    return detail


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

    Raises:
        JobFailedError: the search ended in an error status.
        JobTimeoutError: it did not end within ``timeout`` seconds.
        UnexpectedResponseError: :data:`MAX_UNREADABLE_POLLS` answers in a row had no status
            (neither ``search.status`` nor a top-level ``status``).
    """
    poll = Poll(poll_interval, timeout, search_id)
    unreadable = _Unreadable("searches.get", search_id, "search")
    seen: set[str] = set()

    def fresh(item: SearchLead) -> bool:
        key = _lead_key(item)
        if key in seen:
            return False
        seen.add(key)
        return True

    while True:
        detail = await _poll_search(client, search_id, unreadable)
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
    """Poll a search until it ends; its final state with every lead.

    Raises:
        JobFailedError: the search ended in an error status.
        JobTimeoutError: it did not end within ``timeout`` seconds.
        UnexpectedResponseError: :data:`MAX_UNREADABLE_POLLS` answers in a row had no status.
    """
    poll = Poll(poll_interval, timeout, search_id)
    unreadable = _Unreadable("searches.get", search_id, "search")
    count = -1
    while True:
        detail = await _poll_search(client, search_id, unreadable)
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
    """Poll ``GET /contacts/{id}`` until every requested lookup has run.

    Raises:
        UnexpectedResponseError: :data:`MAX_UNREADABLE_POLLS` answers in a row had no
            ``status`` (the last one is the error's ``body``, nothing found is lost).
    """
    poll = Poll(poll_interval, timeout, enrichment_id)
    unreadable = _Unreadable("contacts.get", enrichment_id, "contact enrichment")
    while True:
        with receipt() as got:
            result = await fetch()
        if result.is_done:
            return result
        body = got.body if got.status is not None else unstructure(result)
        unreadable.check(result.status, body, got.status, got.headers)
        await poll.sleep(False)


def lead_from_delivery(item: Mapping[str, Any]) -> SearchLead:
    """A delivered lead as a :class:`SearchLead`: ``{lead, company}`` as ``GET /searches/{id}``
    gives it, or a flat lead (streamed deliveries) whose company is under ``company`` or
    named by ``company_name``; both come out the same (see :class:`SearchLead`)."""
    return structure(item, SearchLead)


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

"""Work that outlives a request: lead searches, asynchronous enrichments, account imports,
and the webhook deliveries they make.

Progress is a pure function of the loop clock (a search created at ``t0`` has, at ``t``, the
leads a linear schedule says it has), so ``GET /searches/{id}`` needs no background task;
only webhook deliveries run as tasks. Every duration is multiplied by the fake's
``time_scale``.
"""

from __future__ import annotations

import asyncio
import enum
import math
import time
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import attrs

from .._urls import is_loopback
from . import _data
from ._shapes import ResponseShapes
from ._state import Stats

__all__ = ["Enrichment", "Import", "Search", "WebhookShape", "World"]


class WebhookShape(enum.Enum):
    """How lead-search results are POSTed to ``webhook_url`` (real-usage.md §8)."""

    #: As public receivers observe it: with ``streaming`` one flat lead per POST and then a
    #: ``{"leads": [...]}`` completion; without, one bare list at the end.
    AUTO = "auto"
    #: One flat lead per POST, then the ``{"leads": [...]}`` completion, even without streaming.
    FLAT = "flat"
    #: ``{"leads": [...]}``: per batch of 10 when streaming, else once at the end.
    LEADS_DICT = "leads_dict"
    #: A bare JSON list: per batch of 10 when streaming, else once at the end.
    BARE_LIST = "bare_list"


_BATCH = 10


def iso_now(skew: float = 0.0) -> str:
    """The server's "now" as Pronto writes timestamps (to the second, UTC), on a clock
    ``skew`` seconds ahead of this machine's."""
    return datetime.fromtimestamp(time.time() + skew, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.define(kw_only=True)
class Search:
    """A lead search: NOT_STARTED until ``started``, then ONGOING for ``duration`` while its
    leads arrive at an even pace, then FINISHED."""

    id: str
    name: str
    owner: str
    created_at: str
    started: float
    duration: float
    total: int
    streaming: bool = False
    webhook_url: str | None = None
    custom: Any = None

    def status(self, now: float) -> str:
        if now < self.started:
            return "NOT_STARTED"
        return "ONGOING" if now < self.started + self.duration else "FINISHED"

    def lead_count(self, now: float) -> int:
        """Leads found by ``now``."""
        if self.total == 0 or self.status(now) == "NOT_STARTED":
            return 0
        done = (now - self.started) / self.duration
        return min(self.total, math.floor(self.total * min(1.0, done)))

    def lead_time(self, index: int) -> float:
        """When lead ``index`` (0-based) is found."""
        return self.started + self.duration * (index + 1) / self.total

    def summary(self, now: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status(now),
            "leads_count": self.lead_count(now),
            "created_at": self.created_at,
        }


@attrs.define(kw_only=True)
class Enrichment:
    """One asynchronous contact enrichment: ``pending`` until ``ready_at``."""

    id: str
    owner: str
    ready_at: float
    pending: dict[str, Any]
    result: dict[str, Any]
    webhook_url: str | None = None

    def view(self, now: float) -> dict[str, Any]:
        return self.result if now >= self.ready_at else self.pending


@attrs.define(kw_only=True)
class Import:
    """An account import (search, Sales Navigator extract, growth, hiring, lookalikes).

    ``GET /searches/{id}`` reports its status as for a search (NOT_STARTED, ONGOING, then
    FINISHED after ``duration``), the way Pronto's CLI follows any job id
    (Pipecorn/cli-pipecorn src/commands/jobs/status.ts); it is not listed by ``GET /searches``.
    """

    id: str
    owner: str
    total: int
    streaming: bool
    webhook_url: str | None
    name: str = ""
    created_at: str = ""
    started: float = 0.0
    duration: float = 0.0

    def status(self, now: float) -> str:
        if now < self.started:
            return "NOT_STARTED"
        return "ONGOING" if now < self.started + self.duration else "FINISHED"

    def summary(self, now: float) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "status": self.status(now),
            "created_at": self.created_at,
        }


class World:
    """The fake's server-side objects and its background work."""

    def __init__(
        self,
        *,
        seed: int,
        time_scale: float,
        start_seconds: float,
        job_seconds: float,
        enrichment_seconds: float,
        webhook_shape: WebhookShape,
        webhook_attempts: int,
        external_webhooks: bool,
        stats: Stats,
        clock_skew: float = 0.0,
        shapes: ResponseShapes | None = None,
    ) -> None:
        self.seed = seed
        #: Which of the seen answer shapes the handlers send.
        self.shapes = shapes or ResponseShapes()
        #: Seconds the fake's wall clock (``created_at``, ``Date``) is ahead of this machine's.
        self.clock_skew = clock_skew
        self.time_scale = time_scale
        self.start_seconds = start_seconds
        self.job_seconds = job_seconds
        self.enrichment_seconds = enrichment_seconds
        self.webhook_shape = webhook_shape
        self.webhook_attempts = webhook_attempts
        self.external_webhooks = external_webhooks
        self.stats = stats
        self.searches: dict[str, Search] = {}
        self.enrichments: dict[str, Enrichment] = {}
        self.imports: dict[str, Import] = {}
        self.lists: dict[str, dict[str, Any]] = {}
        #: Every webhook payload delivered (or, off loopback, skipped): (url, payload).
        self.webhook_log: list[tuple[str, Any]] = []
        self._ids = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None
        self.personas = [
            {
                "uuid": _data.make_uuid(seed, "persona", i),
                "name": name,
                "job_titles": titles,
                "excluded_job_titles": ["Intern"],
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
            }
            for i, (name, titles) in enumerate(
                [("Sales leaders", ["VP of Sales", "Chief Revenue Officer"]),
                 ("Talent", ["Head of Talent", "HR Director"]),
                 ("Engineering", ["CTO", "Engineering Manager"])]
            )
        ]

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def iso_now(self) -> str:
        """The wall-clock time records are stamped with, on the fake's (skewed) clock."""
        return iso_now(self.clock_skew)

    def scaled(self, seconds: float) -> float:
        return seconds * self.time_scale

    def new_id(self, kind: str) -> str:
        """A fresh id; the sequence is deterministic for a given seed and call order."""
        self._ids += 1
        return _data.make_uuid(self.seed, kind, self._ids)

    # -- creating work ------------------------------------------------------------------

    def start_search(
        self,
        owner: str,
        *,
        name: str,
        total: int,
        streaming: bool,
        webhook_url: str | None,
        custom: Any,
    ) -> Search:
        search = Search(
            id=self.new_id("search"),
            name=name,
            owner=owner,
            created_at=self.iso_now(),
            started=self.now() + self.scaled(self.start_seconds),
            duration=self.scaled(self.job_seconds),
            total=total,
            streaming=streaming,
            webhook_url=webhook_url,
            custom=custom,
        )
        self.searches[search.id] = search
        if webhook_url:
            self.spawn(self._deliver_search(search))
        return search

    def search_lead(self, search: Search, index: int) -> dict[str, Any]:
        """Lead ``index`` of ``search`` as ``GET /searches/{id}`` shows it."""
        return {
            "lead": _data.lead(self.seed, search.id, index),
            "company": _data.company(self.seed, search.id, index),
        }

    def flat_lead(self, search: Search, index: int) -> dict[str, Any]:
        """Lead ``index`` as a streamed webhook sends it: flat, with the company's name."""
        item = self.search_lead(search, index)
        flat = dict(item["lead"])
        flat["company_name"] = item["company"]["name"]
        flat["search_id"] = search.id
        if search.custom is not None:
            flat["custom"] = search.custom
        return flat

    def add_enrichment(
        self,
        owner: str,
        *,
        pending: dict[str, Any],
        result: dict[str, Any],
        webhook_url: str | None,
        delay_factor: float = 1.0,
    ) -> Enrichment:
        enrichment_id = result["enrichment_id"]
        enrichment = Enrichment(
            id=enrichment_id,
            owner=owner,
            ready_at=self.now() + self.scaled(self.enrichment_seconds) * delay_factor,
            pending=pending,
            result=result,
            webhook_url=webhook_url,
        )
        self.enrichments[enrichment_id] = enrichment
        if webhook_url:
            self.spawn(self._deliver_enrichment(enrichment))
        return enrichment

    def start_import(
        self, owner: str, *, total: int, streaming: bool, webhook_url: str | None,
        name: str = "",
    ) -> Import:
        job = Import(
            id=self.new_id("import"), owner=owner, total=total, streaming=streaming,
            webhook_url=webhook_url, name=name, created_at=self.iso_now(),
            started=self.now() + self.scaled(self.start_seconds),
            duration=self.scaled(self.job_seconds),
        )
        self.imports[job.id] = job
        if webhook_url:
            self.spawn(self._deliver_import(job))
        return job

    # -- webhook deliveries -------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _sleep_until(self, when: float) -> None:
        delay = when - self.now()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _deliver_search(self, search: Search) -> None:
        assert search.webhook_url is not None
        shape = self.webhook_shape
        if shape is WebhookShape.AUTO:
            shape = WebhookShape.FLAT if search.streaming else WebhookShape.BARE_LIST
        leads: list[dict[str, Any]] = []
        batch: list[dict[str, Any]] = []
        for index in range(search.total):
            if search.id not in self.searches:
                return  # deleted: the search and its tasks are gone
            await self._sleep_until(search.lead_time(index))
            lead = self.flat_lead(search, index)
            leads.append(lead)
            if shape is WebhookShape.FLAT:
                await self.deliver(search.webhook_url, lead)
            elif search.streaming:
                batch.append(lead)
                if len(batch) == _BATCH:
                    await self._deliver_batch(search.webhook_url, shape, batch)
                    batch = []
        await self._sleep_until(search.started + search.duration)
        if search.id not in self.searches:
            return
        if shape is WebhookShape.FLAT:
            await self.deliver(search.webhook_url, {"leads": leads})
        elif search.streaming:
            if batch:
                await self._deliver_batch(search.webhook_url, shape, batch)
        else:
            await self._deliver_batch(search.webhook_url, shape, leads)

    async def _deliver_batch(
        self, url: str, shape: WebhookShape, leads: list[dict[str, Any]]
    ) -> None:
        await self.deliver(url, {"leads": leads} if shape is WebhookShape.LEADS_DICT else leads)

    async def _deliver_enrichment(self, enrichment: Enrichment) -> None:
        assert enrichment.webhook_url is not None
        await self._sleep_until(enrichment.ready_at)
        await self.deliver(enrichment.webhook_url, enrichment.result)

    async def _deliver_import(self, job: Import) -> None:
        assert job.webhook_url is not None
        companies = [_data.company(self.seed, job.id, i) for i in range(job.total)]
        step = self.scaled(self.job_seconds) / max(1, math.ceil(job.total / _BATCH))
        if job.streaming:
            for start in range(0, job.total, _BATCH):
                await asyncio.sleep(step)
                await self.deliver(job.webhook_url, companies[start : start + _BATCH])
        else:
            await asyncio.sleep(self.scaled(self.job_seconds))
            await self.deliver(job.webhook_url, companies)

    async def deliver(self, url: str, payload: Any) -> bool:
        """POST ``payload`` to ``url``; retry a failure (non-2xx, network) with backoff.

        Only loopback receivers get the POST unless ``external_webhooks``: a test must not
        reach the internet because the code under test names a real webhook URL.
        """
        stats = self.stats.webhooks
        host = urlsplit(url).hostname or ""
        if not self.external_webhooks and not is_loopback(host):
            stats.skipped += 1
            self.webhook_log.append((url, payload))
            return False
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        for attempt in range(self.webhook_attempts):
            try:
                async with self._session.post(url, json=payload) as response:
                    await response.read()
                    ok = 200 <= response.status < 300
            except (aiohttp.ClientError, TimeoutError):
                ok = False
            if ok:
                stats.delivered += 1
                self.webhook_log.append((url, payload))
                return True
            stats.failed_attempts += 1
            if attempt + 1 < self.webhook_attempts:
                await asyncio.sleep(self.scaled(min(8.0, 0.5 * 2**attempt)))
        stats.abandoned += 1
        return False

    async def close(self) -> None:
        """Stop background work and close the webhook session."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

"""Handles for server-side work that a call starts (DESIGN §8).

A method that starts a search, an import, an asynchronous enrichment or a tracking task
returns a handle with the job's ``id`` and the immediate ``response`` (a preview, a total,
the created search record). Following a job until it ends — polling or a webhook receiver —
is built on these handles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from ._convert import Model

if TYPE_CHECKING:
    from ._client import AsyncPronto

__all__ = [
    "BulkEnrichmentJob",
    "EnrichmentJob",
    "ImportJob",
    "Job",
    "SearchJob",
    "TrackingJob",
]

R = TypeVar("R", bound=Model)


@attrs.frozen(kw_only=True)
class Job(Generic[R]):
    """Work started on the server: its id and what the server answered at once."""

    #: The job's id (a search id, an import id, an enrichment id).
    id: str
    #: The immediate answer, parsed.
    response: R
    _client: AsyncPronto | Any = attrs.field(repr=False, eq=False, alias="client")


@attrs.frozen(kw_only=True)
class SearchJob(Job[R]):
    """A lead search; ``GET /searches/{id}`` reports its status and leads."""


@attrs.frozen(kw_only=True)
class ImportJob(Job[R]):
    """An account import; its accounts are delivered to the webhook."""


@attrs.frozen(kw_only=True)
class EnrichmentJob(Job[R]):
    """One asynchronous contact enrichment; ``GET /contacts/{id}`` reports its result."""


@attrs.frozen(kw_only=True)
class BulkEnrichmentJob(Job[R]):
    """A bulk contact enrichment; each contact's result is delivered to the webhook."""


@attrs.frozen(kw_only=True)
class TrackingJob(Job[R]):
    """A recurring tracking task (new hires, job changes); each event goes to the webhook."""

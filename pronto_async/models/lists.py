"""Lists of companies or leads (reference: lists/*, which shows no bodies; the shapes are the
ones public code reads, real-usage.md §6)."""

from __future__ import annotations

import attrs

from .._convert import Model, wire

__all__ = ["ListDetail", "ListEntry", "ListSummary"]


@attrs.frozen(kw_only=True)
class ListSummary(Model):
    """A list, as ``lists.list`` returns it and ``lists.create`` answers it."""

    #: UUID.
    id: str | None = None
    name: str | None = None
    #: ``"companies"`` for an account list (``kind`` in some clients).
    type: str | None = wire("type", "kind")
    #: The Sales Navigator list id, a string of digits.
    linkedin_id: str | None = None
    #: How many rows the list holds.
    companies_count: int | None = wire("companies_count", "count")
    created_at: str | None = None
    updated_at: str | None = None
    webhook_url: str | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class ListEntry(Model):
    """One row of a list. Account-list rows are companies; anything a lead list's row carries
    beyond these fields is kept in ``extra``."""

    company_name: str | None = wire("company_name", "name")
    linkedin_url: str | None = wire("linkedin_url", "company_linkedin_url")
    linkedin_id: str | None = None
    company_website: str | None = wire("company_website", "website", "domain")
    country_code: str | None = None


@attrs.frozen(kw_only=True)
class ListDetail(ListSummary):
    """A list with its rows (``lists.get``).

    Nobody has published which key holds the rows: ``companies`` is what one client reads,
    another hunts through ``items``, ``leads``, ``accounts``, ``members``, ``records``. Each
    is read here, the first present wins.
    """

    entries: list[ListEntry] | None = wire(
        "companies", "items", "leads", "accounts", "members", "records"
    )

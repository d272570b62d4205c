"""People: a lead (search results, webhook deliveries, ``leads.enrich``), the records a lead
search answers with, and the advanced search preview.

Lead fields are not in the reference; they come from public code (real-usage.md §4, §5, §8),
which meets ``first_name``/``firstname``/``firstName`` and ``linkedin_profile_url``/
``linkedin_url`` for the same thing: each is read into one attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._convert import Model, wire
from .companies import Company

__all__ = [
    "AdvancedSearch",
    "AdvancedSearchPreview",
    "AdvancedSearchStarted",
    "CurrentPosition",
    "Lead",
    "LeadPreview",
    "LeadSearch",
]


@attrs.frozen(kw_only=True)
class CurrentPosition(Model):
    """A lead's current position (``leads.enrich``; the server spells ``companyName`` in
    camelCase here, real-usage.md §4)."""

    company_name: str | None = wire("companyName", "company_name")
    title: str | None = None


@attrs.frozen(kw_only=True)
class Lead(Model):
    """One person, as ``GET /searches/{id}``, a search webhook or ``leads.enrich`` gives it.

    Fields from real-usage.md §5 (the search's ``lead`` object) and §4 (single enrichment);
    anything else is kept in ``extra``.
    """

    first_name: str | None = wire("first_name", "firstname", "firstName")
    last_name: str | None = wire("last_name", "lastname", "lastName")
    full_name: str | None = wire("full_name", "fullname", "fullName")
    gender: str | None = None
    #: Current job title.
    title: str | None = None
    title_description: str | None = None
    summary: str | None = None
    #: The current company's name, when given flat on the lead.
    company_name: str | None = None
    #: LinkedIn profile (a vanity URL, or the member-id URL when the search ran with ``scale``).
    linkedin_profile_url: str | None = wire("linkedin_profile_url", "linkedin_url", "linkedinUrl")
    linkedin_id: str | None = None
    sales_navigator_profile_url: str | None = None
    profile_image_url: str | None = None
    #: LinkedIn headline (left out when the search ran with ``scale``).
    headline: str | None = wire("lk_headline", "headline")
    #: Left out when the search ran with ``scale``.
    connections_count: int | None = wire("lk_connections_count", "connections_count")
    connection_degree: str | None = None
    is_premium_linkedin: bool | None = None
    is_open_profile_linkedin: bool | None = None
    is_open_to_work_linkedin: bool | None = None
    most_probable_email: str | None = None
    most_probable_email_status: str | None = None
    phones: list[str] | None = wire("phones", "phone")
    #: ``QUALIFIED`` or ``DISQUALIFIED`` (against the search's persona).
    status: str | None = None
    #: Why the lead was disqualified.
    rejection_reasons: list[str] | None = wire("rejection_reason", "rejection_reasons")
    current_positions_count: int | None = None
    years_in_position: int | None = None
    months_in_position: int | None = None
    years_in_company: int | None = None
    months_in_company: int | None = None
    current_position: CurrentPosition | None = None
    #: The lead's company, when a payload nests it on the lead.
    company: Company | None = None
    #: Your correlation data, echoed back unchanged.
    custom: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class LeadSearch(Model):
    """The immediate answer of ``leads.search_in_company`` and ``leads.extract``.

    Seen in two shapes (real-usage.md §8): ``{id, status}`` (202) and
    ``{id, search_name, search_url, created_at, custom}``.
    """

    #: The search's id (``GET /searches/{id}``).
    id: str | None = wire("id", "search_id")
    #: e.g. ``"processing"``.
    status: str | None = None
    search_name: str | None = None
    search_url: str | None = None
    created_at: str | None = None
    custom: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class AdvancedSearch(Model):
    """The ``Search`` record created by ``leads.advanced_search`` (the body's ``message``)."""

    id: str | None = None
    search_name: str | None = None
    #: The Sales Navigator URL Pronto built from the filters.
    search_url: str | None = None
    #: Pronto's estimate of the number of matching profiles.
    expected_profiles_count: int | None = None
    created_at: str | None = None
    custom: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class AdvancedSearchStarted(Model):
    """The immediate answer of ``leads.advanced_search`` (201), in either shape seen:

    - ``{"message": Search}`` (the reference): the created record in :attr:`message`;
    - ``{id, preview, total}`` (what Pronto's CLI reads, Pipecorn/cli-pipecorn,
      src/api/endpoints.ts ``Leads.advancedSearch``): :attr:`id`, :attr:`preview`,
      :attr:`total`.

    :attr:`search_id` and :attr:`expected_total` read either.
    """

    #: The created search (the reference nests it under ``message``).
    message: AdvancedSearch | None = None
    #: The search's id, when the answer is flat.
    id: str | None = wire("id", "search_id")
    #: How many leads the search expects, when the answer is flat.
    total: int | None = None
    #: The first matching leads, when the answer is flat.
    preview: list[LeadPreview] | None = None

    @property
    def search(self) -> AdvancedSearch | None:
        """The created search, by a clearer name (built from :attr:`id` and :attr:`total`
        when the answer is flat)."""
        if self.message is not None or self.id is None:
            return self.message
        return AdvancedSearch(id=self.id, expected_profiles_count=self.total)

    @property
    def search_id(self) -> str | None:
        """The search's id, in either shape (``GET /searches/{id}`` follows it)."""
        if self.message is not None and self.message.id is not None:
            return self.message.id
        return self.id

    @property
    def expected_total(self) -> int | None:
        """Pronto's estimate of the matching profiles, in either shape."""
        if self.message is not None and self.message.expected_profiles_count is not None:
            return self.message.expected_profiles_count
        return self.total


@attrs.frozen(kw_only=True)
class LeadPreview(Model):
    """One lead of an advanced search preview."""

    full_name: str | None = None
    headline: str | None = None
    current_company: str | None = None
    current_title: str | None = None
    linkedin_id: str | None = None
    #: A Sales Navigator profile URL.
    profile_url: str | None = None


@attrs.frozen(kw_only=True)
class AdvancedSearchPreview(Model):
    """``leads.advanced_search_preview``: the estimated total and up to 25 leads."""

    #: Estimated number of matching leads (not capped to 25).
    total_count: int | None = None
    preview: list[LeadPreview] | None = None

"""Company data: firmographics, technographics, job postings (reference: accounts/*)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._convert import Model, structure, unstructure, wire

__all__ = [
    "AccountPreview",
    "AccountSearch",
    "AccountSearchPreview",
    "Company",
    "CompanyHiring",
    "CompanyStack",
    "DepartmentHeadcount",
    "Headcount",
    "HeadcountEvolution",
    "HiringTeamMember",
    "JobCompany",
    "JobPosting",
    "ProfileCount",
    "Technology",
]


@attrs.frozen(kw_only=True)
class Company(Model):
    """A company's firmographics (``accounts.enrich``; the ``company`` of a search lead).

    The reference shows no enrichment body; these are the fields Pronto returns for companies
    elsewhere (real-usage.md §3, §5). Anything else is kept in ``extra``.
    """

    name: str | None = wire("name", "company_name")
    cleaned_name: str | None = None
    website: str | None = wire("website", "domain", "company_website")
    description: str | None = None
    industry: str | None = None
    headquarters: str | None = None
    location: str | None = None
    linkedin_url: str | None = wire("linkedin_url", "company_linkedin_url")
    linkedin_id: str | None = None
    employee_range: str | None = None
    company_profile_picture: str | None = None


@attrs.frozen(kw_only=True)
class Technology(Model):
    """One technology with the confidence that the company uses it."""

    name: str | None = None
    #: 0 to 1.
    confidence: float | None = None


@attrs.frozen(kw_only=True)
class CompanyStack(Model):
    """A company's technology stack (``accounts.stack``)."""

    technologies: list[str] | None = None
    technologies_with_confidence: list[Technology] | None = None


@attrs.frozen(kw_only=True)
class HiringTeamMember(Model):
    name: str | None = None
    title: str | None = None
    linkedin_url: str | None = None


@attrs.frozen(kw_only=True)
class JobCompany(Model):
    name: str | None = None
    domain: str | None = None
    linkedin_url: str | None = None


@attrs.frozen(kw_only=True)
class JobPosting(Model):
    """One open job posting (sourced from TheirStack)."""

    job_title: str | None = None
    job_url: str | None = None
    job_location: str | None = None
    #: e.g. ``["full_time"]``.
    employment_statuses: list[str] | None = None
    #: ``YYYY-MM-DD``.
    date_posted: str | None = None
    description: str | None = None
    hiring_team: list[HiringTeamMember] | None = None
    company: JobCompany | None = None


@attrs.frozen(kw_only=True)
class CompanyHiring(Model):
    """Open job postings of a company (``accounts.hiring``)."""

    total_jobs: int | None = None
    jobs: list[JobPosting] | None = None


@attrs.frozen(kw_only=True)
class HeadcountEvolution(Model):
    """How a department's headcount moved over one period."""

    #: Headcount at the start of the period.
    base_headcount: int | None = None
    current_headcount: int | None = None
    #: ``current_headcount - base_headcount`` (negative when the department shrank).
    headcount_gain: int | None = None
    #: The gain relative to ``base_headcount``, in percent.
    headcount_gain_percentage: float | None = None


@attrs.frozen(kw_only=True)
class DepartmentHeadcount(Model):
    """One department's evolution over 3, 6 and 12 months."""

    three_months: HeadcountEvolution | None = wire("3_months_evolution")
    six_months: HeadcountEvolution | None = wire("6_months_evolution")
    twelve_months: HeadcountEvolution | None = wire("12_months_evolution")


@attrs.frozen(kw_only=True)
class Headcount(Model):
    """Department headcounts of one company (``accounts.headcount``).

    The server keys its answer by department name (real-usage.md §9):
    ``{"Engineering": {"3_months_evolution": {...}, ...}, ...}``. Every object-valued key is
    a department here; any other key (a message, an echoed id) is kept in ``extra``.
    """

    #: Department name → its evolution, in the server's order.
    departments: Mapping[str, DepartmentHeadcount] = attrs.field(factory=dict)

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Headcount:
        """Split a decoded answer into departments and ``extra``."""
        departments = {
            key: structure(value, DepartmentHeadcount)
            for key, value in data.items()
            if isinstance(value, Mapping)
        }
        extra = {key: value for key, value in data.items() if key not in departments}
        return cls(departments=departments, extra=MappingProxyType(extra))

    def to_wire(self) -> dict[str, Any]:
        """The answer in the server's shape again (the inverse of :meth:`from_wire`)."""
        out = {name: unstructure(dept) for name, dept in self.departments.items()}
        out.update(self.extra)
        return out


@attrs.frozen(kw_only=True)
class ProfileCount(Model):
    """How many employees of a company match the filters (``accounts.count_profiles``); the
    filters are echoed back."""

    total: int | None = None
    title_to_include: list[str] | None = None
    title_to_exclude: list[str] | None = None
    included_locations: list[str] | None = None
    excluded_locations: list[str] | None = None


@attrs.frozen(kw_only=True)
class AccountPreview(Model):
    """One company of an account search's preview."""

    company_name: str | None = None
    industry: str | None = None
    linkedin_id: str | None = None
    linkedin_url: str | None = None


@attrs.frozen(kw_only=True)
class AccountSearch(Model):
    """The immediate answer of ``accounts.search`` and ``accounts.extract``: the import job
    (real-usage.md §8); the enriched accounts go to the webhook."""

    #: A human-readable confirmation.
    message: str | None = None
    #: The import job's id.
    id: str | None = None
    #: How many accounts the import will process.
    total: int | None = None
    #: The first matching accounts (up to 10).
    preview: list[AccountPreview] | None = None


@attrs.frozen(kw_only=True)
class AccountSearchPreview(Model):
    """``accounts.search_preview``: the estimated total and up to 25 companies."""

    #: Estimated number of matching accounts (not capped to 25).
    total_count: int | None = None
    preview: list[AccountPreview] | None = None

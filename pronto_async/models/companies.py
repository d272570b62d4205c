"""Company data: firmographics, technographics, job postings (reference: accounts/*)."""

from __future__ import annotations

import attrs

from .._convert import Model, wire

__all__ = [
    "Company",
    "CompanyHiring",
    "CompanyStack",
    "HiringTeamMember",
    "JobCompany",
    "JobPosting",
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

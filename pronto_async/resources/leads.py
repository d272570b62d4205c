"""``pronto.leads``: lead searches (at one company, from Sales Navigator, by filters) and
people enrichment."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final, Unpack

from .._facade import SyncResource, forward
from .._options import CallOptions
from .._validate import Problems, build_body
from ..enums import (
    CompanySize,
    CompanySizeValue,
    CompanyType,
    CompanyTypeValue,
    Function,
    FunctionValue,
    RecentlyChangedJobs,
    RecentlyChangedJobsValue,
    Relationship,
    RelationshipValue,
    Seniority,
    SeniorityValue,
    Tenure,
    TenureValue,
)
from ..jobs import SearchJob, forward_job
from ..models.leads import AdvancedSearchPreview, AdvancedSearchStarted, Lead, LeadSearch
from ..webhooks import WebhookReceiver
from . import _filters as f
from ._base import Resource, named, operation, webhook_target

__all__ = ["Leads", "SyncLeads"]

#: The cap on one Sales Navigator extraction (real-usage.md §8).
_MAX_LEADS: Final = 1000
#: The people filters of ``/leads/search``: a request with none of them is a 400.
_PEOPLE_FILTERS: Final = (
    "job_titles", "excluded_job_titles", "functions", "seniority_levels",
    "included_locations", "excluded_locations", "persona_id",
)

Ids = Sequence[str | int]
Organizations = Sequence[str | int | Mapping[str, str | int]]
Functions = Sequence[Function | FunctionValue]
Seniorities = Sequence[Seniority | SeniorityValue]
Tenures = Sequence[Tenure | TenureValue]
ChangedJobs = Sequence[RecentlyChangedJobs | RecentlyChangedJobsValue]


def _persona(p: Problems, value: Any) -> str | None:
    text = p.text("persona_id", value)
    if text is not None:
        try:
            uuid.UUID(text)
        except ValueError:
            p.add(f"persona_id must be a persona UUID (see pronto.personas.list), got {text!r}")
            return None
    return text


def _company_page(p: Problems, url: Any, linkedin_id: Any) -> str | None:
    """The company as the one field ``/leads/search`` documents, ``company_linkedin_url``.

    A numeric id becomes ``https://www.linkedin.com/company/<id>``, the form Pronto itself
    returns for companies (accounts/search_preview), since the reference names no id field.
    """
    if (url is None) == (linkedin_id is None):
        p.add("provide exactly one of: company_linkedin_url, company_linkedin_id")
    page = f.linkedin_url(p, "company_linkedin_url", url)
    number = f.numeric_id(p, "company_linkedin_id", linkedin_id)
    return page or (f"https://www.linkedin.com/company/{number}" if number else None)


def _options(
    p: Problems, *, name: str | None, webhook_url: Any, limit: Any, streaming: Any, scale: Any,
    custom: Any,
) -> dict[str, Any]:
    """The top-level options of the advanced search (a webhook, when given, is https).

    The reference requires ``webhook_url``; Pronto's own CLI starts the search without one and
    polls it (``Pipecorn/cli-pipecorn`` src/commands/leads/search.ts: "Returns a job ID; poll
    with `pipecorn jobs status`"; src/api/schemas.ts, ``advancedSearchLeadsSchema``, has no
    ``webhook_url``), so it is optional here and sent when given.
    """
    return {
        "name": name,
        "webhook_url": f.https_url(p, "webhook_url", webhook_url),
        "limit": p.integer("limit", limit, minimum=1),
        "streaming": p.boolean("streaming", streaming),
        "scale": p.boolean("scale", scale),
        "custom": p.mapping("custom", custom),
    }


class Leads(Resource):
    """People: searches that deliver leads to a webhook, and single-person enrichment."""

    __slots__ = ()

    @operation("leads.search_in_company")
    async def search_in_company(
        self,
        *,
        company_linkedin_url: str | None = None,
        company_linkedin_id: str | int | None = None,
        name: str | None = None,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        persona_id: str | None = None,
        job_titles: Sequence[str] | None = None,
        excluded_job_titles: Sequence[str] | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        functions: Functions | None = None,
        seniority_levels: Seniorities | None = None,
        streaming: bool | None = None,
        limit: int | None = None,
        scale: bool | None = None,
        custom: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> SearchJob[LeadSearch]:
        """Find people at one company by title, place, function and seniority, live.

        Args:
            company_linkedin_url: The company's LinkedIn page.
            company_linkedin_id: Or its numeric LinkedIn id (sent as its page URL).
            name: A label for the search. When omitted, a unique one is made up
                (``"Find people - API - 3f9a1c0b2e7d"``), so that a search whose
                creation answer is lost can be found again by name (``job.recovered``).
            webhook_url: Where Pronto POSTs the leads (else follow the job with
                ``pronto.searches``).
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            persona_id: A saved persona (UUID) whose titles drive the search; not with
                ``job_titles`` or ``excluded_job_titles``.
            job_titles: Titles to find; ``["*"]`` means everyone.
            excluded_job_titles: Titles to leave out.
            included_locations: Location ids (see ``pronto.locations.search``).
            excluded_locations: Location ids to leave out.
            functions: :class:`Function` ids, ORed.
            seniority_levels: :class:`Seniority` ids, ORed.
            streaming: Deliver each lead as it is found.
            limit: At most this many people.
            scale: Skip headline, connections and vanity URL, for volume.
            custom: Your correlation data, echoed back.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A :class:`SearchJob`; its ``response`` is the created search.

        Raises:
            ValidationError: not exactly one company; no people filter (a 400); ``persona_id``
                with job titles (a 422); a function or seniority id outside the documented
                lists (a 422) (nothing is sent).
        """
        p = Problems("leads.search_in_company")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        search_name, recover = named(p, name, "Find people - API")
        company = _company_page(p, company_linkedin_url, company_linkedin_id)
        raw = {
            "job_titles": job_titles, "excluded_job_titles": excluded_job_titles,
            "functions": functions, "seniority_levels": seniority_levels,
            "included_locations": included_locations, "excluded_locations": excluded_locations,
            "persona_id": persona_id,
        }
        if not f.has_filter(raw, _PEOPLE_FILTERS):
            p.add("provide at least one people filter: " + ", ".join(_PEOPLE_FILTERS))
        if persona_id is not None and (job_titles is not None or excluded_job_titles is not None):
            p.add("persona_id takes the persona's job titles: do not pass job_titles or "
                  "excluded_job_titles with it")
        fields = {
            "name": search_name,
            "webhook_url": p.webhook("webhook_url", webhook_url),
            "company_linkedin_url": company,
            "persona_id": _persona(p, persona_id),
            "job_titles": p.strings("job_titles", job_titles),
            "excluded_job_titles": p.strings("excluded_job_titles", excluded_job_titles),
            "included_locations": f.numeric_ids(p, "included_locations", included_locations),
            "excluded_locations": f.numeric_ids(p, "excluded_locations", excluded_locations),
            "functions": f.functions(p, functions),
            "seniority_levels": f.seniority_levels(p, seniority_levels),
            "streaming": p.boolean("streaming", streaming),
            "limit": p.integer("limit", limit, minimum=1),
            "scale": p.boolean("scale", scale),
            "custom": p.mapping("custom", custom),
        }
        body = build_body(p, fields, extra_body)
        return await self._start(
            "leads.search_in_company", LeadSearch, SearchJob, json=body,
            id_keys=("id", "search_id"), subscription=subscription, recover=recover,
        )

    @operation("leads.extract")
    async def extract(
        self,
        *,
        search_url: str,
        streaming: bool | None = None,
        limit: int | None = None,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        name: str | None = None,
        custom: Mapping[str, Any] | None = None,
        scale: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> SearchJob[LeadSearch]:
        """Extract the people of a Sales Navigator lead search.

        Args:
            search_url: The Sales Navigator search URL (``https://www.linkedin.com/sales/…``).
            streaming: Deliver each lead as it is scraped.
            limit: At most this many leads, 1 to 1,000.
            webhook_url: Where Pronto POSTs the leads (else follow the job with
                ``pronto.searches``).
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            name: A label for the search. When omitted, a unique one is made up
                (``"People search - API - 3f9a1c0b2e7d"``), so that a search whose
                creation answer is lost can be found again by name (``job.recovered``).
            custom: Your correlation data, echoed back.
            scale: Skip headline, connections and vanity URL, for volume (profile URLs then
                use the member id).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A :class:`SearchJob`; its ``response`` is ``{id, status}``.

        Raises:
            ValidationError: a ``search_url`` outside Sales Navigator or a ``limit`` out of
                range (nothing is sent).
        """
        p = Problems("leads.extract")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        search_name, recover = named(p, name, "People search - API")
        fields = {
            "search_url": f.linkedin_url(
                p, "search_url", search_url, required=True, path="/sales/"
            ),
            "streaming": p.boolean("streaming", streaming),
            "limit": p.integer("limit", limit, minimum=1, maximum=_MAX_LEADS),
            "webhook_url": p.webhook("webhook_url", webhook_url),
            "name": search_name,
            "custom": p.mapping("custom", custom),
            "scale": p.boolean("scale", scale),
        }
        body = build_body(p, fields, extra_body)
        return await self._start(
            "leads.extract", LeadSearch, SearchJob, json=body, id_keys=("id", "search_id"),
            subscription=subscription, recover=recover,
        )

    @operation("leads.advanced_search")
    async def advanced_search(
        self,
        *,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        name: str | None = None,
        keyword: str | None = None,
        limit: int | None = None,
        streaming: bool | None = None,
        scale: bool | None = None,
        custom: Mapping[str, Any] | None = None,
        job_titles: Sequence[str] | None = None,
        excluded_job_titles: Sequence[str] | None = None,
        past_titles: Sequence[str] | None = None,
        excluded_past_titles: Sequence[str] | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        included_industries: Ids | None = None,
        excluded_industries: Ids | None = None,
        included_companies: Organizations | None = None,
        excluded_companies: Organizations | None = None,
        past_companies: Organizations | None = None,
        company_headquarters: Ids | None = None,
        functions: Functions | None = None,
        seniority_levels: Seniorities | None = None,
        years_of_experience: Tenures | None = None,
        years_at_current_company: Tenures | None = None,
        years_in_current_position: Tenures | None = None,
        company_size: Sequence[CompanySize | CompanySizeValue] | None = None,
        company_type: Sequence[CompanyType | CompanyTypeValue] | None = None,
        included_account_lists: Ids | None = None,
        excluded_account_lists: Ids | None = None,
        included_lead_lists: Ids | None = None,
        excluded_lead_lists: Ids | None = None,
        relationship: Sequence[Relationship | RelationshipValue] | None = None,
        recently_changed_jobs: bool | ChangedJobs | None = None,
        connections_of_profile: str | None = None,
        follows_your_company: bool | None = None,
        viewed_your_profile: bool | None = None,
        with_shared_experiences: bool | None = None,
        posted_on_linkedin: bool | None = None,
        past_colleague: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> SearchJob[AdvancedSearchStarted]:
        """Search leads by structured filters; Pronto builds the query and finds the
        enriched leads, which ``job.leads()`` / ``job.wait()`` read by polling
        ``GET /searches/{id}`` (and a webhook receives, when given). Size the audience first
        with :meth:`advanced_search_preview` (free).

        Args:
            webhook_url: Where Pronto POSTs the leads (``https://``). Optional: the reference
                requires it, but Pronto's own CLI starts this search without one and polls it
                (``Pipecorn/cli-pipecorn`` src/commands/leads/search.ts,
                src/api/schemas.ts); without one, follow the job by polling.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            name: A label for the search. When omitted, a unique one is made up
                (``"Lead search - API - 3f9a1c0b2e7d"``), so that a search whose
                creation answer is lost can be found again by name (``job.recovered``;
                the server's own default would be ``"Lead search - API - "``).
            keyword: Free text (spell-corrected by the server).
            limit: At most this many enriched leads (>= 1; the server caps it).
            streaming: Deliver leads as they are scraped rather than at the end.
            scale: Skip some data (headline, connections, vanity URL), for volume.
            custom: Your correlation data, stored on the search and echoed in every delivery.
            job_titles: Current titles to include.
            excluded_job_titles: Current titles to exclude.
            past_titles: Past titles to include.
            excluded_past_titles: Past titles to exclude.
            included_locations: LinkedIn geoRegion ids (see ``pronto.locations.search``).
            excluded_locations: geoRegion ids to exclude.
            included_industries: LinkedIn industry ids.
            excluded_industries: Industry ids to exclude.
            included_companies: Current companies: numeric LinkedIn organization ids, as
                strings, integers or ``{"id": …}`` objects (each keeps its shape).
            excluded_companies: Current companies to exclude, the same way.
            past_companies: Past companies, the same way.
            company_headquarters: geoRegion ids of the lead's company headquarters.
            functions: :class:`Function` ids, ORed.
            seniority_levels: :class:`Seniority` ids, ORed.
            years_of_experience: :class:`Tenure` buckets ``"1"`` to ``"5"``.
            years_at_current_company: :class:`Tenure` buckets.
            years_in_current_position: :class:`Tenure` buckets.
            company_size: :class:`CompanySize` buckets (an en-dash is accepted).
            company_type: :class:`CompanyType` ids.
            included_account_lists: Account list ids.
            excluded_account_lists: Account list ids to exclude.
            included_lead_lists: Lead list ids.
            excluded_lead_lists: Lead list ids to exclude.
            relationship: :class:`Relationship` ids.
            recently_changed_jobs: ``True`` (sent as ``["RPC"]``) or ``["RPC"]``.
            connections_of_profile: A LinkedIn profile URL: search its 1st-degree connections.
            follows_your_company: Only leads following your company.
            viewed_your_profile: Only leads who viewed your profile.
            with_shared_experiences: Only leads sharing experiences with you.
            posted_on_linkedin: Only leads who posted on LinkedIn recently.
            past_colleague: Only your past colleagues.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A :class:`SearchJob` (its id is the created search's, found under ``message``);
            ``response.search`` holds the search name, URL and ``expected_profiles_count``.

        Raises:
            ValidationError: no filter or keyword, or a webhook that is not https (400s); a
                value outside a documented list, a company in another shape, a malformed
                profile URL (422s) (nothing is sent).

        The body's keys follow the order of the reference's examples, except that
        ``seniority_levels`` always precedes ``functions`` (its examples disagree).
        """
        p = Problems("leads.advanced_search")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        # The filters are this method's own parameters, named as on the wire.
        raw = {k: v for k, v in locals().items() if k in f.LEAD_FILTERS}
        search_name, recover = named(p, name, "Lead search - API", nest="message")
        top = _options(
            p, name=search_name, webhook_url=webhook_url, limit=limit, streaming=streaming,
            scale=scale, custom=custom,
        )
        body = build_body(p, f.lead_search_body(p, top, raw), extra_body)
        return await self._start(
            "leads.advanced_search", AdvancedSearchStarted, SearchJob, json=body,
            id_keys=("message.id", "id", "search_id"), subscription=subscription,
            recover=recover,
        )

    @operation("leads.advanced_search_preview")
    async def advanced_search_preview(
        self,
        *,
        keyword: str | None = None,
        job_titles: Sequence[str] | None = None,
        excluded_job_titles: Sequence[str] | None = None,
        past_titles: Sequence[str] | None = None,
        excluded_past_titles: Sequence[str] | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        included_industries: Ids | None = None,
        excluded_industries: Ids | None = None,
        included_companies: Organizations | None = None,
        excluded_companies: Organizations | None = None,
        past_companies: Organizations | None = None,
        company_headquarters: Ids | None = None,
        functions: Functions | None = None,
        seniority_levels: Seniorities | None = None,
        years_of_experience: Tenures | None = None,
        years_at_current_company: Tenures | None = None,
        years_in_current_position: Tenures | None = None,
        company_size: Sequence[CompanySize | CompanySizeValue] | None = None,
        company_type: Sequence[CompanyType | CompanyTypeValue] | None = None,
        included_account_lists: Ids | None = None,
        excluded_account_lists: Ids | None = None,
        included_lead_lists: Ids | None = None,
        excluded_lead_lists: Ids | None = None,
        relationship: Sequence[Relationship | RelationshipValue] | None = None,
        recently_changed_jobs: bool | ChangedJobs | None = None,
        connections_of_profile: str | None = None,
        follows_your_company: bool | None = None,
        viewed_your_profile: bool | None = None,
        with_shared_experiences: bool | None = None,
        posted_on_linkedin: bool | None = None,
        past_colleague: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> AdvancedSearchPreview:
        """The estimated number of leads matching :meth:`advanced_search`'s filters, and the
        first 25, without creating a search or spending credits.

        Args:
            keyword: As in :meth:`advanced_search`, like every filter below.
            job_titles: Current titles to include.
            excluded_job_titles: Current titles to exclude.
            past_titles: Past titles to include.
            excluded_past_titles: Past titles to exclude.
            included_locations: geoRegion ids.
            excluded_locations: geoRegion ids to exclude.
            included_industries: Industry ids.
            excluded_industries: Industry ids to exclude.
            included_companies: Organization ids or ``{"id": …}`` objects.
            excluded_companies: The same, to exclude.
            past_companies: The same, for past companies.
            company_headquarters: geoRegion ids of company headquarters.
            functions: :class:`Function` ids.
            seniority_levels: :class:`Seniority` ids.
            years_of_experience: :class:`Tenure` buckets.
            years_at_current_company: :class:`Tenure` buckets.
            years_in_current_position: :class:`Tenure` buckets.
            company_size: :class:`CompanySize` buckets.
            company_type: :class:`CompanyType` ids.
            included_account_lists: Account list ids.
            excluded_account_lists: Account list ids to exclude.
            included_lead_lists: Lead list ids.
            excluded_lead_lists: Lead list ids to exclude.
            relationship: :class:`Relationship` ids.
            recently_changed_jobs: ``True`` or ``["RPC"]``.
            connections_of_profile: A LinkedIn profile URL.
            follows_your_company: Only leads following your company.
            viewed_your_profile: Only leads who viewed your profile.
            with_shared_experiences: Only leads sharing experiences with you.
            posted_on_linkedin: Only leads who posted recently.
            past_colleague: Only your past colleagues.
            extra_body: Fields the SDK does not know yet, sent as they are (the search's
                options, ``webhook_url`` … are accepted by the server and ignored).

        Raises:
            ValidationError: the filter rules of :meth:`advanced_search` (nothing is sent).
        """
        p = Problems("leads.advanced_search_preview")
        raw = {k: v for k, v in locals().items() if k in f.LEAD_FILTERS}
        body = build_body(p, f.lead_search_body(p, {}, raw), extra_body)
        return await self._call(
            "leads.advanced_search_preview", AdvancedSearchPreview, json=body
        )

    @operation("leads.enrich")
    async def enrich(
        self,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        company_name: str | None = None,
        linkedin_url: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> Lead:
        """A person's LinkedIn profile data (title, company, tenure); no email or phone.

        The reference documents no body; these are the fields public code sends
        (real-usage.md §4). The daily quota is small (500), so an incomplete identity is
        refused before it spends one.

        Args:
            first_name: Needed, with ``last_name`` and ``company_name``, without a URL.
            last_name: The person's last name.
            company_name: Their current company.
            linkedin_url: Their LinkedIn profile (``www.linkedin.com/in/…`` is accepted).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            The lead; ``current_position.company_name`` reads the server's ``companyName``.

        Raises:
            ValidationError: neither ``linkedin_url`` nor all of first name, last name and
                company name (nothing is sent).
            QuotaExceededError: the 500 calls of the last 24 hours are used.
        """
        p = Problems("leads.enrich")
        named = {"first_name": first_name, "last_name": last_name, "company_name": company_name}
        missing = [k for k, v in named.items() if v is None]
        if linkedin_url is None and missing:
            p.add("provide linkedin_url, or first_name, last_name and company_name (missing: "
                  + ", ".join(missing) + ")")
        fields = {
            "first_name": p.text("first_name", first_name),
            "last_name": p.text("last_name", last_name),
            "company_name": p.text("company_name", company_name),
            "linkedin_url": f.linkedin_url(p, "linkedin_url", linkedin_url),
        }
        body = build_body(p, fields, extra_body)
        return await self._call("leads.enrich", Lead, json=body)


class SyncLeads(SyncResource):
    """Blocking twin of :class:`Leads`."""

    __slots__ = ()
    search_in_company = forward_job(Leads.search_in_company)
    extract = forward_job(Leads.extract)
    advanced_search = forward_job(Leads.advanced_search)
    advanced_search_preview = forward(Leads.advanced_search_preview)
    enrich = forward(Leads.enrich)

"""``pronto.signals``: LinkedIn activity, hiring, growth, lookalikes, job changes.

Three kinds of operation live here:

- LinkedIn activity read synchronously (``posts``, ``comments``, ``reactions``): a pager over
  the one body the server sends; ``connections``: a list;
- searches and imports whose results go to a webhook (``post_engagers``, ``lookalikes``,
  ``growth``, ``hiring``): a job handle;
- recurring tracking tasks (``find_new_hires``, ``track_job_changes``): a job handle.

ID lists (locations, industries) are sent as given, strings or integers: the reference shows
both forms (integers in the growth example, strings elsewhere).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar, Unpack
from urllib.parse import urlsplit
from uuid import UUID

from .._convert import Model
from .._facade import SyncResource, forward, forward_iter
from .._options import CallOptions
from .._pager import AsyncPager
from .._validate import MAX_INT, Problems, build_body, show
from ..enums import (
    CompanySize,
    CompanySizeValue,
    EngagementType,
    EngagementTypeValue,
    Function,
    FunctionValue,
    PostedWithin,
    PostedWithinValue,
    PublishedDate,
    PublishedDateValue,
)
from ..jobs import ImportJob, SearchJob, TrackingJob, forward_job
from ..models.companies import AccountSearch
from ..models.signals import (
    Comment,
    Connection,
    HiringSignal,
    Post,
    PostEngagersSearch,
    Reaction,
    TrackingStarted,
)
from ..webhooks import WebhookReceiver
from . import _filters as f
from ._base import ByName, Resource, operation, webhook_target

__all__ = ["Signals", "SyncSignals"]

M = TypeVar("M", bound=Model)
Ids = Sequence[str | int]
Sizes = Sequence[CompanySize | CompanySizeValue]

#: The ways ``track_job_changes`` names whom to track (reference: "either … or").
_WHO: Final = "lead_list_id, linkedin_url, or first_name + last_name + company_name"
#: Imports that take no name: a lost answer cannot be looked up, and the error says so.
_UNNAMED: Final = ByName(field="name", kind="import")
_GROWTH: Final = ("min_headcount_growth_percentage", "max_headcount_growth_percentage")
_DEPARTMENT: Final = (
    "min_department_headcount", "max_department_headcount",
    "min_department_headcount_growth_percentage", "max_department_headcount_growth_percentage",
)


def _limit(p: Problems, value: Any) -> int | None:
    """The activity feeds' required ``limit`` (a missing one is a documented 400)."""
    if value is None:
        p.add("limit is required")
        return None
    return p.integer("limit", value, minimum=1)


def _page(
    p: Problems, name: str, value: Any, prefixes: tuple[str, ...], what: str,
    *, required: bool = False,
) -> str | None:
    """A linkedin.com URL whose path starts with one of ``prefixes``."""
    url = f.linkedin_url(p, name, value, required=required)
    if url is not None and not urlsplit(url).path.startswith(prefixes):
        p.add(f"{name} must be {what}, got {url!r}")
        return None
    return url


def _company_pages(p: Problems, name: str, value: Any) -> list[str] | None:
    urls = p.strings(name, value)
    if urls is None:
        return None
    pages = [_page(p, f"{name}[{i}]", u, ("/company/",), "a LinkedIn company page")
             for i, u in enumerate(urls)]
    return None if None in pages else [u for u in pages if u is not None]


def _ids(p: Problems, name: str, value: Any) -> list[str | int] | None:
    """Numeric LinkedIn ids, each sent as given (``103644278`` or ``"103644278"``)."""
    if value is None:
        return None
    if isinstance(value, Iterable):
        # Read twice below: a generator must not be consumed by the check.
        value = p.items(name, value, "IDs")
        if value is None:
            return None
    ids = f.numeric_ids(p, name, value)
    if ids is None:
        return None
    return [raw if isinstance(raw, int) else i for raw, i in zip(value, ids, strict=True)]


def _cities(p: Problems, name: str, value: Any) -> list[str] | None:
    """City names: the hiring search matches them by name, unlike every other location
    filter, so a numeric location id here would silently match nothing."""
    cities = p.strings(name, value)
    if cities is not None and any(c.isdigit() for c in cities):
        p.add(f"{name} takes city names such as 'Paris', not location ids, got {cities[:3]!r}")
        return None
    return cities


def _number(p: Problems, name: str, value: Any) -> float | None:
    """A finite number (a percentage may be negative), sent as given: ``10`` stays ``10``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or (
        isinstance(value, int) and abs(value) > MAX_INT
    ) or not math.isfinite(value):
        p.add(f"{name} must be a number (finite), got {show(value)}")
        return None
    return value


def _ordered(p: Problems, fields: Mapping[str, Any], low: str, high: str) -> None:
    if fields[low] is not None and fields[high] is not None and fields[low] > fields[high]:
        p.add(f"{low} ({fields[low]:g}) must not exceed {high} ({fields[high]:g})")


def _uuid(p: Problems, name: str, value: Any, hint: str) -> str | None:
    text = p.text(name, value)
    if text is not None:
        try:
            UUID(text)
        except ValueError:
            p.add(f"{name} must be a UUID ({hint}), got {text!r}")
            return None
    return text


def _text_id(p: Problems, name: str, value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return p.path_id(name, value)
    return p.text(name, value)


def _lead(p: Problems, value: Any) -> str | None:
    """The target of ``connections``: a public profile or Sales Navigator URL, or a URN."""
    text = p.text("linkedin_url", value, required=True)
    if text is None or text.startswith("urn:li:"):
        return text
    return _page(p, "linkedin_url", text, ("/in/", "/sales/"),
                 "a LinkedIn profile or Sales Navigator URL, or a urn:li: URN")


def _growth_mode(p: Problems, fields: Mapping[str, Any], raw: Mapping[str, Any]) -> None:
    """The two exclusive criteria of the growth search (each misuse is a documented 422)."""
    company = [name for name in _GROWTH if raw[name] is not None]
    department = [name for name in _DEPARTMENT if raw[name] is not None]
    if raw["department"] is not None or department:
        if company:
            p.add("company-wide growth (" + ", ".join(company) + ") cannot be combined with "
                  "department criteria")
        if raw["department"] is None:
            p.add("department is required with: " + ", ".join(department))
        elif not department:
            p.add("department needs at least one of: " + ", ".join(_DEPARTMENT))
    elif not company:
        p.add("provide a growth criterion: " + " or ".join(_GROWTH)
              + ", or department with " + ", ".join(_DEPARTMENT))
    _ordered(p, fields, *_GROWTH)
    _ordered(p, fields, _DEPARTMENT[0], _DEPARTMENT[1])
    _ordered(p, fields, _DEPARTMENT[2], _DEPARTMENT[3])


class Signals(Resource):
    """Buying signals: LinkedIn activity, hiring, growth, lookalikes, job changes."""

    __slots__ = ()

    def _feed(self, name: str, model: type[M], key: str, body: dict[str, Any]) -> AsyncPager[M]:
        async def fetch_page(cursor: str | None) -> tuple[Sequence[M], None]:
            # The server pages through LinkedIn itself and answers once, with every item.
            return await self._call_list(name, model, keys=(key,), json=body), None

        return AsyncPager(fetch_page)

    @operation("signals.posts")
    def posts(
        self,
        *,
        linkedin_url: str,
        limit: int,
        posted_within: PostedWithin | PostedWithinValue | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPager[Post]:
        """Posts of a LinkedIn profile or company page:
        ``async for post in pronto.signals.posts(linkedin_url=..., limit=20)``.

        The arguments are checked at once; the request is sent when iteration starts. The
        Pronto account needs LinkedIn credentials connected.

        Args:
            linkedin_url: A profile (``https://www.linkedin.com/in/…``) or a company page
                (``https://www.linkedin.com/company/…``); the server picks the feed from it.
            limit: At most this many posts (>= 1).
            posted_within: A :class:`PostedWithin` window; all posts when omitted.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A single-use async iterator of :class:`Post`; empty when the server cannot
            resolve the profile or company.

        Raises:
            ValidationError: a missing ``linkedin_url`` or ``limit``, a URL that is neither a
                profile nor a company page, a ``posted_within`` outside the documented values
                (each a 400 from the server; nothing is sent).
        """
        p = Problems("signals.posts")
        fields = {
            "linkedin_url": _page(p, "linkedin_url", linkedin_url, ("/in/", "/company/"),
                                  "a LinkedIn profile or company page", required=True),
            "limit": _limit(p, limit),
            "posted_within": p.choice("posted_within", posted_within, PostedWithin),
        }
        return self._feed("signals.posts", Post, "posts", build_body(p, fields, extra_body))

    @operation("signals.comments")
    def comments(
        self,
        *,
        linkedin_profile_url: str,
        limit: int,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPager[Comment]:
        """Comments a LinkedIn profile left on other people's posts:
        ``async for comment in pronto.signals.comments(linkedin_profile_url=..., limit=10)``.

        The arguments are checked at once; the request is sent when iteration starts.

        Args:
            linkedin_profile_url: The profile (``https://www.linkedin.com/in/…``).
            limit: At most this many comments (>= 1).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A single-use async iterator of :class:`Comment`.

        Raises:
            ValidationError: a missing or non-profile URL, a missing ``limit`` or one below
                1 (nothing is sent).
        """
        p = Problems("signals.comments")
        fields = {
            "linkedin_profile_url": _page(p, "linkedin_profile_url", linkedin_profile_url,
                                          ("/in/",), "a LinkedIn profile", required=True),
            "limit": _limit(p, limit),
        }
        body = build_body(p, fields, extra_body)
        return self._feed("signals.comments", Comment, "comments", body)

    @operation("signals.reactions")
    def reactions(
        self,
        *,
        linkedin_profile_url: str,
        limit: int,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncPager[Reaction]:
        """Reactions a LinkedIn profile left on other people's posts:
        ``async for reaction in pronto.signals.reactions(linkedin_profile_url=..., limit=10)``.

        The arguments are checked at once; the request is sent when iteration starts.

        Args:
            linkedin_profile_url: The profile (``https://www.linkedin.com/in/…``).
            limit: At most this many reactions (>= 1).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A single-use async iterator of :class:`Reaction` (``reaction_type`` is a
            :class:`~pronto_async.enums.ReactionType` member when documented).

        Raises:
            ValidationError: a missing or non-profile URL, a missing ``limit`` or one below
                1 (nothing is sent).
        """
        p = Problems("signals.reactions")
        fields = {
            "linkedin_profile_url": _page(p, "linkedin_profile_url", linkedin_profile_url,
                                          ("/in/",), "a LinkedIn profile", required=True),
            "limit": _limit(p, limit),
        }
        body = build_body(p, fields, extra_body)
        return self._feed("signals.reactions", Reaction, "reactions", body)

    @operation("signals.post_engagers")
    async def post_engagers(
        self,
        *,
        post_url: str,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        engagement_type: EngagementType | EngagementTypeValue,
        persona_id: str | None = None,
        lead_list_name: str | None = None,
        company_size: Sizes | None = None,
        exclude_people_from_same_company: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> SearchJob[PostEngagersSearch]:
        """Extract the people who reacted to or commented on a LinkedIn post; their profiles
        go to the webhook.

        Args:
            post_url: The post's link, from its Share button
                (``https://www.linkedin.com/posts/…`` or ``…/feed/update/urn:li:activity:…``).
            webhook_url: Where Pronto POSTs the engagers.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            engagement_type: A :class:`EngagementType`: ``reactions``, ``comments`` or ``all``.
            persona_id: Keep only the engagers matching this persona (UUID).
            lead_list_name: Name of the lead list the engagers are saved to. The reference
                names no other label for the search this starts, so it is also the name a
                lost creation answer is looked up by in ``GET /searches`` (without it, such
                a search cannot be found again).
            company_size: Keep engagers whose company is in these :class:`CompanySize` buckets.
            exclude_people_from_same_company: Leave out people of the same company (the
                reference does not say whose; presumably the post author's).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A :class:`SearchJob` whose id is the ``search_id``; its ``response`` holds the
            ``expected_profiles_count``.

        Raises:
            ValidationError: a missing argument, a URL that is not a LinkedIn post, a value
                outside a documented list (nothing is sent).
        """
        p = Problems("signals.post_engagers")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        fields = {
            "post_url": _page(p, "post_url", post_url, ("/posts/", "/feed/update/"),
                              "a LinkedIn post link (from the post's Share button)",
                              required=True),
            "webhook_url": p.webhook("webhook_url", webhook_url, required=True),
            "engagement_type": p.choice("engagement_type", engagement_type, EngagementType),
            "persona_id": _uuid(p, "persona_id", persona_id, "see pronto.personas.list"),
            "lead_list_name": p.text("lead_list_name", lead_list_name),
            "company_size": f.company_sizes(p, "company_size", company_size),
            "exclude_people_from_same_company": p.boolean(
                "exclude_people_from_same_company", exclude_people_from_same_company
            ),
        }
        if engagement_type is None:
            p.add("engagement_type is required")
        body = build_body(p, fields, extra_body)
        return await self._start("signals.post_engagers", PostEngagersSearch, SearchJob,
                                 json=body, id_keys=("search_id", "id"), subscription=subscription,
                                 recover=ByName(field="lead_list_name"))

    @operation("signals.connections")
    async def connections(
        self, *, linkedin_url: str, extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Connection]:
        """The 1st-degree connections you share with a lead, through Sales Navigator.

        The reference names the accepted targets but not the field; ``linkedin_url`` is the
        name the signals use where a URL may be of several kinds (``posts``).

        Args:
            linkedin_url: The lead: a public profile URL, a Sales Navigator URL, or
                LinkedIn's internal URN (``urn:li:…``).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            The mutual connections (read as a bare list or under ``connections``,
            ``mutual_connections``, ``results`` or ``data``).

        Raises:
            ValidationError: a missing target, or one that is neither a LinkedIn profile or
                Sales Navigator URL nor a URN (nothing is sent).
            APIStatusError: the account has no LinkedIn account with Sales Navigator
                connected (the reference does not say with which status).
        """
        p = Problems("signals.connections")
        body = build_body(p, {"linkedin_url": _lead(p, linkedin_url)}, extra_body)
        return await self._call_list(
            "signals.connections", Connection, json=body,
            keys=("connections", "mutual_connections", "results", "data"),
        )

    @operation("signals.find_new_hires")
    async def find_new_hires(
        self,
        *,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        job_titles: Sequence[str] | None = None,
        excluded_job_titles: Sequence[str] | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> TrackingJob[TrackingStarted]:
        """Track, weekly, the people who recently joined a company and match your ICP; each
        match is POSTed to the webhook.

        The reference documents the webhook and that locations are ids, nothing else; the
        title filters carry the names of the lead searches (leads/search). Send any other
        field through ``extra_body``.

        Args:
            webhook_url: Where Pronto POSTs the new hires.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            job_titles: Titles of the new hires to report.
            excluded_job_titles: Titles to leave out.
            included_locations: Location ids (see ``pronto.locations.search``).
            excluded_locations: Location ids to leave out.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A :class:`TrackingJob` for the weekly task.

        Raises:
            ValidationError: a missing ``webhook_url`` or a malformed filter (nothing is sent).
        """
        p = Problems("signals.find_new_hires")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        fields = {
            "webhook_url": p.webhook("webhook_url", webhook_url, required=True),
            "job_titles": p.strings("job_titles", job_titles),
            "excluded_job_titles": p.strings("excluded_job_titles", excluded_job_titles),
            "included_locations": _ids(p, "included_locations", included_locations),
            "excluded_locations": _ids(p, "excluded_locations", excluded_locations),
        }
        body = build_body(p, fields, extra_body)
        return await self._start("signals.find_new_hires", TrackingStarted, TrackingJob,
                                 json=body, id_keys=("id", "task_id", "tracking_id"),
                                 subscription=subscription)

    @operation("signals.track_job_changes")
    async def track_job_changes(
        self,
        *,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        lead_list_id: str | int | None = None,
        linkedin_url: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        company_name: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> TrackingJob[TrackingStarted]:
        """Track job changes, checked daily; each change is POSTed to the webhook.

        Name whom to track in exactly one way: a lead list (``lead_list_id``, as public code
        sends it, real-usage.md §9), or one contact in either of the two documented shapes,
        its LinkedIn URL or its first name, last name and current company. With more than
        one, which the server would follow is not documented, so that is refused.

        Args:
            webhook_url: Where Pronto POSTs the job changes.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            lead_list_id: A lead list whose members are tracked.
            linkedin_url: One contact's profile (``https://www.linkedin.com/in/…``).
            first_name: One contact's first name, with ``last_name`` and ``company_name``.
            last_name: Their last name.
            company_name: Their current company.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A :class:`TrackingJob` for the tracking task.

        Raises:
            ValidationError: none or several ways of naming whom to track, an incomplete
                name-and-company shape, a URL that is not a profile (nothing is sent).
        """
        p = Problems("signals.track_job_changes")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        names = {"first_name": first_name, "last_name": last_name, "company_name": company_name}
        ways = [lead_list_id is not None, linkedin_url is not None,
                any(v is not None for v in names.values())]
        if not any(ways):
            p.add(f"provide whom to track: {_WHO}")
        elif sum(ways) > 1:
            p.add(f"provide only one way of naming whom to track: {_WHO}")
        if ways[2] and any(v is None for v in names.values()):
            missing = [k for k, v in names.items() if v is None]
            p.add("first_name, last_name and company_name go together; missing "
                  + ", ".join(missing))
        fields = {
            "webhook_url": p.webhook("webhook_url", webhook_url, required=True),
            "lead_list_id": _text_id(p, "lead_list_id", lead_list_id),
            "linkedin_url": _page(p, "linkedin_url", linkedin_url, ("/in/",),
                                  "a LinkedIn profile"),
            **{k: p.text(k, v) for k, v in names.items()},
        }
        body = build_body(p, fields, extra_body)
        return await self._start("signals.track_job_changes", TrackingStarted, TrackingJob,
                                 json=body, id_keys=("id", "task_id", "tracking_id"),
                                 subscription=subscription)

    @operation("signals.lookalikes")
    async def lookalikes(
        self,
        *,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        company_linkedin_url: str | None = None,
        company_linkedin_urls: Sequence[str] | None = None,
        company_size: Sizes | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        limit: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ImportJob[AccountSearch]:
        """Find companies that look like your target accounts; they go to the webhook.

        Args:
            webhook_url: Where Pronto POSTs the companies.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            company_linkedin_url: One target company's LinkedIn page.
            company_linkedin_urls: Or several (the first 3 drive the keywords).
            company_size: :class:`CompanySize` buckets.
            included_locations: Location ids (see ``pronto.locations.search``).
            excluded_locations: Location ids to leave out.
            limit: At most this many companies (>= 1).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            An :class:`ImportJob` whose ``response`` holds the ``total`` and a ``preview``
            of the first 10 companies.

        Raises:
            ValidationError: neither or both of ``company_linkedin_url`` and
                ``company_linkedin_urls``, a URL that is not a company page, a missing
                ``webhook_url``, a malformed filter (nothing is sent).
        """
        p = Problems("signals.lookalikes")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        if (company_linkedin_url is None) == (company_linkedin_urls is None):
            p.add("provide exactly one of: company_linkedin_url, company_linkedin_urls")
        fields = {
            "company_linkedin_url": _page(p, "company_linkedin_url", company_linkedin_url,
                                          ("/company/",), "a LinkedIn company page"),
            "company_linkedin_urls": _company_pages(
                p, "company_linkedin_urls", company_linkedin_urls
            ),
            "webhook_url": p.webhook("webhook_url", webhook_url, required=True),
            "company_size": f.company_sizes(p, "company_size", company_size),
            "included_locations": _ids(p, "included_locations", included_locations),
            "excluded_locations": _ids(p, "excluded_locations", excluded_locations),
            "limit": p.integer("limit", limit, minimum=1),
        }
        body = build_body(p, fields, extra_body)
        return await self._start("signals.lookalikes", AccountSearch, ImportJob, json=body,
                                 id_keys=("id", "import_id"), subscription=subscription,
                                 recover=_UNNAMED)

    @operation("signals.growth")
    async def growth(
        self,
        *,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        min_headcount_growth_percentage: float | None = None,
        max_headcount_growth_percentage: float | None = None,
        department: Function | FunctionValue | None = None,
        min_department_headcount: int | None = None,
        max_department_headcount: int | None = None,
        min_department_headcount_growth_percentage: float | None = None,
        max_department_headcount_growth_percentage: float | None = None,
        company_size: Sizes | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        included_industries: Ids | None = None,
        streaming: bool | None = None,
        limit: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ImportJob[AccountSearch]:
        """Find growing companies and import them; they go to the webhook.

        Pick one criterion: company-wide headcount growth (``min_``/``max_headcount_growth_
        percentage``), or a ``department`` with its headcount or headcount growth bounds.

        Everything is sent nested under ``account``, as the reference's text requires
        ("Send parameters inside a top-level JSON object under the key ``account``"); its
        example shows that inner object alone. ``extra_body`` goes inside ``account`` too,
        next to every documented field (the server refuses unknown keys there with a 422).

        Args:
            webhook_url: Where Pronto POSTs the companies.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            min_headcount_growth_percentage: Company-wide growth floor, in percent.
            max_headcount_growth_percentage: Company-wide growth ceiling, in percent.
            department: The :class:`Function` id of the department (``"8"``, Engineering).
            min_department_headcount: Department headcount floor.
            max_department_headcount: Department headcount ceiling.
            min_department_headcount_growth_percentage: Department growth floor, in percent.
            max_department_headcount_growth_percentage: Department growth ceiling, in percent.
            company_size: :class:`CompanySize` buckets (an en-dash is accepted).
            included_locations: Location ids (see ``pronto.locations.search``).
            excluded_locations: Location ids to leave out.
            included_industries: LinkedIn industry ids (``enums.COMMON_INDUSTRIES``).
            streaming: Deliver companies as they are processed.
            limit: At most this many companies (>= 1; 1,000 when omitted).
            extra_body: Fields the SDK does not know yet, sent inside ``account``.

        Returns:
            An :class:`ImportJob` whose ``response`` holds the ``total`` and a ``preview``
            of up to 10 companies.

        Raises:
            ValidationError: no criterion, both criteria, ``department`` without bounds or
                bounds without ``department``, a ``department`` outside the documented ids, a
                minimum above its maximum, a malformed filter (each a 422; nothing is sent).
            AuthenticationError: not enough credits for the companies found (a 401 here).
        """
        p = Problems("signals.growth")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        raw = {
            "min_headcount_growth_percentage": min_headcount_growth_percentage,
            "max_headcount_growth_percentage": max_headcount_growth_percentage,
            "department": department,
            "min_department_headcount": min_department_headcount,
            "max_department_headcount": max_department_headcount,
            "min_department_headcount_growth_percentage":
                min_department_headcount_growth_percentage,
            "max_department_headcount_growth_percentage":
                max_department_headcount_growth_percentage,
        }
        criteria = {
            "min_headcount_growth_percentage": _number(
                p, "min_headcount_growth_percentage", min_headcount_growth_percentage
            ),
            "max_headcount_growth_percentage": _number(
                p, "max_headcount_growth_percentage", max_headcount_growth_percentage
            ),
            # The reference: "department must be a string" (a Function id such as "1").
            "department": p.choice("department", department, Function),
            "min_department_headcount": p.integer(
                "min_department_headcount", min_department_headcount, minimum=0
            ),
            "max_department_headcount": p.integer(
                "max_department_headcount", max_department_headcount, minimum=0
            ),
            "min_department_headcount_growth_percentage": _number(
                p, "min_department_headcount_growth_percentage",
                min_department_headcount_growth_percentage,
            ),
            "max_department_headcount_growth_percentage": _number(
                p, "max_department_headcount_growth_percentage",
                max_department_headcount_growth_percentage,
            ),
        }
        _growth_mode(p, criteria, raw)
        fields = {
            "webhook_url": p.webhook("webhook_url", webhook_url, required=True),
            **criteria,
            "company_size": f.company_sizes(p, "company_size", company_size),
            "included_locations": _ids(p, "included_locations", included_locations),
            "excluded_locations": _ids(p, "excluded_locations", excluded_locations),
            "included_industries": _ids(p, "included_industries", included_industries),
            "streaming": p.boolean("streaming", streaming),
            "limit": p.integer("limit", limit, minimum=1),
        }
        account = build_body(p, fields, extra_body)
        return await self._start("signals.growth", AccountSearch, ImportJob,
                                 json={"account": account}, id_keys=("id", "import_id"),
                                 subscription=subscription, recover=_UNNAMED)

    @operation("signals.hiring")
    async def hiring(
        self,
        *,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        selected_keywords: Sequence[str] | None = None,
        excluded_keywords: Sequence[str] | None = None,
        selected_titles: Sequence[str] | None = None,
        excluded_titles: Sequence[str] | None = None,
        exclude_consulting_recruiting: bool | None = None,
        exclude_internships: bool | None = None,
        published_date: PublishedDate | PublishedDateValue | None = None,
        included_locations: Sequence[str] | None = None,
        excluded_locations: Sequence[str] | None = None,
        company_size: Sizes | None = None,
        included_industries: Ids | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ImportJob[HiringSignal]:
        """Find companies hiring, from their job postings; they go to the webhook (the first
        100 when more match).

        Only the documented fields are sent: the server answers unknown keys with a 422
        (``extra_body`` is sent as it is, at your risk).

        Args:
            webhook_url: Where Pronto POSTs the companies.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            selected_keywords: Keywords the job postings must contain.
            excluded_keywords: Keywords to leave out.
            selected_titles: Job titles to include.
            excluded_titles: Job titles to leave out.
            exclude_consulting_recruiting: Leave out consulting and recruiting companies.
            exclude_internships: Leave out internships.
            published_date: A :class:`PublishedDate` window for the postings.
            included_locations: City **names** (``"Paris"``, ``"New York"``), matched with
                their surroundings; not location ids.
            excluded_locations: City names to leave out.
            company_size: :class:`CompanySize` buckets.
            included_industries: LinkedIn industry ids (``enums.COMMON_INDUSTRIES``).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            An :class:`ImportJob` whose ``response`` holds the ``preview_count`` of
            matching postings and the server's ``message``.

        Raises:
            ValidationError: a missing ``webhook_url``, a location id where a city name
                belongs, a value outside a documented list (nothing is sent).
        """
        p = Problems("signals.hiring")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        fields = {
            "webhook_url": p.webhook("webhook_url", webhook_url, required=True),
            "selected_keywords": p.strings("selected_keywords", selected_keywords),
            "excluded_keywords": p.strings("excluded_keywords", excluded_keywords),
            "selected_titles": p.strings("selected_titles", selected_titles),
            "excluded_titles": p.strings("excluded_titles", excluded_titles),
            "exclude_consulting_recruiting": p.boolean(
                "exclude_consulting_recruiting", exclude_consulting_recruiting
            ),
            "exclude_internships": p.boolean("exclude_internships", exclude_internships),
            "published_date": p.choice("published_date", published_date, PublishedDate),
            "included_locations": _cities(p, "included_locations", included_locations),
            "excluded_locations": _cities(p, "excluded_locations", excluded_locations),
            "company_size": f.company_sizes(p, "company_size", company_size),
            "included_industries": _ids(p, "included_industries", included_industries),
        }
        body = build_body(p, fields, extra_body)
        return await self._start("signals.hiring", HiringSignal, ImportJob, json=body,
                                 id_keys=("id",), subscription=subscription, recover=_UNNAMED)


class SyncSignals(SyncResource):
    """Blocking twin of :class:`Signals`."""

    __slots__ = ()
    posts = forward_iter(Signals.posts)
    comments = forward_iter(Signals.comments)
    reactions = forward_iter(Signals.reactions)
    post_engagers = forward_job(Signals.post_engagers)
    connections = forward(Signals.connections)
    find_new_hires = forward_job(Signals.find_new_hires)
    track_job_changes = forward_job(Signals.track_job_changes)
    lookalikes = forward_job(Signals.lookalikes)
    growth = forward_job(Signals.growth)
    hiring = forward_job(Signals.hiring)

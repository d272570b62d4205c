"""Search filters shared by the account and lead searches (and usable by the signals).

Each function checks one kind of filter into a :class:`Problems` pass and returns the wire
value (or ``None``). The two body builders at the end put the fields in the order of the
reference's examples, so a documented example is rebuilt byte for byte.

References: accounts/search, accounts/search_preview, leads/advanced_search,
leads/advanced_search_preview, extract/leads_from_company.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .._validate import MAX_INT, Problems, show
from ..enums import (
    MAX_REVENUES,
    MIN_REVENUES,
    CompanySize,
    CompanyType,
    Function,
    RecentlyChangedJobs,
    Relationship,
    RevenueCurrency,
    Seniority,
    Tenure,
    normalise_company_size,
)

__all__ = [
    "ACCOUNT_FILTERS",
    "LEAD_FILTERS",
    "SIGNALS",
    "account_search_filters",
    "company_sizes",
    "functions",
    "has_filter",
    "https_url",
    "lead_search_body",
    "linkedin_url",
    "numeric_id",
    "numeric_ids",
    "organizations",
    "revenue",
    "seniority_levels",
    "tenures",
]

_ORGANIZATION_HINT = "a LinkedIn organization id such as '1441', 1441 or {'id': '1441'}"


def has_filter(fields: Mapping[str, Any], names: Iterable[str]) -> bool:
    """Whether any of ``names`` carries a filter (``False`` and empty lists do not; ``0`` does:
    it is a valid ``min_revenue``)."""
    return any(_given(fields.get(name)) for name in names)


def _given(value: Any) -> bool:
    return not (value is None or value is False or (isinstance(value, list | tuple) and not value))


def numeric_id(p: Problems, name: str, value: Any, *, required: bool = False) -> str | None:
    """One LinkedIn numeric id (a company, a geoRegion), sent as a string."""
    if value is None:
        if required:
            p.add(f"{name} is required")
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_INT:
        value = str(value)
    text = p.text(name, value)
    if text is not None and not (text.isascii() and text.isdigit()):
        p.add(f"{name} must be a numeric LinkedIn id, got {text!r}")
        return None
    return text


def numeric_ids(p: Problems, name: str, value: Any) -> list[str] | None:
    """A list of numeric LinkedIn ids (locations, industries): a name where an id belongs
    (``"Paris"``) is refused here, since the server answers it with a 422 or ignores it."""
    ids = p.ids(name, value)
    if ids is None:
        return None
    names = [i for i in ids if not (i.isascii() and i.isdigit())]
    if names:
        hint = " (find location ids with pronto.locations.search)" if "location" in name else ""
        p.add(f"{name} must contain numeric LinkedIn ids, got {names[:3]!r}{hint}")
        return None
    return ids


def company_sizes(p: Problems, name: str, value: Any) -> list[str] | None:
    """Employee-count buckets; ``"51\u2013200"`` (an en-dash) is sent as ``"51-200"``."""
    return p.choices(name, value, CompanySize, normalise=normalise_company_size)


def functions(p: Problems, value: Any, name: str = "functions") -> list[str] | None:
    """LinkedIn function ids (only the documented list: others are a 422)."""
    return p.choices(name, value, Function)


def seniority_levels(p: Problems, value: Any, name: str = "seniority_levels") -> list[str] | None:
    """LinkedIn seniority level ids (only the documented list: others are a 422)."""
    return p.choices(name, value, Seniority)


def tenures(p: Problems, name: str, value: Any) -> list[str] | None:
    """Tenure buckets ``"1"`` to ``"5"`` (``"6"`` to ``"8"`` are reserved by LinkedIn)."""
    return p.choices(name, value, Tenure)


def organizations(p: Problems, name: str, value: Any) -> list[str | dict[str, str]] | None:
    """Companies as plain ids or ``{"id": …}`` objects, the two shapes documented (any other
    is a 422). Each keeps its shape; integer ids are sent as strings, like the examples."""
    if value is None:
        return None
    items = None if isinstance(value, int) else p.items(name, value, _ORGANIZATION_HINT)
    if items is None:
        if isinstance(value, int):
            p.add(f"{name} must be a list of {_ORGANIZATION_HINT}, got {type(value).__name__}")
        return None
    out: list[str | dict[str, str]] = []
    bad: list[Any] = []
    for item in items:
        is_object = isinstance(item, Mapping)
        raw = item.get("id") if isinstance(item, Mapping) else item
        if is_object and set(item) != {"id"}:
            raw = None
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= MAX_INT:
            raw = str(raw)
        if not isinstance(raw, str) or not (raw.strip().isascii() and raw.strip().isdigit()):
            bad.append(item)
            continue
        out.append({"id": raw.strip()} if is_object else raw.strip())
    if bad:
        p.add(f"{name} must contain {_ORGANIZATION_HINT}, got {show(bad[:3])}")
        return None
    if not out:
        p.add(f"{name} must not be empty")
        return None
    return out


def https_url(p: Problems, name: str, value: Any, *, required: bool = False) -> str | None:
    """A URL Pronto will POST to: :meth:`Problems.webhook`, the one rule for every webhook
    (``https://`` to a real host; plain ``http://`` on loopback only)."""
    return p.webhook(name, value, required=required)


def linkedin_url(
    p: Problems, name: str, value: Any, *, required: bool = False,
    path: str | tuple[str, ...] = "/",
) -> str | None:
    """A URL on linkedin.com whose path starts with ``path`` (``"/sales/"`` for a Sales
    Navigator search; a tuple for several): a company website or a search on another site
    is refused up front."""
    url = p.url(name, value, required=required)
    if url is None:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        p.add(f"{name} must be a linkedin.com URL, got {url!r}")
        return None
    if not parts.path.startswith(path):
        under = path if isinstance(path, str) else " or ".join(path)
        p.add(f"{name} must be a LinkedIn URL under {under}, got {url!r}")
        return None
    return url


def _amount(p: Problems, name: str, value: Any, allowed: tuple[float, ...]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value not in allowed:
        p.add(f"{name} must be one of {', '.join(f'{v:g}' for v in allowed)}, got {show(value)}")
        return None
    # 10.0 is sent as 10, as the reference writes it.
    return int(value) if float(value).is_integer() else float(value)


def revenue(
    p: Problems, *, min_revenue: Any, max_revenue: Any, revenue_currency: Any
) -> dict[str, Any]:
    """Revenue range in millions: only the documented steps, and ``min <= max``."""
    low = _amount(p, "min_revenue", min_revenue, MIN_REVENUES)
    high = _amount(p, "max_revenue", max_revenue, MAX_REVENUES)
    if low is not None and high is not None and low > high:
        p.add(f"min_revenue ({low:g}) must not exceed max_revenue ({high:g})")
    return {
        "min_revenue": low,
        "max_revenue": high,
        "revenue_currency": p.choice("revenue_currency", revenue_currency, RevenueCurrency),
    }


#: Fields of the account search that narrow it (``revenue_currency`` alone does not).
ACCOUNT_FILTERS = (
    "included_industries", "excluded_industries", "included_locations", "excluded_locations",
    "company_size", "keyword", "min_revenue", "max_revenue",
)


def account_search_filters(
    p: Problems,
    *,
    included_industries: Any,
    excluded_industries: Any,
    included_locations: Any,
    excluded_locations: Any,
    company_size: Any,
    keyword: Any,
    min_revenue: Any,
    max_revenue: Any,
    revenue_currency: Any,
) -> dict[str, Any]:
    """The filters of ``accounts.search`` and its preview, in the examples' order.

    At least one filter is required: the reference shows none without, a search with none
    would import 1,000 arbitrary companies for credits, and the free preview applies the
    same rule so that a preview that passes means the search will too.
    """
    fields = {
        "included_industries": numeric_ids(p, "included_industries", included_industries),
        "excluded_industries": numeric_ids(p, "excluded_industries", excluded_industries),
        "included_locations": numeric_ids(p, "included_locations", included_locations),
        "excluded_locations": numeric_ids(p, "excluded_locations", excluded_locations),
        "company_size": company_sizes(p, "company_size", company_size),
        "keyword": p.text("keyword", keyword),
        **revenue(
            p, min_revenue=min_revenue, max_revenue=max_revenue,
            revenue_currency=revenue_currency,
        ),
    }
    raw = {
        "included_industries": included_industries, "excluded_industries": excluded_industries,
        "included_locations": included_locations, "excluded_locations": excluded_locations,
        "company_size": company_size, "keyword": keyword, "min_revenue": min_revenue,
        "max_revenue": max_revenue,
    }
    if not has_filter(raw, ACCOUNT_FILTERS):
        p.add("provide at least one filter: " + ", ".join(ACCOUNT_FILTERS))
    return fields


#: The boolean signal filters: each applies when ``True``.
SIGNALS = (
    "follows_your_company", "viewed_your_profile", "with_shared_experiences",
    "posted_on_linkedin", "past_colleague",
)


def _recently_changed_jobs(p: Problems, value: Any) -> list[str] | None:
    # ``True`` is a convenience for the one documented value, ``["RPC"]``.
    if value is True:
        return [RecentlyChangedJobs.ENABLED.value]
    if value is False:
        return None
    return p.choices("recently_changed_jobs", value, RecentlyChangedJobs)


#: Every filter of the advanced lead search, named as on the wire.
LEAD_FILTERS = (
    "keyword", "job_titles", "excluded_job_titles", "past_titles", "excluded_past_titles",
    "included_locations", "excluded_locations", "included_industries", "excluded_industries",
    "included_companies", "excluded_companies", "past_companies", "company_headquarters",
    "functions", "seniority_levels", "years_of_experience", "years_at_current_company",
    "years_in_current_position", "company_size", "company_type", "included_account_lists",
    "excluded_account_lists", "included_lead_lists", "excluded_lead_lists", "relationship",
    "recently_changed_jobs", "connections_of_profile", *SIGNALS,
)


def lead_search_body(
    p: Problems, options: Mapping[str, Any], raw: Mapping[str, Any]
) -> dict[str, Any]:
    """The body of ``leads.advanced_search`` and its preview.

    Args:
        options: ``name``, ``webhook_url``, ``limit``, ``streaming``, ``scale`` and ``custom``,
            already checked (empty for the preview, which ignores them).
        raw: Every name of :data:`LEAD_FILTERS`, as the caller passed it.

    The order is the one the reference's examples share (but one: see the method's docs):
    options, keyword, tenure and company type, signals, titles, seniority and function,
    places, companies, lists.
    """
    ids = p.ids
    fields: dict[str, Any] = {
        "name": options.get("name"),
        "webhook_url": options.get("webhook_url"),
        "keyword": p.text("keyword", raw["keyword"]),
        "years_of_experience": tenures(p, "years_of_experience", raw["years_of_experience"]),
        "company_type": p.choices("company_type", raw["company_type"], CompanyType),
        "scale": options.get("scale"),
        "limit": options.get("limit"),
        "streaming": options.get("streaming"),
        "past_colleague": p.boolean("past_colleague", raw["past_colleague"]),
        "posted_on_linkedin": p.boolean("posted_on_linkedin", raw["posted_on_linkedin"]),
        # leads/advanced_search: a profile (``/in/``) or a Sales Navigator lead URL.
        "connections_of_profile": linkedin_url(
            p, "connections_of_profile", raw["connections_of_profile"],
            path=("/in/", "/sales/lead/"),
        ),
        "job_titles": p.strings("job_titles", raw["job_titles"]),
        "excluded_job_titles": p.strings("excluded_job_titles", raw["excluded_job_titles"]),
        "past_titles": p.strings("past_titles", raw["past_titles"]),
        "excluded_past_titles": p.strings("excluded_past_titles", raw["excluded_past_titles"]),
        "seniority_levels": seniority_levels(p, raw["seniority_levels"]),
        "functions": functions(p, raw["functions"]),
        "included_industries": numeric_ids(p, "included_industries", raw["included_industries"]),
        "excluded_industries": numeric_ids(p, "excluded_industries", raw["excluded_industries"]),
        "included_locations": numeric_ids(p, "included_locations", raw["included_locations"]),
        "excluded_locations": numeric_ids(p, "excluded_locations", raw["excluded_locations"]),
        "company_headquarters": numeric_ids(
            p, "company_headquarters", raw["company_headquarters"]
        ),
        "company_size": company_sizes(p, "company_size", raw["company_size"]),
        "years_at_current_company": tenures(
            p, "years_at_current_company", raw["years_at_current_company"]
        ),
        "years_in_current_position": tenures(
            p, "years_in_current_position", raw["years_in_current_position"]
        ),
        "included_companies": organizations(p, "included_companies", raw["included_companies"]),
        "excluded_companies": organizations(p, "excluded_companies", raw["excluded_companies"]),
        "past_companies": organizations(p, "past_companies", raw["past_companies"]),
        "included_account_lists": ids("included_account_lists", raw["included_account_lists"]),
        "excluded_account_lists": ids("excluded_account_lists", raw["excluded_account_lists"]),
        "included_lead_lists": ids("included_lead_lists", raw["included_lead_lists"]),
        "excluded_lead_lists": ids("excluded_lead_lists", raw["excluded_lead_lists"]),
        "relationship": p.choices("relationship", raw["relationship"], Relationship),
        "recently_changed_jobs": _recently_changed_jobs(p, raw["recently_changed_jobs"]),
        **{name: p.boolean(name, raw[name]) for name in SIGNALS[:3]},
        "custom": options.get("custom"),
    }
    if not has_filter(raw, LEAD_FILTERS):
        p.add("provide at least one filter or keyword (a boolean signal filter counts when True)")
    return fields

"""Companies: enrichment, technographics, hiring, headcount, profile counts, searches."""

from __future__ import annotations

from typing import Any, Final

from ...enums import MAX_REVENUES, MIN_REVENUES, CompanySize, RevenueCurrency
from .. import _data
from .._call import Call, Handler, Reply
from .._rules import (
    Reject,
    at_least_one,
    bad_request,
    check_enum,
    check_url,
    given,
    int_at_least,
    string_list,
    unprocessable,
)

__all__ = ["HANDLERS", "account_filters"]

_COMPANY_KEYS: Final = ("company_domain", "company_name", "company_linkedin_url")
#: accounts/search: "Limits": at most 1,000 accounts per import.
MAX_IMPORT: Final = 1000
_ACCOUNT_FILTERS: Final = (
    "included_industries", "excluded_industries", "included_locations", "excluded_locations",
    "company_size", "keyword", "min_revenue", "max_revenue",
)
_TECH: Final = ("Amazon Web Services", "React", "Segment", "Stripe", "HubSpot", "Python",
                "Kubernetes", "Snowflake")


def _company_key(call: Call, names: tuple[str, ...]) -> str:
    return "|".join(str(call.get(n, "")).lower() for n in names)


def enrich(call: Call) -> Reply:
    # real-usage.md §3: one of company_linkedin_url, name, domain; 404 = no such company.
    at_least_one(call.body, ("company_linkedin_url", "name", "domain"))
    key = _company_key(call, ("company_linkedin_url", "name", "domain"))
    if _data.fraction(call.seed, "account-found", key) >= 0.85:
        raise Reject(404, {"error": "Company not found"})
    company = _data.company(call.seed, key)
    if given(call.get("name")):
        company["name"] = company["cleaned_name"] = call.get("name")
    return 200, company


def stack(call: Call) -> Reply:
    at_least_one(call.body, _COMPANY_KEYS)
    call.need(3)
    key = _company_key(call, _COMPANY_KEYS)
    count = 2 + _data.digest(call.seed, "stack-size", key) % 4
    start = _data.digest(call.seed, "stack", key) % len(_TECH)
    names = [_TECH[(start + i) % len(_TECH)] for i in range(count)]
    confidence = [round(0.99 - 0.08 * i, 2) for i in range(count)]
    return 200, {
        "technologies": names,
        "technologies_with_confidence": [
            {"name": n, "confidence": c} for n, c in zip(names, confidence, strict=True)
        ],
    }


def hiring(call: Call) -> Reply:
    at_least_one(call.body, _COMPANY_KEYS)
    int_at_least(call.body, "posted_within_days", 1)
    call.need(3)
    key = _company_key(call, _COMPANY_KEYS)
    firm = _data.company(call.seed, key)
    jobs = []
    for i in range(_data.digest(call.seed, "jobs", key) % 4):
        person = _data.lead(call.seed, key, "hiring", i)
        jobs.append({
            "job_title": person["title"],
            "job_url": f"https://example.com/jobs/{i + 1}",
            "job_location": firm["location"],
            "employment_statuses": ["full_time"],
            "date_posted": "2026-05-30",
            "description": "Build cool stuff.",
            "hiring_team": [{
                "name": person["full_name"],
                "title": "Hiring Manager",
                "linkedin_url": person["linkedin_profile_url"],
            }],
            "company": {
                "name": firm["name"],
                "domain": firm["website"].removeprefix("https://"),
                "linkedin_url": firm["linkedin_url"],
            },
        })
    return 200, {"total_jobs": len(jobs), "jobs": jobs}


def headcount(call: Call) -> Reply:
    # real-usage.md §9: {company_linkedin_id, departments}; keyed by department.
    if not given(call.get("company_linkedin_id")):
        bad_request("Missing required keys: company_linkedin_id")
    departments = string_list(call.body, "departments") or ["Engineering", "Sales", "Marketing"]
    key = str(call.get("company_linkedin_id"))
    out: dict[str, Any] = {}
    for dept in departments:
        base = 10 + _data.digest(call.seed, "hc", key, dept) % 200
        out[dept] = {}
        for months in (3, 6, 12):
            gain = _data.digest(call.seed, "gain", key, dept, months) % (months * 2 + 1)
            out[dept][f"{months}_months_evolution"] = {
                "base_headcount": base,
                "current_headcount": base + gain,
                "headcount_gain": gain,
                "headcount_gain_percentage": round(100 * gain / base, 1),
            }
    return 200, out


def count_profiles(call: Call) -> Reply:
    if not (given(call.get("company_linkedin_id")) or given(call.get("company_linkedin_url"))):
        bad_request("Provide at least one of: company_linkedin_id, company_linkedin_url")
    lists = {
        name: string_list(call.body, name) or []
        for name in ("title_to_include", "title_to_exclude", "included_locations",
                     "excluded_locations")
    }
    key = str(call.get("company_linkedin_id") or call.get("company_linkedin_url"))
    total = _data.digest(call.seed, "profiles", key, *lists["title_to_include"]) % 200
    return 200, {"total": total, **lists}


def account_filters(call: Call) -> None:
    """The shared filters of the account search and its preview (accounts/search)."""
    for name in ("included_industries", "excluded_industries", "included_locations",
                 "excluded_locations"):
        string_list(call.body, name)
    check_enum(call.body, "company_size", CompanySize)
    for name, allowed in (("min_revenue", MIN_REVENUES), ("max_revenue", MAX_REVENUES)):
        value = call.get(name)
        if value is not None and value not in allowed:
            unprocessable(f"Invalid {name}: {value}. Valid values: "
                          + ", ".join(f"{v:g}" for v in allowed))
    currency = call.get("revenue_currency")
    if currency is not None and currency not in {c.value for c in RevenueCurrency}:
        unprocessable(f"Invalid revenue_currency: {currency}")


def _total(call: Call, *parts: Any) -> int:
    return 20 + _data.digest(call.seed, "total", *parts) % 5000


def search(call: Call) -> Reply:
    # The reference requires webhook_url; Pronto's CLI starts the search without one
    # (Pipecorn/cli-pipecorn src/commands/accounts/search.ts).
    check_url(call.body, "webhook_url", required=False)
    account_filters(call)
    limit = int_at_least(call.body, "limit", 1)
    found = _total(call, "accounts", *(str(call.get(n)) for n in _ACCOUNT_FILTERS))
    total = min(found, limit or MAX_IMPORT, MAX_IMPORT)
    name = call.get("name")
    job = call.world.start_import(
        call.account.key, total=total, streaming=call.get("streaming") is True,
        webhook_url=call.get("webhook_url"), name=name if isinstance(name, str) else "",
    )
    return 201, {
        "message": "Account search started successfully. You will receive the results on "
                   "your webhook shortly.",
        "id": job.id,
        "total": total,
        "preview": [_data.preview_account(call.seed, job.id, i) for i in range(min(10, total))],
    }


def search_preview(call: Call) -> Reply:
    account_filters(call)
    total = _total(call, "accounts", *(str(call.get(n)) for n in _ACCOUNT_FILTERS))
    key = "|".join(str(call.get(n)) for n in _ACCOUNT_FILTERS)
    return 200, {
        "total_count": total,
        "preview": [_data.preview_account(call.seed, key, i) for i in range(min(25, total))],
    }


def extract(call: Call) -> Reply:
    url = call.get("search_url")
    if not isinstance(url, str) or "linkedin.com/sales/" not in url:
        bad_request("Missing or invalid search_url: a LinkedIn Sales Navigator search URL")
    check_url(call.body, "webhook_url", required=True)
    limit = int_at_least(call.body, "limit", 1)
    total = min(_total(call, "extract", url), limit or MAX_IMPORT, MAX_IMPORT)
    job = call.world.start_import(
        call.account.key, total=total, streaming=call.get("streaming") is True,
        webhook_url=call.get("webhook_url"),
    )
    return 201, {"id": job.id, "status": "processing", "total": total}


HANDLERS: Final[dict[str, Handler]] = {
    "accounts.enrich": enrich,
    "accounts.stack": stack,
    "accounts.hiring": hiring,
    "accounts.headcount": headcount,
    "accounts.count_profiles": count_profiles,
    "accounts.search": search,
    "accounts.search_preview": search_preview,
    "accounts.extract": extract,
}

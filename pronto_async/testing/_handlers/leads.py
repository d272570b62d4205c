"""Leads: people at a company, Sales Navigator extracts, advanced search, people enrichment."""

from __future__ import annotations

from typing import Any, Final

from ...enums import CompanySize, CompanyType, Function, Relationship, Seniority
from .. import _data
from .._call import Call, Handler, Reply
from .._rules import (
    bad_request,
    check_enum,
    check_url,
    given,
    int_at_least,
    string_list,
    unprocessable,
)
from .._shapes import AdvancedSearchShape

__all__ = ["HANDLERS"]

#: extract/leads_from_company: "At least one people filter is required".
PEOPLE_FILTERS: Final = (
    "job_titles", "excluded_job_titles", "functions", "seniority_levels",
    "included_locations", "excluded_locations", "persona_id",
)
_LIST_FILTERS: Final = (
    "job_titles", "excluded_job_titles", "past_titles", "excluded_past_titles",
    "included_locations", "excluded_locations", "included_industries", "excluded_industries",
    "included_companies", "excluded_companies", "past_companies", "company_headquarters",
    "functions", "seniority_levels", "years_of_experience", "years_at_current_company",
    "years_in_current_position", "company_size", "company_type", "included_account_lists",
    "excluded_account_lists", "included_lead_lists", "excluded_lead_lists", "relationship",
    "recently_changed_jobs",
)
_SIGNALS: Final = (
    "follows_your_company", "viewed_your_profile", "with_shared_experiences",
    "posted_on_linkedin", "past_colleague",
)
#: leads/advanced_search: LinkedIn's tenure buckets "1" to "8" (6 to 8 reserved, still accepted).
_TENURE: Final = tuple(str(i) for i in range(1, 9))
_MAX_RESULTS: Final = 1000


def _check_ids(call: Call, name: str, valid: tuple[str, ...]) -> None:
    values = string_list(call.body, name)
    bad = [v for v in values or [] if v not in valid]
    if bad:
        unprocessable(f"Invalid {name}: {', '.join(bad)}. Valid values: {', '.join(valid)}")


def _limit(call: Call, default: int) -> int:
    limit = int_at_least(call.body, "limit", 1)
    return min(limit or default, _MAX_RESULTS)


def _found(call: Call, *parts: Any) -> int:
    return 5 + _data.digest(call.seed, "leads-found", *parts) % 60


def search_in_company(call: Call) -> Reply:
    if not any(given(call.get(n)) for n in PEOPLE_FILTERS):
        bad_request("At least one people filter is required: " + ", ".join(PEOPLE_FILTERS))
    if given(call.get("persona_id")):
        if given(call.get("job_titles")) or given(call.get("excluded_job_titles")):
            unprocessable("persona_id cannot be combined with job_titles or "
                          "excluded_job_titles")
        if not any(p["uuid"] == call.get("persona_id") for p in call.world.personas):
            unprocessable(f"Unknown persona_id: {call.get('persona_id')}")
    company = call.get("company_linkedin_url") or call.get("company_linkedin_id")
    if not given(company):
        bad_request("Missing required keys: company_linkedin_url")
    check_url(call.body, "webhook_url", required=True)
    for name in ("functions", "seniority_levels"):
        value = call.get(name)
        if value is not None and not isinstance(value, list):
            unprocessable(f"{name} must be a JSON array")
    _check_ids(call, "functions", tuple(f.value for f in Function))
    _check_ids(call, "seniority_levels", tuple(s.value for s in Seniority))
    total = min(_found(call, company, call.get("job_titles")), _limit(call, 25))
    search = call.world.start_search(
        call.account.key, name=str(call.get("name") or f"People at {company}"), total=total,
        streaming=call.get("streaming") is True, webhook_url=call.get("webhook_url"),
        custom=call.get("custom"),
    )
    return 201, {
        "id": search.id,
        "search_name": search.name,
        "search_url": "https://www.linkedin.com/sales/search/people?query=fake",
        "created_at": search.created_at,
        "custom": search.custom,
    }


def extract(call: Call) -> Reply:
    url = call.get("search_url")
    if not isinstance(url, str) or "linkedin.com/sales/" not in url:
        bad_request("Missing or invalid search_url: a LinkedIn Sales Navigator search URL")
    check_url(call.body, "webhook_url", required=False)
    total = min(_found(call, url), _limit(call, 100))
    search = call.world.start_search(
        call.account.key, name=str(call.get("name") or "Sales Navigator extract"), total=total,
        streaming=call.get("streaming", True) is True, webhook_url=call.get("webhook_url"),
        custom=call.get("custom"),
    )
    return 202, {"id": search.id, "status": "processing"}


def _advanced_filters(call: Call) -> None:
    """leads/advanced_search: at least one filter or keyword (400); shapes and IDs (422)."""
    has_filter = given(call.get("keyword")) or given(call.get("connections_of_profile")) or any(
        given(call.get(n)) for n in _LIST_FILTERS
    ) or any(call.get(n) is True for n in _SIGNALS)
    if not has_filter:
        bad_request("Provide at least one filter or keyword")
    _check_ids(call, "functions", tuple(f.value for f in Function))
    _check_ids(call, "seniority_levels", tuple(s.value for s in Seniority))
    for name in ("years_of_experience", "years_at_current_company", "years_in_current_position"):
        _check_ids(call, name, _TENURE)
    check_enum(call.body, "company_size", CompanySize)
    check_enum(call.body, "company_type", CompanyType)
    check_enum(call.body, "relationship", Relationship)
    _check_ids(call, "recently_changed_jobs", ("RPC",))
    for name in ("included_companies", "excluded_companies", "past_companies"):
        value = call.get(name)
        if value is None:
            continue
        entries = value if isinstance(value, list) else [value, None]
        for entry in entries:
            if isinstance(entry, dict) and set(entry) == {"id"}:
                entry = entry["id"]
            if isinstance(entry, bool) or not (
                isinstance(entry, int) or (isinstance(entry, str) and entry.isdigit())
            ):
                unprocessable(f"Invalid {name} entry: {entry!r}. Use a LinkedIn "
                              "organization id or {\"id\": ...}")
    profile = call.get("connections_of_profile")
    if profile is not None and (
        not isinstance(profile, str)
        or not any(p in profile for p in ("linkedin.com/in/", "linkedin.com/sales/lead/"))
    ):
        unprocessable(f"connections_of_profile is not a LinkedIn profile URL: {profile!r}")


def _filter_key(call: Call) -> str:
    return "|".join(f"{k}={call.get(k)}" for k in sorted(call.body) if k not in (
        "webhook_url", "name", "limit", "streaming", "scale", "custom"))


def advanced_search(call: Call) -> Reply:
    # The reference requires webhook_url; Pronto's CLI starts the search without one and
    # polls it (Pipecorn/cli-pipecorn src/commands/leads/search.ts).
    check_url(call.body, "webhook_url", required=False)
    _advanced_filters(call)
    expected = 10 + _data.digest(call.seed, "expected", _filter_key(call)) % 2000
    total = min(_found(call, _filter_key(call)), _limit(call, _MAX_RESULTS))
    search = call.world.start_search(
        call.account.key, name=str(call.get("name") or "Lead search - API - "), total=total,
        streaming=call.get("streaming") is True, webhook_url=call.get("webhook_url"),
        custom=call.get("custom"),
    )
    if call.world.shapes.advanced_search is AdvancedSearchShape.FLAT:
        key = _filter_key(call)
        return 201, {
            "id": search.id,
            "preview": [_data.preview_lead(call.seed, key, i) for i in range(min(10, total))],
            "total": expected,
        }
    return 201, {"message": {
        "id": search.id,
        "search_name": search.name,
        "search_url": "https://www.linkedin.com/sales/search/people?query=fake",
        "expected_profiles_count": expected,
        "created_at": search.created_at,
        "custom": search.custom,
    }}


def advanced_search_preview(call: Call) -> Reply:
    _advanced_filters(call)
    key = _filter_key(call)
    total = 10 + _data.digest(call.seed, "expected", key) % 2000
    return 200, {
        "total_count": total,
        "preview": [_data.preview_lead(call.seed, key, i) for i in range(min(25, total))],
    }


def enrich(call: Call) -> Reply:
    """Firmographic data about one person: no email or phone (leads/single)."""
    url = call.get("linkedin_url")
    named = all(given(call.get(k)) for k in ("first_name", "last_name", "company_name"))
    if not given(url) and not named:
        bad_request("Provide linkedin_url, or first_name, last_name and company_name")
    key = str(url or "|".join(str(call.get(k)) for k in ("first_name", "last_name",
                                                           "company_name")))
    person = _data.lead(call.seed, "person", key)
    firm = _data.company(call.seed, "person", key)
    person.pop("most_probable_email")
    person.pop("most_probable_email_status")
    person.pop("phones")
    if given(url):
        person["linkedin_profile_url"] = url
    person["company_name"] = firm["name"]
    person["current_position"] = {"companyName": firm["name"], "title": person["title"]}
    return 200, person


HANDLERS: Final[dict[str, Handler]] = {
    "leads.search_in_company": search_in_company,
    "leads.extract": extract,
    "leads.advanced_search": advanced_search,
    "leads.advanced_search_preview": advanced_search_preview,
    "leads.enrich": enrich,
}

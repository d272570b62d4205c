"""Signals: LinkedIn activity (synchronous) and intent searches (webhook deliveries)."""

from __future__ import annotations

from typing import Any, Final

from ...enums import CompanySize, EngagementType, Function, PostedWithin, PublishedDate
from .. import _data
from .._call import Call, Handler, Reply
from .._rules import (
    Reject,
    bad_request,
    check_enum,
    check_url,
    given,
    int_at_least,
    missing_keys,
    string_list,
    unprocessable,
)

__all__ = ["HANDLERS"]

_GROWTH_COMPANY: Final = ("min_headcount_growth_percentage", "max_headcount_growth_percentage")
_GROWTH_DEPARTMENT: Final = (
    "min_department_headcount", "max_department_headcount",
    "min_department_headcount_growth_percentage", "max_department_headcount_growth_percentage",
)
#: signals/growth: "Only documented fields are allowed; unknown keys return 422".
_GROWTH_KEYS: Final = frozenset({
    "webhook_url", "streaming", "limit", "department", "company_size", "included_locations",
    "excluded_locations", "included_industries", *_GROWTH_COMPANY, *_GROWTH_DEPARTMENT,
})
#: signals/hiring: the documented parameters (unknown keys return 422).
_HIRING_KEYS: Final = frozenset({
    "webhook_url", "selected_keywords", "excluded_keywords", "selected_titles",
    "excluded_titles", "exclude_consulting_recruiting", "exclude_internships", "published_date",
    "included_locations", "excluded_locations", "company_size", "included_industries",
})
_STARTED: Final = ("Account search started successfully. You will receive the results on your "
                   "webhook shortly.")


def _count(call: Call, limit: int, *parts: Any) -> int:
    return min(limit, _data.digest(call.seed, "activity", *parts) % 12)


def posts(call: Call) -> Reply:
    missing_keys(call.body, ("linkedin_url", "limit"))
    within = call.get("posted_within")
    if within is not None and within not in {p.value for p in PostedWithin}:
        bad_request("Invalid posted_within. Use last_24_hours, last_7_days, last_30_days, or "
                    "omit the key.")
    limit = int_at_least(call.body, "limit", 1) or 1
    url = str(call.get("linkedin_url"))
    if "linkedin.com/" not in url:
        return 200, {"posts": []}  # unresolvable profile or company: an empty list
    author = _data.lead(call.seed, url)
    items = []
    for i in range(_count(call, limit, "posts", url)):
        post_id = str(7_000_000_000_000_000_000 + _data.digest(call.seed, "post", url, i) % 10**18)
        reactions = _data.digest(call.seed, "reactions", url, i) % 300
        comments = _data.digest(call.seed, "comments", url, i) % 40
        items.append({
            "author": author["full_name"],
            "author_url": url,
            "content": f"Post number {i + 1}.",
            "id": post_id,
            "urn": f"urn:li:activity:{post_id}",
            "base_url": f"https://www.linkedin.com/feed/update/urn:li:activity:{post_id}",
            "post_url": f"https://www.linkedin.com/posts/activity-{post_id}",
            "published_at": "2026-01-15",
            "engagement_count": reactions + comments,
            "reactions_count": reactions,
            "comments_count": comments,
        })
    return 200, {"posts": items}


def _activity(call: Call, kind: str) -> tuple[str, int]:
    missing_keys(call.body, ("linkedin_profile_url", "limit"))
    limit = int_at_least(call.body, "limit", 1) or 1
    url = str(call.get("linkedin_profile_url"))
    return url, _count(call, limit, kind, url)


def comments(call: Call) -> Reply:
    url, count = _activity(call, "comments")
    name = _data.lead(call.seed, url)["full_name"]
    items = []
    for i in range(count):
        activity = str(7_200_000_000_000_000_000 + _data.digest(call.seed, "c", url, i) % 10**18)
        urn = f"urn:li:comment:(urn:li:activity:{activity},{activity[:-3]}123)"
        items.append({
            "id": activity,
            "comment_url": f"https://www.linkedin.com/feed/update/urn:li:activity:{activity}",
            "author": name,
            "author_url": url,
            "comment_text": f"Comment number {i + 1}.",
            "commented_at": "2025-11-20T14:17:00Z",
            "urn": urn,
        })
    return 200, {"comments": items}


def reactions(call: Call) -> Reply:
    url, count = _activity(call, "reactions")
    kinds = ("LIKE", "CELEBRATE", "INSIGHTFUL", "FUNNY", "SUPPORT", "LOVE")
    items = []
    for i in range(count):
        activity = str(1_000_000_000_000_000_000 + _data.digest(call.seed, "r", url, i) % 10**18)
        author = _data.lead(call.seed, url, "author", i)
        items.append({
            "id": activity,
            "reaction_type": _data.pick(call.seed, kinds, "kind", url, i),
            "post_url": f"https://www.linkedin.com/posts/activity-{activity}",
            "author": author["full_name"],
            "author_url": author["linkedin_profile_url"],
            "reacted_at": "2026-03-11",
            "urn": f"urn:li:activity:{activity}",
        })
    return 200, {"reactions": items}


def connections(call: Call) -> Reply:
    # The reference names no field; accept the spellings the other signals use.
    names = ("linkedin_profile_url", "linkedin_url", "profile_url")
    target = next((call.get(n) for n in names if given(call.get(n))), None)
    if target is None:
        bad_request("Missing required keys: linkedin_profile_url")
    count = _data.digest(call.seed, "mutual", target) % 6
    people = [_data.lead(call.seed, target, "mutual", i) for i in range(count)]
    return 200, {"connections": [
        {"full_name": p["full_name"], "linkedin_profile_url": p["linkedin_profile_url"],
         "title": p["title"]} for p in people
    ]}


def post_engagers(call: Call) -> Reply:
    missing_keys(call.body, ("post_url", "webhook_url", "engagement_type"))
    check_url(call.body, "webhook_url", required=True)
    if call.get("engagement_type") not in {e.value for e in EngagementType}:
        unprocessable("engagement_type must be one of: reactions, comments, all")
    check_enum(call.body, "company_size", CompanySize)
    expected = _data.digest(call.seed, "engagers", call.get("post_url")) % 80
    search = call.world.start_search(
        call.account.key, name=str(call.get("lead_list_name") or "Post engagers"),
        total=expected, streaming=False, webhook_url=call.get("webhook_url"), custom=None,
    )
    return 201, {"search_id": search.id, "expected_profiles_count": expected}


def _tracking(call: Call, what: str) -> Reply:
    check_url(call.body, "webhook_url", required=True)
    return 201, {"id": call.world.new_id("tracking"),
                 "message": f"Tracking {what}: you will be notified on your webhook."}


def find_new_hires(call: Call) -> Reply:
    return _tracking(call, "new hires weekly")


def track_job_changes(call: Call) -> Reply:
    return _tracking(call, "job changes daily")


def _import(call: Call, body: dict[str, Any], total: int) -> dict[str, Any]:
    limit = body.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 1:
        total = min(total, limit)
    job = call.world.start_import(
        call.account.key, total=min(total, 1000), streaming=body.get("streaming") is True,
        webhook_url=body.get("webhook_url"),
    )
    return {
        "message": _STARTED,
        "id": job.id,
        "total": total,
        "preview": [_data.preview_account(call.seed, job.id, i) for i in range(min(10, total))],
    }


def lookalikes(call: Call) -> Reply:
    urls = call.get("company_linkedin_urls") or (
        [call.get("company_linkedin_url")] if given(call.get("company_linkedin_url")) else []
    )
    if not urls:
        bad_request("Provide at least one of: company_linkedin_url, company_linkedin_urls")
    check_url(call.body, "webhook_url", required=True)
    check_enum(call.body, "company_size", CompanySize)
    string_list(call.body, "included_locations")
    string_list(call.body, "excluded_locations")
    return 201, _import(call, call.body, 20 + _data.digest(call.seed, "alike", *urls) % 500)


def growth(call: Call) -> Reply:
    # The reference nests the fields under "account" but its example is flat: accept both.
    body = call.body
    if "account" in body:
        extra = sorted(set(body) - {"account"})
        body = body["account"]
        if not isinstance(body, dict):
            unprocessable("account must be an object")
        if extra:
            unprocessable(f"Unknown parameters: {', '.join(extra)}")
    unknown = sorted(set(body) - _GROWTH_KEYS)
    if unknown:
        unprocessable(f"Unknown parameters: {', '.join(unknown)}")
    if not given(body.get("webhook_url")):
        unprocessable("webhook_url is required")
    company_wide = [k for k in _GROWTH_COMPANY if body.get(k) is not None]
    department_fields = [k for k in _GROWTH_DEPARTMENT if body.get(k) is not None]
    department = body.get("department")
    if company_wide and (department is not None or department_fields):
        unprocessable("Department fields cannot be combined with company-wide headcount "
                      "growth fields")
    if department is not None:
        if not isinstance(department, str) or department not in {f.value for f in Function}:
            unprocessable(f"Invalid department: {department!r}")
        if not department_fields:
            unprocessable("department needs at least one of: " + ", ".join(_GROWTH_DEPARTMENT))
    elif department_fields:
        unprocessable("Department headcount fields need department")
    elif not company_wide:
        unprocessable("Provide at least one of: " + ", ".join(_GROWTH_COMPANY))
    check_enum(body, "company_size", CompanySize)
    for name in ("included_locations", "excluded_locations", "included_industries"):
        string_list(body, name)
    if call.account.credits <= 0:
        raise Reject(401, {"error": "Insufficient credits"})
    return 201, _import(call, body, 20 + _data.digest(call.seed, "growth", sorted(body)) % 900)


def hiring(call: Call) -> Reply:
    unknown = sorted(set(call.body) - _HIRING_KEYS)
    if unknown:
        unprocessable(f"Unknown parameters: {', '.join(unknown)}")
    check_url(call.body, "webhook_url", required=True)
    published = call.get("published_date")
    if published is not None and published not in {p.value for p in PublishedDate}:
        unprocessable(f"Invalid published_date: {published!r}")
    check_enum(call.body, "company_size", CompanySize)
    count = _data.digest(call.seed, "hiring", sorted(call.body)) % 150
    job = call.world.start_import(
        call.account.key, total=min(count, 100), streaming=False,
        webhook_url=call.get("webhook_url"),
    )
    message = ("More than 100 results returned, we will only fetch the first 100 results and "
               "return it to your webhook" if count > 100 else "Results will be sent to your "
               "webhook")
    return 201, {"preview_count": count, "message": message, "id": job.id}


HANDLERS: Final[dict[str, Handler]] = {
    "signals.posts": posts,
    "signals.comments": comments,
    "signals.reactions": reactions,
    "signals.post_engagers": post_engagers,
    "signals.connections": connections,
    "signals.find_new_hires": find_new_hires,
    "signals.track_job_changes": track_job_changes,
    "signals.lookalikes": lookalikes,
    "signals.growth": growth,
    "signals.hiring": hiring,
}

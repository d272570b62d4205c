"""Seeded, deterministic data: every value is a function of the fake's seed and the input.

Nothing here uses a random generator's hidden state, so the answer for one input does not
depend on what else was asked or in which order: a rerun (or a retry) sees the same people,
companies and found/not-found outcomes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import Any, Final, TypeVar

__all__ = [
    "company",
    "digest",
    "fraction",
    "lead",
    "make_uuid",
    "pick",
    "preview_account",
    "preview_lead",
]

T = TypeVar("T")

_FIRST: Final = ("Ada", "Grace", "Alan", "Linus", "Margaret", "Edsger", "Barbara", "Ken",
                 "Frances", "Donald", "Radia", "Guido", "Sophie", "Hedy", "Dennis", "Karen")
_LAST: Final = ("Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Dijkstra", "Liskov",
                "Thompson", "Allen", "Knuth", "Perlman", "Rossum", "Wilson", "Lamarr",
                "Ritchie", "Jones")
_TITLES: Final = ("VP of Sales", "Head of Marketing", "Chief Revenue Officer", "CTO",
                  "Engineering Manager", "Account Executive", "Head of Talent", "HR Director")
_COMPANIES: Final = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries",
                     "Wayne Enterprises", "Soylent", "Tyrell", "Cyberdyne")
_INDUSTRIES: Final = ("Software Development", "Technology, Information and Internet",
                      "Financial Services", "Education", "Automotive")
_CITIES: Final = ("Paris, France", "London, United Kingdom", "New York, United States",
                  "Berlin, Germany", "Dubai, United Arab Emirates")
_SIZES: Final = ("11-50", "51-200", "201-500", "501-1000", "1001-5000")


def digest(seed: int, *parts: Any) -> int:
    """A 64-bit integer decided by the seed and ``parts`` alone."""
    text = "\x1f".join([str(seed), *map(str, parts)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def fraction(seed: int, *parts: Any) -> float:
    """A number in [0, 1) decided by the seed and ``parts``."""
    return digest(seed, *parts) / 2**64


def pick(seed: int, options: Sequence[T], *parts: Any) -> T:
    return options[digest(seed, *parts) % len(options)]


def make_uuid(seed: int, *parts: Any) -> str:
    """A version-4-shaped UUID decided by the seed and ``parts``."""
    raw = hashlib.sha256("\x1f".join([str(seed), *map(str, parts)]).encode()).digest()[:16]
    return str(uuid.UUID(bytes=raw, version=4))


def company(seed: int, *parts: Any) -> dict[str, Any]:
    """A company in the shape of ``GET /searches/{id}``'s ``company`` (real-usage.md §5)."""
    name = pick(seed, _COMPANIES, "company", *parts)
    slug = name.lower().replace(" ", "")
    linkedin_id = str(100000 + digest(seed, "company-id", *parts) % 9_000_000)
    return {
        "name": name,
        "cleaned_name": name,
        "website": f"https://{slug}.example.com",
        "location": pick(seed, _CITIES, "city", *parts),
        "industry": pick(seed, _INDUSTRIES, "industry", *parts),
        "headquarters": pick(seed, _CITIES, "hq", *parts),
        "description": f"{name} builds things.",
        "linkedin_url": f"https://www.linkedin.com/company/{linkedin_id}",
        "linkedin_id": linkedin_id,
        "employee_range": pick(seed, _SIZES, "size", *parts),
        "company_profile_picture": None,
    }


def lead(seed: int, *parts: Any) -> dict[str, Any]:
    """A lead in the shape of ``GET /searches/{id}``'s ``lead`` (real-usage.md §5)."""
    first = pick(seed, _FIRST, "first", *parts)
    last = pick(seed, _LAST, "last", *parts)
    handle = f"{first}-{last}-{digest(seed, 'handle', *parts) % 10_000}".lower()
    qualified = fraction(seed, "qualified", *parts) < 0.8
    found = fraction(seed, "email", *parts) < 0.6
    return {
        "first_name": first,
        "last_name": last,
        "full_name": f"{first} {last}",
        "gender": None,
        "most_probable_email": f"{first}.{last}@example.com".lower() if found else None,
        "most_probable_email_status": "deliverable" if found else "N/A",
        "phones": [],
        "title": pick(seed, _TITLES, "title", *parts),
        "title_description": None,
        "summary": None,
        "linkedin_profile_url": f"https://www.linkedin.com/in/{handle}",
        "profile_image_url": None,
        "is_premium_linkedin": fraction(seed, "premium", *parts) < 0.3,
        "connection_degree": "3rd",
        "status": "QUALIFIED" if qualified else "DISQUALIFIED",
        "rejection_reason": [] if qualified else ["title"],
        "lk_headline": f"{pick(seed, _TITLES, 'title', *parts)} at Somewhere",
        "sales_navigator_profile_url": None,
        "current_positions_count": 1,
        "years_in_position": digest(seed, "yip", *parts) % 8,
        "months_in_position": digest(seed, "mip", *parts) % 12,
        "years_in_company": digest(seed, "yic", *parts) % 10,
        "months_in_company": digest(seed, "mic", *parts) % 12,
        "lk_connections_count": digest(seed, "conn", *parts) % 3000,
        "is_open_profile_linkedin": False,
        "is_open_to_work_linkedin": False,
    }


def preview_account(seed: int, *parts: Any) -> dict[str, Any]:
    """One entry of an account search ``preview`` (reference: accounts/search_preview)."""
    c = company(seed, *parts)
    return {
        "company_name": c["name"],
        "industry": c["industry"],
        "linkedin_id": c["linkedin_id"],
        "linkedin_url": c["linkedin_url"],
    }


def preview_lead(seed: int, *parts: Any) -> dict[str, Any]:
    """One entry of an advanced search ``preview`` (reference: leads/advanced_search_preview)."""
    person = lead(seed, *parts)
    firm = company(seed, *parts)
    linkedin_id = str(digest(seed, "lead-id", *parts) % 10**9)
    return {
        "full_name": person["full_name"],
        "headline": f"{person['title']} at {firm['name']}",
        "current_company": firm["name"],
        "current_title": person["title"],
        "linkedin_id": linkedin_id,
        "profile_url": person["linkedin_profile_url"],
    }

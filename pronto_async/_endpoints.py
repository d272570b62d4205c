"""The table of every documented Pronto operation: the single source of truth.

Paths, hosts, documented rate limits, credit costs, whether a call may charge, and default
timeouts live here and nowhere else. Each row cites the section of the public reference
(``shared/pronto-api-reference.md``, a copy of docs.prontohq.com) it comes from; where the
reference is silent, ``shared/real-usage.md`` is cited instead.

``charges`` is deliberately conservative. It is ``True`` for every call that consumes credits
or creates a server-side object, and for every call whose cost the reference does not state:
such a call is never re-sent once it may have reached the server (see ``_retry``). Only calls
the reference documents as free (previews, reads, the location lookup) are ``False``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

__all__ = ["DAY", "ENDPOINTS", "PHONE_NUMBERS_HIGH", "Endpoint", "Host", "Rate", "endpoint"]

DAY: Final = 86_400.0

_DOCS = "https://docs.prontohq.com/api-reference/endpoints/"


class Host(enum.Enum):
    """Which base URL an operation lives on (real-usage.md §1)."""

    #: ``https://app.prontohq.com/api/v2``: every operation but the synchronous enrichment.
    APP = "app"
    #: ``https://api.prontohq.com/v2``: the synchronous contact enrichment only.
    ENRICH = "enrich"


@attrs.frozen
class Rate:
    """A documented rate limit: at most ``requests`` in any window of ``per`` seconds."""

    #: Requests allowed in one window.
    requests: int = attrs.field(validator=attrs.validators.gt(0))
    #: Window length in seconds.
    per: float = attrs.field(converter=float, validator=attrs.validators.gt(0))

    @property
    def is_daily_quota(self) -> bool:
        """A per-day limit is a quota (counted, never paced), not a pace."""
        return self.per >= DAY

    @property
    def interval(self) -> float:
        """Seconds between two requests when paced at exactly this rate."""
        return self.per / self.requests

    def scaled(self, time_scale: float) -> Rate:
        """The same limit with windows ``time_scale`` times as long (0.01 = 100x faster)."""
        return Rate(self.requests, self.per * time_scale)

    def __str__(self) -> str:
        units = {1.0: "s", 60.0: "min", 3600.0: "h", DAY: "day"}
        unit = units.get(self.per)
        return f"{self.requests}/{unit}" if unit else f"{self.requests}/{self.per:g}s"


@attrs.frozen(kw_only=True)
class Endpoint:
    """One documented operation."""

    #: ``resource.method``, as the SDK names it (DESIGN §2).
    name: str
    #: HTTP method.
    method: str
    #: Path under the host's base URL; ``{id}``-style placeholders filled by ``path_params``.
    path: str
    #: Which base URL.
    host: Host = Host.APP
    #: The documented limit, or ``None`` when the reference documents none.
    rate: Rate | None = None
    #: Documented credit cost per request, or ``None`` when the reference does not state one.
    credits: int | None = None
    #: Credits per enrichment type found, for the contact enrichments whose price depends on
    #: what is asked (``{"email": 3, "phone": 30, …}``); ``None`` elsewhere.
    type_credits: Mapping[str, int] | None = None
    #: May consume credits or create something: never re-sent once it may have arrived.
    charges: bool
    #: Default total timeout of one attempt, in seconds.
    timeout: float = 30.0
    #: The reference section this row comes from.
    ref: str

    def url_path(self, path_params: Mapping[str, str] | None = None) -> str:
        """The path with its placeholders filled (values must already be quoted)."""
        return self.path.format_map(path_params or {})


def _row(
    name: str,
    method: str,
    path: str,
    ref: str,
    *,
    charges: bool,
    rate: Rate | None = None,
    credits: int | None = None,
    type_credits: Mapping[str, int] | None = None,
    host: Host = Host.APP,
    timeout: float = 30.0,
) -> Endpoint:
    return Endpoint(
        name=name,
        method=method,
        path=path,
        host=host,
        rate=rate,
        credits=credits,
        type_credits=type_credits,
        charges=charges,
        timeout=timeout,
        ref=ref if ref.startswith("real-usage") else _DOCS + ref,
    )


_PER_SECOND_50 = Rate(50, 1)
_PER_SECOND_20 = Rate(20, 1)
_PER_SECOND_1 = Rate(1, 1)
_PER_MINUTE_2 = Rate(2, 60)
_PER_DAY_500 = Rate(500, DAY)

# Contact enrichment is billed per data point found, and the reference gives no figure
# ("credits based on the enrichment type requested and the providers used"). Pronto's own CLI
# estimates 3 credits per email and 30 per phone (Pipecorn/cli-pipecorn,
# src/commands/contacts/enrich.ts, --dry-run); users budget the same (real-usage.md §1). A
# personal email is priced like an email, as FakePronto bills it. A phone is billed per
# number found: see PHONE_NUMBERS_HIGH.
_TYPE_CREDITS: Final[Mapping[str, int]] = MappingProxyType(
    {"email": 3, "phone": 30, "personal_email": 3}
)
#: Numbers one phone lookup can bill: "contacts often return 2-5 numbers" (real-usage.md §1).
PHONE_NUMBERS_HIGH: Final = 5

# The synchronous waterfall can run "close to a minute" (real-usage.md §1); the n8n node
# uses 120 s. LinkedIn-backed signal reads paginate a feed server-side before answering.
_WATERFALL_TIMEOUT = 120.0
_FEED_TIMEOUT = 60.0

#: Every documented operation, in the order of DESIGN §2.
ENDPOINTS: Final[tuple[Endpoint, ...]] = (
    # -- accounts -----------------------------------------------------------------------
    _row("accounts.enrich", "POST", "/accounts/single_enrich", "accounts/single",
         charges=True, rate=_PER_SECOND_20),
    _row("accounts.stack", "POST", "/accounts/company_stack", "accounts/company-stack",
         charges=True, rate=_PER_SECOND_20, credits=3),
    _row("accounts.hiring", "POST", "/accounts/company_hiring", "accounts/company-hiring",
         charges=True, rate=_PER_SECOND_20, credits=3),
    _row("accounts.headcount", "POST", "/accounts/headcount", "accounts/headcount",
         charges=True, rate=_PER_MINUTE_2),
    _row("accounts.count_profiles", "POST", "/accounts/count_profiles",
         "accounts/count-profiles", charges=True, rate=_PER_MINUTE_2),
    _row("accounts.search", "POST", "/accounts/search", "accounts/search",
         charges=True, rate=_PER_SECOND_1),
    _row("accounts.search_preview", "POST", "/accounts/search/preview",
         "accounts/search_preview", charges=False, rate=_PER_SECOND_1, credits=0),
    _row("accounts.extract", "POST", "/accounts/", "extract/accounts",
         charges=True, rate=_PER_SECOND_1),
    # -- contacts -----------------------------------------------------------------------
    _row("contacts.enrich", "POST", "/contacts/single_enrich", "contacts/sync_single_enrich",
         charges=True, rate=_PER_SECOND_50, host=Host.ENRICH, timeout=_WATERFALL_TIMEOUT,
         type_credits=_TYPE_CREDITS),
    _row("contacts.start_enrichment", "POST", "/contacts/single_enrich",
         "enrichments/single", charges=True, type_credits=_TYPE_CREDITS),
    _row("contacts.get", "GET", "/contacts/{id}", "contacts/single_enrich", charges=False),
    _row("contacts.bulk_enrich", "POST", "/contacts/bulk_enrich", "enrichments/batch",
         charges=True, type_credits=_TYPE_CREDITS),
    # -- leads --------------------------------------------------------------------------
    _row("leads.search_in_company", "POST", "/leads/search", "extract/leads_from_company",
         charges=True),
    _row("leads.extract", "POST", "/leads", "extract/leads",
         charges=True, rate=_PER_SECOND_1),
    _row("leads.advanced_search", "POST", "/leads/advanced_search", "leads/advanced_search",
         charges=True, rate=_PER_SECOND_1),
    _row("leads.advanced_search_preview", "POST", "/leads/advanced_search/preview",
         "leads/advanced_search_preview", charges=False, rate=_PER_SECOND_1, credits=0),
    _row("leads.enrich", "POST", "/leads/single_enrich", "leads/single",
         charges=True, rate=_PER_DAY_500),
    # -- searches -----------------------------------------------------------------------
    _row("searches.list", "GET", "/searches", "searches/index", charges=False),
    _row("searches.get", "GET", "/searches/{id}", "searches/show", charges=False),
    _row("searches.delete", "DELETE", "/searches/{id}", "searches/destroy", charges=False),
    # -- lists --------------------------------------------------------------------------
    _row("lists.create", "POST", "/lists", "lists/create", charges=True),
    _row("lists.list", "GET", "/lists", "lists/index", charges=False),
    _row("lists.get", "GET", "/lists/{id}", "lists/show", charges=False),
    _row("lists.update", "PUT", "/lists/{id}", "lists/update", charges=False),
    # -- personas -----------------------------------------------------------------------
    _row("personas.list", "GET", "/personas", "personas/index", charges=False),
    _row("personas.get", "GET", "/personas/{uuid}", "personas/show", charges=False),
    # -- signals ------------------------------------------------------------------------
    _row("signals.posts", "POST", "/intents/leads/posts", "signals/posts",
         charges=True, timeout=_FEED_TIMEOUT),
    _row("signals.comments", "POST", "/intents/leads/comments", "signals/comments",
         charges=True, timeout=_FEED_TIMEOUT),
    _row("signals.reactions", "POST", "/intents/leads/reactions", "signals/reactions",
         charges=True, timeout=_FEED_TIMEOUT),
    _row("signals.post_engagers", "POST", "/intents/leads/posts_engagers",
         "signals/post_engagers", charges=True),
    _row("signals.connections", "POST", "/intents/leads/connections", "signals/connections",
         charges=True, timeout=_FEED_TIMEOUT),
    _row("signals.find_new_hires", "POST", "/intents/leads/find_new_hires",
         "signals/find_new_hires", charges=True),
    _row("signals.track_job_changes", "POST", "/intents/leads/track_job_changes",
         "signals/track_job_changes", charges=True),
    _row("signals.lookalikes", "POST", "/intents/accounts/lookalikes",
         "signals/company_lookalike", charges=True),
    _row("signals.growth", "POST", "/intents/accounts/growth", "signals/growth", charges=True),
    _row("signals.hiring", "POST", "/intents/accounts/hiring", "signals/hiring", charges=True),
    # -- account, locations ---------------------------------------------------------------
    _row("account.credits", "GET", "/credits", "miscellaneous/account-credits", charges=False),
    _row("account.info", "GET", "/account", "miscellaneous/get-account-info", charges=False),
    _row("locations.search", "POST", "/locations", "miscellaneous/location-ids", charges=False),
)

_BY_NAME: Final[Mapping[str, Endpoint]] = MappingProxyType({e.name: e for e in ENDPOINTS})


def endpoint(name: str) -> Endpoint:
    """The row called ``name``.

    Raises:
        KeyError: no such operation (a programming error inside the SDK).
    """
    return _BY_NAME[name]

"""What the fake remembers: API keys and their credits, rate windows, charges, counters."""

from __future__ import annotations

import collections
import json
from typing import Any

import attrs

from .._endpoints import Rate

__all__ = ["EndpointStats", "KeyAccount", "SlidingWindow", "Stats", "WebhookStats", "canonical"]


def canonical(body: Any) -> str:
    """One spelling per JSON value (sorted keys, no spaces): what "the same input" means."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@attrs.define
class KeyAccount:
    """One API key's account on the fake."""

    #: The key itself (the ``X-API-KEY`` value).
    key: str
    #: Credit balance; ``GET /credits`` reports it and charging calls draw it down.
    credits: int
    #: Whether the account consented to personal-email enrichment.
    personal_email_consent: bool = True
    #: Reported by ``GET /account``.
    email: str = "fake@example.com"


@attrs.define
class EndpointStats:
    """Counters of one operation. Reads are safe from any thread."""

    #: Requests that reached the operation's route (authenticated or not).
    requests: int = 0
    #: Requests admitted by the rate limit (they count in its window).
    accepted: int = 0
    #: Requests answered 429.
    rate_limited: int = 0
    #: Requests answered 401.
    unauthorized: int = 0
    #: Requests hit by an injected fault.
    faults: int = 0
    #: The same, by fault (``Fault.value``: ``"500"``, ``"drop_after"``, ...).
    faults_by_kind: dict[str, int] = attrs.field(factory=dict)
    #: The most requests admitted within any one window of the limit.
    max_in_window: int = 0
    #: Requests that were charged (credits drawn, or a charging call carried out).
    charged: int = 0
    #: Credits drawn.
    credits: int = 0
    #: Charges of an input already charged before (same canonical body): paying twice.
    duplicate_charges: int = 0


@attrs.define
class WebhookStats:
    """Webhook deliveries made by the fake."""

    #: Payloads delivered (answered 2xx).
    delivered: int = 0
    #: Attempts that failed (non-2xx, connection error, timeout); retried while attempts last.
    failed_attempts: int = 0
    #: Payloads given up on after the last attempt.
    abandoned: int = 0
    #: Payloads not sent because the URL is off loopback (see ``external_webhooks``).
    skipped: int = 0


class Stats:
    """``fake.stats``: counters by operation name, and their totals."""

    def __init__(self, names: list[str]) -> None:
        self._by_name = {name: EndpointStats() for name in names}
        #: Webhook delivery counters.
        self.webhooks = WebhookStats()
        self._charged: collections.Counter[tuple[str, str]] = collections.Counter()

    def __getitem__(self, name: str) -> EndpointStats:
        """The counters of operation ``name`` (``"contacts.enrich"``)."""
        return self._by_name[name]

    def items(self) -> list[tuple[str, EndpointStats]]:
        return list(self._by_name.items())

    def _total(self, field: str) -> int:
        return sum(getattr(s, field) for s in self._by_name.values())

    @property
    def requests(self) -> int:
        return self._total("requests")

    @property
    def rate_limited(self) -> int:
        return self._total("rate_limited")

    @property
    def faults(self) -> int:
        return self._total("faults")

    @property
    def credits(self) -> int:
        return self._total("credits")

    @property
    def duplicate_charges(self) -> int:
        return self._total("duplicate_charges")

    def record_charge(self, name: str, body: Any, credits: int) -> None:
        """Note that ``name`` was carried out (and billed ``credits``) for ``body``."""
        stats = self._by_name[name]
        key = (name, canonical(body))
        if self._charged[key]:
            stats.duplicate_charges += 1
        self._charged[key] += 1
        stats.charged += 1
        stats.credits += credits

    def times_charged(self, name: str, body: Any) -> int:
        """How often ``name`` was charged for exactly ``body``."""
        return self._charged[(name, canonical(body))]

    def as_dict(self) -> dict[str, Any]:
        """Every non-zero counter, by operation: handy in assertion messages."""
        out: dict[str, Any] = {
            name: {k: v for k, v in attrs.asdict(s).items() if v}
            for name, s in self._by_name.items()
            if s.requests
        }
        out["webhooks"] = attrs.asdict(self.webhooks)
        return out

    def __repr__(self) -> str:
        return f"Stats({self.as_dict()!r})"


class SlidingWindow:
    """A strict sliding window: at most ``rate.requests`` admitted in any ``window`` seconds.

    Only admitted requests count (a 429 does not extend the wait), which is the kindest
    reading of a documented "N requests per T" and still never lets N + 1 into one window.
    """

    __slots__ = ("_admitted", "_limit", "_window")

    def __init__(self, rate: Rate, window: float) -> None:
        self._limit = rate.requests
        self._window = window
        self._admitted: collections.deque[float] = collections.deque()

    def admit(self, now: float) -> tuple[bool, float, int]:
        """Try to admit a request at ``now``: (admitted, seconds until a slot frees, count
        in the window including this one)."""
        while self._admitted and self._admitted[0] <= now - self._window:
            self._admitted.popleft()
        if len(self._admitted) >= self._limit:
            return False, self._admitted[0] + self._window - now, len(self._admitted)
        self._admitted.append(now)
        return True, 0.0, len(self._admitted)

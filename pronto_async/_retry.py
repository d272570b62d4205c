"""Credit-safe retry policy: pure functions, no I/O (DESIGN §5).

Pronto has no idempotency key, so whether a failed attempt may be re-sent depends on whether
the endpoint ``charges``:

- free calls retry 408, 409, 429, 5xx, a 2xx that is not JSON, connection failures, timeouts;
- charging calls retry only what cannot have been charged: 429 (the server refused the call)
  and connection failures before the request was sent. Anything else after sending (a timeout,
  a 5xx, a dropped connection, a garbled 2xx) is raised with ``may_have_charged=True``, unless
  the caller opted in with ``retry_ambiguous=True``.

Client errors (other 4xx) are never retried and never charged.
"""

from __future__ import annotations

import email.utils
import enum
import math
import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

import attrs

__all__ = [
    "MAX_RETRY_AFTER",
    "Decision",
    "Outcome",
    "backoff",
    "decide",
    "parse_retry_after",
]

#: The longest ``Retry-After`` we wait for; a longer one is raised to the caller.
MAX_RETRY_AFTER: Final = 120.0
_BACKOFF_BASE: Final = 0.5
_BACKOFF_CAP: Final = 8.0


class Outcome(enum.Enum):
    """How one attempt ended, as far as retrying is concerned."""

    OK = "ok"
    #: Connection refused, DNS failure, connect timeout: the request never left.
    NOT_SENT = "not_sent"
    #: Timeout or dropped connection after (possibly) sending.
    LOST = "lost"
    #: 2xx whose body is not the JSON expected.
    GARBLED = "garbled"
    #: 429.
    RATE_LIMITED = "rate_limited"
    #: 408, 409, 5xx: the server may or may not have done the work.
    SERVER_ERROR = "server_error"
    #: Any other 4xx: the request is wrong; the server did nothing.
    CLIENT_ERROR = "client_error"

    @classmethod
    def of_status(cls, status: int) -> Outcome:
        """Classify an HTTP status."""
        if 200 <= status < 300:
            return cls.OK
        if status == 429:
            return cls.RATE_LIMITED
        if status in (408, 409) or status >= 500:
            return cls.SERVER_ERROR
        return cls.CLIENT_ERROR


@attrs.frozen
class Decision:
    """What to do after an attempt."""

    #: Send again (after the backoff, or after the 429 gate).
    retry: bool
    #: If raised now, may this attempt have consumed credits?
    may_have_charged: bool


_AMBIGUOUS: Final = frozenset({Outcome.LOST, Outcome.GARBLED, Outcome.SERVER_ERROR})


def decide(
    outcome: Outcome,
    *,
    charges: bool,
    attempt: int,
    max_retries: int,
    retry_ambiguous: bool = False,
) -> Decision:
    """Decide whether attempt number ``attempt`` (0-based) may be re-sent.

    Args:
        outcome: How the attempt ended.
        charges: The endpoint may consume credits.
        attempt: 0 for the first attempt.
        max_retries: Retries allowed after the first attempt.
        retry_ambiguous: Re-send charging calls even when they may have been charged.
    """
    if outcome is Outcome.OK:
        return Decision(retry=False, may_have_charged=False)
    if outcome is Outcome.CLIENT_ERROR:
        return Decision(retry=False, may_have_charged=False)
    budget_left = attempt < max_retries
    if outcome in (Outcome.RATE_LIMITED, Outcome.NOT_SENT):
        return Decision(retry=budget_left, may_have_charged=False)
    # Ambiguous: the server may have done (and billed) the work.
    may_have_charged = charges
    retry = budget_left and (not charges or retry_ambiguous)
    return Decision(retry=retry, may_have_charged=may_have_charged)


def backoff(attempt: int, *, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``attempt + 1``: ``min(8, 0.5·2^n)``, jittered.

    The jitter keeps between half and all of the exponential delay, so retries of many
    concurrent calls spread out instead of arriving together.
    """
    delay = min(_BACKOFF_CAP, _BACKOFF_BASE * 2.0**attempt)
    return delay * (0.5 + 0.5 * rand())


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date; ``None`` if absent
    or unreadable. Never negative."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())

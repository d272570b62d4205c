"""The client the commands use, and what their errors say on one line.

The key comes from ``--api-key`` or ``PRONTO_API_KEY``, the hosts from ``PRONTO_BASE_URL`` and
``PRONTO_ENRICH_BASE_URL`` (read by :class:`~pronto_async.AsyncPronto` itself). The key is
never printed: the SDK keeps it out of every message, and so does this module.
"""

from __future__ import annotations

import os
from typing import Any

from .._client import AsyncPronto
from ..errors import (
    APIConnectionError,
    AuthenticationError,
    InsufficientCreditsError,
    LedgerError,
    LimiterUnavailableError,
    PermissionDeniedError,
    PlanLimitError,
    ProntoError,
    RepeatedFailureError,
    ValidationError,
)
from ._errors import EXIT_RUNTIME, CLIError, UsageError

__all__ = ["FATAL", "STOPS", "make_client", "runtime_error"]

#: Errors that every other row would get too: the run stops at the first one.
FATAL = (
    AuthenticationError, PermissionDeniedError, InsufficientCreditsError, PlanLimitError,
    LimiterUnavailableError,  # PRONTO_REDIS_URL set and Redis down: nothing can be sent
)
#: What ends a fan-out early: the errors above, a run whose first calls all fail alike, and a
#: ledger that cannot be written.
STOPS = (*FATAL, RepeatedFailureError, LedgerError)


def make_client(api_key: str | None, **settings: Any) -> AsyncPronto:
    """An :class:`AsyncPronto` from the flags and the environment.

    Raises:
        UsageError: no key anywhere, or a setting (a base URL) is invalid.
    """
    try:
        return AsyncPronto(api_key or None, **settings)
    except AuthenticationError:
        raise UsageError(
            "no API key: set PRONTO_API_KEY or pass --api-key "
            "(create one at https://app.prontohq.com/settings/apis/keys)"
        ) from None
    except ValidationError as exc:
        raise UsageError(f"configuration: {'; '.join(exc.problems)}") from None


def runtime_error(exc: ProntoError) -> CLIError:
    """The one line (and exit 1) for an SDK error that ends a command.

    Credits and plan limits say what to do, as Pronto's own CLI does (``Pipecorn/cli-pipecorn``
    src/api/errors.ts: "Recharge credits at …/settings/subscriptions/credits", "Upgrade your
    plan at …/settings/subscriptions"). The pages are theirs on Pronto's app host: the rebrand
    kept the app's paths (its key page is ``/settings/apis/keys`` on both).
    """
    if isinstance(exc, InsufficientCreditsError):
        return CLIError(
            f"not enough credits ({_said(exc)}): recharge at "
            f"{_APP}/settings/subscriptions/credits",
            status=EXIT_RUNTIME,
        )
    if isinstance(exc, PlanLimitError):
        return CLIError(
            f"your plan's limit is reached ({_said(exc)}): upgrade it at "
            f"{_APP}/settings/subscriptions, or wait for the next period",
            status=EXIT_RUNTIME,
        )
    if isinstance(exc, AuthenticationError):
        return CLIError(
            "the API key was refused (401 Unauthorized): check PRONTO_API_KEY or --api-key",
            status=EXIT_RUNTIME,
        )
    if isinstance(exc, APIConnectionError):
        host = os.environ.get("PRONTO_BASE_URL") or "Pronto"
        return CLIError(f"cannot reach {host}: {exc.message}", status=EXIT_RUNTIME)
    return CLIError(str(exc), status=EXIT_RUNTIME)


_APP = "https://app.prontohq.com"


def _said(exc: ProntoError) -> str:
    """What the server said, with its status: ``422 Insufficient enrichment credits``."""
    status = getattr(exc, "status", None)
    return f"{status} {exc.message}" if status is not None else exc.message

"""Your account, credits and location IDs (reference: miscellaneous/*; real-usage.md §7)."""

from __future__ import annotations

from typing import ClassVar, Final

import attrs

from .._convert import Model, wire

__all__ = ["AccountInfo", "Credits", "Location", "Organization"]

#: Where a balance may be, in order. The reference shows no body ("Get your current credit
#: balance and usage information", miscellaneous/account-credits; "Get remaining Pronto
#: credits", the MCP tool ``get_credits``), and Pronto's own clients read it untyped
#: (Pipecorn/cli-pipecorn, src/api/endpoints.ts ``Credits``: ``{[key: string]: unknown}``;
#: the n8n node's credential test only checks for a 2xx): these are the names that wording
#: and common API usage give it.
BALANCE_KEYS: Final = (
    "credits",
    "balance",
    "remaining_credits",
    "credits_remaining",
    "credit_balance",
    "available_credits",
    "remaining",
)


@attrs.frozen(kw_only=True)
class Credits(Model):
    """Credit balance (``GET /credits``).

    The balance is read from the first of :attr:`balance_keys` present (``credits``,
    ``balance``, ``remaining_credits``, ``credits_remaining``, ``credit_balance``,
    ``available_credits``, ``remaining``); every other field, a balance under another name
    included, is kept in ``extra``.
    """

    #: The names the balance is read from, in order.
    balance_keys: ClassVar[tuple[str, ...]] = BALANCE_KEYS

    credits: int | None = wire(*BALANCE_KEYS)


@attrs.frozen(kw_only=True)
class Organization(Model):
    id: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class AccountInfo(Model):
    """Account details (``GET /account``)."""

    email: str | None = None
    name: str | None = None
    organization: Organization | None = None


@attrs.frozen(kw_only=True)
class Location(Model):
    """A LinkedIn location for ``included_locations``/``excluded_locations``."""

    #: LinkedIn geoRegion id, e.g. ``"104305776"``.
    id: str | None = wire("id", "_id")
    name: str | None = None
    #: ``COUNTRY``, ``REGION``, ``CITY`` … when the server says.
    type: str | None = None

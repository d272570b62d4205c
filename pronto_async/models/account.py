"""Your account, credits and location IDs (reference: miscellaneous/*; real-usage.md §7)."""

from __future__ import annotations

import attrs

from .._convert import Model, wire

__all__ = ["AccountInfo", "Credits", "Location", "Organization"]


@attrs.frozen(kw_only=True)
class Credits(Model):
    """Credit balance (``GET /credits``). The reference shows no body: the balance is read
    from the first of ``credits``, ``balance``, ``remaining_credits`` present, and every other
    field is kept in ``extra``."""

    credits: int | None = wire("credits", "balance", "remaining_credits")


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

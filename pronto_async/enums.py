"""Documented value sets. String enums: every method accepts a member or its plain value, and
values the server sends that are not listed here never fail parsing (models keep strings)."""

from __future__ import annotations

import enum

__all__ = ["EnrichmentType"]


class EnrichmentType(enum.StrEnum):
    """What a contact enrichment looks for (reference: contacts/sync_single_enrich)."""

    EMAIL = "email"
    PHONE = "phone"
    #: Needs the account's GDPR consent and a ``linkedin_url``.
    PERSONAL_EMAIL = "personal_email"

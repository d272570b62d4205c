"""``pronto.accounts``: company enrichment, technographics and job postings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from .._facade import SyncResource, forward
from .._validate import Problems, build_body
from ..models.companies import Company, CompanyHiring, CompanyStack
from ._base import Resource, operation

__all__ = ["Accounts", "SyncAccounts", "company_identity"]

_COUNTRY: Final = re.compile(r"^[A-Za-z]{2}$")


def company_identity(
    p: Problems,
    *,
    company_domain: str | None,
    company_name: str | None,
    company_linkedin_url: str | None,
) -> dict[str, Any]:
    """The documented "provide at least one of" trio of stack and hiring."""
    fields = {
        "company_name": p.text("company_name", company_name),
        "company_domain": p.text("company_domain", company_domain),
        "company_linkedin_url": p.url("company_linkedin_url", company_linkedin_url),
    }
    p.at_least_one(
        {
            "company_domain": company_domain,
            "company_name": company_name,
            "company_linkedin_url": company_linkedin_url,
        }
    )
    return fields


class Accounts(Resource):
    """Companies (accounts, in Pronto's words)."""

    __slots__ = ()

    @operation("accounts.enrich")
    async def enrich(
        self,
        *,
        company_linkedin_url: str | None = None,
        name: str | None = None,
        domain: str | None = None,
        country: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Company:
        """Firmographics of one company.

        The reference documents no body; these are the fields public code sends
        (real-usage.md §3).

        Args:
            company_linkedin_url: The company's LinkedIn page.
            name: Company name.
            domain: Website domain, e.g. ``"notion.so"``.
            country: Two-letter ISO code narrowing a name match, e.g. ``"FR"``.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Raises:
            ValidationError: none of ``company_linkedin_url``, ``name``, ``domain`` (nothing is
                sent), or a ``country`` that is not two letters.
            NotFoundError: no such company.
        """
        p = Problems("accounts.enrich")
        code = p.text("country", country)
        if code is not None and not _COUNTRY.match(code):
            p.add(f"country must be a two-letter ISO code, got {code!r}")
        p.at_least_one(
            {"company_linkedin_url": company_linkedin_url, "name": name, "domain": domain}
        )
        body = build_body(
            p,
            {
                "company_linkedin_url": p.url("company_linkedin_url", company_linkedin_url),
                "name": p.text("name", name),
                "domain": p.text("domain", domain),
                "country": code.upper() if code else None,
            },
            extra_body,
        )
        return await self._call("accounts.enrich", Company, json=body)

    @operation("accounts.stack")
    async def stack(
        self,
        *,
        company_name: str | None = None,
        company_domain: str | None = None,
        company_linkedin_url: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> CompanyStack:
        """A company's technology stack, with the confidence of each technology.

        Args:
            company_name: Company name.
            company_domain: Website domain.
            company_linkedin_url: LinkedIn page (the reference's example spells it
                ``company_linkedin``; send that through ``extra_body`` if you must).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Raises:
            ValidationError: none of the three identifiers (nothing is sent).
        """
        p = Problems("accounts.stack")
        fields = company_identity(
            p, company_domain=company_domain, company_name=company_name,
            company_linkedin_url=company_linkedin_url,
        )
        body = build_body(p, fields, extra_body)
        return await self._call("accounts.stack", CompanyStack, json=body)

    @operation("accounts.hiring")
    async def hiring(
        self,
        *,
        company_domain: str | None = None,
        company_name: str | None = None,
        company_linkedin_url: str | None = None,
        posted_within_days: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> CompanyHiring:
        """A company's open job postings.

        Args:
            company_domain: Website domain.
            company_name: Company name.
            company_linkedin_url: LinkedIn page.
            posted_within_days: Only jobs posted in the last N days (N >= 1).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Raises:
            ValidationError: none of the three identifiers, or ``posted_within_days < 1``
                (nothing is sent).
        """
        p = Problems("accounts.hiring")
        fields = company_identity(
            p, company_domain=company_domain, company_name=company_name,
            company_linkedin_url=company_linkedin_url,
        )
        fields["posted_within_days"] = p.integer(
            "posted_within_days", posted_within_days, minimum=1
        )
        body = build_body(p, fields, extra_body)
        return await self._call("accounts.hiring", CompanyHiring, json=body)


class SyncAccounts(SyncResource):
    """Blocking twin of :class:`Accounts`."""

    __slots__ = ()
    enrich = forward(Accounts.enrich)
    stack = forward(Accounts.stack)
    hiring = forward(Accounts.hiring)

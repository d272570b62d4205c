"""``pronto.contacts``: professional email, personal email and phone enrichment."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from .._facade import SyncResource, forward
from .._validate import Problems, build_body
from ..enums import EnrichmentType
from ..models.contacts import ContactEnrichment
from ._base import Resource, operation

__all__ = ["Contacts", "SyncContacts", "contact_fields"]

_ISO_COUNTRY: Final = re.compile(r"^[A-Za-z]{2}$")
_NEEDS_LINKEDIN: Final = frozenset({EnrichmentType.PHONE, EnrichmentType.PERSONAL_EMAIL})

EnrichmentTypes = EnrichmentType | str | Sequence[EnrichmentType | str]


def contact_fields(
    p: Problems,
    *,
    first_name: Any,
    last_name: Any,
    enrichment_type: Any,
    linkedin_url: Any,
    domain: Any,
    company_name: Any,
    phone_country_codes: Any,
    custom: Any,
    require_company_for_email: bool,
) -> dict[str, Any]:
    """Validate one contact into its wire fields (``firstname``/``lastname``, no underscore).

    Rules (reference: contacts/sync_single_enrich, enrichments/single, enrichments/batch):
    first and last name required; ``enrichment_type`` a non-empty list of ``email``,
    ``phone``, ``personal_email``; ``linkedin_url`` required for ``phone`` and
    ``personal_email``; for the asynchronous endpoints, ``domain`` or ``company_name`` is
    required for ``email``.
    """
    if isinstance(enrichment_type, str | EnrichmentType):
        enrichment_type = [enrichment_type]
    if enrichment_type is None:
        p.add("enrichment_type is required")
    types = p.choices("enrichment_type", enrichment_type, EnrichmentType)
    url = p.url("linkedin_url", linkedin_url)
    company = {
        "domain": p.text("domain", domain),
        "company_name": p.text("company_name", company_name),
    }
    if types:
        needing = [t for t in types if t in _NEEDS_LINKEDIN]
        if needing and linkedin_url is None:
            p.add(f"linkedin_url is required for enrichment_type {' and '.join(needing)}")
        if require_company_for_email and EnrichmentType.EMAIL.value in types and (
            domain is None and company_name is None
        ):
            p.add("domain or company_name is required for enrichment_type email")
    codes = p.strings("phone_country_codes", phone_country_codes)
    if codes is not None:
        bad = [c for c in codes if not _ISO_COUNTRY.match(c)]
        if bad:
            p.add(f"phone_country_codes must be two-letter ISO codes, got {bad[:3]!r}")
        codes = [c.upper() for c in codes]
    return {
        "firstname": p.text("first_name", first_name, required=True),
        "lastname": p.text("last_name", last_name, required=True),
        "linkedin_url": url,
        **company,
        "enrichment_type": types,
        "phone_country_codes": codes,
        "custom": p.mapping("custom", custom),
    }


class Contacts(Resource):
    """People you want an email or phone number for."""

    __slots__ = ()

    @operation("contacts.enrich")
    async def enrich(
        self,
        *,
        first_name: str,
        last_name: str,
        enrichment_type: EnrichmentTypes,
        linkedin_url: str | None = None,
        domain: str | None = None,
        company_name: str | None = None,
        phone_country_codes: Sequence[str] | None = None,
        custom: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> ContactEnrichment:
        """Enrich one contact and wait for the answer (the synchronous waterfall).

        Sent to the enrichment host (``https://api.prontohq.com/v2``), where the waterfall runs
        inline; it can take up to a minute when phone numbers are asked for.

        Args:
            first_name: Sent as ``firstname``.
            last_name: Sent as ``lastname``.
            enrichment_type: Any of ``email``, ``phone``, ``personal_email`` (a list, or one).
            linkedin_url: The contact's LinkedIn profile; required for ``phone`` and
                ``personal_email``, recommended always.
            domain: The company's website domain.
            company_name: The company's name.
            phone_country_codes: Only look for numbers of these ISO countries (``["FR"]``).
            custom: Your correlation data, echoed back unchanged.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            The result; ``found`` tells whether anything came back, ``phones`` is always a
            list of :class:`Phone` whatever shape the server used.

        Raises:
            ValidationError: a rule above is broken (nothing is sent).
            ConsentRequiredError: ``personal_email`` without the account's consent.
            InsufficientCreditsError: not enough credits.
        """
        p = Problems("contacts.enrich")
        fields = contact_fields(
            p,
            first_name=first_name,
            last_name=last_name,
            enrichment_type=enrichment_type,
            linkedin_url=linkedin_url,
            domain=domain,
            company_name=company_name,
            phone_country_codes=phone_country_codes,
            custom=custom,
            require_company_for_email=False,
        )
        body = build_body(p, fields, extra_body)
        return await self._call("contacts.enrich", ContactEnrichment, json=body)


class SyncContacts(SyncResource):
    """Blocking twin of :class:`Contacts`."""

    __slots__ = ()
    enrich = forward(Contacts.enrich)

"""Contact enrichment: results (reference: contacts/sync_single_enrich, contacts/single_enrich;
real-usage.md §1 for the drift between the synchronous and asynchronous shapes), the bulk job's
answer (enrichments/batch), and the input row of bulk and fan-out calls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Final

import attrs

from .._convert import Model, wire

__all__ = ["BulkEnrichment", "ContactEnrichment", "ContactInput", "Phone"]

#: ``success``/``finished`` mean every requested lookup ran (real-usage.md §1); ``error``
#: means it ran and found nothing.
_DONE: Final = frozenset({"success", "finished", "error"})


@attrs.frozen(kw_only=True)
class Phone(Model):
    """A phone number. Arrives as a bare E.164 string or as ``{number, type}``."""

    scalar_field: ClassVar[str | None] = "number"

    #: E.164 number, e.g. ``"+33612345678"``.
    number: str | None = wire("number", "phone", "value")
    #: ``"mobile"``, ``"landline"`` … when the server says.
    type: str | None = None

    def __str__(self) -> str:
        return self.number or ""


@attrs.frozen(kw_only=True)
class ContactEnrichment(Model):
    """One contact's enrichment: the synchronous answer, the async record, or its webhook.

    The server spells several fields two ways; both are read into one attribute:
    ``phones``/``phone``, ``enrichment_id``/``id``, ``first_name``/``firstname``/``firstName``,
    ``linkedin_profile_url``/``linkedin_url``.
    """

    #: Id to poll with ``GET /contacts/{id}``.
    enrichment_id: str | None = wire("enrichment_id", "id")
    first_name: str | None = wire("first_name", "firstname", "firstName")
    last_name: str | None = wire("last_name", "lastname", "lastName")
    linkedin_profile_url: str | None = wire("linkedin_profile_url", "linkedin_url")
    #: ``pending``, ``success``/``finished`` (done), ``error`` (done, nothing found).
    status: str | None = None
    #: Explanation when nothing was found.
    message: str | None = None
    email: str | None = None
    #: ``deliverable``, ``valid``, ``catch-all``, ``risky``, ``invalid``, ``N/A``.
    email_status: str | None = None
    personal_email: str | None = None
    #: ``valid``, ``invalid``, ``N/A``.
    personal_email_status: str | None = None
    phones: list[Phone] | None = wire("phones", "phone")
    #: ``valid`` or ``not_found``.
    phone_status: str | None = None
    #: Your correlation data, echoed back unchanged.
    custom: Mapping[str, Any] | None = None

    @property
    def is_done(self) -> bool:
        """Every requested lookup has run (with or without a result)."""
        return (self.status or "").lower() in _DONE

    @property
    def found(self) -> bool:
        """At least one email, personal email or phone number came back."""
        return bool(self.email or self.personal_email or self.phones)


@attrs.frozen(kw_only=True)
class BulkEnrichment(Model):
    """The immediate answer of ``contacts.bulk_enrich`` (202): the batch is queued.

    Each contact's result is then POSTed to the batch's ``webhook_url``; the reference
    documents no way to read a batch back by its id.
    """

    #: The batch's id (``id`` is read too, as for the single enrichment).
    enrichment_id: str | None = wire("enrichment_id", "id")
    #: ``queued`` or ``processing``.
    status: str | None = None


@attrs.frozen(kw_only=True)
class ContactInput(Model):
    """One contact to enrich, for ``contacts.bulk_enrich`` and ``contacts.enrich_many``.

    A plain dict works as well, in any common spelling (``first_name``/``firstname``/
    ``firstName``, ``domain``/``company_domain``, ``linkedin_url``/``linkedin_profile_url``);
    the SDK sends the wire names. Rules are checked when the row is used, not here, so that
    one bad row fails alone (with its index) instead of stopping the construction of a batch.
    """

    #: Required.
    first_name: str | None = wire("first_name", "firstname", "firstName")
    #: Required.
    last_name: str | None = wire("last_name", "lastname", "lastName")
    #: The LinkedIn profile; required for ``phone`` and ``personal_email``.
    linkedin_url: str | None = wire("linkedin_url", "linkedin_profile_url")
    #: The company's website domain (``domain`` or ``company_name`` is required for ``email``
    #: on the asynchronous endpoints).
    domain: str | None = wire("domain", "company_domain")
    company_name: str | None = None
    #: Your correlation data, echoed back with this contact's result.
    custom: Mapping[str, Any] | None = None

"""Contact enrichment results (reference: contacts/sync_single_enrich, contacts/single_enrich;
real-usage.md §1 for the drift between the synchronous and asynchronous shapes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Final

import attrs

from .._convert import Model, wire

__all__ = ["ContactEnrichment", "Phone"]

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

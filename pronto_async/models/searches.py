"""Lead searches already started (reference: searches/index, searches/show, searches/destroy;
bodies from real-usage.md §5, and the flat detail Pronto's own CLI reads)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._convert import Model, structure
from ..enums import SearchStatus
from .companies import Company
from .leads import Lead

__all__ = ["Search", "SearchDeletion", "SearchDetail", "SearchLead", "SearchSummary"]


def _status(value: str | None) -> str | None:
    """A documented status becomes its :class:`SearchStatus` member (still a ``str``); an
    undocumented one is kept as the server sent it, so a new status never breaks parsing."""
    if value is None or isinstance(value, SearchStatus):
        return value
    try:
        return SearchStatus(value)
    except ValueError:
        return value


class _HasStatus:
    __slots__ = ()
    status: str | None

    @property
    def is_terminal(self) -> bool:
        """The search has ended (finished or failed): polling it further changes nothing.
        An undocumented status counts as not ended."""
        return isinstance(self.status, SearchStatus) and self.status.is_terminal

    @property
    def is_error(self) -> bool:
        """The search ended in ``RATE_LIMITED``, ``UNAUTHORIZED``, ``FORBIDDEN`` or ``ERROR``."""
        return isinstance(self.status, SearchStatus) and self.status.is_error


@attrs.frozen(kw_only=True)
class SearchSummary(_HasStatus, Model):
    """A search as ``searches.list`` returns it."""

    #: UUID.
    id: str | None = None
    name: str | None = None
    #: A :class:`SearchStatus` member when documented, else the server's string.
    status: str | None = attrs.field(default=None, converter=_status)
    #: Leads found so far.
    leads_count: int | None = None
    created_at: str | None = None


@attrs.frozen(kw_only=True)
class Search(_HasStatus, Model):
    """The search record of ``searches.get``."""

    #: UUID.
    id: str | None = None
    name: str | None = None
    #: A :class:`SearchStatus` member when documented, else the server's string.
    status: str | None = attrs.field(default=None, converter=_status)
    created_at: str | None = None


#: The search record's own fields, which the flat detail carries at the top level.
_RECORD_KEYS: Final = ("id", "name", "status", "created_at")
#: Where the flat detail's leads may be (Pipecorn/cli-pipecorn, src/api/endpoints.ts ``Search``).
_LEAD_KEYS: Final = ("leads", "results")


def _company_of(lead: Lead) -> Company | None:
    """The company a flat lead names: its ``company`` object, else its ``company_name`` and
    any ``company_*`` field (``company_linkedin_url``, ``company_website`` …)."""
    if lead.company is not None:
        return lead.company
    fields: dict[str, Any] = {
        key: value for key, value in lead.extra.items()
        if key.startswith("company_") and value is not None
    }
    if lead.company_name is not None:
        fields["company_name"] = lead.company_name
    return structure(fields, Company) if fields else None


@attrs.frozen(kw_only=True)
class SearchLead(Model):
    """One result of a search: the person and their company, whichever way it arrived.

    ``GET /searches/{id}`` nests it as ``{lead, company}``; a streamed webhook delivery sends
    a flat lead with ``company_name`` (real-usage.md §8). Both give the same object: ``lead``
    holds the person, ``company`` the company (built from the lead's ``company_name`` and
    ``company_*`` fields when the payload has no company object), and ``lead.company_name``
    is the company's name either way. A webhook delivery carries fewer company fields than
    the poll; what it carries beyond them stays in ``lead.extra``.
    """

    lead: Lead | None = None
    company: Company | None = None

    @staticmethod
    def reshape_wire(data: Mapping[str, Any]) -> Mapping[str, Any]:
        """A flat lead (no ``lead`` object) becomes ``{lead, company}``."""
        if isinstance(data.get("lead"), Mapping) or ("lead" in data and data["lead"] is None):
            return data
        flat = dict(data)
        out: dict[str, Any] = {"lead": flat}
        if "company" in flat:
            out["company"] = flat.pop("company")
        return out

    def __attrs_post_init__(self) -> None:
        lead, company = self.lead, self.company
        if lead is None:
            return
        if company is None:
            company = _company_of(lead)
            object.__setattr__(self, "company", company)
        if lead.company_name is None and company is not None and company.name is not None:
            object.__setattr__(self, "lead", attrs.evolve(lead, company_name=company.name))

    @property
    def company_name(self) -> str | None:
        """The company's name, wherever the payload put it."""
        if self.company is not None and self.company.name is not None:
            return self.company.name
        return self.lead.company_name if self.lead is not None else None


@attrs.frozen(kw_only=True)
class SearchDetail(Model):
    """``searches.get``: the search and every lead found so far, in one body (the server
    does not page them, real-usage.md §5).

    Two shapes are read into this one: ``{search: {id, name, status, created_at}, leads}``
    (the reference, real-usage.md §5) and the flat ``{id, name, status, created_at, leads,
    results}`` Pronto's CLI reads (Pipecorn/cli-pipecorn, src/api/endpoints.ts ``Search``,
    src/commands/jobs/status.ts reads a top-level ``status``). In the flat shape every
    top-level field but the leads is the search record's (its unknown ones in
    ``search.extra``); a record field given at the top level next to a nested record that
    lacks it (a top-level ``status``) is read into the record too. The leads are read from
    ``leads``, or from ``results`` when ``leads`` is absent or empty.
    """

    search: Search | None = None
    leads: list[SearchLead] | None = None

    @staticmethod
    def reshape_wire(data: Mapping[str, Any]) -> Mapping[str, Any]:
        """The flat detail, or a status beside the record, as ``{search, leads}``."""
        out = dict(data)
        results, leads = out.get("results"), out.get("leads")
        if (leads is None or leads == []) and isinstance(results, list) and results:
            out.pop("leads", None)  # absent, None or empty: nothing is lost
            out["leads"] = out.pop("results")
        nested = out.get("search")
        if isinstance(nested, Mapping):
            beside = {
                key: out[key] for key in _RECORD_KEYS
                if out.get(key) is not None and nested.get(key) is None
            }
            if beside:
                for key in beside:
                    del out[key]
                out["search"] = {**nested, **beside}
            return out
        if nested is not None or not any(key in out for key in _RECORD_KEYS):
            return out  # a non-object record is reported by parsing; no record at all stays so
        out.pop("search", None)
        record = {key: value for key, value in out.items() if key not in _LEAD_KEYS}
        return {"search": record, **{k: v for k, v in out.items() if k in _LEAD_KEYS}}

    @property
    def status(self) -> str | None:
        """The search's status (a :class:`SearchStatus` member when documented), wherever the
        body put it; ``None`` when it has none."""
        return self.search.status if self.search is not None else None

    @property
    def id(self) -> str | None:
        """The search's id."""
        return self.search.id if self.search is not None else None

    @property
    def is_terminal(self) -> bool:
        """The search has ended; see :attr:`Search.is_terminal`."""
        return self.search is not None and self.search.is_terminal

    @property
    def is_error(self) -> bool:
        """The search ended in an error status; see :attr:`Search.is_error`."""
        return self.search is not None and self.search.is_error


@attrs.frozen(kw_only=True)
class SearchDeletion(Model):
    """The answer of ``searches.delete``: ``{"message": "Search deleted successfully"}``, or
    nothing at all (an empty 200 or a 204), which is the same success with ``message``
    ``None``."""

    message: str | None = None

    @property
    def deleted(self) -> bool:
        """Always ``True``: a deletion the server refused raises instead of returning."""
        return True

"""Lead searches already started (reference: searches/index, searches/show, searches/destroy;
bodies from real-usage.md §5)."""

from __future__ import annotations

import attrs

from .._convert import Model
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


@attrs.frozen(kw_only=True)
class SearchLead(Model):
    """One result of a search: the person and their company."""

    lead: Lead | None = None
    company: Company | None = None


@attrs.frozen(kw_only=True)
class SearchDetail(Model):
    """``searches.get``: the search and every lead found so far, in one body (the server
    does not page them, real-usage.md §5)."""

    search: Search | None = None
    leads: list[SearchLead] | None = None

    @property
    def is_terminal(self) -> bool:
        """The search has ended; see :attr:`Search.is_terminal`."""
        return self.search is not None and self.search.is_terminal


@attrs.frozen(kw_only=True)
class SearchDeletion(Model):
    """The answer of ``searches.delete``: ``{"message": "Search deleted successfully"}``."""

    message: str | None = None

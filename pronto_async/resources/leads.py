"""``pronto.leads``: Lead searches and people enrichment."""

from __future__ import annotations

from .._facade import SyncResource
from ._base import Resource

__all__ = ["Leads", "SyncLeads"]


class Leads(Resource):
    """Lead searches and people enrichment."""

    __slots__ = ()


class SyncLeads(SyncResource):
    """Blocking twin of :class:`Leads`."""

    __slots__ = ()

"""``pronto.searches``: Lead searches already started: list, inspect, delete."""

from __future__ import annotations

from .._facade import SyncResource
from ._base import Resource

__all__ = ["Searches", "SyncSearches"]


class Searches(Resource):
    """Lead searches already started: list, inspect, delete."""

    __slots__ = ()


class SyncSearches(SyncResource):
    """Blocking twin of :class:`Searches`."""

    __slots__ = ()

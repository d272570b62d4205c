"""``pronto.lists``: Sales Navigator account and lead lists."""

from __future__ import annotations

from .._facade import SyncResource
from ._base import Resource

__all__ = ["Lists", "SyncLists"]


class Lists(Resource):
    """Sales Navigator account and lead lists."""

    __slots__ = ()


class SyncLists(SyncResource):
    """Blocking twin of :class:`Lists`."""

    __slots__ = ()

"""``pronto.signals``: LinkedIn activity, hiring, growth, lookalikes, job changes."""

from __future__ import annotations

from .._facade import SyncResource
from ._base import Resource

__all__ = ["Signals", "SyncSignals"]


class Signals(Resource):
    """Buying signals: LinkedIn activity, hiring, growth, lookalikes, job changes."""

    __slots__ = ()


class SyncSignals(SyncResource):
    """Blocking twin of :class:`Signals`."""

    __slots__ = ()

"""``pronto.personas``: Saved personas (job-title sets) for lead searches."""

from __future__ import annotations

from .._facade import SyncResource
from ._base import Resource

__all__ = ["Personas", "SyncPersonas"]


class Personas(Resource):
    """Saved personas (job-title sets) for lead searches."""

    __slots__ = ()


class SyncPersonas(SyncResource):
    """Blocking twin of :class:`Personas`."""

    __slots__ = ()

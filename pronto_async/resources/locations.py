"""``pronto.locations``: LinkedIn location IDs for search filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from .._facade import SyncResource, forward
from .._options import CallOptions
from .._validate import Problems, build_body
from ..models.account import Location
from ._base import Resource, operation

__all__ = ["Locations", "SyncLocations"]


class Locations(Resource):
    """Resolve place names to the IDs that ``included_locations`` expects."""

    __slots__ = ()

    @operation("locations.search")
    async def search(
        self,
        *,
        name: str | None = None,
        hiring: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
        query: str | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Location]:
        """Every location matching ``name`` (e.g. ``"San Francisco"``), with its ID.

        The reference names no request field ("provide a location name"); ``name`` is what
        public code that calls the live API sends (real-usage.md §7), with ``hiring`` as an
        optional flag. Pronto's own CLI sends ``{"query": …}`` instead (``Pipecorn/cli-pipecorn``
        src/api/endpoints.ts, ``Locations.search``; src/commands/locations.ts): the callers
        disagree, so both spellings are taken here and the text is sent as ``name``.

        Args:
            name: A place name.
            hiring: Ask for the IDs used by the hiring-intent search.
            extra_body: Fields the SDK does not know yet, sent as they are.
            query: The place name under the CLI's spelling (give ``name`` or ``query``).

        Returns:
            The matches, best first; empty when nothing matches.

        Raises:
            ValidationError: neither ``name`` nor ``query``, both, or a blank one (nothing
                is sent).
        """
        p = Problems("locations.search")
        if name is not None and query is not None:
            p.add("give name or query (the same thing), not both")
        place = p.text("query", query) if name is None and query is not None else p.text(
            "name", name, required=True
        )
        body = build_body(
            p, {"name": place, "hiring": p.boolean("hiring", hiring)}, extra_body,
        )
        return await self._call_list(
            "locations.search", Location, json=body, keys=("locations", "data", "results")
        )


class SyncLocations(SyncResource):
    """Blocking twin of :class:`Locations`."""

    __slots__ = ()
    search = forward(Locations.search)

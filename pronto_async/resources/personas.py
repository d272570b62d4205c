"""``pronto.personas``: saved personas (job-title sets) for lead searches."""

from __future__ import annotations

from collections.abc import Sequence

from .._facade import SyncResource, forward, forward_iter
from .._pager import AsyncPager
from .._validate import Problems
from ..models.personas import Persona
from ._base import Resource, operation

__all__ = ["Personas", "SyncPersonas"]


class Personas(Resource):
    """Saved personas (job-title sets) for lead searches."""

    __slots__ = ()

    @operation("personas.list")
    def list(self) -> AsyncPager[Persona]:
        """Every persona available to you: ``async for persona in pronto.personas.list()``.

        Read as a bare list or as ``{"personas": [...]}``, in one fetch (no paging is seen).

        Returns:
            A single-use async iterator of :class:`Persona`.

        Raises:
            UnexpectedResponseError: the body is neither form.
        """

        async def fetch_page(cursor: str | None) -> tuple[Sequence[Persona], None]:
            items = await self._call_list("personas.list", Persona, keys=("personas", "data"))
            return items, None

        return AsyncPager(fetch_page)

    @operation("personas.get")
    async def get(self, *, uuid: str) -> Persona:
        """One persona.

        Args:
            uuid: The persona's UUID (what lead searches take as ``persona_id``).

        Raises:
            ValidationError: ``uuid`` is blank (nothing is sent).
            NotFoundError: no such persona.
        """
        p = Problems("personas.get")
        persona_id = p.path_id("uuid", uuid)
        p.raise_if_any()
        return await self._call("personas.get", Persona, path_params={"uuid": persona_id})


class SyncPersonas(SyncResource):
    """Blocking twin of :class:`Personas`."""

    __slots__ = ()
    list = forward_iter(Personas.list)
    get = forward(Personas.get)

"""``pronto.personas``: saved personas (job-title sets) for lead searches."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Unpack, overload

from .._facade import SyncResource, forward, forward_iter
from .._options import CallOptions
from .._pager import AsyncPager
from .._validate import Problems
from ..models.personas import Persona
from ._base import Resource, operation

__all__ = ["Personas", "SyncPersonas"]


class Personas(Resource):
    """Saved personas (job-title sets) for lead searches."""

    __slots__ = ()

    @operation("personas.list")
    def list(self, **options: Unpack[CallOptions]) -> AsyncPager[Persona]:
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

    @overload
    async def get(self, id: str, **options: Unpack[CallOptions]) -> Persona: ...
    @overload
    async def get(self, *, uuid: str, **options: Unpack[CallOptions]) -> Persona: ...
    @operation("personas.get")
    async def get(
        self,
        id: str | None = None,
        *,
        uuid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Persona:
        """One persona.

        Args:
            id: The persona's UUID (what lead searches take as ``persona_id``), positionally
                or by keyword.
            uuid: The former name of ``id``, still accepted with a ``DeprecationWarning``.

        Returns:
            The persona (its id is in ``uuid``).

        Raises:
            ValidationError: ``id`` is blank or missing, or both ``id`` and ``uuid`` are given
                (nothing is sent).
            NotFoundError: no such persona.
        """
        p = Problems("personas.get")
        given, value = "id", id
        if uuid is not None:
            if id is not None:
                p.add("give the persona's id once: id (or its former name uuid), not both")
            else:
                given, value = "uuid", uuid
        persona_id = p.path_id(given, value)
        p.raise_if_any()
        if given == "uuid":
            warnings.warn(
                "personas.get(uuid=...) is deprecated: pass the id positionally, "
                "personas.get(persona_id), or as id=",
                DeprecationWarning,
                stacklevel=3,  # get's body, the @operation wrapper, the caller
            )
        return await self._call("personas.get", Persona, path_params={"uuid": persona_id})


class SyncPersonas(SyncResource):
    """Blocking twin of :class:`Personas`."""

    __slots__ = ()
    list = forward_iter(Personas.list)
    get = forward(Personas.get)

"""Which of the answer shapes seen in the wild the fake sends, where Pronto has been seen
answering one operation in more than one way (``FakePronto(shapes=ResponseShapes(...))``).

The defaults are the reference's shapes. The others are the ones Pronto's own CLI reads
(Pipecorn/cli-pipecorn, src/api/endpoints.ts and src/api/client.ts), so code under test can
be run against each.
"""

from __future__ import annotations

import enum
from typing import Final

import attrs

__all__ = ["NO_BODY", "AdvancedSearchShape", "ResponseShapes", "SearchDetailShape"]


class SearchDetailShape(enum.Enum):
    """How ``GET /searches/{id}`` answers."""

    #: ``{"search": {id, name, status, created_at}, "leads": [...]}`` (reference,
    #: real-usage.md §5).
    NESTED = "nested"
    #: ``{id, name, status, created_at, "leads": [...]}``: the CLI's ``Search`` type.
    FLAT = "flat"
    #: The flat record with its leads under ``results`` (the CLI's type has both keys).
    FLAT_RESULTS = "flat_results"


class AdvancedSearchShape(enum.Enum):
    """How ``POST /leads/advanced_search`` answers."""

    #: ``{"message": {id, search_name, search_url, expected_profiles_count, ...}}``
    #: (reference, leads/advanced_search).
    NESTED = "nested"
    #: ``{id, preview, total}``: the CLI's ``Leads.advancedSearch`` type.
    FLAT = "flat"


def _empty_status(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value not in (None, 200, 204):
        raise ValueError(f"empty_writes must be None, 200 or 204, got {value!r}")


@attrs.frozen(kw_only=True)
class ResponseShapes:
    """The shapes a :class:`~pronto_async.testing.FakePronto` answers in.

    Args:
        search_detail: ``GET /searches/{id}``.
        advanced_search: ``POST /leads/advanced_search``.
        empty_writes: ``204`` or ``200``: ``DELETE /searches/{id}`` and ``PUT /lists/{id}``
            answer that status with no body at all (the CLI reads an empty body as success);
            ``None``: their documented bodies.
        credits_key: The key ``GET /credits`` puts the balance under (the reference shows
            no body; ``"credits"`` by default).
    """

    search_detail: SearchDetailShape = SearchDetailShape.NESTED
    advanced_search: AdvancedSearchShape = AdvancedSearchShape.NESTED
    empty_writes: int | None = attrs.field(default=None, validator=_empty_status)
    credits_key: str = "credits"


class _NoBody:
    """The body of an answer that has none (see :data:`NO_BODY`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_BODY"


#: A handler's body meaning "answer with no body at all" (an empty 200, a 204).
NO_BODY: Final = _NoBody()

"""``pronto.lists``: lists of companies (accounts) kept in Pronto and Sales Navigator.

The reference names these operations without showing a body; requests and responses follow
what public code sends and reads (real-usage.md §6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal, Unpack, get_args

from .._facade import SyncResource, forward, forward_iter
from .._options import CallOptions
from .._pager import AsyncPager
from .._validate import Problems, build_body, show
from ..models.lists import ListDetail, ListSummary
from ._base import Resource, operation
from ._filters import linkedin_url
from ._rows import COMPANY_SPELLINGS, RowProblems, normalise_row

__all__ = ["ListKind", "Lists", "SyncLists", "company_rows"]

_ISO_COUNTRY: Final = re.compile(r"^[A-Za-z]{2}$")

CompanyRows = Sequence[Mapping[str, Any]]
#: What a list holds, as Pronto's CLI creates lists (``Pipecorn/cli-pipecorn``
#: src/api/schemas.ts, ``createListSchema``: ``kind: z.enum(["account", "lead"])``).
ListKind = Literal["account", "lead"]
_KINDS: Final = get_args(ListKind)


def company_rows(p: Problems, companies: Any) -> list[dict[str, Any]] | None:
    """The ``companies`` of a list as wire rows ``{name, country_code?, domain?,
    linkedin_url?}``; each row may use any spelling of :data:`COMPANY_SPELLINGS`."""
    if companies is None:
        return None
    if isinstance(companies, str | bytes | Mapping) or not isinstance(companies, Iterable):
        p.add(f"companies must be a list of companies, got {type(companies).__name__}")
        return None
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(companies):
        rp = RowProblems(p, f"companies[{index}]")
        raw = normalise_row(rp, row, COMPANY_SPELLINGS)
        code = rp.text("country_code", raw["country_code"])
        if code is not None and not _ISO_COUNTRY.match(code):
            rp.add(f"country_code must be a two-letter ISO code, got {code!r}")
        fields = {
            "name": rp.text("name", raw["name"], required=True),
            "country_code": code.upper() if code else None,
            "domain": rp.text("domain", raw["domain"]),
            "linkedin_url": linkedin_url(rp, "linkedin_url", raw["linkedin_url"]),
        }
        rows.append({k: v for k, v in fields.items() if v is not None})
    if not rows:
        # An empty list is most often a filter that matched nothing upstream; to create an
        # empty list, leave ``companies`` out.
        p.add("companies must not be empty (leave it out to create an empty list)")
    return rows


class Lists(Resource):
    """Lists of companies: create, read, rename or refill."""

    __slots__ = ()

    @operation("lists.create")
    async def create(
        self,
        *,
        name: str,
        companies: CompanyRows | None = None,
        webhook_url: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        kind: ListKind | None = None,
        **options: Unpack[CallOptions],
    ) -> ListSummary:
        """Create a list, optionally filled with companies.

        Args:
            name: The list's name.
            companies: Rows ``{name, country_code?, domain?, linkedin_url?}`` (``company_name``,
                ``country``, ``company_domain``, ``website``, ``company_linkedin_url`` are read
                too); ``name`` is required on each.
            webhook_url: Where Pronto reports on the list's processing.
            extra_body: Fields the SDK does not know yet, sent as they are.
            kind: ``"account"`` or ``"lead"``: what the list holds. Not in the reference;
                Pronto's own CLI sends it when it creates an (empty) list
                (``Pipecorn/cli-pipecorn`` src/commands/lists/create.ts, src/api/schemas.ts
                ``createListSchema``). Sent only when given.

        Returns:
            The new list: ``id``, ``linkedin_id`` (its Sales Navigator id), ``type``.

        Raises:
            ValidationError: a blank ``name``, an empty ``companies``, a ``kind`` other than
                ``"account"`` or ``"lead"``, or a row breaking a rule (each problem names its
                row as ``companies[i]``; nothing is sent).
        """
        p = Problems("lists.create")
        if kind is not None and kind not in _KINDS:
            p.add(f"kind must be one of {', '.join(map(repr, _KINDS))}, got {show(kind)}")
        body = build_body(
            p,
            {
                "name": p.text("name", name, required=True),
                "kind": kind if kind in _KINDS else None,
                "webhook_url": p.webhook("webhook_url", webhook_url),
                "companies": company_rows(p, companies),
            },
            extra_body,
        )
        return await self._call("lists.create", ListSummary, json=body)

    @operation("lists.list")
    def list(self, **options: Unpack[CallOptions]) -> AsyncPager[ListSummary]:
        """Every list you have: ``async for item in pronto.lists.list()``.

        Read as ``{"lists": [...]}`` or as a bare list, in one fetch (no paging is seen).

        Returns:
            A single-use async iterator of :class:`ListSummary`.

        Raises:
            UnexpectedResponseError: the body is neither form.
        """

        async def fetch_page(cursor: str | None) -> tuple[Sequence[ListSummary], None]:
            items = await self._call_list("lists.list", ListSummary, keys=("lists", "data"))
            return items, None

        return AsyncPager(fetch_page)

    @operation("lists.get")
    async def get(self, id: str, **options: Unpack[CallOptions]) -> ListDetail:
        """A list and its rows.

        Args:
            id: The list's UUID.

        Returns:
            The list; its rows are in ``entries`` whichever key the server put them under.

        Raises:
            ValidationError: ``id`` is blank (nothing is sent).
            NotFoundError: no such list.
        """
        p = Problems("lists.get")
        list_id = p.path_id("id", id)
        p.raise_if_any()
        return await self._call("lists.get", ListDetail, path_params={"id": list_id})

    @operation("lists.update")
    async def update(
        self,
        id: str,
        *,
        name: str | None = None,
        companies: CompanyRows | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ListSummary:
        """Rename a list or send it companies.

        Args:
            id: The list's UUID.
            name: The new name.
            companies: Rows as for :meth:`create`.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            The server's answer, read as a list (what it sends is not documented).

        Raises:
            ValidationError: a blank ``id``, nothing to change (no ``name``, ``companies``
                or ``extra_body``), or a bad row (nothing is sent).
            NotFoundError: no such list.
        """
        p = Problems("lists.update")
        list_id = p.path_id("id", id)
        if extra_body is None:
            p.at_least_one({"name": name, "companies": companies})
        body = build_body(
            p,
            {"name": p.text("name", name), "companies": company_rows(p, companies)},
            extra_body,
        )
        return await self._call(
            "lists.update", ListSummary, json=body, path_params={"id": list_id}
        )


class SyncLists(SyncResource):
    """Blocking twin of :class:`Lists`."""

    __slots__ = ()
    create = forward(Lists.create)
    list = forward_iter(Lists.list)
    get = forward(Lists.get)
    update = forward(Lists.update)

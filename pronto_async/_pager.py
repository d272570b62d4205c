"""Async iteration over collections (DESIGN §8).

Pronto returns every collection in one body today (real-usage.md §10: no pagination is seen
on any endpoint), so a pager usually fetches once. It is still built on one
``fetch_page(cursor) -> (items, next_cursor)`` function per endpoint, so that server-side
paging, when it comes, changes that one function and nothing else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["AsyncPager", "FetchPage"]

T = TypeVar("T")

#: Fetches the page at ``cursor`` (``None`` for the first) and returns its items and the
#: next page's cursor, or ``None`` when it was the last page.
FetchPage = Callable[[str | None], Awaitable[tuple[Sequence[T], str | None]]]


class AsyncPager(AsyncIterator[T], Generic[T]):
    """Iterates a collection, fetching pages lazily: ``async for item in pager``.

    Nothing is requested until the first item is asked for; a pager is single-use.
    """

    __slots__ = ("_buffer", "_cursor", "_done", "_fetch_page", "_started")

    def __init__(self, fetch_page: FetchPage[T]) -> None:
        self._fetch_page = fetch_page
        self._buffer: list[T] = []
        self._cursor: str | None = None
        self._started = False
        self._done = False

    def __aiter__(self) -> AsyncPager[T]:
        return self

    async def __anext__(self) -> T:
        while not self._buffer:
            if self._done or (self._started and self._cursor is None):
                self._done = True
                raise StopAsyncIteration
            self._started = True
            items, self._cursor = await self._fetch_page(self._cursor)
            self._buffer.extend(reversed(items))
        return self._buffer.pop()

    async def aclose(self) -> None:
        """Stop early; no further page is fetched."""
        self._done = True
        self._buffer.clear()

    async def to_list(self) -> list[T]:
        """Every remaining item."""
        return [item async for item in self]

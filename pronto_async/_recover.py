"""Finding again, by its name, a search whose creation answer was lost.

A call that starts a search is charged and never re-sent (it may have run: DESIGN §5). When
its answer is lost (a timeout, a connection dropped after the request went out, a 5xx, a
truncated body), the search may exist on the server with its leads paid for, but the caller
has no id to follow it by. ``GET /searches`` lists every search with its ``name`` and
``created_at`` (real-usage.md §5), so the SDK looks there for a search with the exact name the
request carried, created between the moment the request left and now:

- the server's clock is read from its ``Date`` header (the listing's own answer) and the
  window is placed on that clock, so a skewed clock on either side does not hide the search;
  without a ``Date`` header the window is widened by :data:`UNKNOWN_CLOCK_SLACK`;
- a search this client started itself and got the answer of (the last 10,000 ids) is never
  a candidate: a loop that reuses one name does not mistake the previous run's search for
  one that was never created;
- exactly one match: the job handle is returned as if the creation had answered, marked
  ``recovered``; none or several: the original error is raised, its message saying what was
  looked for and how to follow the search later (``pronto.searches.find(name=...)``);
- after a timeout the server may still be creating the search, so the listing is read again
  after each of :data:`TIMEOUT_LOOKUPS` seconds before giving up.

Every call that can be looked up carries a name: when the caller gives none, the SDK gives a
unique one (:func:`fresh_name`), so a search it started is never anonymous. Imports (account
searches, Sales Navigator account extracts) are looked up the same way, but the reference
does not show them in ``GET /searches``: when they are not there, the error says so.
"""

from __future__ import annotations

import asyncio
import secrets
import time
import weakref
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ._endpoints import Host
from .errors import ProntoError

if TYPE_CHECKING:
    from ._client import AsyncPronto
    from .models.searches import SearchSummary

__all__ = [
    "TIMEOUT_LOOKUPS",
    "UNKNOWN_CLOCK_SLACK",
    "ByName",
    "created_at",
    "fresh_name",
    "matching",
    "recover",
    "remember",
]

#: Seconds of slack on each side of the window: the ``Date`` header and ``created_at`` are
#: given to the second. The server's clock read from ``Date`` is never ahead of the truth
#: (the header is written before it arrives), so a search created after the request left is
#: never outside the window; a same-named search created a few seconds earlier may be inside.
SLACK: Final = 2.0
#: Ids of the jobs each client started (the last :data:`_REMEMBERED` of them): a search that
#: answered is never taken for one whose answer was lost, even when both share a name.
_STARTED: Final[weakref.WeakKeyDictionary[Any, dict[str, None]]] = weakref.WeakKeyDictionary()
_REMEMBERED: Final = 10_000
#: Extra slack when the server sent no ``Date`` header (its clock is then unknown).
UNKNOWN_CLOCK_SLACK: Final = 120.0
#: After a timeout: wait this long before each further look (the server may be still
#: creating the search when the client gives up on its answer).
TIMEOUT_LOOKUPS: Sequence[float] = (2.0, 5.0)


def fresh_name(label: str) -> str:
    """A name no other call will have: ``label`` and 12 random hex digits
    (``"Lead search - API - 3f9a1c0b2e7d"``)."""
    return f"{label} - {secrets.token_hex(6)}"


@attrs.frozen(kw_only=True)
class ByName:
    """How the job a call may have started can be found again.

    Attributes:
        field: The body field that carries the name (``"name"``, ``"lead_list_name"``).
        kind: ``"search"`` (listed by ``GET /searches``) or ``"import"`` (not shown there).
        generated: The SDK made the name up (unique): a match without ``created_at`` counts.
        nest: The key the operation's answer nests its record under (``"message"``).
    """

    field: str
    kind: Literal["search", "import"] = "search"
    generated: bool = False
    nest: str | None = None

    def answer(self, found: SearchSummary) -> dict[str, Any]:
        """The creation answer the lost one would have been, from the listing."""
        record = {
            "id": found.id, "search_id": found.id, "search_name": found.name,
            "created_at": found.created_at, "status": found.status,
        }
        record = {k: v for k, v in record.items() if v is not None}
        return {self.nest: record} if self.nest else record


def created_at(summary: SearchSummary) -> float | None:
    """``summary.created_at`` as a POSIX timestamp (``None`` when absent or unreadable; a
    time without a zone is read as UTC, as Pronto writes them)."""
    text = summary.created_at
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def matching(
    summaries: Iterable[SearchSummary],
    name: str,
    *,
    after: float | None = None,
    before: float | None = None,
    undated: bool = True,
) -> list[SearchSummary]:
    """The searches named exactly ``name`` created within ``[after, before]`` (POSIX
    seconds, either bound optional), newest first. ``undated``: whether one without a
    readable ``created_at`` counts (it cannot be placed in the window)."""
    found: list[tuple[float, SearchSummary]] = []
    for summary in summaries:
        if summary.name != name:
            continue
        when = created_at(summary)
        if when is None:
            if undated:
                found.append((float("-inf"), summary))
            continue
        if (after is None or when >= after) and (before is None or when <= before):
            found.append((when, summary))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [summary for _, summary in found]


def remember(client: AsyncPronto, job_id: str) -> None:
    """Note that ``client`` started ``job_id`` (and knows it). Kept per transport, which a
    client shares with its views (``with_options``)."""
    started = _STARTED.setdefault(client._transport, {})
    started[job_id] = None
    if len(started) > _REMEMBERED:
        del started[next(iter(started))]


def _annotate(error: ProntoError, hint: str) -> None:
    error.message = f"{error.message}; {hint}"
    error.args = (error.message,)


async def recover(
    client: AsyncPronto,
    spec: ByName,
    body: Mapping[str, Any],
    sent_at: float,
    error: ProntoError,
) -> SearchSummary:
    """The one search named as ``body`` names it, created since ``sent_at`` (this machine's
    ``time.time()`` before the request left).

    Raises:
        ProntoError: ``error`` itself, its message extended with what was looked for and
            what to do, when the name is missing or matches no search or several.
    """
    what = "search" if spec.kind == "search" else "import"
    name = body.get(spec.field)
    if not isinstance(name, str):
        _annotate(error, f"this call carried no {spec.field}, so the {what} it may have "
                         "started cannot be looked up by name")
        raise error
    lookups = [0.0, *(TIMEOUT_LOOKUPS if isinstance(error, TimeoutError) else ())]
    found: list[SearchSummary] = []
    for delay in lookups:
        if delay:
            await asyncio.sleep(delay)
        try:
            summaries = [summary async for summary in client.searches.list()]
        except ProntoError as lookup:
            _annotate(error, f"looking for a {what} named {name!r} failed too ({lookup}); "
                             f"look later with pronto.searches.find(name={name!r})")
            raise error from None
        offset = client._transport.server_clock_offset(Host.APP)
        slack = SLACK if offset is not None else SLACK + UNKNOWN_CLOCK_SLACK
        offset = offset or 0.0
        known = _STARTED.get(client._transport, {})
        found = [
            summary for summary in matching(
                summaries, name, after=sent_at + offset - slack,
                before=time.time() + offset + slack, undated=spec.generated,
            )
            if str(summary.id) not in known
        ]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            break
    later = f"pronto.searches.find(name={name!r})"
    if found:
        ids = ", ".join(str(s.id) for s in found[:5])
        _annotate(error, f"{len(found)} searches named {name!r} were created since the request "
                         f"left ({ids}): follow the right one with pronto.searches.leads(id=...)")
    elif spec.kind == "import":
        _annotate(error, f"no search named {name!r} appeared in GET /searches, and imports are "
                         "not known to be listed there: the import may have started anyway; "
                         f"check its webhook, or the Pronto app for an import named {name!r}")
    else:
        _annotate(error, f"no search named {name!r} was created after the request left, so it "
                         f"may not have started; look again later with {later}")
    raise error

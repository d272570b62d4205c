"""Dry runs: what an ``enrich_many`` run would do, worked out without a paid request.

``plan()`` reads every row through the same field mapping and the same checks as the run
(each row goes through the enrichment method itself, stopped just before the client would
send it), looks each one up in the ledger, prices what would be sent with the documented
prices of the endpoint table, and asks the free ``GET /credits`` for the balance. The CLI's
``--dry-run`` prints it, and ``pronto enrich`` uses it to say exactly what a resumed run will
not send again.
"""

from __future__ import annotations

import collections
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from ._bulk_ledger import input_key
from ._endpoints import PHONE_NUMBERS_HIGH, endpoint
from ._fields import FieldMapping
from ._sending import DRY_RUN, DryRun
from .errors import ProntoError, ValidationError
from .ledger import Ledger, RecordState

__all__ = ["EnrichmentPlan", "make_plan"]

#: Invalid rows quoted in a plan (their index and first reason).
_EXAMPLES: Final = 5


@attrs.frozen(kw_only=True)
class EnrichmentPlan:
    """What a run over these rows would send and may cost; nothing was paid to know it.

    ``str(plan)`` is the report ``pronto enrich --dry-run`` prints.
    """

    #: The operation the run calls (``contacts.enrich``, ``contacts.start_enrichment``, …).
    operation: str
    #: Which column feeds which field (``None`` for rows given as models).
    mapping: FieldMapping | None
    #: Rows read.
    rows: int = 0
    #: Rows that pass every check the request makes.
    valid: int = 0
    #: Rows that would be refused before sending (each is that row's ``ValidationError``).
    invalid: int = 0
    #: The most frequent reasons rows are invalid, with their counts.
    reasons: tuple[tuple[str, int], ...] = ()
    #: The first invalid rows: ``(index, reason)``.
    examples: tuple[tuple[int, str], ...] = ()
    #: Valid rows repeating an earlier row of the input: sent once, shared.
    duplicates: int = 0
    #: Rows the ledger has a result for: served from it, free.
    done: int = 0
    #: Rows an earlier run sent without a result, with an id to follow: recovered free.
    resumable: int = 0
    #: Rows an earlier run sent that may have been charged without a result: not re-sent
    #: (unless the run re-sends ambiguous rows, in which case they count in ``to_send``).
    ambiguous: int = 0
    #: Rows another live run is sending (the ledger's claim): not sent by this one.
    to_send: int = 0
    #: Rows asking fewer types than the run (phone and personal email need a LinkedIn URL),
    #: by the type left out.
    skipped: Mapping[str, int] = attrs.field(factory=dict)
    #: Credits if each row sent finds what it asks for once (Pronto's own CLI estimate);
    #: ``None`` when the reference states no price for the operation.
    credits_estimate: int | None = None
    #: The most the rows sent can cost: every type found, phones with
    #: :data:`~pronto_async._endpoints.PHONE_NUMBERS_HIGH` numbers each.
    credits_worst_case: int | None = None
    #: Where the prices come from.
    prices: str = ""
    #: The balance (``GET /credits``), or ``None`` when it could not be read.
    balance: int | None = None
    #: Why the balance could not be read.
    balance_error: str | None = None

    @property
    def affordable(self) -> bool | None:
        """Whether the balance covers the estimate (``None`` when either is unknown)."""
        if self.balance is None or self.credits_estimate is None:
            return None
        return self.balance >= self.credits_estimate

    def describe(self) -> str:
        """The plan as the lines ``pronto enrich --dry-run`` prints."""
        lines = [f"Dry run of {self.operation}: nothing was sent, nothing was paid"]
        if self.mapping is not None:
            lines += ["Columns:", self.mapping.describe()]
        lines.append(f"Rows: {self.rows} · valid {self.valid} · invalid {self.invalid} · "
                     f"repeated {self.duplicates}")
        for reason, count in self.reasons:
            lines.append(f"  invalid ({count} rows): {reason}")
        for index, reason in self.examples:
            lines.append(f"  e.g. row {index + 1}: {reason}")
        if self.done or self.resumable or self.ambiguous:
            lines.append(f"Ledger: {self.done} done (served free) · {self.resumable} to follow "
                         f"(free) · {self.ambiguous} may have been charged (not re-sent)")
        for kind, count in self.skipped.items():
            lines.append(f"  {count} rows without a LinkedIn URL are not asked for {kind}")
        lines.append(f"To send: {self.to_send} paid requests")
        if self.credits_estimate is None:
            lines.append(f"Credits: {self.prices}")
        else:
            lines.append(f"Credits: about {self.credits_estimate}, at most "
                         f"{self.credits_worst_case} ({self.prices})")
        if self.balance is not None:
            short = " — NOT ENOUGH for the estimate" if self.affordable is False else ""
            lines.append(f"Balance: {self.balance}{short}")
        elif self.balance_error:
            lines.append(f"Balance: unknown ({self.balance_error})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()


def _reason(error: ValidationError) -> str:
    problem = error.problems[0] if error.problems else str(error)
    return problem.split(": ", 1)[1] if problem.startswith(("contacts[", "accounts[")) else problem


async def make_plan(
    rows: Iterable[Any] | AsyncIterable[Any],
    *,
    operation: str,
    method: Callable[..., Awaitable[Any]],
    prepare: Callable[[int, Any], Mapping[str, Any]],
    mapping: Callable[[], FieldMapping | None],
    ledger: Ledger | None,
    retry_ambiguous: bool,
    types: Sequence[str] | None,
    balance: Callable[[], Awaitable[int | None]] | None,
) -> EnrichmentPlan:
    """The plan of a run (see :class:`EnrichmentPlan`); ``prepare`` and ``method`` are the
    run's own, ``operation`` the one it records and is priced under, ``types`` the enrichment
    types asked for every row (contacts)."""
    reasons: collections.Counter[str] = collections.Counter()
    examples: list[tuple[int, str]] = []
    skipped: collections.Counter[str] = collections.Counter()
    keys: dict[str, list[str]] = {}
    seen: set[str] = set()
    counts = collections.Counter[str]()

    def invalid(index: int, error: ValidationError) -> None:
        counts["invalid"] += 1
        reason = _reason(error)
        reasons[reason] += 1
        if len(examples) < _EXAMPLES:
            examples.append((index, reason))

    async def one(index: int, row: Any) -> None:
        counts["rows"] += 1
        try:
            kwargs = prepare(index, row)
            token = DRY_RUN.set(True)
            try:
                await method(**kwargs)
            except DryRun:
                pass
            finally:
                DRY_RUN.reset(token)
        except ValidationError as exc:
            invalid(index, exc)
            return
        counts["valid"] += 1
        key, _payload = input_key(operation, kwargs)
        if key in seen:
            counts["duplicates"] += 1
            return
        seen.add(key)
        asked = [t for t in (types or ()) if t in (kwargs.get("enrichment_type") or ())]
        for left_out in getattr(kwargs, "skipped", ()):
            skipped[left_out] += 1
        keys[key] = asked

    index = 0
    if isinstance(rows, AsyncIterable):
        async for row in rows:
            await one(index, row)
            index += 1
    else:
        for row in rows:
            await one(index, row)
            index += 1

    if ledger is not None and keys:
        for record in await ledger.records(operation=operation):
            if record.key not in keys:
                continue
            if record.state is RecordState.DONE:
                counts["done"] += 1
            elif record.state in (RecordState.SUBMITTED, RecordState.AMBIGUOUS):
                if record.enrichment_id:
                    counts["resumable"] += 1
                elif not retry_ambiguous:
                    counts["ambiguous"] += 1
                else:
                    continue
            else:
                continue
            del keys[record.key]

    estimate, worst, prices = _price(operation, list(keys.values()), types)
    got: int | None = None
    error: str | None = None
    if balance is not None:
        try:
            got = await balance()
        except ProntoError as exc:
            error = str(exc)
    return EnrichmentPlan(
        operation=operation, mapping=mapping(), rows=counts["rows"], valid=counts["valid"],
        invalid=counts["invalid"], reasons=tuple(reasons.most_common(3)),
        examples=tuple(examples), duplicates=counts["duplicates"], done=counts["done"],
        resumable=counts["resumable"], ambiguous=counts["ambiguous"], to_send=len(keys),
        skipped=dict(skipped), credits_estimate=estimate, credits_worst_case=worst,
        prices=prices, balance=got, balance_error=error,
    )


def _price(
    operation: str, asked: list[list[str]], types: Sequence[str] | None
) -> tuple[int | None, int | None, str]:
    row = endpoint(operation)
    if row.type_credits is not None and types is not None:
        prices = row.type_credits
        estimate = sum(prices.get(t, 0) for each in asked for t in each)
        worst = sum(
            prices.get(t, 0) * (PHONE_NUMBERS_HIGH if t == "phone" else 1)
            for each in asked for t in each
        )
        shown = ", ".join(f"{t} {prices[t]}" for t in types if t in prices)
        return estimate, worst, (f"{shown} credits each found; a phone is billed per number, "
                                 f"up to {PHONE_NUMBERS_HIGH} counted")
    if row.credits is not None:
        total = row.credits * len(asked)
        return total, total, f"{row.credits} credits a request"
    return None, None, f"the reference states no price for {operation}"

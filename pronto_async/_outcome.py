"""One input's result in a fan-out (``bulk.run_map``): its own module so that the fan-out and
its ledger path share it."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import attrs

__all__ = ["Outcome"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Outcome(Generic[T]):
    """The result of one input: ``value`` or ``error`` — both only when a paid result came
    back but the ledger could not store it (``error`` is a
    :class:`~pronto_async.errors.LedgerError`): keep that ``value``, the ledger does not
    have it."""

    #: Position of the input in ``inputs``, from 0.
    index: int
    #: The input as given.
    input: Any
    value: T | None = None
    error: Exception | None = None
    #: The value came from the ledger: no request was made, nothing was paid.
    from_ledger: bool = False
    #: An earlier run's asynchronous enrichment (its id was in the ledger), followed to
    #: its end by polling: nothing was paid again.
    resumed: bool = False
    #: What was asked for every row but could not be for this one, so was left out of its
    #: request: ``("phone",)`` for a contact without a LinkedIn URL when the run asked for
    #: email and phone (the reference requires ``linkedin_url`` for phone and personal email).
    skipped: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

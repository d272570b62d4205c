"""Rows of ``enrich_many`` and ``plan`` through the field mapping (:mod:`._fields`).

A run's rows share their headers when they come from a file (a :class:`~._tables.Table`, a
``csv.DictReader``): the mapping is then worked out, checked and logged when the run is
created, before anything is read or paid, and a file that lacks a required column is refused
at once. Rows of other iterables (dicts built in code, JSON lines) are mapped by their own keys,
each distinct set of keys once.
"""

from __future__ import annotations

import csv
import functools
import logging
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from ._convert import Model
from ._fields import KINDS, FieldMapping, guess_columns
from ._tables import BadLine
from ._validate import Problems, show
from .errors import ValidationError

__all__ = ["Columns", "RowProblems", "RowReader", "headers_of", "mapping_for"]

_log = logging.getLogger("pronto_async")

#: What ``columns=`` takes: a mapping from :func:`guess_columns`, or ``{field: column}``.
Columns = FieldMapping | Mapping[str, str | None]

#: The keyword arguments every row of a kind carries (``None`` when absent): the shape the
#: ledger's keys were first made from, so ledgers of earlier versions keep matching.
_ARGUMENTS: Final = {
    "contacts": ("first_name", "last_name", "linkedin_url", "domain", "company_name", "custom"),
    "accounts": ("company_linkedin_url", "name", "domain", "country"),
}

#: Distinct key sets remembered per reader (rows built in code rarely have more).
_MAX_KEY_SETS: Final = 64


class RowProblems(Problems):
    """Problems of one row, filed with the call's problems under the row's label
    (``contacts[3]: first_name is required``), so one ValidationError lists every row."""

    __slots__ = ("_label", "_outer")

    def __init__(self, outer: Problems, label: str) -> None:
        super().__init__(outer.operation)
        self._outer = outer
        self._label = label

    def add(self, problem: str) -> None:
        super().add(problem)
        self._outer.add(f"{self._label}: {problem}")


@functools.lru_cache(maxsize=256)
def mapping_for(kind: str, keys: tuple[str, ...]) -> FieldMapping:
    """The guessed mapping of rows with these keys (cached: rows of a file share them)."""
    return guess_columns(kind, keys)


def headers_of(rows: Any) -> tuple[str, ...] | None:
    """The headers all of ``rows`` share, when they can be known without reading a row: a
    table's ``headers``, a ``csv.DictReader``'s ``fieldnames`` (its header line)."""
    if isinstance(rows, csv.DictReader):
        names = rows.fieldnames  # reads the header line, as the first row would
        return tuple(names) if names is not None else None
    headers = getattr(rows, "headers", None)
    if isinstance(headers, Sequence) and not isinstance(headers, str | bytes) and all(
        isinstance(h, str) for h in headers
    ):
        return tuple(headers)
    return None


@attrs.define
class RowReader:
    """The field mapping of one run, and each row as keyword arguments.

    Raises (at construction):
        ValidationError: ``columns`` names an unknown field or a missing column, or the rows'
            headers (when known up front) lack a required field.
        TypeError: ``columns`` is not a mapping.
    """

    kind: str
    operation: str
    columns: Columns | None = None
    rows: Any = None
    #: Whether the kind's stand-ins count (a contact's LinkedIn URL for its names): the
    #: synchronous contact enrichment takes them, the asynchronous one does not.
    stand_ins: bool = attrs.field(default=True, kw_only=True)
    #: The mapping of the rows' shared headers, or of the first row read.
    first: FieldMapping | None = attrs.field(default=None, init=False)
    _cache: dict[tuple[str, ...], FieldMapping] = attrs.field(factory=dict, init=False)

    def __attrs_post_init__(self) -> None:
        if self.columns is not None and not isinstance(self.columns, FieldMapping | Mapping):
            raise TypeError(f"columns must be a mapping of field to column, got "
                            f"{type(self.columns).__name__}")
        if isinstance(self.columns, FieldMapping) and self.columns.kind != self.kind:
            raise ValidationError([f"columns: a mapping of {self.columns.kind}, not {self.kind}"],
                                  endpoint=self.operation)
        headers = headers_of(self.rows)
        if headers is not None:
            mapping = self.mapping(headers)
            mapping.check(source=f"{self.kind} rows", stand_ins=self.stand_ins)

    def first_mapping(self) -> FieldMapping | None:
        """The mapping of the rows' headers, or of the first row read (``None`` before)."""
        return self.first

    def mapping(self, keys: Sequence[str]) -> FieldMapping:
        """The mapping of rows with these keys."""
        if isinstance(self.columns, FieldMapping):
            mapping = self.columns
        else:
            key = tuple(keys)
            cached = self._cache.get(key)
            if cached is not None:
                return cached
            if self.columns is None:
                mapping = mapping_for(self.kind, key)
            else:
                mapping = guess_columns(self.kind, key, self.columns)
            if len(self._cache) < _MAX_KEY_SETS:
                self._cache[key] = mapping
        if self.first is None:
            self.first = mapping
            _log.info("%s reads %s", self.operation,
                      mapping.describe().replace("\n", ";").replace("  ", " ").strip())
        return mapping

    def kwargs(self, index: int, row: Any) -> dict[str, Any]:
        """Row number ``index`` as the method's keyword arguments (absent ones ``None``).

        Raises:
            ValidationError: the row's problems, each prefixed with ``kind[index]``.
        """
        p = Problems(self.operation)
        label = f"{self.kind}[{index}]"
        rp = RowProblems(p, label)
        values: dict[str, Any] = {}
        if isinstance(row, BadLine):  # a JSONL line of a table that is not an object
            rp.add(row.reason)
        elif isinstance(row, Model):
            names = [f.name for f in attrs.fields(type(row)) if f.name != "extra"]
            values = {n: getattr(row, n) for n in names if getattr(row, n) is not None}
            fields = set(KINDS[self.kind].fields) | {"custom"}
            unknown = [k for k in [*values, *row.extra] if k not in fields]
            if unknown:
                rp.add(f"unknown fields {show(unknown[:5])}")
        elif isinstance(row, Mapping):
            mapping = self.mapping([str(k) for k in row])
            problems = mapping.problems_for(stand_ins=self.stand_ins)
            for problem in problems:
                found = ", ".join(repr(h) for h in mapping.headers) or "none"
                rp.add(f"{problem} (found: {found})")
            if not problems:
                values = mapping.apply(rp, row)
        else:
            rp.add(f"must be a mapping or an input model, got {type(row).__name__}")
        p.raise_if_any()
        return {**dict.fromkeys(_ARGUMENTS[self.kind]), **values}

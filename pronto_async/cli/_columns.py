"""``--map FIELD=COLUMN`` flags and the mapping of ``pronto enrich``.

The mapping itself is the SDK's (:mod:`pronto_async._fields`): the command reads a file the
same way ``enrich_many`` does. This module turns the flags into its ``columns=`` and its
errors into usage errors (exit 2) that name the flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .._fields import KINDS, FieldMapping, guess_columns
from ..errors import ValidationError
from ._errors import UsageError

__all__ = ["mapping_of", "parse_maps"]


def parse_maps(values: Iterable[str], kind: str) -> dict[str, str | None]:
    """``--map FIELD=COLUMN`` flags as ``{field: column}``; ``--map FIELD=`` (no column)
    switches the field off.

    Raises:
        UsageError: a flag without ``=``, or a field the kind does not have.
    """
    spec = KINDS[kind]
    out: dict[str, str | None] = {}
    for value in values:
        name, sep, column = value.partition("=")
        field = spec.field(name.strip())
        if not sep:
            raise UsageError(f"--map wants FIELD=COLUMN (or FIELD= to read no column), "
                             f"got {value!r}")
        if field is None:
            known = ", ".join(spec.fields)
            raise UsageError(f"--map: {kind} have no field {name.strip()!r} (fields: {known})")
        out[field] = column.strip() or None
    return out


def mapping_of(
    kind: str, headers: Sequence[str], maps: Mapping[str, str | None], *, source: str,
    stand_ins: bool = True,
) -> FieldMapping:
    """Which column feeds which field: ``--map`` first, then the guess.

    ``stand_ins``: whether a LinkedIn URL column stands in for the names (``--mode sync``,
    the default; see :meth:`pronto_async._fields.FieldMapping.problems_for`).

    Raises:
        UsageError: a ``--map`` column is not in the file, or a required field has no
            column (the message names the fields, the headers found, and ``--map``).
    """
    try:
        mapping = guess_columns(kind, headers, maps)
        mapping.check(source=source, flag="--map", stand_ins=stand_ins)
    except ValidationError as exc:
        raise UsageError("; ".join(
            "--map: " + p.removeprefix("columns: ") if p.startswith("columns: ") else p
            for p in exc.problems
        )) from None
    return mapping

"""Input files of ``pronto enrich``: :func:`pronto_async.read_table` with the command's flags.

Everything that can be known about a file before any credit is spent is checked when it is
opened — it exists, is a table, decodes from end to end, has a header and rows — and raised
as one :class:`UsageError` naming the flag to pass (``--encoding``, ``--delimiter``,
``--sheet``, ``--format``). A bad line found later (a JSONL line that is not an object)
becomes that row's error in the output instead of ending the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from .._tables import BadLine, InputFileError, Table, read_table
from ._errors import UsageError

__all__ = ["BadLine", "InputFile"]


@attrs.frozen
class InputFile:
    """A checked input file. Open it with :meth:`open`."""

    table: Table

    @classmethod
    def open(
        cls, path: Path, fmt: str | None, *, encoding: str | None = None,
        delimiter: str | None = None, sheet: str | None = None,
    ) -> InputFile:
        """Check ``path`` from end to end and read its header.

        Args:
            fmt, encoding, delimiter, sheet: The ``--format``, ``--encoding``,
                ``--delimiter`` and ``--sheet`` flags (``None``: told from the file).

        Raises:
            UsageError: the file cannot be read as a table (see
                :func:`pronto_async.read_table`), or a flag's value is not one of its kind.
        """
        try:
            return cls(read_table(path, format=fmt, encoding=encoding, delimiter=delimiter,
                                  sheet=sheet))
        except InputFileError as exc:
            raise UsageError(exc.render(flags=True)) from None
        except ValueError as exc:  # an option's value: an unknown codec, a long delimiter
            raise UsageError(str(exc)) from None

    @property
    def path(self) -> Path:
        return self.table.path

    @property
    def format(self) -> str:
        return self.table.format

    @property
    def encoding(self) -> str | None:
        return self.table.encoding

    @property
    def headers(self) -> list[str]:
        """Column names, cleaned (see :attr:`pronto_async.Table.headers`)."""
        return list(self.table.headers)

    @property
    def total(self) -> int:
        """How many rows (blank ones not counted): the progress bar's total."""
        return self.table.total

    @property
    def notes(self) -> tuple[str, ...]:
        """What was guessed about the file (its encoding, delimiter, sheet, headers)."""
        return self.table.notes

    def count(self) -> int:
        """How many rows (counted when the file was opened)."""
        return self.table.total

    def rows(self) -> Iterator[dict[str, Any] | BadLine]:
        """Every row, in order: a dict of the row's columns, or a :class:`BadLine`.

        Raises:
            UsageError: the file became unreadable (or undecodable) while being read.
        """
        try:
            yield from self.table
        except InputFileError as exc:
            raise UsageError(exc.render(flags=True)) from None

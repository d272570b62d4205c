"""Input files of ``pronto enrich``: CSV or JSONL, checked up front, read lazily.

Everything that can be known about a file before any credit is spent is checked when it is
opened — it exists, is readable text, has a header (CSV) or a first object (JSONL), has rows
— and raised as one :class:`UsageError`. A bad line found later (a JSONL line that is not an
object) becomes that row's error in the output instead of ending the run.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import attrs

from ._errors import UsageError

__all__ = ["FORMATS", "BadLine", "InputFile", "format_of"]

#: Formats by file extension.
FORMATS: Final = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_of(path: Path, given: str | None, *, flag: str) -> str:
    """``given`` (a ``--format`` flag), else the format the extension says.

    Raises:
        UsageError: the extension is not one of :data:`FORMATS` and no flag was given.
    """
    if given:
        return given
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"{path}: cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"pass {flag} csv or {flag} jsonl"
        )
    return fmt


@attrs.frozen
class BadLine:
    """A line of the input that is not a row (a JSONL line that is not an object)."""

    reason: str


@attrs.define
class InputFile:
    """A checked input file. Open it with :meth:`open`."""

    path: Path
    format: str
    encoding: str
    #: Column names: the CSV header, or the keys of the first JSONL object.
    headers: list[str]
    #: How many rows (non-blank lines): the progress bar's total.
    total: int = 0

    @classmethod
    def open(cls, path: Path, fmt: str | None, *, encoding: str = "utf-8-sig") -> InputFile:
        """Check ``path`` and read its header.

        Raises:
            UsageError: missing, a directory, unreadable, not text in ``encoding``, empty,
                no header or first object, or no rows.
        """
        fmt = format_of(path, fmt, flag="--format")
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        if path.is_dir():
            raise UsageError(f"{path}: is a directory, not a file")
        if not os.access(path, os.R_OK):
            raise UsageError(f"{path}: cannot read it (permission denied)")
        headers: list[str] = []
        try:  # the header, then a counting pass: a bad byte anywhere is found before spending
            with path.open(encoding=encoding, newline="") as f:
                if fmt == "csv":
                    headers = [h.strip() for h in next(csv.reader(f), [])]
                    if not any(headers):
                        raise UsageError(f"{path}: is empty (no header line)")
                else:
                    first = _first_object(path, f)
                    headers = [str(key) for key in first]
            opened = cls(path=path, format=fmt, encoding=encoding, headers=headers)
            opened.total = opened.count()
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"{path}: is not {_name(encoding)} text (byte {exc.start}); "
                "pass --encoding (e.g. latin-1) or save it as UTF-8"
            ) from None
        except csv.Error as exc:
            raise UsageError(f"{path}: not a readable CSV file ({exc})") from None
        except OSError as exc:
            raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
        if opened.total == 0:
            raise UsageError(f"{path}: has a header but no rows")
        return opened

    def rows(self) -> Iterator[dict[str, Any] | BadLine]:
        """Every row, in order: a dict of the row's columns, or a :class:`BadLine`.

        Raises:
            UsageError: the file became unreadable (or undecodable) while being read.
        """
        try:
            with self.path.open(encoding=self.encoding, newline="") as f:
                if self.format == "csv":
                    reader = csv.DictReader(f, fieldnames=self.headers)
                    next(reader, None)  # the header itself
                    for row in reader:
                        yield {k: v for k, v in row.items() if k}  # no overflow cells (None)
                else:
                    for number, line in enumerate(f, start=1):
                        if line.strip():
                            yield _parse_line(number, line)
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"{self.path}: is not {_name(self.encoding)} text (byte {exc.start}); "
                "pass --encoding"
            ) from None
        except csv.Error as exc:
            raise UsageError(f"{self.path}: not a readable CSV file ({exc})") from None

    def count(self) -> int:
        """How many rows (a quick pass, for the progress bar's total)."""
        total = 0
        with self.path.open(encoding=self.encoding, newline="") as f:
            if self.format == "csv":
                reader = csv.reader(f)
                next(reader, None)
                total = sum(1 for cells in reader if cells)
            else:
                total = sum(1 for line in f if line.strip())
        return total


def _first_object(path: Path, lines: Any) -> dict[str, Any]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row = _parse_line(number, line)
        if isinstance(row, BadLine):
            raise UsageError(f"{path}: {row.reason}; is it a JSONL file (one object a line)?")
        return row
    raise UsageError(f"{path}: is empty (no JSON object)")


def _parse_line(number: int, line: str) -> dict[str, Any] | BadLine:
    try:
        value = json.loads(line)
    except ValueError:
        return BadLine(f"line {number} is not valid JSON")
    if not isinstance(value, dict):
        return BadLine(f"line {number} is a JSON {type(value).__name__}, not an object")
    return value


def _name(encoding: str) -> str:
    utf8 = encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-8", "utf8")
    return "UTF-8" if utf8 else encoding

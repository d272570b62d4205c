"""Tables users export from their CRM: CSV (any delimiter, any usual encoding), JSONL, .xlsx.

:func:`read_table` checks the whole file before returning — it exists, is a table, decodes
from its first byte to its last, has a header and rows — so that a bad byte on line 900,000
is reported before any credit is spent. The :class:`Table` it returns then reads its rows
lazily, re-opening the file on each iteration: a million rows never sit in memory.

What had to be guessed (the encoding, the delimiter, the sheet, renamed headers) is said in
:attr:`Table.notes`, one sentence each, for a program to show before it starts.
"""

from __future__ import annotations

import codecs
import os
import re
import shlex
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import attrs

from .errors import ProntoError, ValidationError

__all__ = ["TABLE_FORMATS", "BadLine", "InputFileError", "Table", "read_table"]

#: The formats :func:`read_table` reads.
TABLE_FORMATS: Final = ("csv", "jsonl", "xlsx")

#: Formats by extension; ``.txt`` and any other extension are sniffed.
_BY_EXTENSION: Final = {
    ".csv": "csv", ".tsv": "csv", ".tab": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx",
}
_TAB_EXTENSIONS: Final = (".tsv", ".tab")
#: Spreadsheets openpyxl cannot read, and what to do with them.
_REFUSED: Final = {
    ".xls": "an old binary Excel workbook (.xls)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "a Numbers spreadsheet",
}
_SAVE_AS: Final = "open it and save it as .xlsx or CSV (UTF-8)"
_ZIP: Final = b"PK\x03\x04"
#: OLE2 compound files: .xls, and .xlsx files protected by a password (encrypted).
_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: How much of the file the format, encoding and delimiter are sniffed from.
HEAD_BYTES: Final = 64 * 1024
_DELIMITER_NAMES: Final = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";",
                           "pipe": "|"}
_OPTION: Final = re.compile(r"<(\w+)(?:=([^>]*))?>")


class InputFileError(ValidationError):
    """A file :func:`read_table` cannot read as a table, raised before any row is read.

    ``str()`` names the file, says what is wrong and what to pass (``encoding=``,
    ``delimiter=``, ``sheet=``, ``format=``); :meth:`render` gives the same with the
    ``pronto`` command's flags (``--encoding``).

    Attributes:
        file: The file.
        reason: What is wrong with it.
        hint: What to do, with ``<option=value>`` placeholders (see :meth:`render`).
    """

    def __init__(self, file: Path, reason: str, *, hint: str = "") -> None:
        self.file = file
        self.reason = reason
        self.hint = hint
        message = self.render(flags=False)
        # ValidationError's own __init__ prefixes "invalid arguments:", which a file is not.
        ProntoError.__init__(self, message)
        self.problems = (message,)

    def render(self, *, flags: bool) -> str:
        """The message, its options named as keyword arguments (``encoding='cp1252'``) or,
        with ``flags``, as command-line flags (``--encoding cp1252``)."""

        def option(match: re.Match[str]) -> str:
            name, value = match.group(1), match.group(2)
            if flags:
                return f"--{name}" + (f" {shlex.quote(value)}" if value is not None else "")
            return f"{name}=" + (repr(value) if value is not None else "")

        hint = _OPTION.sub(option, self.hint)
        return f"{self.file}: {self.reason}" + (f"; {hint}" if hint else "")


@attrs.frozen
class BadLine:
    """A line of a JSONL file that is not a row (not JSON, or not an object).

    :meth:`Table.__iter__` yields it in the row's place, so that the row keeps its number
    and becomes that row's error rather than the end of the run.
    """

    reason: str


class _Rows(Protocol):
    def rows(self, path: Path, headers: tuple[str, ...]) -> Iterator[dict[str, Any] | BadLine]:
        ...


@attrs.frozen(kw_only=True)
class Table:
    """A checked table file (made by :func:`read_table`): iterate it for its rows.

    Each row is a ``dict`` of every header to its cell: a string for CSV and .xlsx (``''``
    for an empty or missing cell), or the JSON object as parsed for JSONL (its keys as they
    are, missing ones absent), or a :class:`BadLine`. Rows whose cells are all blank are
    skipped and not counted. Each iteration re-opens the file and reads it lazily.
    """

    path: Path
    #: ``"csv"``, ``"jsonl"`` or ``"xlsx"``.
    format: str
    #: The text encoding used (``None`` for .xlsx), e.g. ``"utf-8-sig"``, ``"cp1252"``.
    encoding: str | None
    #: The CSV delimiter used (``None`` for JSONL and .xlsx).
    delimiter: str | None
    #: The sheet read (.xlsx only).
    sheet: str | None = None
    #: The column names, cleaned: BOM and surrounding whitespace stripped, inner whitespace
    #: runs made one space, duplicates made unique (``Email``, ``Email (2)``), blank ones
    #: and cells beyond the last header named (``Column 7``; ``Column G`` in .xlsx). For
    #: JSONL: every key met, in order of first appearance.
    headers: tuple[str, ...]
    #: The number of rows (blank rows not counted).
    total: int
    #: What was guessed or changed, one sentence each ("read as Windows-1252 (not valid
    #: UTF-8)", "delimiter ';'"); empty for a plain UTF-8, comma-separated file.
    notes: tuple[str, ...] = ()
    _reader: _Rows = attrs.field(repr=False, eq=False, alias="reader")

    def __iter__(self) -> Iterator[dict[str, Any] | BadLine]:
        """Every row, in file order.

        Raises:
            InputFileError: the file changed or became unreadable since it was checked.
        """
        return self._reader.rows(self.path, self.headers)

    def __len__(self) -> int:
        return self.total


def read_table(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
) -> Table:
    """Check a CSV, TSV, JSONL or .xlsx file from end to end and return it as a :class:`Table`.

    Args:
        path: The file.
        format: ``"csv"``, ``"jsonl"`` or ``"xlsx"``; default: from the extension (``.csv``,
            ``.tsv``/``.tab`` (tab), ``.jsonl``/``.ndjson``, ``.xlsx``/``.xlsm``), else
            sniffed from the content (a zip is a workbook; a first ``{`` is JSONL; else CSV).
        encoding: CSV/JSONL: a Python codec name; default (``None`` or ``"auto"``): a byte
            order mark (UTF-8, UTF-16, UTF-32), else UTF-16 told by its NUL bytes, else UTF-8
            if the whole file is valid UTF-8, else Windows-1252 (or Latin-1 for the few bytes
            Windows-1252 lacks).
        delimiter: CSV: one character (or ``"tab"``); default: sniffed among ``,`` ``;``
            tab and ``|`` from the first 50 records (an Excel ``sep=`` first line is obeyed).
        sheet: .xlsx: a sheet name or 0-based index; default: the first sheet with data.

    Returns:
        The table, its headers, row count and notes known; its rows not yet read.

    Raises:
        InputFileError: the file is missing, unreadable, not a table (a zip that is not a
            workbook, an .xls, binary data), does not decode in the encoding, has an
            unclosed quote, is empty or has no rows, or openpyxl is missing for .xlsx.
        ValueError: an option is not one of its kind (an unknown format or codec, a
            delimiter of more than one character).
    """
    file = Path(path)
    fmt = _checked_format(format)
    encoding = _checked_encoding(encoding)
    delimiter = _checked_delimiter(delimiter)
    if sheet is not None and not isinstance(sheet, str | int):
        raise TypeError(f"sheet must be a name or an index, not {type(sheet).__name__}")
    head = _head(file)
    fmt, notes = _format_of(file, head, fmt)
    if fmt == "xlsx":
        if encoding is not None or delimiter is not None:
            raise InputFileError(file, "is an Excel workbook: encoding and delimiter do "
                                 "not apply", hint="leave out <encoding> and <delimiter>")
        from ._tables_xlsx import read_xlsx  # openpyxl, only when a workbook is read

        return read_xlsx(file, sheet=sheet, notes=notes)
    if sheet is not None:
        raise InputFileError(file, "is a text file, not a workbook: it has no sheets",
                             hint="leave out <sheet>")
    from ._tables_text import read_text

    return read_text(file, head, fmt=fmt, encoding=encoding, delimiter=delimiter, notes=notes)


def _checked_format(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    if fmt.lower() not in TABLE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(TABLE_FORMATS)}, not {fmt!r}")
    return fmt.lower()


def _checked_encoding(encoding: str | None) -> str | None:
    if encoding is None or encoding.lower() == "auto":
        return None
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r} (e.g. utf-8, cp1252, latin-1, "
                         "utf-16)") from None
    return encoding


def _checked_delimiter(delimiter: str | None) -> str | None:
    if delimiter is None:
        return None
    value = _DELIMITER_NAMES.get(delimiter.lower(), delimiter)
    if len(value) != 1 or value in "\r\n\"":
        raise ValueError(f"delimiter must be one character (or 'tab'), not {delimiter!r}")
    return value


def _head(file: Path) -> bytes:
    if not file.exists():
        raise InputFileError(file, "no such file")
    if file.is_dir():
        raise InputFileError(file, "is a directory, not a file")
    try:
        with file.open("rb") as f:
            return f.read(HEAD_BYTES)
    except OSError as exc:
        raise InputFileError(file, f"cannot read it ({exc.strerror or exc})") from None


def _format_of(file: Path, head: bytes, given: str | None) -> tuple[str | None, list[str]]:
    """The format the options, the signature or the extension say (``None``: sniff the
    text once decoded), and a note when the content overrode the extension."""
    suffix = file.suffix.lower()
    if head.startswith(_OLE2):
        what = _REFUSED.get(suffix, "an old binary Excel workbook (.xls) or a workbook "
                            "protected by a password")
        raise InputFileError(file, f"is {what}, which cannot be read",
                             hint=f"{_SAVE_AS}, without a password")
    if suffix in _REFUSED and not head.startswith(_ZIP):
        raise InputFileError(file, f"is {_REFUSED[suffix]}, which cannot be read",
                             hint=_SAVE_AS)
    if head.startswith(_ZIP):
        kind = _zip_kind(file)
        if kind != "xlsx":
            raise InputFileError(file, f"is {kind}, not a table that can be read",
                                 hint=_SAVE_AS)
        if given is not None and given != "xlsx":
            raise InputFileError(file, f"is an Excel workbook (a zip), not {given.upper()}",
                                 hint="pass <format=xlsx> or leave <format> out")
        notes = []
        if _BY_EXTENSION.get(suffix) != "xlsx":
            notes.append("read as an Excel workbook (the file is a zip, not text)")
        return "xlsx", notes
    if given == "xlsx" or (given is None and _BY_EXTENSION.get(suffix) == "xlsx"):
        raise InputFileError(file, "is not an Excel workbook (not a zip file)",
                             hint="pass <format=csv> if it is CSV text")
    return given or _BY_EXTENSION.get(suffix), []


def _zip_kind(file: Path) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        return f"a damaged zip file ({exc})"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "a binary Excel workbook (.xlsb)" if "xl/workbook.bin" in names else "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        return _REFUSED[".ods"]
    return "a zip archive"


def tab_extension(file: Path) -> bool:
    """Whether the extension says tab-separated (``.tsv``, ``.tab``)."""
    return file.suffix.lower() in _TAB_EXTENSIONS


def filled_width(cells: Sequence[str], start: int = 0) -> int:
    """One past the last cell at or after ``start`` that is not blank (0 when none is): how
    wide a header or a row really is, whatever empty cells trail it."""
    return max((i + 1 for i in range(start, len(cells)) if cells[i].strip()), default=0)


def cleaned_headers(
    cells: list[str], *, blank: str = "Column {}", label: Any = str
) -> tuple[tuple[str, ...], list[str]]:
    """The header cells made usable as keys, and the notes on what was renamed.

    ``blank`` names a blank header from its position (``label(index + 1)``).
    """
    names: list[str] = []
    seen: set[str] = set()
    duplicates: list[str] = []
    blanks: list[str] = []
    for position, cell in enumerate(cells):
        name = " ".join(cell.replace("\ufeff", "").replace("\u200b", "").split())
        if not name:
            name = blank.format(label(position + 1))
            blanks.append(name)
        if name in seen:
            base, number = name, 2
            while f"{base} ({number})" in seen or f"{base} ({number})" in cells:
                number += 1
            name = f"{base} ({number})"
            duplicates.append(f"{base!r} -> {name!r}")
        seen.add(name)
        names.append(name)
    notes = []
    if duplicates:
        notes.append(f"{_count(len(duplicates), 'duplicate header')} renamed: "
                     + ", ".join(duplicates[:3]) + (", ..." if len(duplicates) > 3 else ""))
    if blanks:
        notes.append(f"{_count(len(blanks), 'blank header')} named: "
                     + ", ".join(repr(b) for b in blanks[:3])
                     + (", ..." if len(blanks) > 3 else ""))
    return tuple(names), notes


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")

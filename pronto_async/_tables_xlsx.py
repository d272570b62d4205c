""".xlsx tables, read with openpyxl (the ``cli`` extra) in read-only mode, its cells as text.

Cells become the text a CSV export of the sheet would hold: integral numbers without
``.0`` (phone numbers and ids), other numbers to Excel's 15 significant digits, dates and
times ISO 8601, booleans ``TRUE``/``FALSE``, formulas their value as last computed by the
program that saved the file (a file never opened in a spreadsheet program has none: ``''``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._tables import BadLine, InputFileError, Table, cleaned_headers, filled_width

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["cell_text", "read_xlsx"]

_INSTALL: Final = "pip install 'pronto-async[cli]' (or pip install openpyxl)"
#: Rows read at a time: openpyxl's warnings are silenced while reading, not while yielding.
_BATCH: Final = 1000


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time() and value.tzinfo is None:
            return value.date().isoformat()  # a date cell: Excel stores dates as datetimes
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_xlsx(file: Path, *, sheet: str | int | None, notes: list[str]) -> Table:
    """The table in a sheet of the workbook ``file``: ``sheet`` (a name or 0-based index),
    else the first sheet with data."""
    with _opened(file) as workbook:
        names = [ws.title for ws in workbook.worksheets]
        chosen = [_sheet_named(file, names, sheet)] if sheet is not None else names
        scanned = None
        name = chosen[0] if chosen else ""
        for name in chosen:
            scanned = _scan(file, workbook, name)
            if scanned is not None:
                break
        if scanned is None:
            which = f"sheet {name!r} is" if sheet is not None else "every sheet is"
            raise InputFileError(file, f"is empty ({which} blank)",
                                 hint="pass <sheet=NAME> naming the sheet with the table"
                                 if len(names) > 1 else "")
    header, named, width, total, wide_rows = scanned
    if total == 0:
        raise InputFileError(file, f"sheet {name!r} has a header but no rows",
                             hint="pass <sheet=NAME> naming another sheet"
                             if len(names) > 1 else "")
    from openpyxl.utils import get_column_letter

    cells = header[:width] + [""] * (width - len(header))
    headers, renamed = cleaned_headers(cells, label=get_column_letter)
    if len(names) > 1:
        others = ", ".join(repr(n) for n in names if n != name)
        notes.append(f"sheet {name!r} (the workbook also has {others})")
    notes += renamed
    if wide_rows:
        notes.append(f"{wide_rows} row{'s have' if wide_rows > 1 else ' has'} cells beyond "
                     f"the header: read under {headers[named]!r}"
                     + (" and after" if width > named + 1 else ""))
    return Table(path=file, format="xlsx", encoding=None, delimiter=None, sheet=name,
                 headers=headers, total=total, notes=tuple(notes),
                 reader=_XlsxRows(sheet=name))


@contextlib.contextmanager
def _opened(file: Path) -> Iterator[Workbook]:
    """The workbook in ``file``, read-only, closed (with its file) on exit."""
    try:
        import openpyxl
    except ImportError:
        raise InputFileError(file, "reading .xlsx files needs openpyxl",
                             hint=_INSTALL) from None
    try:
        handle = file.open("rb")  # a file object: openpyxl refuses paths not named .xlsx
    except OSError as exc:
        raise InputFileError(file, f"cannot read it ({exc.strerror or exc})") from None
    with handle:
        try:
            with warnings.catch_warnings():  # "no default style" and the like: noise
                warnings.simplefilter("ignore")
                workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise InputFileError(file, f"cannot be read as an Excel workbook ({exc})",
                                 hint="open it and save it again as .xlsx or CSV") from None
        try:
            yield workbook
        finally:
            workbook.close()


def _sheet_named(file: Path, names: Sequence[str], sheet: str | int) -> str:
    if isinstance(sheet, str):
        if sheet in names:
            return sheet
        folded = [n for n in names if n.casefold() == sheet.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
        if sheet.strip().isdigit():
            sheet = int(sheet)
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    listed = ", ".join(f"{i}: {n!r}" for i, n in enumerate(names))
    raise InputFileError(file, f"has no sheet {sheet!r} (its sheets: {listed})",
                         hint="pass <sheet=NAME> or a 0-based index")


def _rows_of(workbook: Workbook, name: str) -> Iterator[list[str]]:
    sheet = workbook[name]
    sheet.reset_dimensions()  # some programs write a wrong used range; read every cell
    for values in sheet.iter_rows(values_only=True):
        yield [cell_text(v) for v in values]


def _scan(
    file: Path, workbook: Workbook, name: str
) -> tuple[list[str], int, int, int, int] | None:
    """The header, the named and the used widths, the row count and the rows wider than the
    header; ``None`` for a blank sheet."""
    header: list[str] | None = None
    named = used = total = wide_rows = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for cells in _rows_of(workbook, name):
                if not any(map(str.strip, cells)):
                    continue
                if header is None:
                    header = cells
                    named = filled_width(cells)
                    continue
                total += 1
                if len(cells) > named:
                    last = filled_width(cells, named)
                    if last:
                        used, wide_rows = max(used, last), wide_rows + 1
    except Exception as exc:
        raise InputFileError(file, f"sheet {name!r} cannot be read ({exc})",
                             hint="open it and save it again as .xlsx or CSV") from None
    if header is None:
        return None
    return header, named, max(named, used), total, wide_rows


@attrs.frozen(kw_only=True)
class _XlsxRows:
    sheet: str

    def rows(self, path: Path, headers: tuple[str, ...]) -> Iterator[dict[str, Any] | BadLine]:
        width = len(headers)
        with _opened(path) as workbook:
            rows = _rows_of(workbook, self.sheet)
            seen_header = False
            while True:
                batch: list[dict[str, Any] | BadLine] = []
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        for cells in rows:
                            if not any(map(str.strip, cells)):
                                continue
                            if not seen_header:
                                seen_header = True
                                continue
                            if len(cells) != width:
                                cells = (cells + [""] * width)[:width]
                            batch.append(dict(zip(headers, cells, strict=True)))
                            if len(batch) == _BATCH:
                                break
                except Exception as exc:
                    raise InputFileError(path, f"sheet {self.sheet!r} cannot be read "
                                         f"({exc})") from None
                yield from batch
                if len(batch) < _BATCH:
                    return

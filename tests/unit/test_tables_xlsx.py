"""read_table on .xlsx workbooks written here with openpyxl (and patched where openpyxl
cannot write what Excel does: a formula's cached value, a wrong used range)."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pronto_async import InputFileError, Table, read_table
from pronto_async._tables_xlsx import cell_text


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def patch_sheet(path: Path, member: str, old: str, new: str) -> None:
    """Rewrite one part of the zip, as another program would have written it."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    text = parts[member].decode()
    assert old in text
    parts[member] = text.replace(old, new).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def rows_of(table: Table) -> list[dict[str, str]]:
    rows = list(table)
    assert all(isinstance(row, dict) for row in rows)
    return rows  # type: ignore[return-value]


HEADER = ["Record ID", "Phone", "Revenue", "Ratio", "Created", "Last Call", "Active",
          "Empty", "Name"]


def test_cells_come_out_as_a_csv_export_would_hold_them(tmp_path: Path) -> None:
    path = workbook(tmp_path / "contacts.xlsx", {
        "Cover": [],  # blank: not the table
        "Contacts": [
            HEADER,
            [101, 33612345678.0, 1234.5, 0.1 + 0.2, dt.date(2024, 3, 1),
             dt.datetime(2024, 3, 1, 9, 30), True, None, "Müller"],
            [102, 4915112345678, -5.0, 1e-7, dt.datetime(2023, 12, 31), dt.time(14, 5),
             False, None, "  José "],
            [None] * 9,  # a blank row: skipped, not counted
        ],
        "Notes": [["free text"]],
    })
    table = read_table(path)
    assert (table.format, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert table.sheet == "Contacts" and table.total == 2
    assert table.headers == tuple(HEADER)
    assert table.notes == ("sheet 'Contacts' (the workbook also has 'Cover', 'Notes')",)
    assert rows_of(table) == [
        {"Record ID": "101", "Phone": "33612345678", "Revenue": "1234.5", "Ratio": "0.3",
         "Created": "2024-03-01", "Last Call": "2024-03-01T09:30:00", "Active": "TRUE",
         "Empty": "", "Name": "Müller"},
        {"Record ID": "102", "Phone": "4915112345678", "Revenue": "-5", "Ratio": "1e-07",
         "Created": "2023-12-31", "Last Call": "14:05:00", "Active": "FALSE", "Empty": "",
         "Name": "  José "},
    ]
    assert list(table) == rows_of(table)  # re-iterable


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), ("x", "x"), (True, "TRUE"), (7, "7"), (7.0, "7"), (2.5, "2.5"),
    (1e20, "100000000000000000000"), (float("nan"), "nan"),
    (dt.datetime(2024, 1, 2, 0, 0, 1), "2024-01-02T00:00:01"),
    (dt.timedelta(hours=25), "1 day, 1:00:00"),
])
def test_cell_text(value: Any, text: str) -> None:
    assert cell_text(value) == text


def test_a_formula_gives_its_cached_value(tmp_path: Path) -> None:
    """openpyxl writes formulas without the value Excel caches beside them: without one the
    cell is '' (a file never opened in a spreadsheet program); with one, the value."""
    path = workbook(tmp_path / "f.xlsx", {"S": [["n", "double"], [21, "=A2*2"]]})
    assert rows_of(read_table(path)) == [{"n": "21", "double": ""}]
    patch_sheet(path, "xl/worksheets/sheet1.xml", "<f>A2*2</f><v />", "<f>A2*2</f><v>42</v>")
    assert rows_of(read_table(path)) == [{"n": "21", "double": "42"}]


def test_a_wrong_used_range_loses_no_cells(tmp_path: Path) -> None:
    path = workbook(tmp_path / "d.xlsx", {"S": [["a", "b"], ["1", "2"], ["3", "4"]]})
    patch_sheet(path, "xl/worksheets/sheet1.xml", '<dimension ref="A1:B3" />',
                '<dimension ref="A1" />')  # some programs write this
    assert rows_of(read_table(path)) == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


def test_header_is_the_first_non_empty_row_and_cells_are_all_kept(tmp_path: Path) -> None:
    path = workbook(tmp_path / "h.xlsx", {"S": [
        [],
        [None, None],
        ["Email", "Email", None, 2024],
        ["a@x.com", "b@x.com", "c", "d", None, "far"],
    ]})
    table = read_table(path)
    assert table.headers == ("Email", "Email (2)", "Column C", "2024", "Column E",
                             "Column F")
    assert rows_of(table) == [{"Email": "a@x.com", "Email (2)": "b@x.com", "Column C": "c",
                               "2024": "d", "Column E": "", "Column F": "far"}]
    assert any("cells beyond the header: read under 'Column E' and after" in n
               for n in table.notes)


def test_sheet_by_name_index_or_digits(tmp_path: Path) -> None:
    path = workbook(tmp_path / "s.xlsx", {"Leads": [["a"], ["1"]], "2024": [["b"], ["2"]],
                                          "Accounts": [["c"], ["3"]]})
    assert read_table(path).sheet == "Leads"
    assert read_table(path, sheet="Accounts").headers == ("c",)
    assert read_table(path, sheet="accounts").sheet == "Accounts"
    assert read_table(path, sheet=2).sheet == "Accounts"
    assert read_table(path, sheet="2024").sheet == "2024"  # a name first
    assert read_table(path, sheet="2").sheet == "Accounts"  # else an index
    with pytest.raises(InputFileError) as bad:
        read_table(path, sheet="Contacts")
    assert "has no sheet 'Contacts' (its sheets: 0: 'Leads', 1: '2024', 2: 'Accounts')" \
        in str(bad.value)
    assert "--sheet NAME" in bad.value.render(flags=True)


def test_a_zip_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    source = workbook(tmp_path / "w.xlsx", {"S": [["name"], ["Acme"]]})
    path = tmp_path / "export.csv"
    path.write_bytes(source.read_bytes())
    table = read_table(path)
    assert table.format == "xlsx" and rows_of(table) == [{"name": "Acme"}]
    assert table.notes == ("read as an Excel workbook (the file is a zip, not text)",)
    with pytest.raises(InputFileError, match="is an Excel workbook \\(a zip\\), not CSV"):
        read_table(path, format="csv")  # never read a zip as CSV


@pytest.mark.parametrize(("sheets", "options", "message"), [
    ({"S": [["a", "b"]]}, {}, "sheet 'S' has a header but no rows"),
    ({"S": [], "T": [[None]]}, {}, "is empty (every sheet is blank); pass sheet="),
    ({"S": [["a"], ["1"]]}, {"encoding": "cp1252"}, "encoding and delimiter do not apply"),
])
def test_workbooks_without_a_table(
    tmp_path: Path, sheets: dict[str, list[list[Any]]], options: dict[str, Any], message: str
) -> None:
    path = workbook(tmp_path / "x.xlsx", sheets)
    with pytest.raises(InputFileError) as bad:
        read_table(path, **options)
    assert message in str(bad.value)


def test_damaged_and_foreign_zips(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    with pytest.raises(InputFileError, match="cannot be read as an Excel workbook"):
        read_table(damaged)
    ods = tmp_path / "sheet.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(InputFileError, match=r"is an OpenDocument spreadsheet .* save it as"):
        read_table(ods)


def test_without_openpyxl_the_message_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(tmp_path / "x.xlsx", {"S": [["a"], ["1"]]})
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl -> ImportError
    with pytest.raises(InputFileError) as missing:
        read_table(path)
    assert "reading .xlsx files needs openpyxl; pip install 'pronto-async[cli]'" \
        in str(missing.value)

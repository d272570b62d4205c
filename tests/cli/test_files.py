"""Input files and CSV output of ``pronto enrich``: InputFile over read_table, the flags, and
the CSV Excel opens; a few runs against a FakePronto (end-to-end exports: test_exports)."""

from __future__ import annotations

import codecs
import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pronto_async.bulk import Outcome
from pronto_async.cli._errors import UsageError
from pronto_async.cli._files import BadLine, InputFile
from pronto_async.cli._output import Writer, record_of, spreadsheet_safe
from pronto_async.testing import FakePronto

from .conftest import fake_env, in_process, run


def test_input_file_reads_csv_lazily_with_its_header(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("\ufeffFirst Name,Last Name\nAda,Lovelace\n\nGrace,Hopper,extra\n",
                    encoding="utf-8")
    source = InputFile.open(path, None)
    assert source.headers == ["First Name", "Last Name", "Column 3"]  # no cell dropped
    assert source.total == source.count() == 2
    assert (source.format, source.encoding) == ("csv", "utf-8-sig")
    assert list(source.rows()) == [
        {"First Name": "Ada", "Last Name": "Lovelace", "Column 3": ""},
        {"First Name": "Grace", "Last Name": "Hopper", "Column 3": "extra"},
    ]
    assert any("'Column 3'" in note for note in source.notes)


def test_a_bad_jsonl_line_is_a_row_not_the_end(tmp_path: Path) -> None:
    path = tmp_path / "c.ndjson"
    path.write_text('{"a": 1}\n\nnot json\n[1, 2]\n{"a": 2}\n', encoding="utf-8")
    source = InputFile.open(path, None)
    assert source.format == "jsonl" and source.headers == ["a"] and source.total == 4
    assert list(source.rows()) == [{"a": 1}, BadLine("line 3 is not valid JSON"),
                                   BadLine("line 4 is a JSON list, not an object"), {"a": 2}]


def test_flags_pick_the_encoding_delimiter_and_sheet(tmp_path: Path) -> None:
    latin = tmp_path / "x.csv"
    latin.write_bytes("prénom;nom\nJosé;Ruiz\n".encode("latin-1"))
    assert list(InputFile.open(latin, "csv", encoding="latin-1").rows()) == [
        {"prénom": "José", "nom": "Ruiz"}]
    assert InputFile.open(latin, None, delimiter=",").headers == ["prénom;nom"]
    book = openpyxl.Workbook()
    book.active.title = "Cover"  # type: ignore[union-attr]
    book.create_sheet("Leads").append(["name"])
    book["Leads"].append(["Acme"])
    book.save(tmp_path / "w.xlsx")
    assert list(InputFile.open(tmp_path / "w.xlsx", None, sheet="Leads").rows()) == [
        {"name": "Acme"}]


@pytest.mark.parametrize(("name", "content", "options", "message"), [
    ("x.csv", None, {}, "x.csv: no such file"),
    ("x.csv", b"", {}, "x.csv: is empty (no header line)"),
    ("x.csv", b"a,b\n", {}, "x.csv: has a header but no rows"),
    ("x.jsonl", b"\n\n", {}, "x.jsonl: is empty (no JSON object)"),
    ("x.csv", b"a,b\n\xff\xfe,1\n", {"encoding": "utf-8"},
     "x.csv: is not valid UTF-8 text (line 2); leave out --encoding to have it detected"),
    ("x.csv", "a\nMüller\n".encode() + b"Jos\xe9\n", {},
     "is UTF-8 except on line 3 (byte 0xE9 is not UTF-8): its encodings are mixed; fix that "
     "line, or pass --encoding cp1252"),
    ("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", {}, "save it as .xlsx or CSV"),
    ("x.xlsx", b"a\n1\n", {}, "pass --format csv if it is CSV text"),
    ("x.csv", b"a\n1\n", {"sheet": "2"}, "it has no sheets; leave out --sheet"),
    ("x.csv", b"a\n1\n", {"delimiter": "ab"}, "delimiter must be one character"),
    ("x.csv", b"a\n1\n", {"encoding": "nope"}, "unknown encoding 'nope'"),
])
def test_bad_files_are_one_usage_error_naming_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes | None,
    options: dict[str, str], message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(UsageError) as bad:
        InputFile.open(Path(name), None, **options)
    assert message in str(bad.value)
    assert bad.value.status == 2


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("-A1", "'-A1"),
    ("\t=1", "'\t=1"),
    ("+33612345678", "+33612345678"),
    ("+1 (555) 123-4567", "+1 (555) 123-4567"),
    ("+33 6 12 34 56 78; +44 20 7946 0000", "+33 6 12 34 56 78; +44 20 7946 0000"),
    ("-5", "-5"),
    ("-0.25", "-0.25"),
    ("-", "-"),
    ("Ada", "Ada"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_spreadsheet_safe(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_csv_output_opens_in_excel(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    writer = Writer(path, "csv", kind="accounts", headers=["Name", "=Notes", "Phone"])
    row = {"Name": "Müller GmbH", "=Notes": "line one\nline two", "Phone": "+4930123456"}
    writer.write(record_of(Outcome(index=0, input=row, value=None, error=None), row))
    evil = {"Name": "=1+1", "=Notes": "@x", "Phone": "-5"}
    writer.write(record_of(Outcome(index=1, input=evil, value=None, error=None), evil))
    writer.close()
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(b"\r\n") == 3 and data.count(b"\n") == 4  # CRLF, one \n in a cell
    with path.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert list(table[0])[:3] == ["Name", "'=Notes", "Phone"]
    assert [(r["Name"], r["'=Notes"], r["Phone"]) for r in table] == [
        ("Müller GmbH", "line one\nline two", "+4930123456"), ("'=1+1", "'@x", "-5")]
    assert [r["pronto_status"] for r in table] == ["not_found", "not_found"]


def test_jsonl_output_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    writer = Writer(path, "jsonl", kind="accounts", headers=["Name"])
    row = {"Name": "=1+1"}
    writer.write(record_of(Outcome(index=0, input=row, value=None, error=None), row))
    writer.close()
    assert not path.read_bytes().startswith(codecs.BOM_UTF8)
    assert json.loads(path.read_text(encoding="utf-8"))["input"] == {"Name": "=1+1"}


def sent(fake: FakePronto, first: str, last: str, **fields: Any) -> int:
    return fake.stats.times_charged("contacts.enrich", {
        "firstname": first, "lastname": last, "enrichment_type": ["email"], **fields})


def test_european_excel_csv_and_unicode_text_are_enriched(
    tmp_path: Path, fake: FakePronto
) -> None:
    """A ';'-separated Windows-1252 export and Excel's "Unicode text" (UTF-16, tabs): each row
    sent once with its accented names intact."""
    (tmp_path / "eu.csv").write_bytes(
        "First Name;Last Name;Company;Website\r\nJosé;Müller;\"Acme; SA\";acme.fr\r\n"
        "Zoé;Lefèvre;Globex;https://globex.fr/\r\n".encode("cp1252"))
    text = "First Name\tLast Name\tCompany\r\nŁucja\tNowak\tInitech\r\n"
    (tmp_path / "unicode.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    env = fake_env(fake)
    for name in ("eu.csv", "unicode.txt"):
        done = run(["enrich", "contacts", name, "--progress", "none", "--no-ledger"], env=env,
                   cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert sent(fake, "José", "Müller", company_name="Acme; SA", domain="acme.fr") == 1
    assert sent(fake, "Zoé", "Lefèvre", company_name="Globex", domain="globex.fr") == 1
    assert sent(fake, "Łucja", "Nowak", company_name="Initech") == 1
    assert fake.stats["contacts.enrich"].requests == 3


def test_an_xlsx_export_in_and_an_excel_csv_out(tmp_path: Path, fake: FakePronto) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Companies"
    sheet.append(["Company Name", "Website", "Country"])
    sheet.append(["Acme", "https://www.acme.com/about", "FR"])
    sheet.append(["Globex", "globex.io", "DE"])
    book.save(tmp_path / "companies.xlsx")
    done = run(["enrich", "accounts", "companies.xlsx", "-o", "out.csv", "--progress", "none",
                "--no-ledger"], env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert fake.stats["accounts.enrich"].charged == 2
    assert (tmp_path / "out.csv").read_bytes().startswith(codecs.BOM_UTF8)
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert [(r["Company Name"], r["pronto_status"]) for r in table] == [
        ("Acme", "found"), ("Globex", "found")]


def test_an_xls_is_refused_before_anything_is_sent(
    tmp_path: Path, fake: FakePronto, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    done = in_process(["enrich", "contacts", "old.xls"], env=fake_env(fake), cwd=tmp_path,
                      monkeypatch=monkeypatch, capsys=capsys)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "pronto: error: old.xls: is an old binary Excel workbook (.xls), which cannot be "
        "read; open it and save it as .xlsx or CSV (UTF-8), without a password")
    assert fake.stats["account.credits"].requests == 0

"""read_table on CSV and JSONL files as CRM exports and Excel write them (written here)."""

from __future__ import annotations

import codecs
import tracemalloc
from pathlib import Path

import pytest

from pronto_async import BadLine, InputFileError, Table, ValidationError, read_table

CONTACTS = [["Ada", "Müller", "José & Co", "€"], ["Zoë", "Ñúñez", "Łódź", "ß"]]


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def rows_of(table: Table) -> list[dict[str, str]]:
    rows = list(table)
    assert all(isinstance(row, dict) for row in rows)
    return rows  # type: ignore[return-value]


def test_utf8_bom_hubspot_header_comes_out_clean(tmp_path: Path) -> None:
    path = write(tmp_path / "hubspot.csv", "\ufeffRecord ID,First Name,Company Domain Name\r\n"
                 "101,Ada,acme.com\r\n102,Zoë,globex.io\r\n")
    table = read_table(path)
    assert (table.format, table.encoding, table.delimiter) == ("csv", "utf-8-sig", ",")
    assert table.headers == ("Record ID", "First Name", "Company Domain Name")
    assert table.notes == ()  # nothing was guessed that a user must know
    assert len(table) == table.total == 2
    assert rows_of(table) == [
        {"Record ID": "101", "First Name": "Ada", "Company Domain Name": "acme.com"},
        {"Record ID": "102", "First Name": "Zoë", "Company Domain Name": "globex.io"},
    ]
    # encoding="utf-8" forced on a BOM file: the BOM is still not part of the first name.
    assert read_table(path, encoding="utf-8").headers[0] == "Record ID"


def test_semicolons_with_quoted_semicolons_and_newlines(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv",
                 'Vorname;Nachname;Firma;Notiz\r\n'
                 'Ada;Müller;"Acme; GmbH";"line one\r\nline two; still the note"\r\n'
                 'José;Ruiz;Globex;"said ""hi"""\r\n')
    table = read_table(path)
    assert table.delimiter == ";" and "delimiter ';'" in table.notes
    assert rows_of(table) == [
        {"Vorname": "Ada", "Nachname": "Müller", "Firma": "Acme; GmbH",
         "Notiz": "line one\r\nline two; still the note"},
        {"Vorname": "José", "Nachname": "Ruiz", "Firma": "Globex", "Notiz": 'said "hi"'},
    ]


def test_excel_unicode_text_is_utf16_le_with_bom_and_tabs(tmp_path: Path) -> None:
    text = "First Name\tLast Name\tCompany\r\n" + "".join(
        "\t".join(row[:3]) + "\r\n" for row in CONTACTS)
    path = write(tmp_path / "export.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.notes == ("read as UTF-16 (byte order mark)", "delimiter tab")
    assert table.headers == ("First Name", "Last Name", "Company")
    assert [r["Last Name"] for r in rows_of(table)] == ["Müller", "Ñúñez"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_told_by_its_nul_bytes(tmp_path: Path, codec: str) -> None:
    path = write(tmp_path / "x.csv", "name,city\nZoë,Łódź\n", codec)
    table = read_table(path)
    assert table.encoding == codec
    assert table.notes[0].startswith(f"read as {codec.upper()} (no byte order mark")
    assert rows_of(table) == [{"name": "Zoë", "city": "Łódź"}]


def test_windows_1252_with_accents_and_euro(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "first,last,company,note\n" + "".join(
        ",".join(row) + "\n" for row in [["Ada", "Müller", "José & Co", "5 €"]]), "cp1252")
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert table.notes == ("read as Windows-1252 (not valid UTF-8)",)
    assert rows_of(table) == [{"first": "Ada", "last": "Müller", "company": "José & Co",
                               "note": "5 €"}]


def test_latin1_when_windows_1252_lacks_a_byte(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", b"name,code\nJos\xe9,\x81\n")  # 0x81: not in cp1252
    table = read_table(path)
    assert table.encoding == "latin-1" and "Latin-1" in table.notes[0]
    assert rows_of(table) == [{"name": "José", "code": "\x81"}]


def test_a_bad_byte_on_the_last_line_is_found_before_any_row(tmp_path: Path) -> None:
    # ~3 MB of ASCII, then one Latin-1 byte: the whole file is Windows-1252, not UTF-8.
    body = "".join(f"First{i},Last{i},acme{i}.com\n" for i in range(100_000))
    path = write(tmp_path / "x.csv", ("first,last,domain\n" + body).encode() +
                 b"Jos\xe9,Ruiz,ruiz.es\n")
    table = read_table(path)
    assert table.encoding == "cp1252" and table.total == 100_001
    assert list(table)[-1] == {"first": "José", "last": "Ruiz", "domain": "ruiz.es"}

    with pytest.raises(InputFileError) as forced:  # forced UTF-8: refused up front
        read_table(path, encoding="utf-8")
    assert "is not valid UTF-8 text (line 100002)" in str(forced.value)
    assert "leave out encoding= to have it detected" in str(forced.value)


def test_utf8_with_one_latin1_line_is_refused_not_garbled(tmp_path: Path) -> None:
    """Read as Windows-1252, "Müller" (UTF-8) would become "MÃ¼ller" and be paid for."""
    path = write(tmp_path / "x.csv",
                 "first,last\nAda,Müller\n".encode() + b"a,b\n" * 5000 + b"Jos\xe9,Ruiz\n")
    with pytest.raises(InputFileError) as mixed:
        read_table(path)
    message = str(mixed.value)
    assert "is UTF-8 except on line 5003 (byte 0xE9 is not UTF-8)" in message
    assert "encoding='cp1252'" in message
    assert read_table(path, encoding="cp1252").total == 5002  # forcing one is allowed


def test_pipe_separated(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "name|domain|tags\nAcme|acme.com|a,b;c\n")
    table = read_table(path)
    assert table.delimiter == "|" and "delimiter '|'" in table.notes
    assert rows_of(table) == [{"name": "Acme", "domain": "acme.com", "tags": "a,b;c"}]


def test_commas_win_over_unquoted_semicolons_in_values(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "name,tags\nAcme,a;b;c\nGlobex,d\n")
    table = read_table(path)
    assert table.delimiter == "," and table.notes == ()
    assert rows_of(table)[0] == {"name": "Acme", "tags": "a;b;c"}


def test_one_column_file(tmp_path: Path) -> None:
    path = write(tmp_path / "emails.csv", "Email\na@acme.com\nb@globex.io\n")
    table = read_table(path)
    assert (table.delimiter, table.headers, table.total) == (",", ("Email",), 2)
    assert table.notes == ("one column (none of , ; tab | separates the first lines)",)
    assert rows_of(table) == [{"Email": "a@acme.com"}, {"Email": "b@globex.io"}]


def test_forced_delimiter_and_tsv_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "x.tsv", "a;b\tc\n1;2\t3\n")
    assert read_table(path).headers == ("a;b", "c")  # .tsv: tab, not sniffed
    assert read_table(path, delimiter=";").headers == ("a", "b c")  # inner whitespace: " "
    assert read_table(path, delimiter="tab").delimiter == "\t"
    with pytest.raises(ValueError, match="one character"):
        read_table(path, delimiter=";;")


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "sep=;\nname;domain\nAcme;acme.com\n")
    table = read_table(path)
    assert table.headers == ("name", "domain") and table.delimiter == ";"
    assert table.notes == ("delimiter ';' (the file's sep= line)",)
    assert rows_of(table) == [{"name": "Acme", "domain": "acme.com"}]


def test_headers_cleaned_and_every_cell_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv",
                 ' Email ,Email,,"First\n  Name",Email (2)\n'
                 "a@x.com,b@x.com,blank-header,Ada,dup,EXTRA\n"
                 ",,,,\n"          # all blank: not a row
                 "c@x.com\n")      # short: the missing cells are ''
    table = read_table(path)
    assert table.headers == ("Email", "Email (3)", "Column 3", "First Name", "Email (2)",
                             "Column 6")
    assert table.total == 2
    assert any("duplicate header renamed: 'Email' -> 'Email (3)'" in n for n in table.notes)
    assert any("1 row has more cells than the header" in n and "'Column 6'" in n
               for n in table.notes)
    first, second = rows_of(table)
    assert first["Column 6"] == "EXTRA" and first["Column 3"] == "blank-header"
    assert second == dict.fromkeys(table.headers, "") | {"Email": "c@x.com"}


def test_trailing_empty_cells_add_no_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "a,b,,\n1,2,,\n3,4,,,,\n")
    table = read_table(path)
    assert table.headers == ("a", "b") and table.notes == ()
    assert rows_of(table) == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


def test_an_unclosed_quote_is_an_error_not_a_swallowed_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", 'name,city\nAda,Paris\n"Bob,Lyon\nCyd,Nice\nDan,Metz\n')
    with pytest.raises(InputFileError) as bad:
        read_table(path)
    assert "a quote opened on line 3 is never closed" in str(bad.value)


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "x.ndjson",
                 '{"first": "Ada", "n": 1}\n\nnot json\n[1, 2]\n{"first": "Bob", "last": "X"}\n')
    table = read_table(path)
    assert (table.format, table.delimiter, table.total) == ("jsonl", None, 4)
    assert table.headers == ("first", "n", "last")  # every key met, in order
    assert table.notes == ("2 lines are not a JSON object (line 3, 4): each is its row's "
                           "error",)
    assert list(table) == [{"first": "Ada", "n": 1}, BadLine("line 3 is not valid JSON"),
                           BadLine("line 4 is a JSON list, not an object"),
                           {"first": "Bob", "last": "X"}]


@pytest.mark.parametrize(("name", "content", "fmt"), [
    ("rows.dat", '\n{"a": 1}\n', "jsonl"),     # unknown extension: a first "{" is JSONL
    ("rows.txt", "a;b\n1;2\n", "csv"),
    ("rows", "a,b\n1,2\n", "csv"),
])
def test_format_from_the_content(tmp_path: Path, name: str, content: str, fmt: str) -> None:
    assert read_table(write(tmp_path / name, content)).format == fmt


@pytest.mark.parametrize(("name", "content", "options", "message"), [
    ("x.csv", b"", {}, "x.csv: is empty (no header line)"),
    ("x.csv", b"\n \n,,\n", {}, "x.csv: is empty (no header line)"),
    ("x.csv", b"\xef\xbb\xbfa,b\r\n", {}, "x.csv: has a header but no rows"),
    ("x.jsonl", b"\n\n", {}, "x.jsonl: is empty (no JSON object)"),
    ("x.jsonl", b"a,b\n1,2\n", {}, "x.jsonl: line 1 is not valid JSON; is it a JSONL file"),
    ("x.json", b'[{"a": 1}]', {}, "x.json: is a JSON array, not JSONL"),
    ("x.xls", b"whatever", {}, "x.xls: is an old binary Excel workbook (.xls), which cannot "
     "be read; open it and save it as .xlsx or CSV"),
    ("x.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50), {},
     "x.csv: is an old binary Excel workbook (.xls) or a workbook protected by a password"),
    ("x.xlsx", b"a,b\n1,2\n", {}, "x.xlsx: is not an Excel workbook (not a zip file); "
     "pass format='csv'"),
    ("x.csv", b"PK\x03\x04garbage", {}, "x.csv: is a damaged zip file"),
    ("x.csv", b"a,b\n\x00\x01\x02\x00\x00\x03\x00\x00\x00\n", {},
     "x.csv: is not a text file (it holds NUL bytes)"),
    ("x.csv", b"a,b\n1,2\n", {"sheet": "Sheet1"}, "it has no sheets; leave out sheet="),
    ("x.csv", b"a,b\n\xe9,1\n", {"encoding": "utf-8"}, "is not valid UTF-8 text (line"),
])
def test_files_that_are_not_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes,
    options: dict[str, str], message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / name, content)
    with pytest.raises(InputFileError) as bad:
        read_table(name, **options)
    assert message in str(bad.value)
    assert isinstance(bad.value, ValidationError) and bad.value.file == Path(name)
    assert bad.value.problems == (str(bad.value),)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(InputFileError, match="is a directory"):
        read_table(tmp_path)


def test_options_are_checked(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "a,b\n1,2\n")
    with pytest.raises(ValueError, match="format must be one of csv, jsonl, xlsx"):
        read_table(path, format="xml")
    with pytest.raises(ValueError, match="unknown encoding 'klingon'"):
        read_table(path, encoding="klingon")
    with pytest.raises(TypeError, match="sheet must be"):
        read_table(path, sheet=1.5)  # type: ignore[arg-type]
    assert read_table(path, encoding="auto").encoding == "utf-8"
    assert read_table(path, format="CSV").format == "csv"


def test_error_messages_name_keywords_or_flags(tmp_path: Path) -> None:
    error = InputFileError(tmp_path / "x.csv", "is odd",
                           hint="pass <encoding=cp1252> or leave out <delimiter>")
    assert str(error).endswith("x.csv: is odd; pass encoding='cp1252' or leave out delimiter=")
    assert error.render(flags=True).endswith(
        "x.csv: is odd; pass --encoding cp1252 or leave out --delimiter")


def test_a_table_is_re_iterable(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "x.csv", "a\n1\n2\n"))
    assert list(table) == list(table) == [{"a": "1"}, {"a": "2"}]


def test_a_file_that_changes_after_the_check_is_an_input_file_error(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "a,b\n1,2\n")
    table = read_table(path, encoding="utf-8")
    path.write_bytes(b"a,b\n\xff\xfe,2\n")
    with pytest.raises(InputFileError, match="is not valid UTF-8 text"):
        list(table)


def test_two_hundred_thousand_rows_stream_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("First Name,Last Name,Company Domain Name\r\n")
        f.writelines(f"Ada{i},Lovelace,acme{i % 97}.com\r\n" for i in range(200_000))
    table = read_table(path)
    assert table.total == 200_000
    # Traced (tracemalloc slows Python down ~10x) over the last 20,000 rows only: kept, they
    # would hold about 7 MB.
    count, last = 0, None
    try:
        for row in table:
            count, last = count + 1, row
            if count == 180_000:
                tracemalloc.start()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert last == {"First Name": "Ada199999", "Last Name": "Lovelace",
                   "Company Domain Name": "acme82.com"}
    assert peak < 512 * 1024


def test_the_counting_pass_keeps_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("email,company,city\n" + "".join(
        f"someone{i}@example{i % 13}.com,Company number {i},Paris\n" for i in range(40_000)),
        encoding="utf-8")
    tracemalloc.start()
    try:
        table = read_table(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert table.total == 40_000
    # Two 256 KiB reads and the 64 KiB sample; not the 2.2 MB file, nor its rows (~15 MB).
    assert peak < 1024 * 1024 < path.stat().st_size

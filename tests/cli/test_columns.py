"""Column mapping and input files: the pure parts of ``pronto enrich``, in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from pronto_async.cli._columns import (
    KINDS,
    normalise_domain,
    normalise_header,
    parse_maps,
    resolve_columns,
)
from pronto_async.cli._errors import UsageError
from pronto_async.cli._files import BadLine, InputFile

CONTACTS = KINDS["contacts"]
ACCOUNTS = KINDS["accounts"]


@pytest.mark.parametrize("header", ["First Name", "first_name", "firstName", "FIRSTNAME",
                                    "first-name", " First  Name "])
def test_header_spellings_are_one(header: str) -> None:
    assert normalise_header(header) == "firstname"


def test_common_crm_headers_are_recognised() -> None:
    headers = ["First Name", "Last Name", "Company", "Website", "LinkedIn", "Notes"]
    assert resolve_columns(CONTACTS, headers, {}, source="f.csv") == {
        "first_name": "First Name", "last_name": "Last Name", "company_name": "Company",
        "domain": "Website", "linkedin_url": "LinkedIn",
    }
    assert resolve_columns(ACCOUNTS, ["Company Name", "website", "Country Code"], {},
                           source="f.csv") == {
        "name": "Company Name", "domain": "website", "country": "Country Code",
    }


def test_the_better_spelling_wins_and_a_column_feeds_one_field() -> None:
    mapping = resolve_columns(CONTACTS, ["firstname", "lastname", "Company", "company_name"],
                              {}, source="f.csv")
    assert mapping["company_name"] == "company_name"
    explicit = {"first_name": "Given", "last_name": "Given"}  # one column may be mapped twice
    both = resolve_columns(CONTACTS, ["Given", "firstname"], explicit, source="f.csv")
    assert both == {"first_name": "Given", "last_name": "Given"}


def test_map_flags_override_and_are_checked() -> None:
    maps = parse_maps(["first_name=Prénom", "last_name = Nom "], CONTACTS)
    assert maps == {"first_name": "Prénom", "last_name": "Nom"}
    mapping = resolve_columns(CONTACTS, ["Prénom", "Nom", "firstname"], maps, source="f.csv")
    assert mapping["first_name"] == "Prénom"
    assert parse_maps(["linkedin_url=LI"], ACCOUNTS) == {"company_linkedin_url": "LI"}
    with pytest.raises(UsageError, match="no field 'email'") as bad_field:
        parse_maps(["email=E"], CONTACTS)
    assert bad_field.value.status == 2
    with pytest.raises(UsageError, match="FIELD=COLUMN"):
        parse_maps(["first_name"], CONTACTS)
    with pytest.raises(UsageError, match="has no column 'Prenom' \\(found: 'Prénom'"):
        resolve_columns(CONTACTS, ["Prénom"], {"first_name": "Prenom"}, source="f.csv")


def test_missing_columns_name_the_fields_and_the_headers_found() -> None:
    with pytest.raises(UsageError) as missing:
        resolve_columns(CONTACTS, ["Name", "Email"], {}, source="people.csv")
    message = str(missing.value)
    assert message.startswith("people.csv: no column for first_name, last_name")
    assert "(found: 'Name', 'Email')" in message and "--map first_name=COLUMN" in message
    with pytest.raises(UsageError, match="any of domain, name, company_linkedin_url"):
        resolve_columns(ACCOUNTS, ["Employees"], {}, source="a.csv")


@pytest.mark.parametrize(("value", "domain"), [
    ("https://www.acme.com/about", "acme.com"), ("acme.com", "acme.com"),
    ("www.Acme.io", "acme.io"), ("http://sub.acme.co.uk:8080/x?y", "sub.acme.co.uk"),
    ("", ""), (None, None),
])
def test_websites_become_domains(value: str | None, domain: str | None) -> None:
    assert normalise_domain(value) == domain


def test_input_file_reads_csv_lazily_with_its_header(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("\ufeffFirst Name,Last Name\nAda,Lovelace\n\nGrace,Hopper,extra\n",
                    encoding="utf-8")
    source = InputFile.open(path, None)
    assert source.headers == ["First Name", "Last Name"]  # the BOM is not part of a name
    assert source.count() == 2
    assert list(source.rows()) == [{"First Name": "Ada", "Last Name": "Lovelace"},
                                   {"First Name": "Grace", "Last Name": "Hopper"}]


def test_a_bad_jsonl_line_is_a_row_not_the_end(tmp_path: Path) -> None:
    path = tmp_path / "c.ndjson"
    path.write_text('{"a": 1}\n\nnot json\n[1, 2]\n{"a": 2}\n', encoding="utf-8")
    source = InputFile.open(path, None)
    assert source.format == "jsonl" and source.headers == ["a"] and source.count() == 4
    assert list(source.rows()) == [{"a": 1}, BadLine("line 3 is not valid JSON"),
                                   BadLine("line 4 is a JSON list, not an object"), {"a": 2}]


@pytest.mark.parametrize(("name", "content", "fmt", "message"), [
    ("x.csv", None, None, "x.csv: no such file"),
    ("x.csv", b"", None, "x.csv: is empty (no header line)"),
    ("x.csv", b"a,b\n", None, "x.csv: has a header but no rows"),
    ("x.jsonl", b"\n\n", None, "x.jsonl: is empty (no JSON object)"),
    ("x.jsonl", b"a,b\n1,2\n", None, "x.jsonl: line 1 is not valid JSON; is it a JSONL file"),
    ("x.txt", b"a\n1\n", None, "cannot tell the format from the extension '.txt'"),
    ("x.csv", b"a,b\n\xff\xfe,1\n", None, "x.csv: is not UTF-8 text (byte 4)"),
    ("x.csv", b"a,b\n\xe9,1\n", None, "x.csv: is not UTF-8 text"),
])
def test_bad_files_are_one_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes | None,
    fmt: str | None, message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(UsageError) as bad:
        InputFile.open(Path(name), fmt)
    assert message in str(bad.value)
    assert bad.value.status == 2


def test_encoding_flag_reads_latin1(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("prénom,nom\nJosé,Ruiz\n".encode("latin-1"))
    source = InputFile.open(path, "csv", encoding="latin-1")
    assert list(source.rows()) == [{"prénom": "José", "nom": "Ruiz"}]

"""The export-header tables (pronto_async._aliases) and the export fixtures that rely on them."""

from __future__ import annotations

import csv
import inspect
import io
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pronto_async import _aliases
from pronto_async._aliases import (
    ACCOUNT_HEADERS,
    CONTACT_HEADERS,
    SOURCES,
    headers_for,
)
from pronto_async._fields import normalise_header
from pronto_async.resources._rows import COMPANY_SPELLINGS
from pronto_async.resources.accounts import Accounts
from pronto_async.resources.contacts import Contacts
from tests.support.exports import EXPORTS, Export, write_export

TABLES = {"contacts": CONTACT_HEADERS, "accounts": ACCOUNT_HEADERS}

#: Every spelling the SDK's rows (resources/_rows.py) and the CLI (cli/_columns.py) accepted
#: before the one mapping replaced their tables: each must still feed the same field.
LEGACY: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "contacts": {
        "first_name": ("first_name", "firstname", "firstName", "first", "givenname", "fname",
                       "forename"),
        "last_name": ("last_name", "lastname", "lastName", "last", "surname", "familyname",
                      "lname"),
        "linkedin_url": ("linkedin_url", "linkedin_profile_url", "linkedinUrl",
                         "linkedinProfileUrl", "linkedin", "linkedinprofile",
                         "personlinkedinurl", "profileurl", "linkedinurlprofile"),
        "domain": ("domain", "company_domain", "companyDomain", "website", "companywebsite",
                   "websiteurl", "companyurl"),
        "company_name": ("company_name", "companyName", "company", "organization",
                         "organisation", "organizationname", "accountname", "account",
                         "employer"),
    },
    "accounts": {
        "domain": ("domain", "company_domain", "companyDomain", "website", "companywebsite",
                   "websiteurl", "companyurl", "url"),
        "name": ("name", "company_name", "companyName", "company", "accountname", "account",
                 "organization", "organisation", "organizationname"),
        "company_linkedin_url": ("company_linkedin_url", "linkedin_url", "companyLinkedinUrl",
                                 "companylinkedinurl", "linkedinurl", "linkedin",
                                 "companylinkedin", "linkedincompanyurl", "linkedinpage"),
        "country": ("country", "country_code", "countryCode", "countrycode", "hqcountry"),
    },
}
Table = Mapping[str, tuple[tuple[str, str], ...]]


def by_spelling(table: Table) -> dict[str, set[str]]:
    """normalised header -> the fields it feeds."""
    out: dict[str, set[str]] = {}
    for field, entries in table.items():
        for header, _ in entries:
            out.setdefault(normalise_header(header), set()).add(field)
    return out


def field_of(table: Table, header: str) -> str | None:
    fields = by_spelling(table).get(normalise_header(header), set())
    assert len(fields) <= 1
    return next(iter(fields), None)


# -- the tables ---------------------------------------------------------------------------


def test_the_fields_are_the_enrich_arguments() -> None:
    contact_args = set(inspect.signature(Contacts.enrich).parameters)
    account_args = set(inspect.signature(Accounts.enrich).parameters)
    assert set(CONTACT_HEADERS) == {"first_name", "last_name", "full_name", "linkedin_url",
                                    "domain", "company_name"}
    assert set(CONTACT_HEADERS) - {"full_name"} <= contact_args  # full_name is split first
    assert set(ACCOUNT_HEADERS) == {"domain", "name", "company_linkedin_url", "country"}
    assert set(ACCOUNT_HEADERS) <= account_args
    assert tuple(CONTACT_HEADERS) == _aliases.CONTACT_FIELDS
    assert tuple(ACCOUNT_HEADERS) == _aliases.ACCOUNT_FIELDS


@pytest.mark.parametrize("kind", ["contacts", "accounts"])
def test_every_entry_names_a_known_source_and_every_source_is_used(kind: str) -> None:
    used = {source for t in TABLES.values() for entries in t.values() for _, source in entries}
    assert used == set(SOURCES)
    for field, entries in TABLES[kind].items():
        assert entries, field
        for header, source in entries:
            assert source in SOURCES, (field, header)
            assert header == header.strip() and header, (field, header)
        pairs = [(normalise_header(h), h, s) for h, s in entries]
        assert len(set(pairs)) == len(pairs), f"{field}: an entry is listed twice"


def test_every_source_says_where_its_names_come_from() -> None:
    for key, source in SOURCES.items():
        assert source.tool and source.note, key
        if source.url.startswith("http"):
            assert source.url.startswith("https://"), key
        elif source.url:
            assert Path(source.url).suffix == ".py", key  # our own modules
        else:
            assert re.search(r"not found|unconfirmed|not tied", source.note), key


@pytest.mark.parametrize("kind", ["contacts", "accounts"])
def test_no_header_feeds_two_fields(kind: str) -> None:
    # No deliberate exception is needed: a header two fields want (Salesforce "Name") is in
    # two tables, never twice in one.
    clashes = {h: f for h, f in by_spelling(TABLES[kind]).items() if len(f) > 1}
    assert clashes == {}


def test_headers_for_gives_each_kind_and_refuses_others() -> None:
    assert headers_for("contacts") is CONTACT_HEADERS
    assert headers_for("accounts") is ACCOUNT_HEADERS
    with pytest.raises(ValueError, match="'leads'"):
        headers_for("leads")


def test_every_spelling_accepted_before_still_feeds_its_field() -> None:
    for kind, fields in LEGACY.items():
        spellings = by_spelling(TABLES[kind])
        for field, aliases in fields.items():
            for alias in aliases:
                assert spellings.get(normalise_header(alias)) == {field}, (kind, alias)
    # lists.create rows use the list's wire names for the same four account fields.
    wire = {"name": "name", "domain": "domain", "linkedin_url": "company_linkedin_url",
            "country_code": "country"}
    for spelling, name in COMPANY_SPELLINGS.items():
        assert field_of(ACCOUNT_HEADERS, spelling) == wire[name], spelling


@pytest.mark.parametrize(("kind", "header", "field"), [
    # A company's LinkedIn page is never the person's profile.
    ("contacts", "LinkedIn Company Page", None), ("contacts", "Company Linkedin Url", None),
    ("contacts", "regularCompanyUrl", None),
    ("accounts", "LinkedIn Company Page", "company_linkedin_url"),
    ("accounts", "Company Linkedin Url", "company_linkedin_url"),
    # HubSpot's Website URL on a contact is the company's site.
    ("contacts", "Website URL", "domain"),
    # Salesforce Name: the person on a Contact, the company on an Account.
    ("contacts", "Name", "full_name"), ("accounts", "Name", "name"),
    # Emails are what enrichment finds; a contact's country is not an argument.
    ("contacts", "Email", None), ("accounts", "Email", None), ("contacts", "Email Domain", None),
    ("contacts", "Country/Region", None), ("contacts", "Country", None),
    ("contacts", "MAILINGCOUNTRY", None), ("accounts", "Country/Region", "country"),
    # The tools' headers, in whatever case the tool writes them.
    ("contacts", "Company Domain Name", "domain"), ("accounts", "company domain name", "domain"),
    ("contacts", "Person - First name", "first_name"), ("contacts", "FIRSTNAME", "first_name"),
    ("contacts", "Organization - Website", "domain"),
    ("contacts", "Person Linkedin Url", "linkedin_url"),
    ("contacts", "Company Name for Emails", "company_name"),
    ("contacts", "ACCOUNT.NAME", "company_name"), ("contacts", "pronto_linkedin_url",
                                                   "linkedin_url"),
])
def test_traps_and_tool_headers(kind: str, header: str, field: str | None) -> None:
    assert field_of(TABLES[kind], header) == field


def test_the_preferred_column_comes_first() -> None:
    def rank(table: Table, field: str, header: str) -> int:
        spellings = [normalise_header(h) for h, _ in table[field]]
        return spellings.index(normalise_header(header))

    assert rank(ACCOUNT_HEADERS, "domain", "Company Domain Name") < rank(
        ACCOUNT_HEADERS, "domain", "Website URL")
    assert rank(CONTACT_HEADERS, "linkedin_url", "linkedInProfileUrl") < rank(
        CONTACT_HEADERS, "linkedin_url", "profileUrl")
    assert rank(CONTACT_HEADERS, "company_name", "Company Name") < rank(
        CONTACT_HEADERS, "company_name", "Associated Company")
    assert rank(CONTACT_HEADERS, "linkedin_url", "linkedin_url") < rank(
        CONTACT_HEADERS, "linkedin_url", "pronto_linkedin_url")


# -- the export fixtures ------------------------------------------------------------------


def read_back(export: Export) -> tuple[list[str], list[dict[str, str]]]:
    """The file's header row and cells, read with the stdlib / openpyxl, not the SDK."""
    if export.path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(export.path, read_only=True)
        try:
            grid = [["" if c is None else str(c) for c in row]
                    for row in book.active.iter_rows(values_only=True)]
        finally:
            book.close()
    else:
        raw = export.path.read_bytes()
        codec = export.encoding.removesuffix("+bom")
        text = raw.decode(codec)
        if export.encoding.endswith("+bom"):
            assert text.startswith("\ufeff")
            text = text[1:]
        grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=export.delimiter))
    headers, *rows = grid
    return headers, [dict(zip(headers, row, strict=True)) for row in rows]


@pytest.fixture(params=EXPORTS, ids=["-".join(e) for e in EXPORTS])
def export(request: pytest.FixtureRequest, tmp_path: Path) -> Export:
    tool, kind = request.param
    return write_export(tool, kind, tmp_path)


def test_the_file_holds_what_the_export_says(export: Export) -> None:
    headers, rows = read_back(export)
    assert tuple(headers) == export.headers
    assert 10 <= len(rows) <= 40
    assert len(export.expected) == len(rows)
    assert None in export.expected  # some rows must not be sent
    assert sum(e is not None for e in export.expected) >= 8
    for row, earlier in export.duplicates:
        assert rows[row] == rows[earlier] and export.expected[row] == export.expected[earlier]
    assert len(export.duplicates) == 1
    assert any(not cell for row in rows for cell in row.values())  # blank cells


def test_the_columns_are_the_tables_first_choice(export: Export) -> None:
    table = TABLES[export.kind]
    present = {normalise_header(h): h for h in export.headers}
    for field, entries in table.items():
        best = next((present[n] for n in (normalise_header(h) for h, _ in entries)
                     if n in present), None)
        if field in export.columns:
            assert best == export.columns[field], field
        else:
            assert best is None or best in export.misleading, (field, best)
    assert set(export.columns) <= set(table)
    # Every identity field a row sends comes from a column the file has.
    assert {k for e in export.expected if e for k in e} <= set(export.columns)


def test_the_expected_values_are_normalised(export: Export) -> None:
    _, rows = read_back(export)
    for row, expected in zip(rows, export.expected, strict=True):
        if expected is None:
            continue
        assert set(expected) <= set(TABLES[export.kind]) - {"full_name"}
        assert all(v == v.strip() and v for v in expected.values())
        if "domain" in expected:
            domain = expected["domain"]
            assert domain == domain.lower() and "/" not in domain
            assert not domain.startswith("www.") and domain.endswith(".example")
            cell = row[export.columns["domain"]].strip().lower()
            assert domain in cell
        if "country" in expected:
            assert re.fullmatch(r"[A-Z]{2}", expected["country"])
        for key in ("linkedin_url", "company_linkedin_url"):
            if key in expected:
                assert urlsplit(expected[key]).hostname == "www.linkedin.com"
                assert row[export.columns[key]] == expected[key]
    if "domain" in export.columns:  # some website is written as a URL, not a bare domain
        assert any("://" in row[export.columns["domain"]] for row in rows)


def test_invalid_rows_lack_what_the_enrichment_needs(export: Export) -> None:
    _, rows = read_back(export)

    def cell(row: dict[str, str], field: str) -> str:
        header = export.columns.get(field)
        return row[header].strip() if header else ""

    for row, expected in zip(rows, export.expected, strict=True):
        if export.kind == "accounts":
            sendable = any(cell(row, f) for f in ("domain", "name", "company_linkedin_url"))
        else:
            first, last = cell(row, "first_name"), cell(row, "last_name")
            split = not first and not last and " " in cell(row, "full_name")
            # A LinkedIn URL stands in for the names (the synchronous enrichment).
            sendable = bool(first and last) or split or bool(cell(row, "linkedin_url"))
        assert (expected is not None) == sendable, row


def test_the_formats_are_the_tools_own(tmp_path: Path) -> None:
    files = {e: write_export(*e, tmp_path) for e in EXPORTS}
    hubspot = files["hubspot", "contacts"].path.read_bytes()
    assert hubspot.startswith(b'\xef\xbb\xbf"Record ID","First Name","Last Name","Email"')
    apollo = files["apollo", "contacts"].path.read_bytes()
    assert apollo.startswith(b"\xff\xfeF\x00i\x00") and b"\t\x00" in apollo
    salesforce = files["salesforce", "contacts"].path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        salesforce.decode("utf-8")  # cp1252 accents, as Data Loader writes on Windows
    assert "García" in salesforce.decode("cp1252")
    pipedrive = files["pipedrive", "contacts"].path.read_text(encoding="utf-8")
    assert pipedrive.startswith("Person - ID;Person - Name;") and '"CTO; Co-founder"' in pipedrive
    assert files["phantombuster", "contacts"].path.read_bytes().startswith(b"PK")
    (tmp_path / "again").mkdir()
    again = write_export("hubspot", "contacts", tmp_path / "again")
    assert again.path.read_bytes() == hubspot  # deterministic

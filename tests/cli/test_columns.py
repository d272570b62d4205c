"""Column mapping: the pure parts of ``pronto enrich``, in-process."""

from __future__ import annotations

import pytest

from pronto_async.cli._columns import (
    KINDS,
    normalise_domain,
    normalise_header,
    parse_maps,
    resolve_columns,
)
from pronto_async.cli._errors import UsageError

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

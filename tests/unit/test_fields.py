"""The one field mapping (pronto_async._fields): headers, overrides, values, countries."""

from __future__ import annotations

import pytest

from pronto_async import FieldMapping, ValidationError, guess_columns
from pronto_async._countries import country_code
from pronto_async._fields import normalise_domain, normalise_header, split_full_name
from pronto_async._validate import Problems

HUBSPOT_CONTACTS = ["\ufeffRecord ID", "First Name", "Last Name", "Email", "Phone Number",
                    "Company Name", "Company Domain Name", "Lifecycle Stage", "LinkedIn URL"]


@pytest.mark.parametrize("header", ["First Name", "first_name", "firstName", "FIRSTNAME",
                                    "first-name", " First  Name ", "\ufeffFirst Name"])
def test_header_spellings_are_one(header: str) -> None:
    assert normalise_header(header) == "firstname"


def test_a_hubspot_export_maps_every_identity_column_and_reports_the_rest() -> None:
    mapping = guess_columns("contacts", HUBSPOT_CONTACTS)
    assert dict(mapping.columns) == {
        "first_name": "First Name", "last_name": "Last Name", "company_name": "Company Name",
        "domain": "Company Domain Name", "linkedin_url": "LinkedIn URL",
    }
    assert mapping.unused == ("\ufeffRecord ID", "Email", "Phone Number", "Lifecycle Stage")
    assert mapping.problems == ()
    shown = mapping.describe()
    assert "domain       <- 'Company Domain Name'" in shown
    assert "unused columns: 'Record ID', 'Email', 'Phone Number', 'Lifecycle Stage'" in shown


def test_the_sdk_names_win_and_a_column_feeds_one_field() -> None:
    mapping = guess_columns("contacts", ["firstname", "lastname", "Company", "company_name"])
    assert mapping.columns["company_name"] == "company_name"
    assert mapping.unused == ("Company",)
    accounts = guess_columns("accounts", ["Name", "Website", "LinkedIn Company Page",
                                          "Country/Region"])
    assert dict(accounts.columns) == {"name": "Name", "domain": "Website",
                                      "company_linkedin_url": "LinkedIn Company Page",
                                      "country": "Country/Region"}


def test_explicit_columns_override_switch_off_and_are_checked() -> None:
    mapping = guess_columns("contacts", ["Prénom", "Nom", "firstname", "Site"],
                            {"first_name": "Prénom", "last_name": "nom", "domain": None})
    assert mapping.columns["first_name"] == "Prénom" and mapping.columns["last_name"] == "Nom"
    assert mapping.explicit == {"first_name", "last_name"} and mapping.disabled == {"domain"}
    assert "firstname" in mapping.unused and "(given)" in mapping.describe()
    assert guess_columns("accounts", ["LI"], {"linkedin_url": "LI"}).columns == {
        "company_linkedin_url": "LI"}
    with pytest.raises(ValidationError) as bad:
        guess_columns("contacts", ["A"], {"email": "A", "first_name": "Nope"})
    assert bad.value.problems == (
        "columns: contacts have no field 'email' (fields: first_name, last_name, "
        "linkedin_url, domain, company_name, full_name)",
        "columns: no column 'Nope' for first_name (found: 'A')",
    )
    with pytest.raises(TypeError):
        guess_columns("contacts", ["A"], ["first_name"])  # type: ignore[arg-type]


def test_a_mapping_without_a_required_field_says_so_and_how() -> None:
    mapping = guess_columns("contacts", ["Title", "Email"])
    assert mapping.problems == ("no column for first_name, last_name",)
    with pytest.raises(ValidationError) as missing:
        mapping.check(source="people.csv")
    assert missing.value.problems == (
        "people.csv: no column for first_name, last_name (found: 'Title', 'Email'); "
        "name it with columns={'first_name': 'COLUMN'} (a linkedin_url column stands in "
        "for first_name, last_name)",
    )
    assert guess_columns("accounts", ["Employees"]).problems == (
        "no column for any of domain, name, company_linkedin_url",)
    assert guess_columns("contacts", ["Full Name", "Company"]).problems == ()  # split later


def test_full_name_stands_in_when_both_halves_are_blank() -> None:
    both = guess_columns("contacts", ["First Name", "Last Name", "Full Name"])
    assert both.columns["full_name"] == "Full Name" and both.unused == ()
    assert "(when first and last name are blank)" in both.describe()
    p = Problems("x")
    assert both.apply(p, {"First Name": "", "Last Name": "", "Full Name": "Ada Lovelace"}) == {
        "first_name": "Ada", "last_name": "Lovelace"}
    assert both.apply(p, {"First Name": "Léa", "Last Name": "", "Full Name": "Léa Martin"}) == {
        "first_name": "Léa"}  # one half given: the row is to fix, not to guess
    assert not p
    alone = guess_columns("contacts", ["Full Name", "Company"])
    assert alone.apply(Problems("x"), {"Full Name": "Lovelace, Ada", "Company": "Acme"}) == {
        "first_name": "Ada", "last_name": "Lovelace", "company_name": "Acme"}


@pytest.mark.parametrize(("value", "parts"), [
    ("Ada Lovelace", ("Ada", "Lovelace")),
    ("  Lovelace,  Ada ", ("Ada", "Lovelace")),
    ("Dr. Ludwig van Beethoven, PhD", ("Ludwig", "van Beethoven")),
    ("John Smith Jr.", ("John", "Smith")),
    ("José María García", ("José", "María García")),
    ("Cher", None),
    ("Mr. Bean", None),
])
def test_full_names_split(value: str, parts: tuple[str, str] | None) -> None:
    assert split_full_name(value) == parts


def test_values_are_cleaned_and_bad_countries_named() -> None:
    mapping = guess_columns("accounts", ["Website", "Country", "Name"])
    p = Problems("accounts.enrich")
    assert mapping.apply(p, {"Website": " https://www.Acme.com/about ", "Country": "Germany",
                             "Name": ""}) == {"domain": "acme.com", "country": "DE"}
    assert not p
    assert mapping.apply(p, {"Website": "acme.com", "Country": "EMEA", "Name": "A"}) == {
        "domain": "acme.com", "name": "A"}
    with pytest.raises(ValidationError, match="country 'EMEA' is not a country name or ISO"):
        p.raise_if_any()


@pytest.mark.parametrize(("value", "domain"), [
    ("https://www.acme.com/about", "acme.com"), ("acme.com", "acme.com"),
    ("www.Acme.io", "acme.io"), ("http://sub.acme.co.uk:8080/x?y", "sub.acme.co.uk"),
    ("", ""),
])
def test_websites_become_domains(value: str, domain: str) -> None:
    assert normalise_domain(value) == domain


@pytest.mark.parametrize(("value", "code"), [
    ("United States", "US"), ("USA", "US"), ("U.S.A.", "US"), ("us", "US"),
    ("United Kingdom", "GB"), ("UK", "GB"), ("England", "GB"), ("Germany", "DE"),
    ("Deutschland", "DE"), ("Allemagne", "DE"), ("España", "ES"), ("C\u00f4te d\u2019Ivoire", "CI"),
    ("Türkiye", "TR"), ("Turkey", "TR"), ("Czech Republic", "CZ"), ("Russia", "RU"),
    ("South Korea", "KR"), ("FRA", "FR"), ("Schweiz", "CH"), ("Brasil", "BR"),
    ("The Netherlands", "NL"), ("Holland", "NL"), ("IN", "IN"),
    ("EMEA", None), ("Europe", None), ("Atlantis", None), ("", None),
])
def test_country_names_become_iso_codes(value: str, code: str | None) -> None:
    assert country_code(value) == code


def test_a_mapping_is_a_frozen_value() -> None:
    mapping = guess_columns("contacts", ["First Name", "Last Name"])
    assert isinstance(mapping, FieldMapping)
    assert mapping == guess_columns("contacts", ["First Name", "Last Name"])
    assert str(mapping) == mapping.describe()

"""Realistic CRM and prospecting-tool exports, written by the tests in each tool's own format.

Each file holds 10-40 data rows of deterministic fake people and companies (``.example``
domains, made-up LinkedIn slugs), the columns the tool really exports around the identity
ones, invalid rows, blank cells, websites given as URLs, quoted cells holding the delimiter,
accented names and one duplicated row. Files are written with :mod:`csv` / openpyxl only,
never with pronto_async's reader.

What a row must send is known from the data behind it, not from its cells: ``expected`` holds
the identity fields as ``contacts.enrich`` / ``accounts.enrich`` keyword arguments, the domain
cut from its URL, lower-cased and without ``www.``, the country as ISO 3166 alpha-2, names
stripped. A row is ``None`` when it must not be sent: a contact without a first or a last name
(and no full name to split, nor a LinkedIn URL to stand in for them), an account without
domain, name and LinkedIn page.

Conventions the expected values rest on:

- A contact row whose first and last name cells are blank falls back to its full-name cell,
  split at the first space (``"Kai Jensen"`` -> ``Kai`` / ``Jensen``).
- Where one file has two columns for a field (HubSpot ``Company Domain Name`` and ``Website
  URL``, ``Company Name`` and ``Associated Company``), they agree or are both blank on every
  row, so the values do not depend on which column is picked or on a per-row fallback.
- A LinkedIn URL is expected as the file writes it (stripped): Apollo's profiles are
  ``http://www.linkedin.com/in/...``.
- Every contact row that has its names also has a company name, domain or LinkedIn URL, so
  it is valid for the asynchronous endpoints too.
- ``Export.columns`` is the column the mapping should pick for each field (the first entry of
  :mod:`pronto_async._aliases` that the file has); ``Export.misleading`` lists the columns the
  tables match whose values must still not be sent.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

__all__ = ["EXPORTS", "Export", "write_export"]


@attrs.frozen
class Export:
    """One written export and what enriching it must send."""

    tool: str
    #: ``"contacts"`` or ``"accounts"``.
    kind: str
    path: Path
    #: Per data row: the identity keyword arguments to send, or ``None`` (must not be sent).
    expected: list[dict[str, str] | None]
    #: The header row, as written.
    headers: tuple[str, ...] = ()
    #: field -> the header that should feed it.
    columns: dict[str, str] = attrs.field(factory=dict)
    #: header -> why its values must not be sent although a table matches it.
    misleading: dict[str, str] = attrs.field(factory=dict)
    #: (row, earlier row it repeats), 0-based data rows: the repeat is the same person.
    duplicates: tuple[tuple[int, int], ...] = ()
    #: How the file is encoded: a Python codec, with ``+bom`` when a byte-order mark leads.
    encoding: str = "utf-8"
    #: The field delimiter (``""`` for .xlsx).
    delimiter: str = ","


@attrs.frozen
class _Co:
    name: str
    domain: str
    country: str  # ISO 3166 alpha-2
    country_name: str
    industry: str
    employees: int

    @property
    def slug(self) -> str:
        return _ascii(self.name).replace(",", "").replace("&", "and").replace(" ", "-")[:40]

    @property
    def linkedin(self) -> str:
        return f"https://www.linkedin.com/company/{self.slug}-example"


@attrs.frozen
class _Person:
    n: int
    first: str
    last: str
    title: str
    co: _Co

    @property
    def slug(self) -> str:
        return f"{_ascii(self.first)}-{_ascii(self.last)}-{self.n:04d}".replace("'", "")

    @property
    def linkedin(self) -> str:
        return f"https://www.linkedin.com/in/{self.slug}"

    @property
    def email(self) -> str:
        return f"{_ascii(self.first)}.{_ascii(self.last)}@{self.co.domain}".replace("'", "")

    @property
    def phone(self) -> str:
        return f"+1 555 01{self.n:02d} {1000 + self.n * 37}"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o"))
    return decomposed.encode("ascii", "ignore").decode().lower()


_COMPANIES = (
    _Co("Acme Analytics", "acme.example", "US", "United States", "Software", 120),
    _Co("Globex Logistik", "globex.example", "DE", "Germany", "Logistics", 850),
    _Co("Initech Software", "initech.example", "GB", "United Kingdom", "Software", 45),
    _Co("Umbrella Santé", "umbrella-sante.example", "FR", "France", "Healthcare", 2300),
    _Co("Stark Robotics", "stark-robotics.example", "US", "United States", "Robotics", 510),
    _Co("Wayne Data Systems", "waynedata.example", "CA", "Canada", "IT Services", 75),
    _Co("Smith, Jones & Partners LLP", "smithjones.example", "GB", "United Kingdom",
        "Legal Services", 60),
    _Co("Vandelay Industrias", "vandelay.example", "ES", "Spain", "Import/Export", 30),
    _Co("Soylent Alimentari", "soylent.example", "IT", "Italy", "Food & Beverages", 410),
    _Co("Massive Dynamic AB", "massivedynamic.example", "SE", "Sweden", "Research", 95),
    _Co("Tyrell Bioworks", "tyrell.example", "JP", "Japan", "Biotechnology", 1800),
    _Co("Cyberdyne Motion", "cyberdyne.example", "AU", "Australia", "Automotive", 260),
    _Co("Müller & Söhne GmbH", "mueller-soehne.example", "DE", "Germany", "Machinery", 140),
    _Co("Café Lumière SARL", "cafe-lumiere.example", "FR", "France", "Hospitality", 12),
    _Co("Hooli Cloud", "hooli.example", "US", "United States", "Internet", 9800),
    _Co("Krüger; Weber & Co. KG", "krueger-weber.example", "DE", "Germany", "Wholesale", 55),
)

_NAMES = (
    ("Ana", "García"), ("Björn", "Lindqvist"), ("Chloé", "Dubois"), ("Dmitri", "Ivanov"),
    ("Élodie", "Marchand"), ("Farah", "Haddad"), ("Günter", "Schröder"), ("Hana", "Nakamura"),
    ("Inès", "Lefèvre"), ("Jürgen", "Müller"), ("Kai", "Jensen"), ("Léa", "Rousseau"),
    ("Mateo", "Fernández"), ("Nadia", "Khalil"), ("Oskar", "Åberg"), ("Paola", "Rossi"),
    ("Quentin", "Moreau"), ("Renée", "Lévesque"), ("Søren", "Østergaard"), ("Tomás", "Núñez"),
    ("Ursula", "Becker"), ("Vikram", "Raman"), ("Wiebke", "Hoffmann"), ("Xavier", "Bernard"),
    ("Yasmin", "Aziz"), ("Zoë", "O'Neill"), ("André", "Béranger"), ("Brigitte", "Weiß"),
    ("Ceren", "Yildiz"), ("Dörte", "Kühn"),
)
_TITLES = ("Head of Sales", "VP Marketing", "CTO", "Account Executive", "Founder & CEO",
           "Procurement Manager", "Directeur commercial", "Sales Development Representative")

_PEOPLE = tuple(
    _Person(i + 1, first, last, _TITLES[i % len(_TITLES)], _COMPANIES[i % len(_COMPANIES)])
    for i, (first, last) in enumerate(_NAMES)
)

# Row variations: which cells are damaged, and how a website is written.
_NO_FIRST, _NO_LAST, _NO_COMPANY, _NO_DOMAIN, _NO_LINKEDIN = (
    "no_first", "no_last", "no_company", "no_domain", "no_linkedin")
_NO_NAME, _NO_COUNTRY, _PADDED, _SPLIT = "no_name", "no_country", "padded", "split"
_URL_STYLES: tuple[Callable[[str], str], ...] = (
    lambda d: d, lambda d: f"https://www.{d}/about", lambda d: f"http://{d}",
    lambda d: f"www.{d}", lambda d: f"https://{d}/", lambda d: f"HTTPS://WWW.{d.upper()}",
)


def _web(domain: str, i: int) -> str:
    return _URL_STYLES[i % len(_URL_STYLES)](domain)


def _contact(p: _Person, flags: set[str], fields: Sequence[str]) -> dict[str, str] | None:
    """What a contact row must send, given the identity fields its file has: a row without
    a first or a last name only when a LinkedIn URL stands in for them (the synchronous
    enrichment these files are run with; Pipecorn/n8n-nodes-pipecorn
    nodes/Pipecorn/resources/contact/enrich.ts)."""
    linkedin = "linkedin_url" in fields and _NO_LINKEDIN not in flags
    if {_NO_FIRST, _NO_LAST} & flags and not linkedin:
        return None
    values = {"first_name": p.first, "last_name": p.last, "company_name": p.co.name,
              "domain": p.co.domain, "linkedin_url": p.linkedin}
    dropped = {_NO_COMPANY: "company_name", _NO_DOMAIN: "domain", _NO_LINKEDIN: "linkedin_url",
               _NO_FIRST: "first_name", _NO_LAST: "last_name"}
    gone = {dropped[f] for f in flags if f in dropped}
    out = {k: v for k, v in values.items() if k in fields and k not in gone}
    assert len(out) > 2 or "linkedin_url" in out, "a contact row keeps a way to find the person"
    return out


def _account(co: _Co, flags: set[str], fields: Sequence[str]) -> dict[str, str] | None:
    values = {"domain": co.domain, "name": co.name, "company_linkedin_url": co.linkedin,
              "country": co.country}
    dropped = {_NO_DOMAIN: "domain", _NO_NAME: "name", _NO_LINKEDIN: "company_linkedin_url",
               _NO_COUNTRY: "country"}
    gone = {dropped[f] for f in flags if f in dropped}
    out = {k: v for k, v in values.items() if k in fields and k not in gone}
    return out if out.keys() - {"country"} else None


@attrs.define
class _Sheet:
    """Rows being built for one export."""

    #: Taken from the first row, which has every column in the tool's order.
    headers: list[str] = attrs.field(factory=list)
    rows: list[dict[str, Any]] = attrs.field(factory=list)
    expected: list[dict[str, str] | None] = attrs.field(factory=list)
    duplicates: list[tuple[int, int]] = attrs.field(factory=list)

    def add(self, row: dict[str, Any], expected: dict[str, str] | None) -> None:
        if not self.headers:
            self.headers = list(row)
        unknown = row.keys() - set(self.headers)
        assert not unknown, unknown
        self.rows.append(row)
        self.expected.append(expected)

    def repeat(self, index: int) -> None:
        self.duplicates.append((len(self.rows), index))
        self.add(dict(self.rows[index]), self.expected[index])


def _flags(table: dict[int, set[str]], i: int) -> set[str]:
    return table.get(i, set())


def _name(value: str, flags: set[str], damage: str) -> str:
    if damage in flags:
        return ""
    return f"  {value} " if _PADDED in flags else value


def _hubspot_contacts(sheet: _Sheet) -> None:
    damage = {2: {_NO_LAST}, 5: {_NO_DOMAIN}, 7: {_NO_COMPANY}, 9: {_PADDED}, 12: {_NO_FIRST},
              15: {_NO_DOMAIN}, 18: {_NO_COMPANY}, 21: {_NO_LAST}}
    for i, p in enumerate(_PEOPLE[:24]):
        f = _flags(damage, i)
        company = "" if _NO_COMPANY in f else p.co.name
        sheet.add({
            "Record ID": str(51200 + i * 7), "First Name": _name(p.first, f, _NO_FIRST),
            "Last Name": _name(p.last, f, _NO_LAST), "Email": p.email,
            "Phone Number": p.phone if i % 3 else "", "Contact owner": "Sam Rivera",
            "Lifecycle Stage": ("Lead", "Marketing Qualified Lead", "Customer")[i % 3],
            "Lead Status": ("New", "Open", "In progress", "")[i % 4], "Job Title": p.title,
            "Company Name": company, "Website URL": "" if _NO_DOMAIN in f else _web(p.co.domain, i),
            "City": "", "Country/Region": p.co.country_name, "Email Domain": p.co.domain,
            "Create Date": f"2024-0{1 + i % 9}-1{i % 10} 09:{i:02d}",
            "Last Activity Date": "" if i % 4 == 0 else f"2024-10-0{1 + i % 9} 16:20",
            "Marketing contact status": "Non-marketing contact",
            "Associated Company": company,
            "Primary Associated Company ID": str(880000 + i % 16) if company else "",
        }, _contact(p, f, ("first_name", "last_name", "company_name", "domain")))
    # A form submission with an email only: nothing to enrich it from.
    sheet.add({"Record ID": "51999", "Email": "info@hooli.example",
               "Lifecycle Stage": "Subscriber"}, None)
    sheet.repeat(3)


def _hubspot_companies(sheet: _Sheet) -> None:
    damage = {3: {_NO_LINKEDIN}, 6: {_NO_DOMAIN}, 9: {_NO_COUNTRY}, 11: {_NO_NAME},
              13: {_NO_DOMAIN, _NO_LINKEDIN}}
    for i, co in enumerate(_COMPANIES):
        f = _flags(damage, i)
        domain = "" if _NO_DOMAIN in f else co.domain
        sheet.add({
            "Record ID": str(880000 + i), "Company name": "" if _NO_NAME in f else co.name,
            "Company Domain Name": f"https://www.{domain}/about" if i == 4 and domain else domain,
            "Website URL": f"https://www.{domain}" if domain else "",
            "Company owner": ("Sam Rivera", "Alex Chen")[i % 2], "Create Date": "2023-11-02",
            "Phone Number": f"+1 555 02{i:02d}", "City": "", "State/Region": "",
            "Country/Region": "" if _NO_COUNTRY in f else co.country_name,
            "Industry": co.industry.upper().replace(" ", "_"),
            "Number of Employees": str(co.employees), "Annual Revenue": str(co.employees * 91000),
            "Lifecycle Stage": "Customer" if i % 5 == 0 else "Lead",
            "LinkedIn Company Page": "" if _NO_LINKEDIN in f else co.linkedin,
            "Type": "Prospect", "Last Activity Date": "",
        }, _account(co, f, ("domain", "name", "company_linkedin_url", "country")))
    sheet.add({"Record ID": "889998", "Company owner": "Alex Chen",
               "Country/Region": "Germany", "Number of Employees": "10"}, None)
    sheet.add({"Record ID": "889999", "Phone Number": "+1 555 0299"}, None)
    sheet.repeat(1)


def _salesforce_contacts(sheet: _Sheet) -> None:
    damage = {4: {_NO_FIRST}, 8: {_NO_DOMAIN}, 11: {_NO_LINKEDIN},
              14: {_NO_FIRST, _NO_LINKEDIN}, 16: {_NO_COMPANY}}
    for i, p in enumerate(_PEOPLE[:20]):
        f = _flags(damage, i)
        first = _name(p.first, f, _NO_FIRST)
        sheet.add({
            "ID": f"0035e00000Xy{i:04d}AAB", "FIRSTNAME": first, "LASTNAME": p.last,
            "NAME": f"{first} {p.last}".strip(), "EMAIL": p.email, "TITLE": p.title,
            "PHONE": p.phone, "ACCOUNT.NAME": "" if _NO_COMPANY in f else p.co.name,
            "ACCOUNT.WEBSITE": "" if _NO_DOMAIN in f else ("www.", "http://www.", "https://")[
                i % 3] + p.co.domain, "MAILINGCITY": "", "MAILINGCOUNTRY": p.co.country_name,
            "LINKEDIN_URL__C": "" if _NO_LINKEDIN in f else p.linkedin,
            "OWNERID": "0055e000003AbCdEAK", "CREATEDDATE": f"2023-04-{10 + i}T09:15:00.000Z",
            "LEADSOURCE": ("Web", "Partner Referral", "Trade Show, Paris")[i % 3],
        }, _contact(p, f, ("first_name", "last_name", "company_name", "domain", "linkedin_url")))
    sheet.repeat(6)


def _pipedrive_contacts(sheet: _Sheet) -> None:
    damage = {3: {_SPLIT}, 6: {_NO_LAST}, 9: {_NO_DOMAIN}, 12: {_PADDED}, 15: {_NO_FIRST}}
    for i, p in enumerate(_PEOPLE[5:23]):
        f = _flags(damage, i)
        split = _SPLIT in f
        sheet.add({
            "Person - ID": str(300 + i), "Person - Name": f"{p.first} {p.last}".strip()
            if _NO_LAST not in f else p.first,
            "Person - First name": "" if split else _name(p.first, f, _NO_FIRST),
            "Person - Last name": "" if split else _name(p.last, f, _NO_LAST),
            "Person - Organization": "" if _NO_COMPANY in f else p.co.name,
            "Person - Email - Work": p.email, "Person - Phone - Work": p.phone,
            "Person - Job title": "CTO; Co-founder" if i == 2 else p.title,
            "Person - Owner": "Jana Novák", "Person - Label": ("Hot lead", "Warm lead", "")[i % 3],
            "Person - Country of Postal address": p.co.country_name,
            "Organization - Website": "" if _NO_DOMAIN in f else _web(p.co.domain, i),
            "Person - Created": f"{10 + i}.03.2024", "Person - Last activity date": "",
        }, _contact(p, f, ("first_name", "last_name", "company_name", "domain")))
    sheet.repeat(0)


def _pipedrive_accounts(sheet: _Sheet) -> None:
    damage = {2: {_NO_LINKEDIN}, 5: {_NO_DOMAIN}, 8: {_NO_COUNTRY}, 10: {_NO_NAME}}
    for i, co in enumerate(_COMPANIES[:14] + _COMPANIES[15:]):
        f = _flags(damage, i)
        sheet.add({
            "Organization - ID": str(40 + i), "Organization - Name": "" if _NO_NAME in f
            else co.name, "Organization - Owner": "Jana Novák",
            "Organization - People": str(1 + i % 4), "Organization - Open deals": str(i % 3),
            "Organization - Address": f"Hauptstraße {i + 1}, 10115 Berlin" if co.country == "DE"
            else "", "Organization - Country of Address": "" if _NO_COUNTRY in f
            else co.country_name,
            "Organization - Website": "" if _NO_DOMAIN in f else _web(co.domain, i + 1),
            "Organization - LinkedIn profile": "" if _NO_LINKEDIN in f else co.linkedin,
            "Organization - Industry": co.industry,
            "Organization - Annual revenue": _euro(co.employees * 91500.5),
            "Organization - Number of employees": str(co.employees),
            "Organization - Labels": "Customer" if i % 4 == 0 else "",
            "Organization - Created": f"0{1 + i % 9}.02.2024",
        }, _account(co, f, ("domain", "name", "company_linkedin_url", "country")))
    sheet.add({"Organization - ID": "99", "Organization - Owner": "Jana Novák",
               "Organization - Country of Address": "France"}, None)
    sheet.repeat(3)


def _apollo_contacts(sheet: _Sheet) -> None:
    damage = {1: {_NO_LINKEDIN}, 4: {_NO_LAST}, 8: {_NO_DOMAIN}, 10: {_PADDED},
              13: {_NO_FIRST, _NO_LINKEDIN}, 17: {_NO_LINKEDIN, _NO_DOMAIN}}
    for i, p in enumerate(_PEOPLE[8:30]):
        f = _flags(damage, i)
        sheet.add({
            "First Name": _name(p.first, f, _NO_FIRST), "Last Name": _name(p.last, f, _NO_LAST),
            "Title": p.title, "Company": p.co.name, "Company Name for Emails": p.co.name,
            "Email": p.email, "Email Status": ("Verified", "Extrapolated", "Unavailable")[i % 3],
            "Seniority": ("Director", "Vp", "C suite", "Manager")[i % 4],
            "Departments": "Sales, Marketing", "Contact Owner": "", "Work Direct Phone": "",
            "Mobile Phone": "", "Corporate Phone": p.phone, "Stage": "Cold",
            "# Employees": str(p.co.employees), "Industry": p.co.industry.lower(),
            "Keywords": "b2b, saas", "Person Linkedin Url": "" if _NO_LINKEDIN in f
            else p.linkedin.replace("https://www.", "http://www."),
            "Website": "" if _NO_DOMAIN in f else f"http://www.{p.co.domain}",
            "Company Linkedin Url": p.co.linkedin, "Facebook Url": "", "Twitter Url": "",
            "City": "", "State": "", "Country": p.co.country_name,
            "Company Address": f"1 Example Way, {p.co.country_name}",
            "Company Country": p.co.country_name,
            "SEO Description": f"{p.co.name}\tleading {p.co.industry.lower()}\nsince 1999",
            "Technologies": "Salesforce, Google Tag Manager", "Annual Revenue": "",
            "Apollo Contact Id": f"66a{i:021x}", "Apollo Account Id": f"66b{i % 16:021x}",
        }, _apollo_expected(p, f))
    sheet.repeat(5)


def _apollo_expected(p: _Person, f: set[str]) -> dict[str, str] | None:
    # Apollo writes profiles as http://www.linkedin.com/in/...; a profile is sent as written.
    out = _contact(p, f, ("first_name", "last_name", "company_name", "domain", "linkedin_url"))
    if out and "linkedin_url" in out:
        out["linkedin_url"] = p.linkedin.replace("https://www.", "http://www.")
    return out


def _phantombuster_contacts(sheet: _Sheet) -> None:
    damage = {2: {_NO_LAST}, 7: {_NO_FIRST, _NO_LINKEDIN}, 11: {_PADDED}}
    for i, p in enumerate(_PEOPLE[10:28]):
        f = _flags(damage, i)
        full = f"{_name(p.first, f, _NO_FIRST)} {_name(p.last, f, _NO_LAST)}".strip()
        lead = f"https://www.linkedin.com/sales/lead/ACwAAA{i:06d},NAME_SEARCH,x{i}"
        sheet.add({
            "profileUrl": lead, "fullName": full, "firstName": _name(p.first, f, _NO_FIRST),
            "lastName": _name(p.last, f, _NO_LAST), "companyName": p.co.name,
            "title": p.title, "companyId": 100200 + i % 16,
            "companyUrl": f"https://www.linkedin.com/sales/company/{100200 + i % 16}",
            "regularCompanyUrl": p.co.linkedin, "summary": None,
            "titleDescription": None, "industry": p.co.industry,
            "companyLocation": p.co.country_name, "location": f"Greater Area, {p.co.country_name}",
            "durationInRole": f"{1 + i % 5} years", "durationInCompany": f"{2 + i % 6} years",
            "pastExperienceCompanyName": None, "pastExperienceCompanyUrl": None,
            "pastExperienceCompanyTitle": None, "pastExperienceDate": None,
            "pastExperienceDuration": None, "connectionDegree": ("2nd", "3rd")[i % 2],
            "profileImageUrl": None, "sharedConnectionsCount": i % 7, "name": full,
            "vmid": f"ACwAAA{i:06d}",
            "linkedInProfileUrl": "" if _NO_LINKEDIN in f else p.linkedin,
            "isPremium": i % 3 == 0, "isOpenLink": False,
            "query": "https://www.linkedin.com/sales/search/people?query=(keywords%3Asales)",
            "timestamp": f"2024-05-0{1 + i % 9}T10:00:00.000Z",
            "defaultProfileUrl": "" if _NO_LINKEDIN in f else p.linkedin,
        }, _contact(p, f, ("first_name", "last_name", "company_name", "linkedin_url")))
    sheet.repeat(4)


def _lemlist_contacts(sheet: _Sheet) -> None:
    damage = {1: {_NO_DOMAIN}, 4: {_NO_LAST}, 7: {_NO_LINKEDIN}, 10: {_PADDED},
              12: {_NO_COMPANY}, 14: {_NO_FIRST, _NO_LINKEDIN}}
    for i, p in enumerate(_PEOPLE[2:18]):
        f = _flags(damage, i)
        sheet.add({
            "_id": f"lea_{i:08x}", "email": p.email, "firstName": _name(p.first, f, _NO_FIRST),
            "lastName": _name(p.last, f, _NO_LAST),
            "companyName": "" if _NO_COMPANY in f else p.co.name,
            "companyDomain": "" if _NO_DOMAIN in f else _web(p.co.domain, i + 3),
            "linkedinUrl": "" if _NO_LINKEDIN in f else p.linkedin, "phone": "",
            "picture": "", "icebreaker": f"Loved {p.co.name}'s talk, especially the Q&A.",
            "jobTitle": p.title, "timezone": "Europe/Paris", "campaignId": "cam_7Hq2example",
            "campaignName": "Q3 outbound, EMEA", "isUnsubscribed": "false",
        }, _contact(p, f, ("first_name", "last_name", "company_name", "domain", "linkedin_url")))
    sheet.repeat(2)


def _pronto_contacts(sheet: _Sheet) -> None:
    outcomes = ("found", "not_found", "error", "found", "ambiguous", "found")
    damage = {2: {_NO_LINKEDIN}, 4: {_NO_LINKEDIN}, 7: {_NO_LAST}}
    for i, p in enumerate(_PEOPLE[:14]):
        f = _flags(damage, i) | ({_NO_LINKEDIN} if outcomes[i % 6] != "found" else set())
        found = outcomes[i % 6] == "found"
        sheet.add({
            "First Name": p.first, "Last Name": _name(p.last, f, _NO_LAST), "Company": p.co.name,
            "pronto_status": outcomes[i % 6] if _NO_LAST not in f else "error",
            "pronto_error": "first_name and last_name are required" if _NO_LAST in f else "",
            "pronto_email": p.email if found else "",
            "pronto_email_status": "valid" if found else "",
            "pronto_personal_email": "", "pronto_personal_email_status": "",
            "pronto_phones": "", "pronto_phone_status": "",
            "pronto_linkedin_url": "" if _NO_LINKEDIN in f else p.linkedin,
        }, _contact(p, f, ("first_name", "last_name", "company_name", "linkedin_url")))
    sheet.repeat(0)


def _euro(amount: float) -> str:
    """``1234567.5`` as European Excel writes it: ``1.234.567,50``."""
    return f"{amount:,.2f}".translate(str.maketrans(",.", ".,"))


@attrs.frozen
class _Spec:
    build: Callable[[_Sheet], None]
    filename: str
    #: A Python codec, ``+bom`` for a leading byte-order mark; ``""`` for .xlsx.
    encoding: str
    delimiter: str
    columns: dict[str, str]
    misleading: dict[str, str] = attrs.field(factory=dict)
    #: Quote every cell (HubSpot, Data Loader) rather than only those that need it (Excel).
    quote_all: bool = False


_SPECS: dict[tuple[str, str], _Spec] = {
    ("hubspot", "contacts"): _Spec(
        _hubspot_contacts,
        "hubspot-crm-exports-all-contacts-2024-10-07.csv", "utf-8+bom", ",",
        {"first_name": "First Name", "last_name": "Last Name", "company_name": "Company Name",
         "domain": "Website URL"},
        quote_all=True),
    ("hubspot", "accounts"): _Spec(
        _hubspot_companies,
        "hubspot-crm-exports-all-companies-2024-10-07.csv", "utf-8+bom", ",",
        {"name": "Company name", "domain": "Company Domain Name",
         "company_linkedin_url": "LinkedIn Company Page", "country": "Country/Region"},
        quote_all=True),
    ("salesforce", "contacts"): _Spec(
        _salesforce_contacts,
        "extract.csv", "cp1252", ",",
        {"first_name": "FIRSTNAME", "last_name": "LASTNAME", "full_name": "NAME",
         "company_name": "ACCOUNT.NAME", "domain": "ACCOUNT.WEBSITE",
         "linkedin_url": "LINKEDIN_URL__C"},
        quote_all=True),
    ("pipedrive", "contacts"): _Spec(
        _pipedrive_contacts,
        "people-20240412.csv", "utf-8", ";",
        {"first_name": "Person - First name", "last_name": "Person - Last name",
         "full_name": "Person - Name", "company_name": "Person - Organization",
         "domain": "Organization - Website"}),
    ("pipedrive", "accounts"): _Spec(
        _pipedrive_accounts,
        "organizations-20240412.csv", "utf-8", ";",
        {"name": "Organization - Name", "domain": "Organization - Website",
         "company_linkedin_url": "Organization - LinkedIn profile",
         "country": "Organization - Country of Address"}),
    ("apollo", "contacts"): _Spec(
        _apollo_contacts,
        "apollo-contacts-export.txt", "utf-16-le+bom", "\t",
        {"first_name": "First Name", "last_name": "Last Name", "company_name": "Company",
         "linkedin_url": "Person Linkedin Url", "domain": "Website"}),
    ("phantombuster", "contacts"): _Spec(
        _phantombuster_contacts,
        "sales-navigator-search-export.xlsx", "", "",
        {"first_name": "firstName", "last_name": "lastName", "full_name": "fullName",
         "linkedin_url": "linkedInProfileUrl", "company_name": "companyName"},
        {"companyUrl": "a Sales Navigator company URL (linkedin.com/sales/company/...), "
                       "not the company's website: a LinkedIn URL is never a domain"}),
    ("lemlist", "contacts"): _Spec(
        _lemlist_contacts,
        "lemlist-leads-export.csv", "utf-8", ",",
        {"first_name": "firstName", "last_name": "lastName", "company_name": "companyName",
         "domain": "companyDomain", "linkedin_url": "linkedinUrl"}),
    ("pronto", "contacts"): _Spec(
        _pronto_contacts,
        "enriched.csv", "utf-8", ",",
        {"first_name": "First Name", "last_name": "Last Name", "company_name": "Company",
         "linkedin_url": "pronto_linkedin_url"}),
}

#: Every (tool, kind) :func:`write_export` can write.
EXPORTS: tuple[tuple[str, str], ...] = tuple(_SPECS)


def write_export(tool: str, kind: str, directory: Path) -> Export:
    """Write the ``tool``'s ``kind`` export into ``directory``, byte for byte as the tool does.

    Args:
        tool: A tool of :data:`EXPORTS` (``"hubspot"``, ``"apollo"``, ...).
        kind: ``"contacts"`` or ``"accounts"``.
        directory: Where the file goes (it keeps the tool's usual file name).

    Returns:
        The file, its header row and what each data row must send.

    Raises:
        KeyError: no such export.
    """
    spec = _SPECS[(tool, kind)]
    sheet = _Sheet()
    spec.build(sheet)
    path = directory / spec.filename
    if spec.filename.endswith(".xlsx"):
        _write_xlsx(path, sheet.headers, sheet.rows)
    else:
        _write_csv(path, spec, sheet.headers, sheet.rows)
    return Export(
        tool=tool, kind=kind, path=path, expected=sheet.expected,
        headers=tuple(sheet.headers),
        columns=dict(spec.columns), misleading=dict(spec.misleading),
        duplicates=tuple(sheet.duplicates), encoding=spec.encoding, delimiter=spec.delimiter,
    )


def _write_csv(path: Path, spec: _Spec, headers: Sequence[str],
               rows: list[dict[str, Any]]) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=headers, delimiter=spec.delimiter,
                            quoting=csv.QUOTE_ALL if spec.quote_all else csv.QUOTE_MINIMAL,
                            lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    codec, bom = spec.encoding.removesuffix("+bom"), spec.encoding.endswith("+bom")
    data = text.getvalue().encode(codec)
    if bom:
        data = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE}[codec] + data
    path.write_bytes(data)


def _write_xlsx(path: Path, headers: Sequence[str], rows: list[dict[str, Any]]) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # the test extra

    book = Workbook()
    sheet = book.active
    sheet.title = "result"
    sheet.append(list(headers))
    for row in rows:
        # An empty cell is no cell, as in a sheet saved from Excel.
        sheet.append([row.get(h) if row.get(h) != "" else None for h in headers])
    book.save(path)

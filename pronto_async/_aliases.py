"""The column headers that carry each identity field in the files sales teams export.

Data only: which header, exactly as a tool writes it, can feed which argument of
``contacts.enrich`` / ``accounts.enrich``, best first, and where that header is documented.
Matching (case, spaces and punctuation ignored), the choice of a column and the reporting of
unused columns belong to the field-mapping layer that reads these tables.

Every header is listed as the tool exports it (``Company Domain Name``, ``Person - First
name``, ``Person Linkedin Url``, ``FIRSTNAME``), with the key of its :data:`SOURCES` entry.
A header that several tools share is listed once per tool that documents it; the first entry
of a field that a file has wins, so the order inside a field is the order of preference when
one file has two candidate columns (HubSpot's ``Company Domain Name`` before its ``Website
URL``, Phantombuster's ``linkedInProfileUrl`` before its Sales Navigator ``profileUrl``).

Traps the tables keep out on purpose:

- A company's LinkedIn page (HubSpot ``LinkedIn Company Page``, Apollo ``Company Linkedin
  Url``, Phantombuster ``regularCompanyUrl``) is never a person's ``linkedin_url``: those
  headers are in :data:`ACCOUNT_HEADERS` only.
- ``Email`` and HubSpot's ``Email Domain`` feed nothing: the domain of a personal address
  (``gmail.com``) is not the company's, and contacts are enriched to *find* the email.
- A contact's country (HubSpot ``Country/Region``, Apollo ``Country``, Salesforce
  ``MailingCountry``) feeds nothing: ``contacts.enrich`` takes no country.
- Salesforce ``Name`` is a full name on a Contact and the company name on an Account, so it
  is ``full_name`` in one table and ``name`` in the other.
- ``companyUrl`` has fed ``domain`` since the first CLI, and keeps doing so, but in a
  Phantombuster export it is the Sales Navigator company URL: a LinkedIn URL is never a
  company's website, whatever column it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

__all__ = [
    "ACCOUNT_FIELDS",
    "ACCOUNT_HEADERS",
    "CONTACT_FIELDS",
    "CONTACT_HEADERS",
    "SOURCES",
    "Source",
    "headers_for",
]


@attrs.frozen
class Source:
    """Where the header names of one tool's export are documented."""

    #: The tool's name as users know it (``"HubSpot"``).
    tool: str
    #: The page documenting the names; empty when no public page was found (``note`` says
    #: what the names rest on instead).
    url: str
    #: Which export, and how sure the names are.
    note: str = ""


_PUBLIC_CODE = "; header text also seen in public code that reads these exports"

SOURCES: Final[Mapping[str, Source]] = MappingProxyType({
    "hubspot-contacts": Source(
        "HubSpot",
        "https://knowledge.hubspot.com/properties/hubspot-crm-default-contact-properties",
        "contacts export (CSV/XLSX): one column per property, named by its label, first "
        "'Record ID', 'First Name', 'Last Name', 'Email'; 'Company Name' is the contact's "
        "own text property and 'Associated Company' the primary associated company record; "
        "'Website URL' is the company's site; no default property holds the person's "
        "LinkedIn profile" + _PUBLIC_CODE + " (a full 'hubspot-crm-exports-all-contacts' "
        "header row). Exports in another language (DE, FR, ...) have translated labels: "
        "not covered."),
    "hubspot-companies": Source(
        "HubSpot",
        "https://knowledge.hubspot.com/properties/hubspot-crm-default-company-properties",
        "companies export: 'Record ID', 'Company name', 'Company Domain Name' (label casing "
        "varies with the account's age), 'Website URL', 'Country/Region' (a country name), "
        "'LinkedIn Company Page'" + _PUBLIC_CODE),
    "salesforce-contact": Source(
        "Salesforce",
        "https://developer.salesforce.com/docs/platform/field-reference/references/"
        "field-reference/salesforce-field-reference-contact.html",
        "Contact field names (FirstName, LastName, Name = the full name, MailingCountry) and "
        "labels ('First Name', 'Last Name', 'Full Name'); report exports use the labels, "
        "Data Loader and Data Export use the names. No standard LinkedIn field: "
        "'LinkedIn_URL__c' is a common custom field name, unconfirmed"),
    "salesforce-account": Source(
        "Salesforce",
        "https://developer.salesforce.com/docs/platform/field-reference/references/"
        "field-reference/salesforce-field-reference-account.html",
        "Account field names and labels: Name / 'Account Name', Website, BillingCountry / "
        "'Billing Country'; BillingCountryCode exists where state and country picklists are "
        "on. A Contact row reaches them through the Account relationship ('Account.Name')"),
    "salesforce-dataloader": Source(
        "Salesforce Data Loader",
        "https://github.com/forcedotcom/dataloader/issues/1095",
        "extract CSV: one column per SOQL field, relationship fields as 'Account.Name'; "
        "upper-cased ('FIRSTNAME', 'ACCOUNT.NAME') before v60.0.2, as written in the query "
        "since (issues #1095, #1155; v63 'sfdc.extraction.allCapsHeaders', #1499). Writes "
        "the platform encoding (cp1252 on Windows) unless 'UTF-8' is ticked"),
    "pipedrive": Source(
        "Pipedrive",
        "https://support.pipedrive.com/en/article/data-fields-in-pipedrive",
        "people and organizations exports: 'Object - Field' labels ('Person - First name', "
        "'Person - Organization', 'Organization - Website', 'Organization - LinkedIn "
        "profile', 'Organization - Country of Address'). Pipedrive's page on exporting was "
        "not found; the header text rests on public code reading real exports. 'Person - "
        "LinkedIn' is a custom field seen in such code, unconfirmed"),
    "apollo": Source(
        "Apollo",
        "https://knowledge.apollo.io/hc/en-us/articles/"
        "20336914916365-Follow-Apollo-s-Recommended-Default-Field-Mapping",
        "people export: 'First Name', 'Last Name', 'Title', 'Company', 'Company Name for "
        "Emails', 'Email', 'Person Linkedin Url', 'Website', 'Company Linkedin Url', "
        "'Country' (the person's), 'Company Country', 'Apollo Contact Id'. Apollo's page "
        "lists the fields; the export header text rests on public code reading exports"),
    "apollo-accounts": Source(
        "Apollo",
        "https://knowledge.apollo.io/hc/en-us/articles/4409154067981-Import-a-CSV-of-Accounts",
        "accounts export: 'Company Name', 'Company Name for Emails', 'Website', 'Company "
        "Linkedin Url', 'Company Country', 'Apollo Record Id'; header text from public code "
        "that reads an accounts export"),
    "phantombuster": Source(
        "Phantombuster",
        "",
        "Sales Navigator Search Export result file: profileUrl (the Sales Navigator lead "
        "URL), fullName, firstName, lastName, companyName, companyUrl (the Sales Navigator "
        "company URL), regularCompanyUrl (the company's LinkedIn page), name, "
        "linkedInProfileUrl, defaultProfileUrl. Phantombuster's own documentation was not "
        "found; the names rest on public code that imports its result.csv"),
    "lemlist": Source(
        "lemlist",
        "https://developer.lemlist.com/api-reference/objects-definitions/lead",
        "lead export (camelCase): email, firstName, lastName, companyName, phone, "
        "linkedinUrl, picture, icebreaker; companyDomain is a usual lemlist variable but "
        "not in the documented lead object (unconfirmed)"),
    "clay": Source(
        "Clay",
        "",
        "Clay tables name their own columns; 'Full Name', 'Company Domain', 'LinkedIn "
        "Profile' and 'Company Linkedin URL' are the names its people and company sources "
        "and Pronto's Clay templates use (seen in public code and in Pronto's reference, "
        "no Clay page found): unconfirmed"),
    "pronto-api": Source(
        "Pronto API",
        "https://docs.prontohq.com/api-reference",
        "request and response keys: firstname/lastname (wire), first_name, last_name, "
        "full_name, linkedin_profile_url, linkedin_url, company_name, company_website, "
        "company_linkedin_url, country_code"),
    "pronto-cli": Source(
        "Pronto CLI (cli-pipecorn)",
        "https://github.com/Pipecorn/cli-pipecorn",
        "src/commands/contacts/enrich.ts reads firstname/first_name/'First Name', "
        "lastname/last_name/'Last Name', linkedin_url/'LinkedIn', domain/'Domain', "
        "company_name/company/'Company'; src/commands/lists/export.ts and "
        "src/output/format.ts write the API items' own keys as columns"),
    "pronto-async-cli": Source(
        "pronto_async CLI",
        "pronto_async/cli/_output.py",
        "'pronto enrich' CSV output: the input's columns, then pronto_status, "
        "pronto_error and pronto_* result columns (pronto_linkedin_url: the person's "
        "profile for contacts, the company page for accounts; pronto_name, pronto_website "
        "for accounts)"),
    "pronto-async": Source(
        "pronto_async",
        "pronto_async/resources/_rows.py",
        "spellings the SDK's row methods and the CLI's column guess accepted before this "
        "table (CONTACT_SPELLINGS, ACCOUNT_SPELLINGS, cli/_columns.py aliases), kept so "
        "no file that worked stops working"),
    "generic": Source(
        "Generic",
        "",
        "spellings of hand-made spreadsheets and smaller tools (Evaboot, Lusha, Kaspr, "
        "Waalaxy exports among them), not tied to one documented export"),
})

_Entries = tuple[tuple[str, str], ...]

CONTACT_HEADERS: Final[Mapping[str, _Entries]] = MappingProxyType({
    "first_name": (
        ("first_name", "pronto-api"), ("firstname", "pronto-api"),
        ("First Name", "hubspot-contacts"), ("First Name", "apollo"),
        ("First Name", "salesforce-contact"), ("FirstName", "salesforce-contact"),
        ("FIRSTNAME", "salesforce-dataloader"), ("Person - First name", "pipedrive"),
        ("firstName", "phantombuster"), ("firstName", "lemlist"),
        ("First", "pronto-async"), ("Given Name", "generic"), ("fname", "pronto-async"),
        ("Forename", "pronto-async"),
    ),
    "last_name": (
        ("last_name", "pronto-api"), ("lastname", "pronto-api"),
        ("Last Name", "hubspot-contacts"), ("Last Name", "apollo"),
        ("Last Name", "salesforce-contact"), ("LastName", "salesforce-contact"),
        ("LASTNAME", "salesforce-dataloader"), ("Person - Last name", "pipedrive"),
        ("lastName", "phantombuster"), ("lastName", "lemlist"),
        ("Last", "pronto-async"), ("Surname", "generic"), ("Family Name", "generic"),
        ("lname", "pronto-async"),
    ),
    # Only used when a row has no first and last name: the mapping layer splits it.
    "full_name": (
        ("full_name", "pronto-api"), ("Full Name", "salesforce-contact"),
        ("Full Name", "clay"), ("fullName", "phantombuster"), ("Person - Name", "pipedrive"),
        ("Name", "salesforce-contact"), ("NAME", "salesforce-dataloader"),
        ("name", "phantombuster"), ("Contact Name", "generic"),
    ),
    "linkedin_url": (
        ("linkedin_url", "pronto-api"), ("linkedin_profile_url", "pronto-api"),
        ("linkedinUrl", "lemlist"), ("linkedinProfileUrl", "pronto-async"),
        ("linkedInProfileUrl", "phantombuster"), ("defaultProfileUrl", "phantombuster"),
        ("Person Linkedin Url", "apollo"), ("LinkedIn URL", "generic"),
        ("LinkedIn Profile URL", "generic"), ("LinkedIn Profile", "clay"),
        ("LinkedIn", "pronto-cli"), ("Person - LinkedIn", "pipedrive"),
        ("LinkedIn_URL__c", "salesforce-contact"),
        ("pronto_linkedin_url", "pronto-async-cli"),
        ("LinkedIn URL (profile)", "pronto-async"),
        # Phantombuster's Sales Navigator lead URL: a LinkedIn URL, but the last resort.
        ("profileUrl", "phantombuster"),
    ),
    "domain": (
        ("domain", "pronto-api"), ("Domain", "pronto-cli"),
        ("company_domain", "pronto-api"), ("companyDomain", "lemlist"),
        ("Company Domain", "clay"), ("Company Domain Name", "hubspot-companies"),
        ("website", "pronto-async"), ("Website", "apollo"),
        ("Website URL", "hubspot-contacts"), ("company_website", "pronto-api"),
        ("Company Website", "generic"), ("Organization - Website", "pipedrive"),
        ("Account.Website", "salesforce-dataloader"), ("Company URL", "pronto-async"),
    ),
    "company_name": (
        ("company_name", "pronto-api"), ("companyName", "lemlist"),
        ("companyName", "phantombuster"), ("Company Name", "hubspot-contacts"),
        ("Company", "apollo"), ("Company", "pronto-cli"),
        ("Company Name for Emails", "apollo"), ("Associated Company", "hubspot-contacts"),
        ("Account Name", "salesforce-account"), ("Account.Name", "salesforce-dataloader"),
        ("Person - Organization", "pipedrive"), ("Organization - Name", "pipedrive"),
        ("Organization", "generic"), ("Organisation", "generic"),
        ("Account", "pronto-async"), ("Employer", "pronto-async"),
    ),
})

ACCOUNT_HEADERS: Final[Mapping[str, _Entries]] = MappingProxyType({
    "domain": (
        ("domain", "pronto-api"), ("Domain", "generic"),
        ("company_domain", "pronto-api"), ("companyDomain", "lemlist"),
        ("Company Domain Name", "hubspot-companies"),
        ("Company domain name", "hubspot-companies"), ("Company Domain", "clay"),
        ("website", "pronto-async"), ("Website", "salesforce-account"),
        ("Website", "apollo-accounts"), ("Website URL", "hubspot-companies"),
        ("company_website", "pronto-api"), ("Company Website", "generic"),
        ("Organization - Website", "pipedrive"), ("pronto_website", "pronto-async-cli"),
        ("URL", "pronto-async"), ("Company URL", "pronto-async"),
    ),
    "name": (
        ("name", "pronto-api"), ("Name", "salesforce-account"),
        ("NAME", "salesforce-dataloader"), ("company_name", "pronto-api"),
        ("companyName", "lemlist"), ("Company name", "hubspot-companies"),
        ("Company Name", "apollo-accounts"), ("Company", "generic"),
        ("Account Name", "salesforce-account"), ("Organization - Name", "pipedrive"),
        ("Organization Name", "generic"), ("Organization", "generic"),
        ("Organisation", "generic"), ("Account", "pronto-async"),
        ("Company Name for Emails", "apollo-accounts"), ("pronto_name", "pronto-async-cli"),
    ),
    "company_linkedin_url": (
        ("company_linkedin_url", "pronto-api"), ("companyLinkedinUrl", "pronto-async"),
        ("Company Linkedin Url", "apollo-accounts"), ("Company Linkedin URL", "clay"),
        ("LinkedIn Company Page", "hubspot-companies"),
        ("Organization - LinkedIn profile", "pipedrive"),
        ("regularCompanyUrl", "phantombuster"), ("linkedin_url", "pronto-api"),
        ("linkedinUrl", "generic"), ("LinkedIn URL", "generic"), ("LinkedIn", "generic"),
        ("Company LinkedIn", "generic"), ("LinkedIn Company URL", "generic"),
        ("LinkedIn Page", "pronto-async"), ("company_linkedin", "pronto-api"),
        ("pronto_linkedin_url", "pronto-async-cli"),
    ),
    # A name or a code; the mapping layer turns it into ISO 3166 alpha-2.
    "country": (
        ("country", "pronto-api"), ("country_code", "pronto-api"),
        ("countryCode", "pronto-async"), ("Country Code", "generic"),
        ("Country/Region", "hubspot-companies"), ("Country", "generic"),
        ("BillingCountryCode", "salesforce-account"), ("BillingCountry", "salesforce-account"),
        ("Billing Country", "salesforce-account"), ("Company Country", "apollo-accounts"),
        ("Organization - Country of Address", "pipedrive"), ("HQ Country", "pronto-async"),
        ("Headquarters Country", "generic"),
    ),
})

#: The fields of each table: the identity arguments of ``contacts.enrich`` (plus
#: ``full_name``, split into first and last) and of ``accounts.enrich``.
CONTACT_FIELDS: Final = tuple(CONTACT_HEADERS)
ACCOUNT_FIELDS: Final = tuple(ACCOUNT_HEADERS)

_TABLES: Final[Mapping[str, Mapping[str, _Entries]]] = MappingProxyType(
    {"contacts": CONTACT_HEADERS, "accounts": ACCOUNT_HEADERS}
)


def headers_for(kind: str) -> Mapping[str, _Entries]:
    """The header table of ``kind``: field -> ((header as exported, source key), ...).

    Args:
        kind: ``"contacts"`` or ``"accounts"``.

    Returns:
        :data:`CONTACT_HEADERS` or :data:`ACCOUNT_HEADERS`.

    Raises:
        ValueError: any other kind.
    """
    try:
        return _TABLES[kind]
    except KeyError:
        raise ValueError(f"kind must be 'contacts' or 'accounts', got {kind!r}") from None

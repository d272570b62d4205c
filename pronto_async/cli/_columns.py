"""Which column of a file feeds which argument of the enrichment (pure functions).

Files come from CRMs and spreadsheets, so a header is matched loosely: case, spaces,
underscores and dashes are ignored (``First Name``, ``first_name``, ``firstName`` and
``FIRSTNAME`` are one spelling), and each field knows the names it usually goes by
(``company``/``company_name``/``organization``, ``domain``/``website``, ``linkedin``/
``linkedin_url``, …). ``--map FIELD=COLUMN`` names a column when the guess is wrong or
missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import attrs

from ._errors import UsageError

__all__ = [
    "ACCOUNT_FIELDS",
    "CONTACT_FIELDS",
    "Field",
    "Kind",
    "KINDS",
    "normalise_domain",
    "normalise_header",
    "parse_maps",
    "resolve_columns",
]


@attrs.frozen(kw_only=True)
class Field:
    """One argument of the enrichment and the headers that usually carry it."""

    #: The name ``--map`` uses, and the argument of the SDK method it feeds.
    name: str
    #: Header spellings, normalised (see :func:`normalise_header`), best first.
    aliases: tuple[str, ...]
    #: A website URL in this column is cut down to its domain.
    domain: bool = False


@attrs.frozen(kw_only=True)
class Kind:
    """What ``pronto enrich KIND`` enriches."""

    name: str
    fields: tuple[Field, ...]
    #: Every one of these must be mapped.
    required: tuple[str, ...] = ()
    #: At least one of these must be mapped.
    any_of: tuple[str, ...] = ()
    #: ``--map`` names accepted for a field besides its own (``linkedin_url`` for accounts).
    synonyms: Mapping[str, str] = attrs.field(factory=dict)

    def field(self, name: str) -> Field | None:
        name = self.synonyms.get(name, name)
        return next((f for f in self.fields if f.name == name), None)


CONTACT_FIELDS: Final = (
    Field(name="first_name", aliases=("firstname", "first", "givenname", "fname", "forename")),
    Field(name="last_name",
          aliases=("lastname", "last", "surname", "familyname", "lname")),
    Field(name="linkedin_url",
          aliases=("linkedinurl", "linkedinprofileurl", "linkedin", "linkedinprofile",
                   "personlinkedinurl", "profileurl", "linkedinurlprofile")),
    Field(name="domain",
          aliases=("domain", "companydomain", "website", "companywebsite", "websiteurl",
                   "companyurl"),
          domain=True),
    Field(name="company_name",
          aliases=("companyname", "company", "organization", "organisation",
                   "organizationname", "accountname", "account", "employer")),
)

ACCOUNT_FIELDS: Final = (
    Field(name="domain",
          aliases=("domain", "companydomain", "website", "companywebsite", "websiteurl",
                   "companyurl", "url"),
          domain=True),
    Field(name="name",
          aliases=("name", "companyname", "company", "accountname", "account", "organization",
                   "organisation", "organizationname")),
    Field(name="company_linkedin_url",
          aliases=("companylinkedinurl", "linkedinurl", "linkedin", "companylinkedin",
                   "linkedincompanyurl", "linkedinpage")),
    Field(name="country", aliases=("country", "countrycode", "hqcountry")),
)

KINDS: Final[Mapping[str, Kind]] = {
    "contacts": Kind(
        name="contacts", fields=CONTACT_FIELDS, required=("first_name", "last_name"),
    ),
    "accounts": Kind(
        name="accounts", fields=ACCOUNT_FIELDS, any_of=("domain", "name", "company_linkedin_url"),
        synonyms={"linkedin_url": "company_linkedin_url", "company_name": "name",
                  "company_domain": "domain", "website": "domain"},
    ),
}

_NOT_ALNUM: Final = re.compile(r"[^0-9a-z]+")


def normalise_header(header: str) -> str:
    """``"First Name"``, ``"first_name"`` and ``"firstName"`` all become ``"firstname"``."""
    return _NOT_ALNUM.sub("", header.casefold())


def normalise_domain(value: Any) -> Any:
    """``https://www.acme.com/about`` → ``acme.com``; anything else is returned as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return text
    host = urlsplit(text if "//" in text else "//" + text).hostname or text
    return host.removeprefix("www.")


def parse_maps(values: Iterable[str], kind: Kind) -> dict[str, str]:
    """``--map FIELD=COLUMN`` flags as ``{field: column}``.

    Raises:
        UsageError: a flag without ``=``, or a field the kind does not have.
    """
    out: dict[str, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        field = kind.field(name.strip())
        if not sep or not column.strip():
            raise UsageError(f"--map wants FIELD=COLUMN, got {value!r}")
        if field is None:
            known = ", ".join(f.name for f in kind.fields)
            raise UsageError(f"--map: {kind.name} have no field {name.strip()!r} (fields: {known})")
        out[field.name] = column.strip()
    return out


def resolve_columns(
    kind: Kind, headers: Sequence[str], explicit: Mapping[str, str], *, source: str
) -> dict[str, str]:
    """Which header feeds which field: ``explicit`` (from ``--map``) first, then the aliases.

    Raises:
        UsageError: an explicit column is not in ``headers``, or a required field has no
            column (the message names the fields and the headers that were found).
    """
    found = ", ".join(repr(h) for h in headers) or "none"
    mapping: dict[str, str] = {}
    for name, column in explicit.items():
        if column not in headers:
            raise UsageError(
                f"--map {name}={column}: {source} has no column {column!r} (found: {found})"
            )
        mapping[name] = column
    by_spelling: dict[str, str] = {}
    for header in headers:
        by_spelling.setdefault(normalise_header(header), header)
    taken = set(mapping.values())
    for field in kind.fields:
        if field.name in mapping:
            continue
        for alias in field.aliases:
            match = by_spelling.get(alias)
            if match is not None and match not in taken:
                mapping[field.name] = match
                taken.add(match)
                break
    missing = [name for name in kind.required if name not in mapping]
    if missing:
        raise UsageError(
            f"{source}: no column for {', '.join(missing)} (found: {found}); "
            f"name it with --map {missing[0]}=COLUMN"
        )
    if kind.any_of and not any(name in mapping for name in kind.any_of):
        raise UsageError(
            f"{source}: no column for any of {', '.join(kind.any_of)} (found: {found}); "
            f"name one with --map {kind.any_of[0]}=COLUMN"
        )
    return mapping

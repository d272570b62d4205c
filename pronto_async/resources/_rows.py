"""Inputs that are not plain keyword arguments: rows of bulk and fan-out methods, in whatever
spelling the user has (DESIGN §2), and the ids that go into paths.

Rows come from CSV files, CRM exports and other APIs, so the same field arrives as
``first_name``, ``firstname`` or ``firstName``. A row (a dict or an input model) is mapped
onto the method's parameter names here; the endpoint's own validation then turns those into
wire names. An unknown key, a field given twice under two spellings, or a row that is not a
mapping is a problem naming the row, so a typo never silently drops a field that was paid for.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from .._convert import Model
from .._validate import Problems
from ..models.contacts import ContactInput

__all__ = [
    "ACCOUNT_SPELLINGS",
    "COMPANY_SPELLINGS",
    "CONTACT_SPELLINGS",
    "RowProblems",
    "account_kwargs",
    "contact_kwargs",
    "contact_row",
    "normalise_row",
    "path_id",
]

#: Spelling met in the wild -> the parameter name of ``contacts.enrich`` and friends.
CONTACT_SPELLINGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "first_name": "first_name",
        "firstname": "first_name",
        "firstName": "first_name",
        "last_name": "last_name",
        "lastname": "last_name",
        "lastName": "last_name",
        "linkedin_url": "linkedin_url",
        "linkedin_profile_url": "linkedin_url",
        "linkedinUrl": "linkedin_url",
        "linkedinProfileUrl": "linkedin_url",
        "domain": "domain",
        "company_domain": "domain",
        "companyDomain": "domain",
        "company_name": "company_name",
        "companyName": "company_name",
        "custom": "custom",
    }
)

#: Spelling -> wire name of a company row of ``lists.create``/``lists.update``
#: (real-usage.md §6: ``{name, country_code?, domain?, linkedin_url?}``).
COMPANY_SPELLINGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "name": "name",
        "company_name": "name",
        "companyName": "name",
        "country_code": "country_code",
        "country": "country_code",
        "countryCode": "country_code",
        "domain": "domain",
        "company_domain": "domain",
        "companyDomain": "domain",
        "website": "domain",
        "linkedin_url": "linkedin_url",
        "company_linkedin_url": "linkedin_url",
        "linkedinUrl": "linkedin_url",
    }
)


#: Spelling -> the parameter name of ``accounts.enrich`` (real-usage.md §3).
ACCOUNT_SPELLINGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "company_linkedin_url": "company_linkedin_url",
        "linkedin_url": "company_linkedin_url",
        "companyLinkedinUrl": "company_linkedin_url",
        "name": "name",
        "company_name": "name",
        "companyName": "name",
        "domain": "domain",
        "company_domain": "domain",
        "companyDomain": "domain",
        "website": "domain",
        "country": "country",
        "country_code": "country",
        "countryCode": "country",
    }
)


class RowProblems(Problems):
    """Problems of one row, filed with the call's problems under the row's label
    (``contacts[3]: first_name is required``), so one ValidationError lists every row."""

    __slots__ = ("_label", "_outer")

    def __init__(self, outer: Problems, label: str) -> None:
        super().__init__(outer.operation)
        self._outer = outer
        self._label = label

    def add(self, problem: str) -> None:
        super().add(problem)
        self._outer.add(f"{self._label}: {problem}")


def normalise_row(p: Problems, row: Any, spellings: Mapping[str, str]) -> dict[str, Any]:
    """Map ``row`` (a mapping or an input :class:`Model`) onto the names ``spellings`` leads to.

    Every target name is present in the result, ``None`` when the row lacks it. A blank string
    counts as absent: an empty CSV cell means "unknown", not "send an empty value".

    Problems (filed with ``p``): the row is not a mapping, a key is unknown, or two spellings
    of one field both carry a value.
    """
    out: dict[str, Any] = dict.fromkeys(spellings.values())
    if isinstance(row, Model):
        names = [f.name for f in attrs.fields(type(row)) if f.name != "extra"]
        items: Mapping[Any, Any] = {**{n: getattr(row, n) for n in names}, **row.extra}
    elif isinstance(row, Mapping):
        items = row
    else:
        p.add(f"must be a mapping or an input model, got {type(row).__name__}")
        return out
    seen: dict[str, Any] = {}
    unknown: list[Any] = []
    for key, value in items.items():
        target = spellings.get(key) if isinstance(key, str) else None
        if target is None:
            unknown.append(key)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if target in seen:
            p.add(f"{target} is given twice, as {seen[target]!r} and {key!r}")
            continue
        seen[target] = key
        out[target] = value
    if unknown:
        known = ", ".join(dict.fromkeys(spellings))
        p.add(f"unknown keys {unknown[:5]!r} (known: {known})")
    return out


def contact_row(p: Problems, row: ContactInput | Mapping[str, Any] | Any) -> dict[str, Any]:
    """A contact row as the keyword arguments of ``contacts.enrich``: ``first_name``,
    ``last_name``, ``linkedin_url``, ``domain``, ``company_name``, ``custom`` (``None`` when
    absent). Values are not checked here; the method that uses them does that."""
    return normalise_row(p, row, CONTACT_SPELLINGS)


def contact_kwargs(
    row: ContactInput | Mapping[str, Any] | Any, *, index: int, operation: str = "contacts.enrich"
) -> dict[str, Any]:
    """:func:`contact_row` for one row on its own (the fan-out calls it per input).

    Raises:
        ValidationError: the row's problems, each prefixed with ``contacts[index]``.
    """
    return _row_kwargs(row, CONTACT_SPELLINGS, label=f"contacts[{index}]", operation=operation)


def account_kwargs(row: Mapping[str, Any] | Any, *, index: int) -> dict[str, Any]:
    """An account row (``domain``/``company_domain``/``website``, ``name``/``company_name``,
    ``linkedin_url``, ``country``) as the keyword arguments of ``accounts.enrich``.

    Raises:
        ValidationError: the row's problems, each prefixed with ``accounts[index]``.
    """
    return _row_kwargs(
        row, ACCOUNT_SPELLINGS, label=f"accounts[{index}]", operation="accounts.enrich"
    )


def _row_kwargs(
    row: Any, spellings: Mapping[str, str], *, label: str, operation: str
) -> dict[str, Any]:
    p = Problems(operation)
    kwargs = normalise_row(RowProblems(p, label), row, spellings)
    p.raise_if_any()
    return kwargs


def path_id(p: Problems, name: str, value: Any) -> str:
    """An id for the path (``/searches/{id}``): a non-blank string, or an integer.

    Returns ``""`` when invalid, with the problem filed; the caller raises before sending.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return p.text(name, value, required=True) or ""

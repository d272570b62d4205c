"""Inputs that are not plain keyword arguments: rows built in code for batch methods
(``bulk_enrich``'s contacts, a list's companies), and the ids that go into paths.

These rows are read strictly: an unknown key, a field given twice under two spellings, or a
row that is not a mapping is a problem naming the row, so a typo never silently drops a field
that was paid for. Rows from files (``enrich_many``) go through :mod:`pronto_async._rowmap`
instead, where other columns are reported unused, not refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from .._convert import Model
from .._fields import KINDS, FieldMapping, normalise_header
from .._rowmap import RowProblems, mapping_for
from .._validate import Problems, show
from ..models.contacts import ContactInput

__all__ = [
    "COMPANY_SPELLINGS",
    "RowProblems",
    "contact_row",
    "normalise_row",
]

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
        p.add(f"unknown keys {show(unknown[:5])} (known: {known})")
    return out


def contact_row(p: Problems, row: ContactInput | Mapping[str, Any] | Any) -> dict[str, Any]:
    """A contact row built in code (``bulk_enrich``'s list) as the keyword arguments of
    ``contacts.enrich``: ``first_name``, ``last_name``, ``linkedin_url``, ``domain``,
    ``company_name``, ``custom`` (``None`` when absent).

    Keys are read through the one field mapping (:mod:`pronto_async._fields`), strictly: a key
    that feeds no field, or a field given under two spellings, is a problem, since a row built
    in code with a typo would otherwise lose a field that is paid for. Values are not checked
    here; the method that uses them does that.
    """
    out: dict[str, Any] = dict.fromkeys(_CONTACT_KEYS)
    if isinstance(row, Model):
        names = [f.name for f in attrs.fields(type(row)) if f.name != "extra"]
        values = {n: getattr(row, n) for n in names if getattr(row, n) is not None}
        unknown = list(row.extra)
        if unknown:
            p.add(f"unknown keys {show(unknown[:5])} (known: {', '.join(_CONTACT_KEYS)})")
        return {**out, **values}
    if not isinstance(row, Mapping):
        p.add(f"must be a mapping or an input model, got {type(row).__name__}")
        return out
    keys = [k for k in row if isinstance(k, str)]
    mapping = mapping_for("contacts", tuple(keys))
    twice = _twice(mapping, keys, row)
    for field, (first, second) in twice.items():
        p.add(f"{field} is given twice, as {first!r} and {second!r}")
    unknown = [k for k in row if not isinstance(k, str) or (
        k in mapping.unused and not any(k in pair for pair in twice.values()))]
    if unknown:
        p.add(f"unknown keys {show(unknown[:5])} (known: {', '.join(_CONTACT_KEYS)})")
    values = mapping.apply(p, row)
    if row.get("custom") is not None:
        values["custom"] = row["custom"]  # bulk_enrich's own check names a wrong type
    return {**out, **{k: v for k, v in values.items() if k in out}}


_CONTACT_KEYS: Final = (
    "first_name", "last_name", "linkedin_url", "domain", "company_name", "custom",
)


def _twice(
    mapping: FieldMapping, keys: list[str], row: Mapping[str, Any]
) -> dict[str, tuple[str, str]]:
    """Fields that an unused key with a value would also have fed: ``{field: (used, other)}``."""
    kind = KINDS[mapping.kind]
    out: dict[str, tuple[str, str]] = {}
    for key in keys:
        if key not in mapping.unused or row.get(key) in (None, ""):
            continue
        for _order, _rank, field in kind.ranks.get(normalise_header(key), ()):
            used = mapping.columns.get(field)
            if used is not None and row.get(used) not in (None, ""):
                out.setdefault(field, (used, key))
                break
    return out

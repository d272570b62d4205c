"""One field mapping for rows that come from files: which column feeds which argument.

Bulk enrichment starts from CRM exports, whose headers are the CRM's (``Company Domain Name``,
``Person - First name``, ``Person Linkedin Url``, ``firstName``, ``\\ufeffRecord ID``). This
module is the one place that turns such a row into the keyword arguments of
``contacts.enrich`` / ``accounts.enrich``; ``enrich_many``, ``plan`` and the ``pronto enrich``
command all use it, so the SDK and the CLI read a file the same way.

- A header matches a field whatever its case, spacing and punctuation (and a BOM glued to
  the first header), under the names the tools' exports use (:mod:`._aliases`, each with its
  source). Each column feeds at most one field; the best-ranked alias wins.
- Every other column is *unused*, never an error, and always reported: a :class:`FieldMapping`
  says which column feeds which field and which were left out, before anything is paid.
- ``columns={"domain": "Company Domain Name"}`` overrides the guess for a field, and
  ``{"country": None}`` keeps a field out.
- Values are cleaned on the way: blank cells are absent, a website URL is cut to its domain, a
  country name becomes its ISO code, and a full name (``Name``, ``Lovelace, Ada``) is split
  when a row's first and last name are both blank (or there are no such columns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import attrs

from . import _aliases
from ._countries import country_code
from ._validate import Problems, show
from .errors import ValidationError

__all__ = [
    "KINDS",
    "FieldMapping",
    "Kind",
    "guess_columns",
    "normalise_domain",
    "normalise_header",
    "split_full_name",
]

_NOT_ALNUM: Final = re.compile(r"[^0-9a-z]+")


def normalise_header(header: str) -> str:
    """``"First Name"``, ``"first_name"``, ``"\\ufeffFIRSTNAME"`` all become ``"firstname"``."""
    return _NOT_ALNUM.sub("", header.casefold())


@attrs.frozen(kw_only=True)
class Kind:
    """What a row is enriched as: its fields, the headers that carry them, what it needs."""

    name: str
    #: Field names, in the order the mapping fills them (ties go to the earlier field).
    fields: tuple[str, ...]
    #: Field -> ((header as exported, source key), ...), best first.
    headers: Mapping[str, tuple[tuple[str, str], ...]]
    #: Every one of these needs a column ...
    required: tuple[str, ...] = ()
    #: ... or at least one of these does.
    any_of: tuple[str, ...] = ()
    #: Fields whose column stands in for every ``required`` one, where the operation allows
    #: it (a LinkedIn URL for the names, in the synchronous contact enrichment).
    stand_ins: tuple[str, ...] = ()
    #: Other names accepted for a field in ``columns=`` and ``--map``.
    synonyms: Mapping[str, str] = attrs.field(factory=dict)

    def field(self, name: str) -> str | None:
        """The field ``name`` stands for (a field or a synonym), else ``None``."""
        name = self.synonyms.get(name, name)
        return name if name in self.fields else None

    @property
    def ranks(self) -> Mapping[str, list[tuple[int, int, str]]]:
        """Normalised header -> [(field order, alias rank, field)]."""
        return _ranks(self)


_RANKS: dict[str, dict[str, list[tuple[int, int, str]]]] = {}


def _ranks(kind: Kind) -> dict[str, list[tuple[int, int, str]]]:
    cached = _RANKS.get(kind.name)
    if cached is None:
        cached = {}
        for order, field in enumerate(kind.fields):
            for rank, (header, _source) in enumerate(kind.headers.get(field, ())):
                entries = cached.setdefault(normalise_header(header), [])
                if all(f != field for _o, _r, f in entries):
                    entries.append((order, rank, field))
            entries = cached.setdefault(normalise_header(field), [])
            if all(f != field for _o, _r, f in entries):
                entries.insert(0, (order, -1, field))  # the SDK's own name beats any alias
        _RANKS[kind.name] = cached
    return cached


_CONTACT_SYNONYMS: Final = {
    "firstname": "first_name", "firstName": "first_name", "lastname": "last_name",
    "lastName": "last_name", "linkedin_profile_url": "linkedin_url",
    "linkedinUrl": "linkedin_url", "company_domain": "domain", "website": "domain",
    "companyName": "company_name", "name": "full_name",
}
_ACCOUNT_SYNONYMS: Final = {
    "linkedin_url": "company_linkedin_url", "company_name": "name", "company_domain": "domain",
    "website": "domain", "country_code": "country",
}

#: The kinds of row ``enrich_many`` reads, by the resource that enriches them.
KINDS: Final[Mapping[str, Kind]] = {
    "contacts": Kind(
        name="contacts",
        fields=("first_name", "last_name", "linkedin_url", "domain", "company_name",
                "full_name"),
        headers=_aliases.CONTACT_HEADERS,
        required=("first_name", "last_name"),
        # Pipecorn/n8n-nodes-pipecorn nodes/Pipecorn/resources/contact/enrich.ts: the names
        # are "Required when no LinkedIn URL is provided" (the synchronous enrichment).
        stand_ins=("linkedin_url",),
        synonyms=_CONTACT_SYNONYMS,
    ),
    "accounts": Kind(
        name="accounts",
        fields=("domain", "name", "company_linkedin_url", "country"),
        headers=_aliases.ACCOUNT_HEADERS,
        any_of=("domain", "name", "company_linkedin_url"),
        synonyms=_ACCOUNT_SYNONYMS,
    ),
}

#: Keys passed through as they are, not columns (``custom``: correlation data of a contact).
_PASSTHROUGH: Final = {"contacts": ("custom",), "accounts": ()}


@attrs.frozen(kw_only=True)
class FieldMapping:
    """Which column of the rows feeds which field, and which columns feed none.

    Build one with :func:`guess_columns` (or read ``run.mapping`` / ``plan.mapping``);
    ``str(mapping)`` is the table the CLI prints.
    """

    #: ``"contacts"`` or ``"accounts"``.
    kind: str
    #: Field -> the column (header) it is read from.
    columns: Mapping[str, str]
    #: Columns that feed no field, in file order (``Record ID``, ``Email``, …).
    unused: tuple[str, ...]
    #: Every header of the rows, in file order.
    headers: tuple[str, ...]
    #: Fields the caller named in ``columns=`` (the rest were guessed).
    explicit: frozenset[str] = frozenset()
    #: Fields the caller switched off (``columns={"country": None}``).
    disabled: frozenset[str] = frozenset()

    @property
    def problems(self) -> tuple[str, ...]:
        """What no row could be enriched without (a required field with no column), where
        the kind's stand-ins count (:meth:`problems_for`)."""
        return self.problems_for(stand_ins=True)

    def problems_for(self, *, stand_ins: bool) -> tuple[str, ...]:
        """What no row could be enriched without.

        Args:
            stand_ins: Whether a column of one of the kind's ``stand_ins`` (a contact's
                LinkedIn URL) makes the required fields optional: ``True`` for the
                synchronous contact enrichment, ``False`` for the asynchronous one.
        """
        kind = KINDS[self.kind]
        have = set(self.columns)
        if "full_name" in have:  # a full name stands in for both halves
            have |= {"first_name", "last_name"}
        out = []
        missing = [f for f in kind.required if f not in have]
        if missing and not (stand_ins and have & set(kind.stand_ins)):
            out.append(f"no column for {', '.join(missing)}")
        if kind.any_of and not have & set(kind.any_of):
            out.append(f"no column for any of {', '.join(kind.any_of)}")
        return tuple(out)

    def check(
        self, *, source: str = "the rows", flag: str = "columns", stand_ins: bool = True
    ) -> None:
        """Raise unless every row can be mapped.

        Args:
            source: What the rows are, for the message (``"people.csv"``).
            flag: How the caller names a column: ``"columns"`` (the SDK) or ``"--map"``.
            stand_ins: As :meth:`problems_for`.

        Raises:
            ValidationError: a required field has no column; the message names the headers
                found and how to name a column.
        """
        problems = self.problems_for(stand_ins=stand_ins)
        if problems:
            kind = KINDS[self.kind]
            found = ", ".join(repr(h) for h in self.headers) or "none"
            field = kind.required[:1] or kind.any_of[:1]
            hint = (f"--map {field[0]}=COLUMN" if flag == "--map"
                    else f"columns={{{field[0]!r}: 'COLUMN'}}")
            if stand_ins and kind.stand_ins:
                others = " or ".join(kind.stand_ins)
                hint += f" (a {others} column stands in for {', '.join(kind.required)})"
            raise ValidationError(
                [f"{source}: {p} (found: {found}); name it with {hint}" for p in problems]
            )

    def describe(self) -> str:
        """The mapping as lines: ``  domain  <- 'Company Domain Name'``, then the unused."""
        width = max((len(f) for f in self.columns), default=0)
        lines = []
        for field in KINDS[self.kind].fields:
            column = self.columns.get(field)
            if column is not None:
                how = " (given)" if field in self.explicit else ""
                if field == "full_name" and {"first_name", "last_name"} & set(self.columns):
                    how += " (when first and last name are blank)"
                lines.append(f"  {field:<{width}} <- {column.lstrip(chr(0xFEFF))!r}{how}")
        if self.disabled:
            lines.append(f"  not read: {', '.join(sorted(self.disabled))} (switched off)")
        unused = ", ".join(repr(c.lstrip("\ufeff")) for c in self.unused) or "none"
        lines.append(f"  unused columns: {unused}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()

    def apply(self, p: Problems, row: Mapping[str, Any]) -> dict[str, Any]:
        """The keyword arguments of one row: every field present, cleaned (module docstring).

        Problems (a country that is no country, a full name that cannot be split) are filed
        with ``p``; the field is then left out.
        """
        out: dict[str, Any] = {}
        for field, column in self.columns.items():
            value = row.get(column)
            if isinstance(value, str):
                value = value.strip()
            if value is None or value == "":
                continue
            out[field] = _clean(p, field, value)
        full = out.pop("full_name", None)
        # A full name stands in when both halves are blank; with one half given, the other
        # is not guessed from it (a row of "Léa" and "Léa Martin" is a row to fix, not split).
        if full is not None and "first_name" not in out and "last_name" not in out:
            parts = split_full_name(full) if isinstance(full, str) else None
            if parts is None:
                p.add(f"full_name {show(full)} has no first and last name to split")
            else:
                out.setdefault("first_name", parts[0])
                out.setdefault("last_name", parts[1])
        for key in _PASSTHROUGH[self.kind]:
            if isinstance(row.get(key), Mapping):
                out[key] = row[key]
        return {k: v for k, v in out.items() if v is not None}


def _clean(p: Problems, field: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the method's own validation names a wrong type
    if field == "domain":
        domain = normalise_domain(value)
        # A LinkedIn or Sales Navigator URL in a website column (Phantombuster's companyUrl)
        # is not the company's website: sending linkedin.com as its domain would mislead.
        return None if domain == "linkedin.com" or domain.endswith(".linkedin.com") else domain
    if field == "country":
        code = country_code(value)
        if code is None:
            p.add(f"country {show(value)} is not a country name or ISO code")
        return code
    return value  # a LinkedIn URL without its https:// is completed by the method itself


def normalise_domain(value: str) -> str:
    """``https://www.Acme.com/about`` → ``acme.com``; a bare domain is lowercased."""
    text = value.strip()
    if not text:
        return text
    host = urlsplit(text if "//" in text else "//" + text).hostname or text
    return host.lower().removeprefix("www.")


_HONORIFICS: Final = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})
_SUFFIXES: Final = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "cpa", "esq", "pmp", "msc", "bsc"}
)


def split_full_name(value: str) -> tuple[str, str] | None:
    """``"Ada Lovelace"`` and ``"Lovelace, Ada"`` → ``("Ada", "Lovelace")``;
    ``"Dr. Ludwig van Beethoven, PhD"`` → ``("Ludwig", "van Beethoven")``; one word → ``None``.

    The first given name is the first name and the rest the last name, which is how a name
    written first-name-first reads in the languages of most CRM data.
    """
    text = " ".join(value.split())
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        if first and last and normalise_header(first) not in _SUFFIXES:
            text = f"{first} {last}"
        else:
            text = last if normalise_header(first) in _SUFFIXES else text
    words = text.replace(",", " ").split()
    while words and normalise_header(words[0]) in _HONORIFICS:
        words.pop(0)
    while words and normalise_header(words[-1]) in _SUFFIXES:
        words.pop()
    if len(words) < 2:
        return None
    return words[0], " ".join(words[1:])


def guess_columns(
    kind: str,
    headers: Iterable[str],
    columns: Mapping[str, str | None] | None = None,
) -> FieldMapping:
    """Which of ``headers`` feeds which field of ``kind`` (``"contacts"`` or ``"accounts"``).

    Args:
        kind: What the rows are.
        headers: The rows' column names (a CSV header, a row dict's keys), in order.
        columns: ``{field: column}`` overriding the guess for those fields (a field may be
            given under a synonym: ``company_name`` for an account's ``name``); ``None`` as
            the column switches the field off.

    Returns:
        The mapping. It may still lack a required field: see :attr:`FieldMapping.problems`
        and :meth:`FieldMapping.check`.

    Raises:
        ValidationError: ``columns`` names a field ``kind`` does not have, or a column that
            is not among ``headers``.
        TypeError: ``columns`` is not a mapping of strings.
    """
    spec = KINDS[kind]
    heads = tuple(str(h) for h in headers)
    mapping: dict[str, str] = {}
    explicit: set[str] = set()
    disabled: set[str] = set()
    problems: list[str] = []
    if columns is not None and not isinstance(columns, Mapping):
        raise TypeError(f"columns must be a mapping of field to column, got "
                        f"{type(columns).__name__}")
    for name, column in (columns or {}).items():
        field = spec.field(name) if isinstance(name, str) else None
        if field is None:
            problems.append(f"columns: {kind} have no field {name!r} "
                            f"(fields: {', '.join(spec.fields)})")
            continue
        if column is None:
            disabled.add(field)
            continue
        if not isinstance(column, str):
            raise TypeError(f"columns[{name!r}] must be a column name, got "
                            f"{type(column).__name__}")
        match = _find(heads, column)
        if match is None:
            found = ", ".join(repr(h) for h in heads) or "none"
            problems.append(f"columns: no column {column!r} for {field} (found: {found})")
            continue
        mapping[field] = match
        explicit.add(field)
    if problems:
        raise ValidationError(problems)
    _guess(spec, heads, mapping, skip=explicit | disabled)
    passthrough = set(_PASSTHROUGH[kind])
    taken = set(mapping.values())
    unused = tuple(h for h in heads if h not in taken and h not in passthrough)
    return FieldMapping(kind=kind, columns=mapping, unused=unused, headers=heads,
                        explicit=frozenset(explicit), disabled=frozenset(disabled))


def _find(headers: Sequence[str], column: str) -> str | None:
    """``column`` among ``headers``: exactly, else by its normalised spelling."""
    if column in headers:
        return column
    wanted = normalise_header(column)
    return next((h for h in headers if normalise_header(h) == wanted), None)


def _guess(spec: Kind, headers: Sequence[str], mapping: dict[str, str], *,
           skip: set[str]) -> None:
    """Fill ``mapping`` for the fields not in ``skip``: each field takes the best-ranked
    header no other field took; a better-ranked claim on a header wins it."""
    ranks = _ranks(spec)
    claims: list[tuple[int, int, int, str, str]] = []  # (alias rank, field order, pos, ...)
    for position, header in enumerate(headers):
        for order, rank, field in ranks.get(normalise_header(header), ()):
            if field not in skip and field not in mapping:
                claims.append((rank, order, position, field, header))
    taken = set(mapping.values())
    for _rank, _order, _pos, field, header in sorted(claims):
        if field in mapping or header in taken:
            continue
        mapping[field] = header
        taken.add(header)

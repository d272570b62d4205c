"""Output files of ``pronto enrich``: one line per input row, in input order.

JSONL keeps everything: ``{"row": 1, "input": {...the row as read...}, "status": "found",
"error": null, "result": {...the response...}}``. CSV keeps the input's columns and adds
``pronto_*`` columns (status, error, and the fields worth a spreadsheet column). The CSV is
written for Excel, which is where it is opened: UTF-8 with a BOM (without one Excel reads
``Müller`` as ``MÃ¼ller``), CRLF line endings, and no cell a spreadsheet would run as a formula
(see :func:`spreadsheet_safe`).

``status`` is one of ``found``, ``not_found``, ``error`` (nothing was charged; a re-run tries
again) and ``ambiguous`` (the call may have been charged without an answer; a re-run does not
re-send it).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any, Final

import attrs

from .. import _convert
from ..bulk import Outcome
from ..errors import LedgerError, NotFoundError, ProntoError
from ..models import Company, ContactEnrichment
from ._files import BadLine

__all__ = ["STATUSES", "Record", "Writer", "record_of", "spreadsheet_safe"]

STATUSES: Final = ("found", "not_found", "error", "ambiguous")

#: A fan-out prefixes row problems with the row's index (``contacts[16]: ...``); the output
#: has its own row number, so the prefix goes.
_ROW_PREFIX: Final = re.compile(r"(?:contacts|accounts)\[\d+\]: ")
#: A cell starting with + or - that is still data: numbers and phone numbers, alone or in a
#: list (``-5``, ``+1 (555) 123-4567``, ``+33612345678; +4930123456``). A formula that does
#: harm needs a letter (a function, a reference) or ``|``/``!`` (DDE), none of which is here.
_NUMBER_LIKE: Final = re.compile(r"[+-][0-9 .,;()/+-]*")
_FORMULA_STARTS: Final = ("=", "@", "\t", "\r")


def _phones(value: ContactEnrichment) -> str:
    return "; ".join(str(p) for p in value.phones or [])


_CONTACT_COLUMNS: Final[Mapping[str, Callable[[Any], Any]]] = {
    "email": lambda v: v.email,
    "email_status": lambda v: v.email_status,
    "personal_email": lambda v: v.personal_email,
    "personal_email_status": lambda v: v.personal_email_status,
    "phones": _phones,
    "phone_status": lambda v: v.phone_status,
    "linkedin_url": lambda v: v.linkedin_profile_url,
}
_ACCOUNT_COLUMNS: Final[Mapping[str, Callable[[Any], Any]]] = {
    "name": lambda v: v.name,
    "website": lambda v: v.website,
    "industry": lambda v: v.industry,
    "employee_range": lambda v: v.employee_range,
    "headquarters": lambda v: v.headquarters,
    "location": lambda v: v.location,
    "linkedin_url": lambda v: v.linkedin_url,
    "description": lambda v: v.description,
}
_COLUMNS: Final = {"contacts": _CONTACT_COLUMNS, "accounts": _ACCOUNT_COLUMNS}


@attrs.frozen(kw_only=True)
class Record:
    """One output line."""

    #: The row's number in the input, from 1.
    row: int
    #: The row as read (``None`` for a line that was not a row).
    input: Mapping[str, Any] | None
    status: str
    error: str | None = None
    #: The response (its wire-shaped fields), when there is one.
    result: Any = None
    #: The model, for the CSV columns.
    value: Any = None


def record_of(outcome: Outcome[Any], source: Mapping[str, Any] | BadLine) -> Record:
    """The output line of ``outcome`` of the row read as ``source``."""
    row = outcome.index + 1
    if isinstance(source, BadLine):
        return Record(row=row, input=None, status="error", error=source.reason)
    value, error = outcome.value, outcome.error
    if value is not None and isinstance(error, LedgerError):
        error = None  # a paid answer the ledger could not store: the output keeps it
    if error is not None:
        if isinstance(error, NotFoundError):
            status = "not_found"
        elif isinstance(error, ProntoError) and error.may_have_charged:
            status = "ambiguous"
        else:
            status = "error"
        message = _ROW_PREFIX.sub("", str(error)) or type(error).__name__
        return Record(row=row, input=source, status=status, error=message)
    if isinstance(value, ContactEnrichment):
        status = "found" if value.found else "not_found"
    elif isinstance(value, Company):
        status = "found"
    else:
        status = "found" if value else "not_found"
    result = _convert.unstructure(value) if isinstance(value, _convert.Model) else value
    return Record(row=row, input=source, status=status, result=result, value=value)


class Writer:
    """Writes records to ``path`` as JSONL or CSV, flushing each line (so a crash keeps
    what was written).

    Args:
        kind: ``"contacts"`` or ``"accounts"`` (decides the CSV's ``pronto_*`` columns).
        headers: The input's columns (the CSV's first columns).
    """

    def __init__(self, path: Path, fmt: str, *, kind: str, headers: list[str]) -> None:
        self.path = path
        self.format = fmt
        self._columns = _COLUMNS[kind]
        # utf-8-sig writes the BOM Excel needs to read the file as UTF-8.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        self._file: IO[str] = path.open("w", encoding=encoding, newline="")
        self._csv: csv.DictWriter[str] | None = None
        if fmt == "csv":
            extra = ["pronto_status", "pronto_error"]
            extra += [f"pronto_{name}" for name in self._columns]
            self._csv = csv.DictWriter(
                self._file, fieldnames=[*headers, *extra], extrasaction="ignore",
                lineterminator="\r\n",
            )
            self._csv.writerow({name: spreadsheet_safe(name) for name in self._csv.fieldnames})

    def write(self, record: Record) -> None:
        if self._csv is None:
            line = {"row": record.row, "input": record.input, "status": record.status,
                    "error": record.error, "result": record.result}
            self._file.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        else:
            cells: dict[str, Any] = {
                key: _cell(value) for key, value in (record.input or {}).items()
            }
            cells["pronto_status"] = record.status
            cells["pronto_error"] = record.error or ""
            for name, get in self._columns.items():
                cells[f"pronto_{name}"] = "" if record.value is None else _cell(get(record.value))
            self._csv.writerow(cells)
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False, default=str))
    return spreadsheet_safe(str(value))


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula (CSV injection, OWASP).

    A cell that starts with ``=``, ``@``, a tab or a carriage return, or with ``+`` or ``-``
    followed by anything but numbers or phone numbers (digits, spaces and ``.,;()/+-``),
    gets a leading apostrophe: Excel, LibreOffice and Google Sheets then show it as text. A
    contact's name or a company description from the web is not trusted to be data; ``-5``,
    ``+33612345678`` and ``+33612345678; +4930123456`` stay as they are.
    """
    if text.startswith(_FORMULA_STARTS) or (
        text[:1] in ("+", "-") and _NUMBER_LIKE.fullmatch(text) is None
    ):
        return "'" + text
    return text

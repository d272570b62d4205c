"""CSV and JSONL tables: the encoding and the delimiter told from the bytes, the whole file
checked in one counting pass, the rows read lazily (see :func:`~pronto_async.read_table`)."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

import attrs

from ._tables import BadLine, InputFileError, Table, cleaned_headers, filled_width, tab_extension

__all__ = ["read_text"]

_BOMS: Final = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", None),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
#: Bytes Windows-1252 leaves undefined: a file holding one is read as Latin-1.
_NOT_CP1252: Final = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
#: Bytes that are not UTF-8, as the ``surrogateescape`` handler turns them into text.
_ESCAPED: Final = re.compile("[\udc80-\udcff]")
_VALID_NON_ASCII: Final = re.compile("[^\x00-\x7f\udc80-\udcff]")
_CANDIDATES: Final = (",", ";", "\t", "|")
_SNIFF_RECORDS: Final = 50
_SAMPLE_CHARS: Final = 64 * 1024
_SEP_LINE: Final = re.compile(r'"?sep=(.)"?[ \t]*(?:\r\n|\n|\r|$)', re.IGNORECASE)
#: Fed after the last line: an unclosed quote swallows it, which is how one is found.
_EOF: Final = "\x00pronto:end-of-file\x00"
_CHUNK: Final = 256 * 1024


def read_text(
    file: Path, head: bytes, *, fmt: str | None, encoding: str | None,
    delimiter: str | None, notes: list[str],
) -> Table:
    """The CSV or JSONL table in ``file`` (``fmt`` ``None``: told from its first character)."""
    forced = encoding is not None
    if encoding is None:
        encoding, note = _detect_encoding(file, head)
        notes += [note] if note else []
    sample, complete = _sample(file, encoding)
    if fmt is None:
        start = sample.lstrip("\ufeff \t\r\n")[:1]
        if start == "[" and file.suffix.lower() == ".json":
            raise InputFileError(file, "is a JSON array, not JSONL",
                                 hint="write one JSON object a line (.jsonl)")
        fmt = "jsonl" if start == "{" else "csv"
    if fmt == "jsonl":
        return _scan_jsonl(file, encoding, forced, notes)
    skip = 0
    sep = _SEP_LINE.match(sample.lstrip("\ufeff"))
    if sep is not None:  # Excel's "sep=;" first line names the delimiter
        skip = 1
        if delimiter is None:
            delimiter = sep.group(1)
            notes.append(f"delimiter {_shown(delimiter)} (the file's sep= line)")
        sample = sample.lstrip("\ufeff")[sep.end():]
    if delimiter is None:
        if tab_extension(file):
            delimiter = "\t"
        else:
            delimiter, columns = _sniff(sample, complete)
            if columns == 1:
                notes.append("one column (none of , ; tab | separates the first lines)")
            elif delimiter != ",":
                notes.append(f"delimiter {_shown(delimiter)}")
    return _scan_csv(file, encoding, delimiter, skip, forced, notes)


def _detect_encoding(file: Path, head: bytes) -> tuple[str, str | None]:
    """The codec and the note saying how it was told."""
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return codec, (f"read as {name} (byte order mark)" if name else None)
    probe = head[:4096]
    if b"\x00" in probe:
        even, odd = probe[0::2], probe[1::2]
        zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
        if zero_odd > 0.3 and zero_even < 0.05:
            return "utf-16-le", "read as UTF-16-LE (no byte order mark; told by its NUL bytes)"
        if zero_even > 0.3 and zero_odd < 0.05:
            return "utf-16-be", "read as UTF-16-BE (no byte order mark; told by its NUL bytes)"
        raise InputFileError(file, "is not a text file (it holds NUL bytes)",
                             hint="export it as CSV, JSONL or .xlsx")
    bad = _scan_utf8(file)
    if bad is None:
        return "utf-8", None
    line, byte, mixed, bytes_seen = bad
    if mixed:
        raise InputFileError(
            file, f"is UTF-8 except on line {line} (byte 0x{byte:02X} is not UTF-8): its "
            "encodings are mixed",
            hint="fix that line, or pass <encoding=cp1252> to read the whole file as "
            "Windows-1252",
        )
    if bytes_seen & _NOT_CP1252:
        return "latin-1", "read as Latin-1 (neither valid UTF-8 nor Windows-1252)"
    return "cp1252", "read as Windows-1252 (not valid UTF-8)"


def _scan_utf8(file: Path) -> tuple[int, int, bool, set[int]] | None:
    """``None`` if the whole file is UTF-8; else the line and value of its first bad byte,
    whether valid non-ASCII UTF-8 was met too (mixed encodings), and every bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    lines = 0
    first: tuple[int, int] | None = None
    other = False
    bad: set[int] = set()
    try:
        with file.open("rb") as f:
            while True:
                chunk = f.read(_CHUNK)
                final = not chunk
                if chunk.isascii() and not final and not decoder.getstate()[0]:
                    lines += chunk.count(b"\n")  # the common case, without decoding
                    continue
                text = decoder.decode(chunk, final=final)
                escaped = _ESCAPED.findall(text)
                if escaped:
                    bad.update(ord(c) - 0xDC00 for c in escaped)
                    if first is None:
                        at = _ESCAPED.search(text)
                        assert at is not None
                        first = (lines + text.count("\n", 0, at.start()) + 1,
                                 ord(at.group()) - 0xDC00)
                other = other or _VALID_NON_ASCII.search(text) is not None
                lines += text.count("\n")
                if final:
                    break
    except OSError as exc:
        raise InputFileError(file, f"cannot read it ({exc.strerror or exc})") from None
    if first is None:
        return None
    return first[0], first[1], other, bad


def _sample(file: Path, encoding: str) -> tuple[str, bool]:
    """The file's first characters (for sniffing), and whether that is all of it."""
    try:
        with file.open(encoding=encoding, errors="replace", newline="") as f:
            text = f.read(_SAMPLE_CHARS)
            return text, not f.read(1)
    except OSError as exc:
        raise InputFileError(file, f"cannot read it ({exc.strerror or exc})") from None


def _sniff(sample: str, complete: bool) -> tuple[str, int]:
    """The delimiter giving the first records one consistent number of columns above one
    (ties: the most columns), and that number; ``(",", 1)`` when none does."""
    best: tuple[float, int, int] = (0.0, 1, 0)
    chosen = ","
    for rank, candidate in enumerate(_CANDIDATES):
        widths: list[int] = []
        try:
            for record in csv.reader(io.StringIO(sample), delimiter=candidate):
                if _filled(record):
                    widths.append(len(record))
                    if len(widths) > _SNIFF_RECORDS + 1:
                        break
        except csv.Error:
            continue
        if not complete and len(widths) > 1:
            widths.pop()  # the sample may have cut the last record short
        if not widths or widths[0] < 2:
            continue
        rows = widths[1:_SNIFF_RECORDS + 1]
        score = sum(w == widths[0] for w in rows) / len(rows) if rows else 1.0
        key = (score, widths[0], -rank)
        if key > best:
            best, chosen = key, candidate
    return chosen, best[1]


def _shown(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else repr(delimiter)


def _filled(record: list[str]) -> bool:
    return any(map(str.strip, record))


def _decode_error(file: Path, encoding: str, forced: bool) -> InputFileError:
    hint = ("leave out <encoding> to have it detected, or pass the right one" if forced
            else "pass the file's <encoding>")
    line = _undecodable_line(file, encoding)
    where = f" (line {line})" if line else ""
    return InputFileError(file, f"is not valid {_name(encoding)} text{where}", hint=hint)


def _undecodable_line(file: Path, encoding: str) -> int | None:
    """The line of the first byte ``encoding`` cannot decode (text files decode by blocks of
    thousands of lines, so the reader's own line count does not tell it)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines = 0
    try:
        with file.open("rb") as f:
            for piece in f:  # one line of an 8-bit or UTF-8 file
                try:
                    lines += decoder.decode(piece).count("\n")
                except UnicodeDecodeError:
                    return lines + 1
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return lines + 1
    except OSError:
        return None
    return None


def _name(encoding: str) -> str:
    key = codecs.lookup(encoding).name
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252",
            "iso8859-1": "Latin-1"}.get(key, key.upper())


def _csv_error(file: Path, line: int, exc: csv.Error) -> InputFileError:
    text = str(exc)
    why = " (an unclosed quote?)" if "field larger" in text else ""
    return InputFileError(file, f"line {line} is not readable as CSV: {text}{why}")


def _open(file: Path, encoding: str) -> IO[str]:
    try:
        return file.open(encoding=encoding, newline="")
    except OSError as exc:
        raise InputFileError(file, f"cannot read it ({exc.strerror or exc})") from None


def _scan_csv(
    file: Path, encoding: str, delimiter: str, skip: int, forced: bool, notes: list[str]
) -> Table:
    """The counting pass: every byte decoded and every record parsed before a row is used."""
    header: list[str] | None = None
    header_index = -1
    total = used = wide_rows = 0
    named = 0  # columns up to the last named header
    reader: Any = None
    started = 1  # the line the current record starts on
    try:
        with _open(file, encoding) as f:
            reader = csv.reader(itertools.chain(f, (_EOF,)), delimiter=delimiter)
            for index, record in enumerate(reader):
                if record == [_EOF]:
                    break
                if record and _EOF in record[-1]:
                    raise InputFileError(
                        file, f"a quote opened on line {started} is never closed (the rest "
                        "of the file would be one cell)", hint="fix that line")
                started = reader.line_num + 1
                if index < skip or not _filled(record):
                    continue
                if header is None:
                    header, header_index = record, index
                    named = filled_width(record)
                    continue
                total += 1
                if len(record) > named:
                    last = filled_width(record, named)
                    if last:
                        used, wide_rows = max(used, last), wide_rows + 1
    except UnicodeDecodeError:
        raise _decode_error(file, encoding, forced) from None
    except csv.Error as exc:
        raise _csv_error(file, _line(reader), exc) from None
    except OSError as exc:
        raise InputFileError(file, f"cannot read it ({exc.strerror or exc})") from None
    if header is None:
        raise InputFileError(file, "is empty (no header line)")
    if total == 0:
        raise InputFileError(file, "has a header but no rows")
    width = max(named, used)
    headers, renamed = cleaned_headers(header[:width] + [""] * (width - len(header)))
    notes += renamed
    if wide_rows:
        notes.append(f"{wide_rows} row{'s have' if wide_rows > 1 else ' has'} more cells "
                     f"than the header: the extra cells are read under {headers[named]!r}"
                     + (" and after" if width > named + 1 else ""))
    return Table(path=file, format="csv", encoding=encoding, delimiter=delimiter,
                 headers=headers, total=total, notes=tuple(notes),
                 reader=_CsvRows(encoding=encoding, delimiter=delimiter,
                                 header_index=header_index))


def _line(reader: Any) -> int:
    return (reader.line_num if reader is not None else 0) + 1


@attrs.frozen(kw_only=True)
class _CsvRows:
    encoding: str
    delimiter: str
    header_index: int

    def rows(self, path: Path, headers: tuple[str, ...]) -> Iterator[dict[str, Any] | BadLine]:
        width = len(headers)
        reader: Any = None
        try:
            with _open(path, self.encoding) as f:
                reader = csv.reader(f, delimiter=self.delimiter)
                for index, record in enumerate(reader):
                    if index <= self.header_index or not _filled(record):
                        continue
                    if len(record) != width:
                        record = (record + [""] * width)[:width]
                    yield dict(zip(headers, record, strict=True))
        except UnicodeDecodeError:
            raise _decode_error(path, self.encoding, False) from None
        except csv.Error as exc:
            raise _csv_error(path, _line(reader), exc) from None
        except OSError as exc:
            raise InputFileError(path, f"cannot read it ({exc.strerror or exc})") from None


def _scan_jsonl(file: Path, encoding: str, forced: bool, notes: list[str]) -> Table:
    keys: dict[str, None] = {}
    total = 0
    bad: list[int] = []
    try:
        with _open(file, encoding) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                row = parse_line(number, line)
                if isinstance(row, BadLine):
                    if not total:
                        raise InputFileError(file, row.reason,
                                             hint="is it a JSONL file (one object a line)?")
                    bad.append(number)
                else:
                    for key in row:
                        if key not in keys:
                            keys[key] = None
                total += 1
    except UnicodeDecodeError:
        raise _decode_error(file, encoding, forced) from None
    except OSError as exc:
        raise InputFileError(file, f"cannot read it ({exc.strerror or exc})") from None
    if total == 0:
        raise InputFileError(file, "is empty (no JSON object)")
    if bad:
        shown = ", ".join(str(n) for n in bad[:5]) + (", ..." if len(bad) > 5 else "")
        notes.append(f"{len(bad)} line{'s are' if len(bad) > 1 else ' is'} not a JSON object "
                     f"(line {shown}): each is its row's error")
    return Table(path=file, format="jsonl", encoding=encoding, delimiter=None,
                 headers=tuple(keys), total=total, notes=tuple(notes),
                 reader=_JsonlRows(encoding=encoding))


def parse_line(number: int, line: str) -> dict[str, Any] | BadLine:
    """Line ``number`` of a JSONL file: its object, or why it is not one."""
    try:
        value = json.loads(line)
    except ValueError:
        return BadLine(f"line {number} is not valid JSON")
    if not isinstance(value, dict):
        return BadLine(f"line {number} is a JSON {type(value).__name__}, not an object")
    return value


@attrs.frozen(kw_only=True)
class _JsonlRows:
    encoding: str

    def rows(self, path: Path, headers: tuple[str, ...]) -> Iterator[dict[str, Any] | BadLine]:
        try:
            with _open(path, self.encoding) as f:
                for number, line in enumerate(f, start=1):
                    if line.strip():
                        yield parse_line(number, line)
        except UnicodeDecodeError:
            raise _decode_error(path, self.encoding, False) from None
        except OSError as exc:
            raise InputFileError(path, f"cannot read it ({exc.strerror or exc})") from None

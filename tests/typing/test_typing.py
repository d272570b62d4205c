"""What the type checker sees: ``enrichment_type="emial"`` and the other typos of a closed
value set fail, as do a wrong per-call option and a missing path id; the right calls (path ids
positionally or by keyword, ``uuid=`` on ``personas.get``, options on the blocking twins)
pass. mypy runs in-process on two small files, with the project's settings (a few seconds
cold, well under one with its cache)."""

from __future__ import annotations

import enum
import re
import typing
from pathlib import Path

from mypy import api

from pronto_async import enums

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
_ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: ")


def _mypy(*files: str) -> tuple[dict[str, set[int]], str]:
    """The lines with an error, by file name, and mypy's whole report."""
    out, err, _ = api.run([
        "--strict", "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(ROOT / ".mypy_cache"), "--no-error-summary",
        *(str(HERE / f) for f in files),
    ])
    assert not err, err
    lines: dict[str, set[int]] = {f: set() for f in files}
    for line in out.splitlines():
        if match := _ERROR.match(line):
            lines[Path(match["file"]).name].add(int(match["line"]))
    return lines, out


def test_typos_and_wrong_options_are_rejected_and_good_calls_pass() -> None:
    errors, report = _mypy("calls_ok.py", "calls_rejected.py")
    assert errors["calls_ok.py"] == set(), report
    source = (HERE / "calls_rejected.py").read_text().splitlines()
    marked = {n for n, text in enumerate(source, 1) if text.endswith("# rejected")}
    assert len(marked) == 14
    assert errors["calls_rejected.py"] == marked, report
    assert "Literal['email', 'phone', 'personal_email']" in report  # the choices are shown


def test_each_literal_lists_exactly_its_enums_values() -> None:
    pairs = {
        name: getattr(enums, name.removesuffix("Value"))
        for name in enums.__all__ if name.endswith("Value")
    }
    assert len(pairs) == 12
    for name, enum_class in pairs.items():
        assert issubclass(enum_class, enum.Enum), name
        assert typing.get_args(getattr(enums, name)) == tuple(m.value for m in enum_class), name

"""Input files: the pure parts of ``pronto enrich``, in-process (the mapping: test_fields)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pronto_async.cli._errors import UsageError
from pronto_async.cli._files import BadLine, InputFile


def test_input_file_reads_csv_lazily_with_its_header(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("\ufeffFirst Name,Last Name\nAda,Lovelace\n\nGrace,Hopper,extra\n",
                    encoding="utf-8")
    source = InputFile.open(path, None)
    assert source.headers == ["First Name", "Last Name"]  # the BOM is not part of a name
    assert source.count() == 2
    assert list(source.rows()) == [{"First Name": "Ada", "Last Name": "Lovelace"},
                                   {"First Name": "Grace", "Last Name": "Hopper"}]


def test_a_bad_jsonl_line_is_a_row_not_the_end(tmp_path: Path) -> None:
    path = tmp_path / "c.ndjson"
    path.write_text('{"a": 1}\n\nnot json\n[1, 2]\n{"a": 2}\n', encoding="utf-8")
    source = InputFile.open(path, None)
    assert source.format == "jsonl" and source.headers == ["a"] and source.count() == 4
    assert list(source.rows()) == [{"a": 1}, BadLine("line 3 is not valid JSON"),
                                   BadLine("line 4 is a JSON list, not an object"), {"a": 2}]


@pytest.mark.parametrize(("name", "content", "fmt", "message"), [
    ("x.csv", None, None, "x.csv: no such file"),
    ("x.csv", b"", None, "x.csv: is empty (no header line)"),
    ("x.csv", b"a,b\n", None, "x.csv: has a header but no rows"),
    ("x.jsonl", b"\n\n", None, "x.jsonl: is empty (no JSON object)"),
    ("x.jsonl", b"a,b\n1,2\n", None, "x.jsonl: line 1 is not valid JSON; is it a JSONL file"),
    ("x.txt", b"a\n1\n", None, "cannot tell the format from the extension '.txt'"),
    ("x.csv", b"a,b\n\xff\xfe,1\n", None, "x.csv: is not UTF-8 text (byte 4)"),
    ("x.csv", b"a,b\n\xe9,1\n", None, "x.csv: is not UTF-8 text"),
])
def test_bad_files_are_one_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes | None,
    fmt: str | None, message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(UsageError) as bad:
        InputFile.open(Path(name), fmt)
    assert message in str(bad.value)
    assert bad.value.status == 2


def test_encoding_flag_reads_latin1(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("prénom,nom\nJosé,Ruiz\n".encode("latin-1"))
    source = InputFile.open(path, "csv", encoding="latin-1")
    assert list(source.rows()) == [{"prénom": "José", "nom": "Ruiz"}]

"""Real CRM exports in (tests/support/exports.py: HubSpot, Salesforce, Pipedrive, Apollo,
Phantombuster, lemlist and our own output, each in its tool's format): the ``pronto enrich``
command with no ``--map`` and the README recipe both send every valid row exactly once, with
every identity field the file has, and no invalid row."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pronto_async.testing import FakePronto
from tests.support.exports import EXPORTS, Export, write_export

from .conftest import fake_env, run

README = Path(__file__).resolve().parents[2] / "README.md"

#: The keyword arguments of the enrichment -> their wire names.
_WIRE = {"first_name": "firstname", "last_name": "lastname"}


def wire_body(export: Export, fields: dict[str, str]) -> dict[str, Any]:
    if export.kind == "contacts":
        return {**{_WIRE.get(k, k): v for k, v in fields.items()}, "enrichment_type": ["email"]}
    return dict(fields)


def assert_sent_exactly_the_valid_rows(export: Export, fake: FakePronto) -> None:
    operation = "contacts.enrich" if export.kind == "contacts" else "accounts.enrich"
    wanted = {repr(sorted(wire_body(export, row).items())): wire_body(export, row)
              for row in export.expected if row is not None}
    for body in wanted.values():
        assert fake.times_received(operation, body) == 1, body
    stats = fake.stats[operation]
    assert stats.requests == len(wanted), fake.stats.as_dict()  # nothing else, nothing twice
    assert fake.stats.duplicate_charges == 0


def recipe() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- ci: recipe enrich -->\n```python\n(.*?)```", text, re.S)
    assert match is not None, "README lost its enrichment recipe"
    return match.group(1)


@pytest.mark.parametrize(("tool", "kind"), EXPORTS)
def test_the_command_with_no_map_sends_every_valid_row_once(
    tmp_path: Path, fake: FakePronto, tool: str, kind: str
) -> None:
    export = write_export(tool, kind, tmp_path)
    done = run(["enrich", kind, export.path.name, "--progress", "none"], env=fake_env(fake),
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert_sent_exactly_the_valid_rows(export, fake)
    columns = done.stdout.split("Columns:\n", 1)[1]
    for field, header in export.columns.items():
        assert f"<- {header!r}" in columns, (field, header)
    invalid = sum(row is None for row in export.expected)
    if invalid:
        assert f"{invalid} invalid rows are not sent" in done.stdout


@pytest.mark.parametrize(("tool", "kind"), [e for e in EXPORTS if e[1] == "contacts"])
def test_the_readme_recipe_sends_every_valid_row_once(
    tmp_path: Path, fake: FakePronto, tool: str, kind: str
) -> None:
    export = write_export(tool, kind, tmp_path)
    code = recipe().replace('"contacts.csv"', repr(export.path.name))
    done = subprocess.run([sys.executable, "-c", code], env=fake_env(fake), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Dry run of contacts.enrich" in done.stdout and "LedgerSummary(" in done.stdout
    assert_sent_exactly_the_valid_rows(export, fake)


@pytest.mark.parametrize(("tool", "kind"), [e for e in EXPORTS if e[1] == "accounts"])
def test_the_sdk_reads_account_exports_the_same_way(
    tmp_path: Path, fake: FakePronto, tool: str, kind: str
) -> None:
    export = write_export(tool, kind, tmp_path)
    code = recipe().replace('"contacts.csv"', repr(export.path.name)).replace(
        "pronto.contacts.plan(rows, enrichment_type=[\"email\"])", "pronto.accounts.plan(rows)"
    ).replace("pronto.contacts.enrich_many(rows, enrichment_type=[\"email\"])",
              "pronto.accounts.enrich_many(rows)").replace(
        "outcome.value.email, outcome.value.email_status", "outcome.value.name")
    assert "accounts.enrich_many(rows)" in code
    done = subprocess.run([sys.executable, "-c", code], env=fake_env(fake), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert_sent_exactly_the_valid_rows(export, fake)


def test_a_rerun_of_an_export_pays_nothing(tmp_path: Path, fake: FakePronto) -> None:
    export = write_export("hubspot", "contacts", tmp_path)
    shutil.copy(export.path, tmp_path / "again.csv")
    env = fake_env(fake)
    first = run(["enrich", "contacts", export.path.name, "--progress", "none"], env=env,
                cwd=tmp_path)
    again = run(["enrich", "contacts", export.path.name, "--progress", "none"], env=env,
                cwd=tmp_path)
    assert (first.returncode, again.returncode) == (0, 0)
    valid = len({repr(sorted(r.items())) for r in export.expected if r is not None})
    assert f"{valid} rows done before are not re-sent" in again.stdout
    assert fake.stats["contacts.enrich"].requests == valid

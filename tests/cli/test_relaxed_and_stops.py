"""``pronto enrich`` reads a file whose only identity column is a LinkedIn URL (sync mode),
and stops with a line saying what to do at the credits code and at a plan limit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pronto_async.testing import FakePronto

from .conftest import fake_env, run

ROWS = 40


def write_linkedin_only(path: Path) -> Path:
    lines = ["LinkedIn URL,Notes"] + [
        f"https://www.linkedin.com/in/person-{i}-x{i}/,row {i}" for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_file_with_only_a_linkedin_column(tmp_path: Path, fake: FakePronto) -> None:
    write_linkedin_only(tmp_path / "leads.csv")
    done = run(["enrich", "contacts", "leads.csv", "--progress", "none"], env=fake_env(fake),
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = read_jsonl(tmp_path / "leads.enriched.jsonl")
    assert len(lines) == ROWS and {line["status"] for line in lines} <= {"found", "not_found"}
    assert fake.times_received("contacts.enrich", {
        "linkedin_url": "https://www.linkedin.com/in/person-0-x0/",
        "enrichment_type": ["email"]}) == 1
    assert fake.stats["contacts.enrich"].charged == ROWS


def test_the_async_mode_still_needs_name_columns(tmp_path: Path, fake: FakePronto) -> None:
    write_linkedin_only(tmp_path / "leads.csv")
    done = run(["enrich", "contacts", "leads.csv", "--mode", "async", "--progress", "none"],
               env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "no column for first_name, last_name" in done.stderr
    assert "--map first_name=COLUMN" in done.stderr
    assert fake.stats.requests == 0


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # Pipecorn/n8n-nodes-pipecorn README.md ("Credits and errors").
        ({"error": "insufficient_credits"},
         "not enough credits (422 insufficient_credits): recharge at "
         "https://app.prontohq.com/settings/subscriptions/credits — stopped"),
        # Pipecorn/cli-pipecorn test/api/client.test.ts.
        ({"error": "Search exceeds your monthly import limits"},
         "your plan's limit is reached (422 Search exceeds your monthly import limits): "
         "upgrade it at https://app.prontohq.com/settings/subscriptions, or wait for the next "
         "period — stopped"),
    ],
)
def test_the_run_stops_and_says_what_to_do(
    tmp_path: Path, fake: FakePronto, body: Any, line: str
) -> None:
    write_linkedin_only(tmp_path / "leads.csv")
    fake.refuse("contacts.enrich", 422, body, after=5)
    done = run(["enrich", "contacts", "leads.csv", "--progress", "none", "--concurrency", "4"],
               env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert line in done.stderr
    assert "re-run to resume" in done.stderr
    written = read_jsonl(tmp_path / "leads.enriched.jsonl")
    assert sum(r["status"] in ("found", "not_found") for r in written) == 5
    assert 6 <= len(written) <= 5 + 4  # the calls in flight, then nothing more was sent
    assert fake.stats["contacts.enrich"].accepted == len(written)

"""``pronto enrich`` against a FakePronto: round trips, and resuming without paying twice."""

from __future__ import annotations

import csv
import json
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pronto_async.testing import FakePronto

from .conftest import fake_env, popen, run


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def people(count: int) -> list[list[str]]:
    return [[f"Ada{i}", "Lovelace", "Acme", f"https://www.acme{i % 7}.com/team"]
            for i in range(count)]


def test_contacts_csv_to_jsonl_then_again_from_the_ledger(
    tmp_path: Path, fake: FakePronto
) -> None:
    source = write_csv(tmp_path / "contacts.csv",
                       ["First Name", "Last Name", "Company", "Website"], people(30))
    with source.open("a", encoding="utf-8") as f:
        f.write(",NoFirstName,Acme,acme.com\n")  # a bad row: its own error, the run goes on
    env = fake_env(fake)
    first = run(["enrich", "contacts", "contacts.csv", "--progress", "none"], env=env,
                cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    out = tmp_path / "contacts.enriched.jsonl"
    lines = read_jsonl(out)
    assert [line["row"] for line in lines] == list(range(1, 32))  # input order, each once
    assert lines[0]["input"] == {"First Name": "Ada0", "Last Name": "Lovelace",
                                 "Company": "Acme", "Website": "https://www.acme0.com/team"}
    statuses = Counter(line["status"] for line in lines)
    assert statuses["found"] + statuses["not_found"] == 30 and statuses["error"] == 1
    assert lines[-1]["error"] == "invalid arguments for contacts.enrich: first_name is required"
    found = [line for line in lines if line["status"] == "found"]
    assert all(line["result"]["email"] for line in found)
    # The website column was sent as a bare domain.
    sent = fake.stats.times_charged("contacts.enrich", {
        "firstname": "Ada0", "lastname": "Lovelace", "company_name": "Acme",
        "domain": "acme0.com", "enrichment_type": ["email"]})
    assert sent == 1
    assert f"found {statuses['found']} · not found {statuses['not_found']} · errors 1" \
        in first.stdout
    assert f"credits spent {3 * statuses['found']}" in first.stdout
    assert (tmp_path / "contacts.enriched.ledger.db").exists()
    requests = fake.stats["contacts.enrich"].requests

    again = run(["enrich", "contacts", "contacts.csv", "--progress", "none"], env=env,
                cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert fake.stats["contacts.enrich"].requests == requests  # nothing re-sent
    assert "from the ledger 30" in again.stdout and "credits spent 0" in again.stdout
    assert read_jsonl(out) == lines  # the same output, rewritten from the ledger


def test_contacts_jsonl_to_csv_with_map_and_types(tmp_path: Path, fake: FakePronto) -> None:
    rows = [{"given": f"Grace{i}", "family": "Hopper", "li": f"https://linkedin.com/in/gh{i}",
             "org": "Navy"} for i in range(12)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                       encoding="utf-8")
    done = run(["enrich", "contacts", "in.jsonl", "-o", "out.csv", "--type", "email,phone",
                "--map", "first_name=given", "--map", "last_name=family",
                "--map", "linkedin_url=li", "--map", "company_name=org",
                "--no-ledger", "--progress", "plain"], env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "enrich contacts: 12/12 (100%) rows" in done.stderr  # the plain progress line
    assert not list(tmp_path.glob("*.db"))
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    assert [r["given"] for r in table] == [f"Grace{i}" for i in range(12)]
    assert list(table[0])[:4] == ["given", "family", "li", "org"]
    assert {r["pronto_status"] for r in table} <= {"found", "not_found"}
    with_phone = [r for r in table if r["pronto_phones"]]
    assert all(r["pronto_phones"].startswith("+") for r in with_phone)
    assert fake.stats["contacts.enrich"].charged == 12


def test_contacts_in_async_mode(tmp_path: Path, fake: FakePronto) -> None:
    write_csv(tmp_path / "c.csv", ["first_name", "last_name", "company"],
              [[f"Kat{i}", "Johnson", "NASA"] for i in range(8)] + [["No", "Company", ""]])
    command = ["enrich", "contacts", "c.csv", "--mode", "async", "--progress", "none"]
    done = run(command, env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = read_jsonl(tmp_path / "c.enriched.jsonl")
    assert [line["status"] in ("found", "not_found") for line in lines] == [True] * 8 + [False]
    assert "domain or company_name is required" in lines[-1]["error"]
    assert fake.stats["contacts.start_enrichment"].charged == 8
    assert fake.stats["contacts.enrich"].requests == 0
    again = run(command, env=fake_env(fake), cwd=tmp_path)
    assert again.returncode == 0 and "from the ledger 8" in again.stdout
    assert fake.stats["contacts.start_enrichment"].charged == 8
    assert read_jsonl(tmp_path / "c.enriched.jsonl") == lines


def test_accounts_csv_and_jsonl(tmp_path: Path, fake: FakePronto) -> None:
    write_csv(tmp_path / "accounts.csv", ["Company Name", "Website", "Country"],
              [["Acme", "acme.com", "FR"], ["Globex", "https://globex.io/", ""],
               ["Bad", "", "Atlantis"]])
    (tmp_path / "accounts.jsonl").write_text(
        '{"company": "Initech", "linkedin": "https://www.linkedin.com/company/initech"}\n'
        "oops\n", encoding="utf-8")
    env = fake_env(fake)
    from_csv = run(["enrich", "accounts", "accounts.csv", "-o", "accounts.out.csv",
                    "--progress", "none"], env=env, cwd=tmp_path)
    from_jsonl = run(["enrich", "accounts", "accounts.jsonl", "--progress", "none"], env=env,
                     cwd=tmp_path)
    assert from_csv.returncode == 0, from_csv.stderr
    assert from_jsonl.returncode == 0, from_jsonl.stderr
    with (tmp_path / "accounts.out.csv").open(newline="", encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    assert [r["pronto_status"] for r in table] == ["found", "found", "error"]
    assert table[0]["pronto_name"] and table[0]["pronto_industry"]
    assert "country 'Atlantis' is not a country name or ISO code" in table[2]["pronto_error"]
    lines = read_jsonl(tmp_path / "accounts.enriched.jsonl")
    assert [line["status"] for line in lines] == ["found", "error"]
    assert lines[0]["result"]["name"]
    assert lines[1] == {"row": 2, "input": None, "status": "error",
                        "error": "line 2 is not valid JSON", "result": None}
    assert fake.stats.times_charged(
        "accounts.enrich",
        {"company_linkedin_url": "https://www.linkedin.com/company/initech", "name": "Initech"},
    ) == 1


def test_running_out_of_credits_stops_the_run(tmp_path: Path, fake: FakePronto) -> None:
    fake.account().credits = 9  # three emails
    write_csv(tmp_path / "c.csv", ["firstname", "lastname", "domain"],
              [[f"Al{i}", "Turing", "example.com"] for i in range(60)])
    done = run(["enrich", "contacts", "c.csv", "--progress", "none", "--concurrency", "4"],
               env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("pronto: error: ") and "stopped; fix it and re-run to resume" in last
    assert "credits" in last.lower()
    assert len(read_jsonl(tmp_path / "c.enriched.jsonl")) < 60


ROWS = 250


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-c twice", "kill -9"])
def test_interrupted_run_resumes_without_paying_twice(
    tmp_path: Path, fake: FakePronto, how: str
) -> None:
    write_csv(tmp_path / "big.csv", ["first_name", "last_name", "company_domain"],
              [[f"Bob{i}", "Smith", f"corp{i % 9}.com"] for i in range(ROWS)])
    env = fake_env(fake)
    command = ["enrich", "contacts", "big.csv", "--progress", "none", "--concurrency", "20"]
    out = tmp_path / "big.enriched.jsonl"
    child = popen(command, env=env, cwd=tmp_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # mid-run: some rows written, most not
        if out.exists() and len(out.read_bytes().splitlines()) >= ROWS // 4:
            break
        time.sleep(0.05)
    if how == "kill -9":
        child.kill()
    else:
        child.send_signal(signal.SIGINT)
        if how == "ctrl-c twice":
            time.sleep(0.05)
            child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=30)
    written = len(read_jsonl(out))
    assert ROWS // 4 <= written < ROWS
    if how != "kill -9":
        assert child.returncode == 130
        assert stderr.strip().splitlines()[-1] == (
            "pronto: error: interrupted; re-run the same command to resume "
            "(ledger: big.enriched.ledger.db)")
        assert "Traceback" not in stderr
        assert f"Stopped after {written} of {ROWS} rows" in stdout
    else:
        assert child.returncode == -signal.SIGKILL
    time.sleep(0.3)  # let the fake finish (and bill) what was on the wire

    again = run(command, env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    lines = read_jsonl(out)
    assert sorted(line["row"] for line in lines) == list(range(1, ROWS + 1))  # each once
    statuses = Counter(line["status"] for line in lines)
    assert fake.stats.duplicate_charges == 0  # no input charged twice
    stats = fake.stats["contacts.enrich"]
    if how == "ctrl-c":
        # Ctrl-C let the calls in flight finish: nothing is left ambiguous.
        assert statuses["ambiguous"] == 0
        assert statuses["found"] + statuses["not_found"] == ROWS
        assert stats.charged == ROWS
    else:
        # Rows sent before the stop and never answered are reported, not re-sent.
        assert statuses["found"] + statuses["not_found"] + statuses["ambiguous"] == ROWS
        assert stats.charged <= ROWS
        assert f"ambiguous {statuses['ambiguous']}" in again.stdout

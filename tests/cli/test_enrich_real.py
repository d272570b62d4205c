"""``pronto enrich`` on what users really do: read the mapping first, dry-run, stop with
Ctrl-C mid-run, point it at a wrong host, re-run with other types."""

from __future__ import annotations

import http.server
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pronto_async import AsyncPronto, Ledger
from pronto_async._endpoints import endpoint
from pronto_async._sending import DRY_RUN
from pronto_async.testing import FakePronto

from .conftest import fake_env, in_process, popen, run
from .test_enrich import read_jsonl, write_csv

HUBSPOT_HEADER = ["Record ID", "First Name", "Last Name", "Email", "Company Name",
                  "Company Domain Name", "LinkedIn URL", "Lifecycle Stage"]


def hubspot(path: Path, count: int) -> Path:
    rows = [[str(100 + i), f"Ada{i}", "Lovelace", f"ada{i}@acme.io", "Acme",
             f"https://www.acme{i % 5}.io/", f"https://www.linkedin.com/in/ada{i}"
             if i % 2 else "", "lead"] for i in range(count)]
    rows.append(["999", "", "NoFirst", "", "", "x.io", "", "lead"])  # invalid: no first name
    path.write_bytes(b"\xef\xbb\xbf")  # HubSpot writes UTF-8 with a BOM
    with path.open("a", newline="", encoding="utf-8") as f:
        import csv

        writer = csv.writer(f)
        writer.writerow(HUBSPOT_HEADER)
        writer.writerows(rows)
    return path


def test_the_mapping_is_printed_before_the_first_paid_request(
    tmp_path: Path, fake: FakePronto, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hubspot(tmp_path / "contacts.csv", 6)
    printed_before: list[str] = []
    request = AsyncPronto.request

    async def spy(self: AsyncPronto, operation: Any, **kwargs: Any) -> Any:
        name = operation if isinstance(operation, str) else operation.name
        if endpoint(name).charges and not DRY_RUN.get() and not printed_before:
            printed_before.append(capsys.readouterr().out)
        return await request(self, operation, **kwargs)

    monkeypatch.setattr(AsyncPronto, "request", spy)
    done = in_process(["enrich", "contacts", "contacts.csv", "--progress", "none"],
                      env=fake_env(fake), cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert done.returncode == 0, done.stderr
    (before,) = printed_before
    assert "Columns:" in before
    assert "domain       <- 'Company Domain Name'" in before
    assert "unused columns: 'Record ID', 'Email', 'Lifecycle Stage'" in before
    assert "1 invalid rows are not sent (e.g. first_name is required)" in before


def test_dry_run_reads_everything_and_pays_nothing(tmp_path: Path, fake: FakePronto) -> None:
    hubspot(tmp_path / "contacts.csv", 20)
    done = run(["enrich", "contacts", "contacts.csv", "--type", "email,phone", "--dry-run"],
               env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Dry run of contacts.enrich: nothing was sent, nothing was paid" in out
    assert "Rows: 21 · valid 20 · invalid 1 · repeated 0" in out
    assert "invalid (1 rows): first_name is required" in out
    assert "10 rows without a LinkedIn URL are not asked for phone" in out
    assert "To send: 20 paid requests" in out
    assert f"Credits: about {20 * 3 + 10 * 30}, at most {20 * 3 + 10 * 150}" in out
    assert f"Balance: {fake.account().credits}" in out
    assert fake.stats["contacts.enrich"].requests == 0
    assert not (tmp_path / "contacts.enriched.jsonl").exists()
    assert not (tmp_path / "contacts.enriched.ledger.db").exists()  # a dry run creates nothing


def test_a_second_run_with_other_types_says_truly_what_it_sends(
    tmp_path: Path, fake: FakePronto
) -> None:
    write_csv(tmp_path / "c.csv", ["First Name", "Last Name", "Website", "LinkedIn"],
              [["Ada", "L", "a.io", "https://www.linkedin.com/in/ada"],
               ["Bo", "L", "b.io", "https://www.linkedin.com/in/bo"]])
    env = fake_env(fake)
    first = run(["enrich", "contacts", "c.csv", "--progress", "none"], env=env, cwd=tmp_path)
    again = run(["enrich", "contacts", "c.csv", "--progress", "none"], env=env, cwd=tmp_path)
    other = run(["enrich", "contacts", "c.csv", "--progress", "none", "--type", "email,phone"],
                env=env, cwd=tmp_path)
    assert (first.returncode, again.returncode, other.returncode) == (0, 0, 0)
    assert "Resuming" not in first.stdout
    assert "2 rows done before are not re-sent" in again.stdout
    assert "To send: 0" in "\n".join(again.stdout.splitlines()) or "0 to send" in again.stdout
    assert "Resuming" not in other.stdout and "2 to send" in other.stdout  # other types: paid
    assert fake.stats["contacts.enrich"].requests == 4


@pytest.fixture
def bad_gateway() -> Iterator[str]:
    """A host that answers every request with 502 and an HTML page (a wrong base URL)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = b"<html><body>502 Bad Gateway</body></html>"
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v2"
    finally:
        server.shutdown()
        server.server_close()


def test_a_wrong_enrich_host_stops_the_run_and_a_fixed_rerun_pays_once(
    tmp_path: Path, fake: FakePronto, bad_gateway: str
) -> None:
    write_csv(tmp_path / "c.csv", ["first_name", "last_name", "domain"],
              [[f"P{i}", "L", "x.io"] for i in range(200)])
    wrong = fake_env(fake, PRONTO_ENRICH_BASE_URL=bad_gateway)
    done = run(["enrich", "contacts", "c.csv", "--progress", "none"], env=wrong, cwd=tmp_path)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert "calls all failed the same way" in last and "PRONTO_ENRICH_BASE_URL" in last
    assert bad_gateway in last
    with Ledger(tmp_path / "c.enriched.ledger.db") as ledger:
        ambiguous = ledger.summary().ambiguous
    assert 5 <= ambiguous <= 60  # the first calls and those in flight, not all 200
    fixed = run(["enrich", "contacts", "c.csv", "--progress", "none", "--retry-ambiguous"],
                env=fake_env(fake), cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    statuses = Counter(line["status"] for line in read_jsonl(tmp_path / "c.enriched.jsonl"))
    assert statuses["found"] + statuses["not_found"] == 200
    assert fake.stats["contacts.enrich"].charged == 200 and fake.stats.duplicate_charges == 0


def test_ctrl_c_with_250_workers_exits_fast_and_sends_no_waiting_row(
    tmp_path: Path, fake: FakePronto
) -> None:
    rows = 1500
    write_csv(tmp_path / "big.csv", ["first_name", "last_name", "company_domain"],
              [[f"Bob{i}", "Smith", f"corp{i % 9}.com"] for i in range(rows)])
    out = tmp_path / "big.enriched.jsonl"
    child = popen(["enrich", "contacts", "big.csv", "--progress", "none"],
                  env=fake_env(fake), cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # running at full speed: 250 workers waiting
        if out.exists() and len(out.read_bytes().splitlines()) >= 100:
            break
        time.sleep(0.02)
    sent_at_signal = fake.stats["contacts.enrich"].requests
    signalled = time.monotonic()
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=30)
    took = time.monotonic() - signalled
    assert child.returncode == 130, stderr
    print(f"Ctrl-C to exit: {took:.2f} s; sent after the signal: "
          f"{fake.stats['contacts.enrich'].requests - sent_at_signal}")
    assert took <= 1.5, f"exit took {took:.2f} s"
    written = read_jsonl(out)
    received = fake.stats["contacts.enrich"].requests
    # Only what was on the wire at the signal (paced at 50/s: a few) went out after it.
    assert received - sent_at_signal <= 10
    assert len(written) == received  # every request sent was answered and written
    assert all(line["status"] in ("found", "not_found") for line in written)
    # The rows read while waiting for a slot are counted, never sent: a re-run sends them.
    not_sent = re.search(r"(\d+) rows were read but not sent \(nothing charged", stdout)
    assert not_sent is not None and 0 < int(not_sent.group(1)) <= 250

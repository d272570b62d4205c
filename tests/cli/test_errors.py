"""Every way ``pronto`` can fail: one line on stderr, the right exit status, no traceback,
and never the API key."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from pronto_async.testing import FakePronto

from .conftest import Done, clean_env, fake_env, in_process, run, run_many

SECRET = "pk_secret_never_print_me"


def assert_one_line(done: Done, status: int, *fragments: str) -> str:
    assert done.returncode == status, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert len(done.error_lines) == 1, done.stderr
    line = done.error_lines[0]
    assert line.startswith("pronto"), line
    assert ": error: " in line
    for fragment in fragments:
        assert fragment in line, line
    assert SECRET not in done.stdout + done.stderr
    return line


@pytest.fixture
def contacts(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text("First Name,Last Name,Company\nAda,Lovelace,Acme\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("setup", "args", "fragments"), [
    (None, ["enrich", "contacts", "missing.csv"], ["missing.csv: no such file"]),
    (None, ["enrich", "contacts", ".", "--format", "csv"], ["is a directory"]),
    (("empty.csv", ""), ["enrich", "contacts", "empty.csv"], ["empty.csv: is empty"]),
    (("rows.csv", "a,b\n"), ["enrich", "contacts", "rows.csv"], ["has a header but no rows"]),
    (("x.json", "[{}]"), ["enrich", "accounts", "x.json"], ["is a JSON array, not JSONL"]),
    (("bin.csv", "a\n\udcff\n"), ["enrich", "contacts", "bin.csv", "--encoding", "utf-8"],
     ["is not valid UTF-8 text (line 2)"]),
    (("cols.csv", "Title,Email\nCEO,a@b.c\n"), ["enrich", "contacts", "cols.csv"],
     ["no column for first_name, last_name", "(found: 'Title', 'Email')"]),
    (("acc.jsonl", '{"employees": 3}\n'), ["enrich", "accounts", "acc.jsonl"],
     ["no column for any of domain, name, company_linkedin_url", "(found: 'employees')"]),
    (None, ["enrich", "contacts", "contacts.csv", "--map", "first_name=Prenom"],
     ["--map: no column 'Prenom' for first_name", "'First Name'"]),
    (None, ["enrich", "contacts", "contacts.csv", "--map", "phone=Tel"], ["no field 'phone'"]),
    (None, ["enrich", "contacts", "contacts.csv", "--type", "phone"],
     ["needs a LinkedIn URL column"]),
    (None, ["enrich", "contacts", "contacts.csv", "--type", "email,fax"],
     ["fax is not one of email, phone, personal_email"]),
    (None, ["enrich", "contacts", "contacts.csv", "--concurrency", "0"], ["--concurrency"]),
    (None, ["enrich", "contacts", "contacts.csv", "-o", "contacts.csv"], ["overwrite the input"]),
    (None, ["enrich", "contacts", "contacts.csv", "--no-ledger", "--ledger", "l.db"],
     ["contradict"]),
    (None, ["enrich", "contacts"], ["required: FILE"]),
    (None, ["enrich", "people", "contacts.csv"], ["invalid choice: 'people'"]),
    (None, ["frobnicate"], ["invalid choice: 'frobnicate'"]),
    (None, ["demo", "--contacts", "0"], ["--contacts must be >= 1"]),
    (None, ["sandbox", "--port", "70000"], ["--port must be 0 to 65535"]),
    (None, ["sandbox", "--latency", "slow"], ["want MEAN[,JITTER]"]),
])
def test_usage_errors_exit_2(
    tmp_path: Path, contacts: Path, setup: tuple[str, str] | None, args: list[str],
    fragments: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    if setup is not None:
        name, text = setup
        (tmp_path / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    done = in_process(args, env={"PRONTO_API_KEY": SECRET}, cwd=tmp_path,
                      monkeypatch=monkeypatch, capsys=capsys)
    assert_one_line(done, 2, *fragments)
    assert not (tmp_path / "contacts.enriched.jsonl").exists()  # nothing ran


def test_usage_errors_as_a_subprocess(tmp_path: Path, contacts: Path) -> None:
    """The same errors from the real command: a sample of each kind, started together."""
    (tmp_path / "cols.csv").write_text("Title,Email\nCEO,a@b.c\n", encoding="utf-8")
    cases = [
        (["enrich", "contacts", "missing.csv"], "missing.csv: no such file"),
        (["enrich", "contacts", "cols.csv"], "no column for first_name, last_name"),
        (["enrich", "contacts", "contacts.csv", "--type", "fax"], "fax is not one of"),
        (["enrich", "accounts"], "required: FILE"),
        (["demo", "--contacts", "0"], "--contacts must be >= 1"),
    ]
    done = run_many([args for args, _ in cases], env=clean_env({"PRONTO_API_KEY": SECRET}),
                    cwd=tmp_path)
    for result, (_, fragment) in zip(done, cases, strict=True):
        assert_one_line(result, 2, fragment)


@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path, contacts: Path) -> None:
    contacts.chmod(0)
    done = run(["enrich", "contacts", "contacts.csv"], env=clean_env({"PRONTO_API_KEY": SECRET}),
               cwd=tmp_path)
    assert_one_line(done, 2, "permission denied")


@pytest.mark.parametrize("command", [["credits"], ["enrich", "contacts", "contacts.csv"]])
def test_missing_key(tmp_path: Path, contacts: Path, command: list[str]) -> None:
    done = run(command, env=clean_env(), cwd=tmp_path)
    assert_one_line(done, 2, "no API key", "PRONTO_API_KEY", "--api-key")


def test_refused_key_by_env_and_by_flag(tmp_path: Path, contacts: Path) -> None:
    commands = [["credits"], ["enrich", "contacts", "contacts.csv"]]
    with FakePronto() as fake:
        by_env = run_many(commands, env=fake_env(fake, PRONTO_API_KEY=SECRET), cwd=tmp_path)
        env = fake_env(fake)
        del env["PRONTO_API_KEY"]
        by_flag = run_many([[*c, "--api-key", SECRET] for c in commands], env=env, cwd=tmp_path)
        charged = fake.stats.credits
    for done in (*by_env, *by_flag):
        assert_one_line(done, 1, "the API key was refused (401 Unauthorized)")
    assert charged == 0


def test_network_error(tmp_path: Path, contacts: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = clean_env({"PRONTO_API_KEY": SECRET,
                     "PRONTO_BASE_URL": f"http://127.0.0.1:{port}/api/v2",
                     "PRONTO_ENRICH_BASE_URL": f"http://127.0.0.1:{port}/v2"})
    for done in run_many([["credits"], ["enrich", "contacts", "contacts.csv"]], env=env,
                         cwd=tmp_path):
        assert_one_line(done, 1, f"cannot reach http://127.0.0.1:{port}/api/v2")
    assert not (tmp_path / "contacts.enriched.jsonl").exists()


def test_plain_http_off_loopback_is_refused(tmp_path: Path) -> None:
    env = clean_env({"PRONTO_API_KEY": SECRET, "PRONTO_BASE_URL": "http://example.com/api/v2"})
    done = run(["credits"], env=env, cwd=tmp_path)
    assert_one_line(done, 2, "configuration:", "https://")


def test_sandbox_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run(["sandbox", "--port", str(port)], env=clean_env(), cwd=tmp_path)
    assert done.returncode == 1
    assert done.error_lines[-1].startswith(f"pronto: error: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in done.stderr


def test_no_command_prints_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    done = in_process([], env={}, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert done.returncode == 2
    assert "demo" in done.stderr and "enrich" in done.stderr and "sandbox" in done.stderr

"""``pronto demo``, ``pronto sandbox``, ``pronto credits``, the progress sinks, and the
console script's declaration."""

from __future__ import annotations

import io
import json
import re
import signal
import sys
import time
import tomllib
from pathlib import Path

import pytest

from pronto_async.cli import _progress
from pronto_async.cli._sandbox import parse_latency
from pronto_async.testing import FakePronto, Latency

from .conftest import clean_env, fake_env, popen, run

ROOT = Path(__file__).resolve().parents[2]


def test_demo_prints_the_summary_and_writes_results(tmp_path: Path) -> None:
    done = run(["demo", "--contacts", "25", "--out", "demo.jsonl", "--progress", "plain"],
               env=clean_env(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no API key, no network" in done.stdout
    match = re.search(r"found (\d+) · not found (\d+) · errors 0", done.stdout)
    assert match and int(match[1]) + int(match[2]) == 25
    assert "429s from the server: 0" in done.stdout
    assert "charged twice 0" in done.stdout
    assert "results: demo.jsonl" in done.stdout
    lines = [json.loads(line) for line in (tmp_path / "demo.jsonl").read_text().splitlines()]
    assert [line["row"] for line in lines] == list(range(1, 26))
    assert sum(line["status"] == "found" for line in lines) == int(match[1])
    assert "demo: 25/25 (100%) rows" in done.stderr


def test_credits(tmp_path: Path) -> None:
    with FakePronto(credits=1234) as fake:
        done = run(["credits"], env=fake_env(fake), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "credits: 1234\n"


def test_sandbox_serves_until_ctrl_c(tmp_path: Path) -> None:
    server = popen(["sandbox", "--port", "0", "--seed", "3", "--credits", "77",
                    "--latency", "0.01"], env=clean_env(), cwd=tmp_path)
    assert server.stdout is not None
    env: dict[str, str] = {}
    deadline = time.monotonic() + 30
    for line in server.stdout:
        if line.strip().startswith("export "):
            name, _, value = line.strip().removeprefix("export ").partition("=")
            env[name] = value
        if "PRONTO_API_KEY" in env or time.monotonic() > deadline:
            break
    assert set(env) == {"PRONTO_BASE_URL", "PRONTO_ENRICH_BASE_URL", "PRONTO_API_KEY"}
    assert env["PRONTO_API_KEY"] == "pk_sandbox"
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v2", env["PRONTO_BASE_URL"])
    credits = run(["credits"], env=clean_env(env), cwd=tmp_path)
    server.send_signal(signal.SIGINT)
    rest, stderr = server.communicate(timeout=30)
    assert credits.stdout == "credits: 77\n", credits.stderr
    assert server.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "pronto sandbox: stopped after 1 requests" in rest


def test_latency_flag() -> None:
    assert parse_latency("0.3,0.1") == Latency(0.3, 0.1)
    assert parse_latency("2") == Latency(2.0, 0.0)
    for bad in ("x", "0.1,0.3", "-1"):
        with pytest.raises(Exception, match="want"):
            parse_latency(bad)


def test_progress_sinks() -> None:
    stream = io.StringIO()
    plain = _progress.make_progress("plain", total=4, label="enrich contacts", stream=stream)
    assert isinstance(plain, _progress.PlainProgress)
    plain.update(1, found=1, errors=0)  # within the interval: quiet
    plain.update(4, found=3, errors=1)  # the last row: always said
    plain.close()
    assert stream.getvalue().splitlines() == [
        line for line in stream.getvalue().splitlines() if line.startswith("enrich contacts: ")
    ]
    assert "4/4 (100%) rows" in stream.getvalue() and "errors 1" in stream.getvalue()
    assert "1/4" not in stream.getvalue()

    bar_stream = io.StringIO()
    bar = _progress.make_progress("bar", total=3, label="demo", stream=bar_stream)
    assert isinstance(bar, _progress.TqdmProgress)
    bar.update(3, found=2, errors=0)
    bar.note("a note")
    bar.close()
    assert "demo" in bar_stream.getvalue() and "3/3" in bar_stream.getvalue()
    assert "a note" in bar_stream.getvalue()

    quiet = io.StringIO()
    none = _progress.make_progress("none", total=3, label="x", stream=quiet)
    none.update(3, found=3, errors=0)
    assert quiet.getvalue() == ""
    # auto: not a terminal, so plain lines (a bar would fill logs with carriage returns)
    auto = _progress.make_progress("auto", total=3, label="x", stream=io.StringIO())
    assert isinstance(auto, _progress.PlainProgress)


def test_console_script_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["pronto"] == "pronto_async.cli:main"
    assert any(dep.startswith("tqdm") for dep in project["optional-dependencies"]["cli"])
    module, _, name = project["scripts"]["pronto"].partition(":")
    __import__(module)
    assert callable(getattr(sys.modules[module], name))

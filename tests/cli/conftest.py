"""The ``pronto`` command, run as users run it: a subprocess against a FakePronto of ours.

The fake runs in a thread of the test process (``with FakePronto(...)``) and the command
finds it through ``PRONTO_BASE_URL``/``PRONTO_ENRICH_BASE_URL``/``PRONTO_API_KEY``, the way a
user points it at ``pronto sandbox``. Its ``time_scale`` shortens latency and widens the
windows the fake enforces; the command still paces itself to the documented limits (50/s for
contacts, 20/s for accounts), so row counts here are kept to a few hundred.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs
import pytest

from pronto_async.cli import main
from pronto_async.testing import FakePronto, Latency

#: The command, without relying on the console script being installed.
PRONTO = (sys.executable, "-m", "pronto_async.cli")


@attrs.frozen
class Done:
    """A finished command."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without any PRONTO_* setting of the developer's, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRONTO_")}
    env.update(extra or {})
    return env


def fake_env(fake: FakePronto, **extra: str) -> dict[str, str]:
    return clean_env({
        "PRONTO_BASE_URL": fake.base_url,
        "PRONTO_ENRICH_BASE_URL": fake.enrich_base_url,
        "PRONTO_API_KEY": fake.api_key,
        **extra,
    })


def run(args: list[str], *, env: Mapping[str, str], cwd: Path, timeout: float = 60) -> Done:
    done = subprocess.run(
        [*PRONTO, *args], env=dict(env), cwd=cwd, capture_output=True, text=True,
        timeout=timeout, check=False,
    )
    return Done(done.returncode, done.stdout, done.stderr)


def run_many(commands: list[list[str]], *, env: Mapping[str, str], cwd: Path,
             timeout: float = 60) -> list[Done]:
    """Several commands at once (each is mostly interpreter start-up)."""
    started = [popen(args, env=env, cwd=cwd) for args in commands]
    results = []
    for process in started:
        stdout, stderr = process.communicate(timeout=timeout)
        results.append(Done(process.returncode, stdout, stderr))
    return results


def in_process(args: list[str], *, env: Mapping[str, str], cwd: Path,
               monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Done:
    """``pronto ARGS`` through :func:`pronto_async.cli.main` in this process."""
    for name in [k for k in os.environ if k.startswith("PRONTO_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        if name.startswith("PRONTO_"):
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    try:
        status = main(args)
    except SystemExit as exit_:  # argparse
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return Done(status, captured.out, captured.err)


def popen(args: list[str], *, env: Mapping[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*PRONTO, *args], env=dict(env), cwd=cwd, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture
def fake() -> Iterator[FakePronto]:
    """A fake 5x faster than real time: 100 ± 20 ms per call, 1 s windows of 200 ms."""
    with FakePronto(time_scale=0.2, latency=Latency(0.5, 0.1), seed=11) as server:
        yield server

"""The sandbox demo the README opens with: it runs, paces, and spends credits only once."""

from __future__ import annotations

import io
import subprocess
import sys

from pronto_async import demo


async def test_demo_enriches_the_sample_without_errors_or_429s() -> None:
    out = io.StringIO()
    figures = await demo.run(40, seed=3, out=out)
    assert figures["found"] + figures["not_found"] == 40
    assert figures["errors"] == 0
    assert figures["server_429s"] == 0
    assert figures["duplicate_charges"] == 0
    assert figures["credits"] == 3 * figures["found"]  # 3 credits per email found
    text = out.getvalue()
    assert "no API key, no network" in text
    assert f"found {figures['found']} · not found {figures['not_found']} · errors 0" in text


def test_demo_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pronto_async.demo", "--contacts", "10"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "errors 0" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "pronto_async.demo", "--contacts", "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert bad.returncode == 2
    assert "--contacts must be >= 1" in bad.stderr


def test_sample_is_deterministic_and_lazy() -> None:
    first = list(demo.sample_contacts(5))
    assert first == list(demo.sample_contacts(5))
    assert len({(c["first_name"], c["last_name"]) for c in demo.sample_contacts(200)}) == 200
    assert first[0]["custom"] == {"crm_id": "crm-00000"}

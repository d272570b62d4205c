"""PRONTO_LOG and what the logger says (never the key)."""

from __future__ import annotations

import logging

import pytest
from aioresponses import aioresponses

from pronto_async import AsyncPronto, _logging
from tests.support.harness import APP


@pytest.fixture
def fresh_logger(monkeypatch: pytest.MonkeyPatch) -> logging.Logger:
    logger = logging.getLogger("pronto_async")
    monkeypatch.setattr(_logging, "_configured", False)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    return logger


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO)])
def test_pronto_log_turns_on_a_stderr_handler(
    monkeypatch: pytest.MonkeyPatch, fresh_logger: logging.Logger, value: str, level: int
) -> None:
    monkeypatch.setenv("PRONTO_LOG", value)
    AsyncPronto("key")
    AsyncPronto("key")
    assert fresh_logger.level == level
    assert len(fresh_logger.handlers) == 1


def test_without_pronto_log_the_library_stays_silent(fresh_logger: logging.Logger) -> None:
    AsyncPronto("key")
    assert fresh_logger.handlers == []
    assert fresh_logger.level == logging.NOTSET


async def test_records_carry_method_path_status_attempt_and_wait(
    api_key: str, mock: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pronto_async")
    mock.post(f"{APP}/accounts/single_enrich", status=429, headers={"Retry-After": "1"})
    mock.post(f"{APP}/accounts/single_enrich", payload={"name": "Acme"})
    async with AsyncPronto(api_key) as client:
        await client.accounts.enrich(domain="acme.com")
    messages = [r.getMessage() for r in caplog.records]
    assert "POST /accounts/single_enrich: attempt 1 (waited 0.000 s for the rate limit)" in messages
    assert "POST /accounts/single_enrich -> 429 in 0.000 s (attempt 1)" in messages
    assert any("attempt 2 (waited 1.0" in m for m in messages)
    assert "POST /accounts/single_enrich -> 200 in 0.000 s (attempt 2)" in messages
    assert api_key not in caplog.text

"""Unit tests: aioresponses mocks on a virtual-time event loop, never a socket."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import AsyncPronto, Pronto, _facade
from tests.support.harness import Harness
from tests.support.vclock import VirtualClockLoop


def pytest_asyncio_loop_factories(config: Any, item: Any) -> Mapping[str, Any]:
    return {"vclock": VirtualClockLoop}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PRONTO_API_KEY", "PRONTO_BASE_URL", "PRONTO_ENRICH_BASE_URL", "PRONTO_LOG",
                 "PRONTO_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api_key() -> str:
    return "pk_test_" + secrets.token_hex(12)


@pytest.fixture
def mock() -> Iterator[aioresponses]:
    with aioresponses() as m:
        yield m


@pytest.fixture(params=["async", "sync"])
async def pronto(
    request: pytest.FixtureRequest, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Harness]:
    """The client under test, once as AsyncPronto and once as the blocking Pronto."""
    if request.param == "async":
        async with AsyncPronto(api_key) as client:
            yield Harness("async", client)
    else:
        monkeypatch.setattr(_facade, "_loop_factory", VirtualClockLoop)
        sync_client = Pronto(api_key)
        try:
            yield Harness("sync", sync_client)
        finally:
            sync_client.close()

"""Integration tests: a real FakePronto on loopback, real sockets, the real event loop.

No aioresponses here (it breaks on the newest aiohttp, which CI runs this suite on) and no
virtual clock: time-dependent behaviour is made fast with the fake's ``time_scale``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from pronto_async.testing import FakePronto
from tests.support.harness import Harness

#: Every fake in this suite runs 20 times faster than real time unless a test says otherwise:
#: 1 s windows last 50 ms, a lead search 0.25 s, an asynchronous enrichment 0.1 s.
TIME_SCALE = 0.05


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "client(**settings): AsyncPronto settings for `pronto`")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PRONTO_API_KEY", "PRONTO_BASE_URL", "PRONTO_ENRICH_BASE_URL", "PRONTO_LOG",
                 "PRONTO_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def _settings(request: pytest.FixtureRequest, marker: str) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for mark in reversed(list(request.node.iter_markers(marker))):
        settings.update(mark.kwargs)
    return settings


@pytest.fixture
async def fake(request: pytest.FixtureRequest) -> AsyncIterator[FakePronto]:
    """A FakePronto on the test's loop; ``@pytest.mark.pronto_fake(...)`` configures it."""
    settings = {"time_scale": TIME_SCALE, "seed": 7, **_settings(request, "pronto_fake")}
    async with FakePronto(**settings) as server:
        yield server


@pytest.fixture(params=["async", "sync"])
async def pronto(request: pytest.FixtureRequest, fake: FakePronto) -> AsyncIterator[Harness]:
    """The client under test, pointed at ``fake``: once AsyncPronto, once the blocking Pronto."""
    overrides = _settings(request, "client")
    if request.param == "async":
        async with fake.client(**overrides) as client:
            yield Harness("async", client)
    else:
        sync_client = fake.sync_client(**overrides)
        try:
            yield Harness("sync", sync_client)
        finally:
            sync_client.close()


class Raw:
    """Plain aiohttp against the fake: what any HTTP client (not the SDK) would send."""

    def __init__(self, fake: FakePronto, session: aiohttp.ClientSession) -> None:
        self.fake = fake
        self.session = session

    async def send(
        self,
        method: str,
        url: str,
        body: Any = None,
        *,
        key: str | None = None,
        header: str = "X-API-KEY",
    ) -> tuple[int, Any, Mapping[str, str]]:
        headers = {header: self.fake.api_key if key is None else key}
        data = None if body is None else json.dumps(body)
        async with self.session.request(method, url, data=data, headers=headers) as response:
            text = await response.text()
            try:
                decoded: Any = json.loads(text)
            except ValueError:
                decoded = text
            return response.status, decoded, response.headers

    async def app(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        return await self.send(method, self.fake.base_url + path, body, **kw)


@pytest.fixture
async def raw(fake: FakePronto) -> AsyncIterator[Raw]:
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        yield Raw(fake, session)


class Receiver:
    """A webhook receiver on loopback that records every payload."""

    def __init__(self) -> None:
        self.payloads: list[Any] = []
        self.fail_first = 0
        self.url = ""

    async def _hook(self, request: web.Request) -> web.Response:
        if self.fail_first > 0:
            self.fail_first -= 1
            return web.Response(status=503)
        self.payloads.append(await request.json())
        return web.Response(status=200)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/hook", hook._hook)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    hook.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield hook
    finally:
        await runner.cleanup()

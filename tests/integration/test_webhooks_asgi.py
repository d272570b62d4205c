"""WebhookReceiver mounted in a FastAPI service under uvicorn, on one loopback port: the
README's one-port recipe, its URLs, its limits, and jobs on the same event loop reading
their results from it."""

from __future__ import annotations

import asyncio
import contextlib
import io
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from pronto_async import AsyncPronto, WebhookReceiver
from pronto_async.ledger import Ledger
from pronto_async.testing import FakePronto

fastapi = pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")


@contextlib.asynccontextmanager
async def _uvicorn(app: Any, sock: socket.socket) -> AsyncIterator[None]:
    """Serve ``app`` with uvicorn on the already-bound ``sock``, in this event loop."""
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_keep_alive=2)
    server = uvicorn.Server(config)
    task = asyncio.ensure_future(server.serve(sockets=[sock]))
    try:
        for _ in range(200):
            if server.started:
                break
            await asyncio.sleep(0.01)
        assert server.started
        yield
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


def _bound_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def _service(hooks: WebhookReceiver, fake: FakePronto) -> Any:
    """A FastAPI service whose endpoint starts a bulk enrichment reported to ``hooks``."""
    pronto: dict[str, AsyncPronto] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        async with fake.client() as client:
            pronto["client"] = client
            yield

    api = fastapi.FastAPI(lifespan=lifespan)
    api.mount(hooks.path, hooks.asgi_app())

    @api.post("/enrich")
    async def enrich(rows: list[dict[str, Any]]) -> dict[str, Any]:
        job = await pronto["client"].contacts.bulk_enrich(
            contacts=rows, enrichment_type="email", webhook=hooks
        )
        assert job.subscription is not None
        results = [r async for r in job.results(idle_timeout=5)]
        return {"url": job.subscription.url, "rows": sorted(r.custom["row"] for r in results)}

    return api


async def test_a_fastapi_service_receives_its_jobs_results_on_its_one_port(
    tmp_path: Path,
) -> None:
    sock = _bound_socket()
    port = sock.getsockname()[1]
    rows = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com",
             "custom": {"row": i}} for i in range(30)]
    with Ledger(tmp_path / "hooks.db") as ledger:
        hooks = WebhookReceiver(public_url=f"http://127.0.0.1:{port}", ledger=ledger)
        async with FakePronto(time_scale=0.05) as fake:
            api = _service(hooks, fake)
            async with (
                _uvicorn(api, sock),
                aiohttp.ClientSession() as session,
                session.post(f"http://127.0.0.1:{port}/enrich", json=rows) as response,
            ):
                assert response.status == 200
                answer = await response.json()
        deliveries = ledger.summary().deliveries
    assert answer["url"].startswith(f"http://127.0.0.1:{port}/pronto-webhooks/")
    assert answer["rows"] == list(range(30))  # every result, once, through the mount
    assert deliveries == 30  # each written to the ledger before its 200
    assert fake.stats.webhooks.failed_attempts == 0
    assert hooks.rejected == {}


async def test_the_limits_apply_through_the_asgi_app() -> None:
    sock = _bound_socket()
    port = sock.getsockname()[1]
    hooks = WebhookReceiver(public_url=f"http://127.0.0.1:{port}", max_body=3_000_000,
                            max_depth=10, body_timeout=0.5)
    api = fastapi.FastAPI()
    api.mount(hooks.path, hooks.asgi_app())
    subscription = hooks.subscribe()
    big = b"[" + b",".join(b'{"id": %d, "pad": "%s"}' % (i, b"x" * 100)
                           for i in range(20_000)) + b"]"  # ~2.4 MB

    async def oversize() -> AsyncIterator[bytes]:
        for _ in range(40):
            yield b" " * 100_000

    async with _uvicorn(api, sock), aiohttp.ClientSession() as session:
        statuses = []
        for body in (io.BytesIO(big), b"[" * 100_000 + b"]" * 100_000, oversize(), b"nope"):
            async with session.post(subscription.url, data=body) as response:
                statuses.append(response.status)
        async with session.post(subscription.url + "x", data=b"{}") as response:
            statuses.append(response.status)
        async with session.get(subscription.url) as response:
            statuses.append(response.status)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /pronto-webhooks/%s HTTP/1.1\r\nHost: x\r\nContent-Length: 10"
                     b"\r\n\r\n[" % subscription.token.encode())  # 9 bytes never come
        answer = await asyncio.wait_for(reader.read(4096), 3.0)
        writer.close()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /pronto-webhooks/%s HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Length: 900000000\r\n\r\n" % subscription.token.encode())
        declared = await asyncio.wait_for(reader.read(4096), 3.0)
        writer.close()
    assert statuses == [200, 400, 413, 400, 404, 405]
    assert answer.startswith(b"HTTP/1.1 408")
    assert declared.startswith(b"HTTP/1.1 413")  # refused before a byte of the body
    assert subscription.received == 20_000
    assert hooks.rejected == {400: 2, 413: 2, 404: 1, 405: 1, 408: 1}


async def test_the_asgi_app_served_alone_answers_lifespan_and_its_path() -> None:
    sock = _bound_socket()
    port = sock.getsockname()[1]
    hooks = WebhookReceiver(public_url=f"http://127.0.0.1:{port}")
    subscription = hooks.subscribe()
    async with (
        _uvicorn(hooks.asgi_app(), sock),
        aiohttp.ClientSession() as session,
        session.post(subscription.url, json={"leads": [{"id": 1}]}) as response,
    ):
        status = response.status
    assert status == 200
    assert subscription.received == 1

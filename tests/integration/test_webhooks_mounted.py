"""WebhookReceiver inside the user's own aiohttp application, on that application's one port:
its URLs, its limits, and jobs reading their results from it."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from pronto_async import ValidationError, WebhookReceiver
from pronto_async.ledger import Ledger
from pronto_async.testing import FakePronto

CONTACTS = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com",
             "custom": {"row": i}} for i in range(30)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _serve(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def test_a_job_reads_its_results_from_a_receiver_in_the_users_aiohttp_app(
    tmp_path: Path,
) -> None:
    port = _free_port()

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_get("/health", health)  # the user's own routes stay theirs
    with Ledger(tmp_path / "hooks.db") as ledger:
        hooks = WebhookReceiver(public_url=f"http://127.0.0.1:{port}", path="/hooks/pronto",
                                ledger=ledger)
        hooks.add_to(app)
        runner = await _serve(app, port)
        try:
            async with FakePronto(time_scale=0.05) as fake, fake.client() as pronto:
                job = await pronto.contacts.bulk_enrich(
                    contacts=CONTACTS, enrichment_type="email", webhook=hooks
                )
                results = [r async for r in job.results(idle_timeout=5)]
            async with aiohttp.ClientSession() as session, session.get(
                f"http://127.0.0.1:{port}/health"
            ) as response:
                health_status = response.status
        finally:
            await runner.cleanup()
        deliveries = ledger.summary().deliveries
    assert job.subscription is not None
    assert job.subscription.url.startswith(f"http://127.0.0.1:{port}/hooks/pronto/")
    assert sorted(r.custom["row"] for r in results) == list(range(30))
    assert deliveries == 30
    assert health_status == 200
    assert hooks.rejected == {}


async def test_the_limits_apply_inside_the_users_aiohttp_app() -> None:
    port = _free_port()
    app = web.Application()  # aiohttp's own 1 MiB client_max_size plays no part
    hooks = WebhookReceiver(public_url=f"http://127.0.0.1:{port}", max_body=3_000_000,
                            max_depth=10, body_timeout=0.5)
    hooks.add_to(app)
    runner = await _serve(app, port)
    try:
        subscription = hooks.subscribe()
        big = b"[" + b",".join(b'{"id": %d, "pad": "%s"}' % (i, b"x" * 100)
                               for i in range(20_000)) + b"]"  # ~2.4 MB, past 1 MiB

        async def oversize() -> AsyncIterator[bytes]:
            for _ in range(40):
                yield b" " * 100_000

        async with aiohttp.ClientSession() as session:
            statuses = []
            for body in (io.BytesIO(big), b"[" * 1000 + b"]" * 1000, oversize()):
                async with session.post(subscription.url, data=body) as response:
                    statuses.append(response.status)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /pronto-webhooks/%s HTTP/1.1\r\nHost: x\r\nContent-Length: 10"
                     b"\r\n\r\n[" % subscription.token.encode())  # 9 bytes never come
        answer = await asyncio.wait_for(reader.read(4096), 3.0)
        writer.close()
    finally:
        await runner.cleanup()
    assert statuses == [200, 400, 413]
    assert answer.startswith(b"HTTP/1.1 408")
    assert subscription.received == 20_000
    assert hooks.rejected == {400: 1, 413: 1, 408: 1}


def test_a_mounted_receiver_needs_its_public_url() -> None:
    hooks = WebhookReceiver()
    with pytest.raises(ValidationError, match="public_url"):
        hooks.add_to(web.Application())
    with pytest.raises(ValidationError, match="public_url"):
        hooks.asgi_app()

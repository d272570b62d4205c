"""WebhookReceiver's body limits on real sockets: whole bodies however they arrive, the size
cap by Content-Length and while streaming, the JSON depth bound, and never a 5xx."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
from yarl import URL

from pronto_async import WebhookReceiver
from pronto_async.ledger import Ledger
from pronto_async.testing import FakePronto, _data
from pronto_async.webhooks import DEFAULT_MAX_BODY


def realistic_lead(index: int, *, about: int, role: int, company: int) -> dict[str, Any]:
    """A ``{lead, company}`` item (the shape of ``GET /searches/{id}``) with profile texts of
    the given lengths: LinkedIn's "About" holds up to 2,600 characters, a position's
    description and a company's up to 2,000."""
    lead = _data.lead(7, "envelope", index)
    lead["summary"] = ("Builds revenue teams across EMEA. " * 80)[:about]
    lead["title_description"] = ("Owns pipeline, forecasting and hiring. " * 60)[:role]
    firm = _data.company(7, "envelope", index)
    firm["description"] = ("Makes software for logistics companies. " * 60)[:company]
    return {"lead": lead, "company": firm}


def envelope(count: int, **texts: int) -> bytes:
    leads = [realistic_lead(i, **texts) for i in range(count)]
    return json.dumps({"leads": leads}).encode()


async def test_a_5_mb_envelope_of_1000_leads_arrives_whole(tmp_path: Path) -> None:
    body = envelope(1000, about=2000, role=600, company=1200)
    assert 4_500_000 < len(body) < 5_500_000  # typical texts: ~5 KB a lead
    with Ledger(tmp_path / "hooks.db") as ledger:
        async with WebhookReceiver(ledger=ledger) as hooks, aiohttp.ClientSession() as session:
            subscription = hooks.subscribe()
            async with session.post(subscription.url, data=io.BytesIO(body),
                                    headers={"Content-Type": "application/json"}) as response:
                assert response.status == 200
                assert await response.json() == {"received": 1000}
            items = [item async for item in subscription.items(idle_timeout=1.0)]
        deliveries = ledger.summary().deliveries
    assert len(items) == 1000  # every paid lead, once
    assert len({item["lead"]["linkedin_profile_url"] for item in items}) == 1000
    assert deliveries == 1000  # all written before the 200
    assert hooks.rejected == {}


def test_the_default_cap_holds_1000_leads_at_linkedins_maximum_texts() -> None:
    largest = envelope(1000, about=2600, role=2000, company=2000)
    assert len(largest) > 7_000_000
    assert 4 * len(largest) < DEFAULT_MAX_BODY  # room for \\uXXXX-escaped non-ASCII text


async def test_an_import_of_1000_accounts_in_one_delivery_reaches_the_job() -> None:
    # Without streaming the fake POSTs every account at the end as one bare list (~0.6 MB),
    # far more than aiohttp buffers at once: the read must take the whole body.
    async with (
        FakePronto(time_scale=0.05, job_seconds=4.0) as fake,
        WebhookReceiver() as hooks,
        fake.client() as pronto,
    ):
        job = await pronto.accounts.search(keyword="software", limit=1000, webhook=hooks)
        accounts = [account async for account in job.accounts(idle_timeout=2.0)]
    assert fake.stats.webhooks.delivered == 1  # one envelope
    assert fake.stats.webhooks.failed_attempts == 0  # accepted at the first attempt
    assert len(accounts) == 1000
    assert hooks.rejected == {}


async def _post_in_pieces(
    url: str, body: bytes, *, pieces: int, pause: float, chunked: bool
) -> tuple[int, bytes]:
    """POST ``body`` over a raw socket in ``pieces`` writes ``pause`` seconds apart."""
    parts = URL(url)
    reader, writer = await asyncio.open_connection(parts.host, parts.port)
    framing = (b"Transfer-Encoding: chunked" if chunked
               else b"Content-Length: %d" % len(body))
    writer.write(b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n%s\r\n\r\n"
                 % (parts.path.encode(), framing))
    step = -(-len(body) // pieces)
    for start in range(0, len(body), step):
        await asyncio.sleep(pause)
        piece = body[start : start + step]
        writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        await writer.drain()
    if chunked:
        writer.write(b"0\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split()[1])
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    answer = await reader.readexactly(length)
    writer.close()
    return status, answer


async def test_bodies_that_arrive_in_pieces_are_read_whole() -> None:
    leads = [realistic_lead(i, about=300, role=100, company=200) for i in range(40)]
    bodies = [json.dumps(leads[:20]).encode(), json.dumps({"leads": leads[20:]}).encode()]
    async with WebhookReceiver(body_timeout=5.0) as hooks:
        subscription = hooks.subscribe()
        answers = await asyncio.gather(
            _post_in_pieces(subscription.url, bodies[0], pieces=4, pause=0.2, chunked=False),
            _post_in_pieces(subscription.url, bodies[1], pieces=4, pause=0.2, chunked=True),
        )
        items = [item async for item in subscription.items(idle_timeout=0.5)]
    assert answers == [(200, b'{"received": 20}'), (200, b'{"received": 20}')]
    assert len(items) == 40
    assert hooks.rejected == {}


async def test_an_oversize_chunked_body_gets_413_as_soon_as_it_passes_the_cap() -> None:
    async with WebhookReceiver(max_body=100_000) as hooks:
        subscription = hooks.subscribe()
        port = hooks.port
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /pronto-webhooks/%s HTTP/1.1\r\nHost: x\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n" % subscription.token.encode())
        chunk = b"[" + b" " * 20_000
        for _ in range(6):  # 120 KB, past the cap; the sender then stalls, not finished
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await writer.drain()
            await asyncio.sleep(0.05)  # so that no single read holds it all
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 2.0)
        writer.close()

        async def streamed() -> AsyncIterator[bytes]:
            for _ in range(30):
                yield b" " * 10_000

        async with aiohttp.ClientSession() as session, session.post(
            subscription.url, data=streamed()
        ) as response:
            client_status = response.status
    assert head.startswith(b"HTTP/1.1 413")
    assert client_status == 413  # aiohttp's client, chunked as well
    assert hooks.rejected == {413: 2}
    assert subscription.received == 0


async def test_a_declared_oversize_body_gets_413_before_a_byte_is_read() -> None:
    async with WebhookReceiver(max_body=1000, body_timeout=30.0) as hooks:
        token = hooks.subscribe().token.encode()
        reader, writer = await asyncio.open_connection("127.0.0.1", hooks.port)
        writer.write(b"POST /pronto-webhooks/%s HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Length: 5000000\r\n\r\n" % token)  # and no body at all
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 2.0)
        writer.close()
    assert head.startswith(b"HTTP/1.1 413")


async def test_deep_nesting_gets_400_not_500() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    tricky = b'{"a": "' + b"[" * 5000 + b'", "b": [[{"c": 1}]]}'  # brackets in a string
    async with WebhookReceiver(max_depth=8) as hooks, aiohttp.ClientSession() as session:
        subscription = hooks.subscribe()
        statuses = []
        for body in (deep, b'{"x": ' * 9 + b"1" + b"}" * 9, b"[[[[[[[[]]]]]]]]]", tricky):
            async with session.post(subscription.url, data=body) as response:
                statuses.append(response.status)
    assert statuses == [400, 400, 400, 200]
    assert hooks.rejected == {400: 3}
    assert subscription.received == 1


async def test_a_ledger_that_cannot_write_gets_503_not_a_lying_200(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "hooks.db")
    async with WebhookReceiver(ledger=ledger) as hooks, aiohttp.ClientSession() as session:
        subscription = hooks.subscribe()
        ledger.close()  # the disk went away: the delivery cannot be kept
        async with session.post(subscription.url, json={"id": 1}) as response:
            status, retry_after = response.status, response.headers.get("Retry-After")
    assert (status, retry_after) == (503, "5")  # the sender retries later
    assert subscription.received == 0

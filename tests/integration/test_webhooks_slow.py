"""WebhookReceiver's own server against slow and idle senders, on raw sockets: request heads
and bodies that take too long are cut off, the connection cap holds, and normal deliveries
are served throughout. Timeouts are short (configured here) so the tests take seconds."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from pronto_async import WebhookReceiver

HEADER_TIMEOUT = 0.6
BODY_TIMEOUT = 0.6


async def _closed_after(reader: asyncio.StreamReader, limit: float) -> tuple[float, bytes]:
    """Seconds until the server closed the connection, and what it said before."""
    start = time.monotonic()
    said = b""
    async with asyncio.timeout(limit):
        while chunk := await reader.read(4096):
            said += chunk
    return time.monotonic() - start, said


async def _slow_sender(port: int, token: str, kind: str) -> tuple[float, bytes]:
    """One misbehaving sender; the seconds until the server cut it off, and its answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (b"POST /pronto-webhooks/%s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
            b"\r\nContent-Length: 40\r\n\r\n" % token.encode())
    start = time.monotonic()

    async def trickle(data: bytes) -> None:
        for byte in data:  # one byte a second, for as long as the server listens
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(1.0)

    try:
        if kind == "silent":
            pass  # connects, never says a word
        elif kind == "half-head":
            writer.write(head[:30])
        elif kind == "head-only":
            writer.write(head)  # the whole head, then no body
        elif kind == "head-trickle":
            trickler = asyncio.ensure_future(trickle(head))
        elif kind == "body-trickle":
            writer.write(head)
            trickler = asyncio.ensure_future(trickle(b'{"id": "x"' + b" " * 30))
        _, said = await _closed_after(reader, 10.0)
        return time.monotonic() - start, said
    finally:
        if kind.endswith("trickle"):
            trickler.cancel()
        writer.close()


async def test_300_slow_senders_are_cut_off_while_deliveries_are_served() -> None:
    kinds = ["silent", "half-head", "head-only", "head-trickle", "body-trickle"]
    async with WebhookReceiver(
        header_timeout=HEADER_TIMEOUT, body_timeout=BODY_TIMEOUT
    ) as hooks, aiohttp.ClientSession() as session:
        subscription = hooks.subscribe()
        slow = asyncio.gather(*(
            _slow_sender(hooks.port, subscription.token, kinds[i % len(kinds)])
            for i in range(300)
        ))
        await asyncio.sleep(0.1)  # all 300 are connected and stalling

        async def deliver(i: int) -> int:
            async with session.post(subscription.url, json={"id": f"lead-{i}"}) as response:
                return response.status

        served = await asyncio.gather(*(deliver(i) for i in range(50)))
        peak_during = hooks.open_connections
        cut = await asyncio.wait_for(slow, 8.0)
    assert served == [200] * 50
    assert peak_during >= 300  # served while all the slow ones were still connected
    assert subscription.received == 50
    # Every slow sender was cut off by the timeout, not before it and not much after it.
    assert all(HEADER_TIMEOUT * 0.9 <= seconds < HEADER_TIMEOUT + 1.5 for seconds, _ in cut)
    # Each heard why: a 408 (a sender cut off mid-head gets it from the receiver's server).
    assert all(said.startswith(b"HTTP/1.1 408") for _, said in cut)
    assert hooks.rejected == {408: 300}


async def test_past_the_connection_cap_new_connections_wait_and_are_then_served() -> None:
    async with WebhookReceiver(
        max_connections=20, header_timeout=HEADER_TIMEOUT
    ) as hooks, aiohttp.ClientSession() as session:
        subscription = hooks.subscribe()
        idle = [await asyncio.open_connection("127.0.0.1", hooks.port) for _ in range(40)]
        await asyncio.sleep(0.1)
        open_at_cap = hooks.open_connections
        start = time.monotonic()
        async with session.post(subscription.url, json={"id": "late"}) as response:
            status = response.status
        waited = time.monotonic() - start
        for _, writer in idle:
            writer.close()
        peak = hooks.peak_connections
    assert open_at_cap == 20  # the other 20 idlers wait in the backlog, unaccepted
    assert peak == 20
    assert status == 200  # served, not refused, once the idlers before it were cut off
    assert HEADER_TIMEOUT * 0.9 <= waited < 3 * HEADER_TIMEOUT + 1.0
    assert subscription.received == 1


async def test_a_kept_alive_connection_must_send_its_next_head_in_time() -> None:
    async with WebhookReceiver(keepalive_timeout=0.5) as hooks:
        token = hooks.subscribe().token.encode()
        reader, writer = await asyncio.open_connection("127.0.0.1", hooks.port)
        body = b'{"id": 1}'
        writer.write(b"POST /pronto-webhooks/%s HTTP/1.1\r\nHost: x\r\nContent-Length: %d"
                     b"\r\n\r\n%s" % (token, len(body), body))
        first = await reader.readuntil(b"\r\n\r\n")
        writer.write(b"POST /pronto-webhooks/")  # a second request that never finishes
        seconds, _ = await _closed_after(reader, 5.0)
        writer.close()
    assert first.startswith(b"HTTP/1.1 200")
    assert seconds < 0.5 + 1.0

"""Hooks over a real fan-out against FakePronto: every attempt of every row is seen (429s,
5xx faults, retries), with status and headers, and never the key."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections import Counter
from typing import Any

import pytest

from pronto_async import ProntoError, RequestEvent, ResponseEvent
from pronto_async.testing import FakePronto, Fault

#: Faults on the charging enrichment: a 500 (charged) and a proxy's 502 (not); neither is
#: re-sent, both are seen by the hooks.
FAULTS = {Fault.SERVER_ERROR: 0.05, Fault.BAD_GATEWAY: 0.05}
ROWS = 150


def rows(count: int) -> list[dict[str, Any]]:
    return [
        {"first_name": f"Ada{i}", "last_name": "Lovelace", "domain": f"d{i}.example.com"}
        for i in range(count)
    ]


class Seen:
    def __init__(self) -> None:
        self.requests: list[RequestEvent] = []
        self.responses: list[ResponseEvent] = []
        self.threads: set[str] = set()

    def on_request(self, event: RequestEvent) -> None:
        self.requests.append(event)

    async def on_response(self, event: ResponseEvent) -> None:
        self.threads.add(threading.current_thread().name)
        self.responses.append(event)


@pytest.mark.pronto_fake(faults=FAULTS, fault_operations=["contacts.enrich"])
@pytest.mark.parametrize("kind", ["async", "sync"])
async def test_a_hook_sees_every_attempt_of_a_fan_out(fake: FakePronto, kind: str) -> None:
    seen = Seen()
    settings: dict[str, Any] = {
        # No client-side pacing: the fake's 50/s (scaled) answers the flood with 429s.
        "rate_limits": {**fake.client_rate_limits(), "contacts.enrich": None},
        "max_retries": 6,
        "on_request": seen.on_request,
        "on_response": seen.on_response,
    }
    if kind == "async":
        async with fake.client(**settings) as client:
            outcomes = [o async for o in client.contacts.enrich_many(
                rows(ROWS), enrichment_type="email", concurrency=150)]
    else:
        pronto = fake.sync_client(**settings)
        try:
            outcomes = await asyncio.to_thread(lambda: list(pronto.contacts.enrich_many(
                rows(ROWS), enrichment_type="email", concurrency=150)))
        finally:
            pronto.close()

    stats = fake.stats["contacts.enrich"]
    assert len(outcomes) == ROWS
    # One request event and one response event per request the server received.
    assert len(seen.requests) == len(seen.responses) == stats.requests
    assert sum(1 for e in seen.requests if e.attempt == 1) == ROWS  # every row, once first
    statuses = Counter(e.status for e in seen.responses)
    assert statuses[429] == stats.rate_limited > 0  # the flood met the fake's limit
    assert statuses[500] + statuses[502] == stats.faults > 0
    assert statuses[200] == sum(1 for o in outcomes if o.ok)
    retried = [e for e in seen.responses if e.status == 429]
    assert all(e.retrying or e.attempt == 7 for e in retried)
    assert any(e.attempt > 1 for e in seen.requests)  # the retries of 429s were seen too
    for event in seen.responses:
        assert event.operation == "contacts.enrich" and event.path == "/contacts/single_enrich"
        assert "Date" in event.headers and "Content-Type" in event.headers
        if event.status == 429:
            assert float(event.headers["Retry-After"]) > 0
        assert event.request_headers["X-API-KEY"] == "<redacted>"
    for event in seen.responses[:50]:
        assert fake.api_key not in repr(event) + repr(dict(event.headers))
    if kind == "sync":
        assert seen.threads == {"pronto-loop"}  # hooks run on the client's loop thread


async def test_no_frame_a_hook_can_reach_holds_the_key(fake: FakePronto) -> None:
    """A hook runs inside the request path: every frame above it (the transport's
    included) is walked as an error tracker would, at each attempt of a retried call, and
    the key is in none of them, nor in what the hooks, the raw response and the error get."""
    from tests.integration.test_key_secrecy import leaks

    found: list[str] = []
    events: list[Any] = []
    walked: list[str] = []

    def walk(event: Any) -> None:
        events.append(event)
        frame = sys._getframe(1)
        depth = 0
        while frame is not None and depth < 12:
            if frame.f_code.co_filename.endswith("_transport.py"):
                walked.append(frame.f_code.co_name)
                found.extend(leaks({frame.f_code.co_name: frame.f_locals}, fake.api_key))
            frame, depth = frame.f_back, depth + 1

    fake.inject(Fault.BAD_GATEWAY, "account.credits")
    fake.inject(Fault.SERVER_ERROR, "accounts.stack")
    async with fake.client(on_request=walk, on_response=walk,
                           default_headers={"X-Team": "sales"}) as client:
        raw = await client.with_raw_response(client.account.credits)
        with pytest.raises(ProntoError) as info:
            await client.accounts.stack(company_domain="notion.so")
    assert raw.attempts == 2 and len(events) == 6
    assert "request" in walked and found == []
    shown = repr(events) + repr(raw) + repr(dict(raw.headers)) + repr(client.options)
    shown += repr(dict(info.value.headers)) + str(info.value)  # type: ignore[attr-defined]
    assert fake.api_key not in shown

"""Hooks over a real fan-out against FakePronto: every attempt of every row is seen (429s,
5xx faults, retries), with status and headers, and never the key."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from typing import Any

import pytest

from pronto_async import RequestEvent, ResponseEvent
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

"""WebhookReceiver on real sockets: bursts, shapes, limits, duplicates, the ledger."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from pronto_async import ValidationError
from pronto_async.ledger import Ledger
from pronto_async.webhooks import WebhookReceiver, delivery_key, normalise_payload

LEAD = {"first_name": "Ada", "linkedin_profile_url": "https://www.linkedin.com/in/ada"}


async def test_a_burst_of_1000_deliveries_is_all_acknowledged_and_kept(tmp_path: Path) -> None:
    with Ledger(tmp_path / "hooks.db") as ledger:
        async with WebhookReceiver(ledger=ledger) as receiver, aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0)
        ) as session:
            subscription = receiver.subscribe()

            async def deliver(i: int) -> int:
                lead = {"first_name": f"A{i}", "linkedin_profile_url": f"https://l.in/{i % 900}"}
                async with session.post(subscription.url, json=lead) as response:
                    return response.status

            statuses = await asyncio.gather(*(deliver(i) for i in range(1000)))
            async with session.post(subscription.url, json={"leads": []}) as response:
                assert response.status == 200  # the end-of-search signal
            items = [item async for item in subscription.items()]
        summary = ledger.summary()
    assert statuses == [200] * 1000  # 0 non-2xx
    assert receiver.rejected == {}
    assert subscription.received == 900  # 100 were redeliveries of the same leads
    assert subscription.duplicates == 100
    assert len(items) == 900
    assert summary.deliveries == 900  # written before each acknowledgement


async def test_refusals_are_4xx_never_5xx() -> None:
    async with WebhookReceiver(max_body=1000) as receiver, aiohttp.ClientSession() as session:
        subscription = receiver.subscribe()
        cases = [
            (subscription.url, b"x" * 5000, 413),
            (subscription.url, b"<html>not json</html>", 400),
            (subscription.url, b'{"truncated": ', 400),
            (subscription.url, b'"a string"', 400),
            (subscription.url, b"[1, 2]", 400),
            (receiver.public_url + "/pronto-webhooks/guessed", b"{}", 404),
            (receiver.public_url + "/elsewhere", b"{}", 404),
        ]
        for url, body, status in cases:
            async with session.post(url, data=body) as response:
                assert response.status == status, (url, body)
    assert subscription.received == 0
    assert receiver.rejected == {413: 1, 400: 4, 404: 1}  # the last 404 is aiohttp's own


@pytest.mark.parametrize(
    ("payloads", "expected"),
    [
        ([LEAD, {**LEAD, "linkedin_profile_url": "https://www.linkedin.com/in/b"}, {"leads": []}],
         2),  # streaming: one flat lead per POST, then the completion dict
        ([[LEAD, {"firstName": "Bo", "linkedin_url": "https://www.linkedin.com/in/bo"}]], 2),
        ([{"leads": [LEAD, {"lead": {"first_name": "C"}, "company": {"name": "Acme"}}]}], 2),
    ],
    ids=["streamed", "bare-list", "leads-envelope"],
)
async def test_every_delivery_shape_reaches_the_iterator(
    payloads: list[Any], expected: int
) -> None:
    async with WebhookReceiver() as receiver, aiohttp.ClientSession() as session:
        subscription = receiver.subscribe()
        for payload in payloads:
            async with session.post(subscription.url, json=payload) as response:
                assert response.status == 200
        items = [item async for item in subscription.items(idle_timeout=0.5)]
    assert len(items) == expected


def test_normalise_payload_shapes() -> None:
    assert normalise_payload(LEAD).items == (LEAD,)
    assert not normalise_payload(LEAD).final
    assert normalise_payload([LEAD]).items == (LEAD,)
    envelope = normalise_payload({"leads": [LEAD]})
    assert envelope.items == (LEAD,) and envelope.final
    with pytest.raises(ValidationError):
        normalise_payload("text")
    with pytest.raises(ValidationError):
        normalise_payload([1])
    assert delivery_key(LEAD) == "linkedin_profile_url:https://www.linkedin.com/in/ada"
    assert delivery_key({"enrichment_id": "e1", "email": "x"}) == "enrichment_id:e1"
    assert delivery_key({"lead": {"id": 7}}) == "id:7"
    assert delivery_key({"a": 1}) == delivery_key(json.loads('{"a": 1}'))


def test_public_url_must_be_http() -> None:
    with pytest.raises(ValidationError):
        WebhookReceiver(public_url="ftp://example.com")
    receiver = WebhookReceiver(public_url="https://hooks.example.com/")
    assert receiver.subscribe().url.startswith("https://hooks.example.com/pronto-webhooks/")


async def test_bulk_enrichment_results_arrive_through_the_receiver(tmp_path: Path) -> None:
    from pronto_async.testing import FakePronto

    contacts = [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com",
                 "custom": {"row": i}} for i in range(25)]
    with Ledger(tmp_path / "hooks.db") as ledger:
        async with FakePronto(time_scale=0.05) as fake, WebhookReceiver(ledger=ledger) as hooks:
            subscription = hooks.subscribe()
            async with fake.client() as pronto:
                job = await pronto.contacts.bulk_enrich(
                    contacts=contacts, enrichment_type="email", webhook_url=subscription.url
                )
            results = [item async for item in subscription.items(idle_timeout=1.0)]
        assert ledger.summary().deliveries == 25
    assert job.id
    assert sorted(r["custom"]["row"] for r in results) == list(range(25))  # one POST each
    assert all(r.get("status") == "finished" for r in results)

"""on_request / on_response hooks: every attempt, plain and async hooks, failures, redaction;
errors carry the response headers."""

from __future__ import annotations

import asyncio
import logging
import typing
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses

from pronto_async import (
    AsyncPronto,
    AttemptOutcome,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RequestEvent,
    ResponseEvent,
)
from pronto_async._retry import Outcome
from tests.support.harness import APP, Harness, sent

CREDITS = f"{APP}/credits"
ACCOUNT_ENRICH = f"{APP}/accounts/single_enrich"


class Recorder:
    """Hooks that keep every event, one plain and one async."""

    def __init__(self) -> None:
        self.requests: list[RequestEvent] = []
        self.responses: list[ResponseEvent] = []

    def on_request(self, event: RequestEvent) -> None:
        self.requests.append(event)

    async def on_response(self, event: ResponseEvent) -> None:
        await asyncio.sleep(0)
        self.responses.append(event)


async def hooked(pronto: Harness, recorder: Recorder, **options: Any) -> Any:
    view = pronto.with_options(
        on_request=recorder.on_request, on_response=recorder.on_response, **options
    )
    return await view if asyncio.iscoroutine(view) else view


def test_attempt_outcomes_name_every_retry_outcome() -> None:
    assert set(typing.get_args(AttemptOutcome)) == {o.value for o in Outcome}


async def test_hooks_see_every_attempt_with_status_and_headers(
    pronto: Harness, mock: aioresponses, api_key: str
) -> None:
    mock.get(CREDITS, status=500, payload={"error": "boom"}, headers={"X-Request-Id": "r1"})
    mock.get(CREDITS, status=429, headers={"Retry-After": "1", "X-Request-Id": "r2"})
    mock.get(CREDITS, payload={"credits": 5}, headers={"X-Request-Id": "r3"})
    recorder = Recorder()
    client = await hooked(pronto, recorder)

    assert (await client.account.credits()).credits == 5

    assert [e.attempt for e in recorder.requests] == [1, 2, 3]
    assert [(e.attempt, e.status, e.outcome, e.retrying) for e in recorder.responses] == [
        (1, 500, "server_error", True), (2, 429, "rate_limited", True), (3, 200, "ok", False),
    ]
    assert [e.headers["x-request-id"] for e in recorder.responses] == ["r1", "r2", "r3"]
    first = recorder.requests[0]
    assert (first.operation, first.method, first.path, first.url) == (
        "account.credits", "GET", "/credits", CREDITS,
    )
    assert first.headers["X-API-KEY"] == "<redacted>"
    assert first.headers["User-Agent"].startswith("pronto-async/")
    assert all(e.elapsed >= 0 for e in recorder.responses) and recorder.responses[-1].ok
    assert api_key not in repr(recorder.requests) + repr(recorder.responses)


async def test_a_charging_call_not_resent_is_seen_once_and_said_final(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(ACCOUNT_ENRICH, status=502, body="<html>Bad Gateway</html>",
              content_type="text/html", repeat=True)
    recorder = Recorder()
    client = await hooked(pronto, recorder)
    with pytest.raises(InternalServerError):
        await client.accounts.enrich(domain="notion.so")
    (event,) = recorder.responses
    assert (event.status, event.outcome, event.retrying) == (502, "server_error", False)
    assert event.headers["Content-Type"].startswith("text/html")


async def test_a_failed_connection_is_an_event_without_status(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(CREDITS, exception=TimeoutError(), repeat=True)
    recorder = Recorder()
    client = await hooked(pronto, recorder, max_retries=1)
    with pytest.raises(Exception, match="no answer"):
        await client.account.credits()
    assert [(e.status, e.outcome, e.retrying) for e in recorder.responses] == [
        (None, "lost", True), (None, "lost", False),
    ]
    assert dict(recorder.responses[0].headers) == {}
    assert recorder.responses[0].error is not None


async def test_a_hook_that_raises_is_logged_and_the_call_goes_on(
    api_key: str, mock: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    mock.get(CREDITS, payload={"credits": 2})
    seen: list[int] = []

    def broken(event: ResponseEvent) -> None:
        raise RuntimeError("metrics backend down")

    async def broken_async(event: RequestEvent) -> None:
        raise ValueError("audit log full")

    async with AsyncPronto(api_key, on_request=broken_async,
                           on_response=[broken, lambda e: seen.append(e.attempt)]) as client:
        assert (await client.account.credits()).credits == 2
    assert seen == [1]  # the hook after the broken one still ran
    assert "metrics backend down" in caplog.text and "audit log full" in caplog.text
    assert "on_response hook" in caplog.text and "the request goes on" in caplog.text
    assert all(r.levelno == logging.WARNING for r in caplog.records if "hook" in r.message)


async def test_view_hooks_add_to_the_clients_and_per_call_options_keep_them(
    api_key: str, mock: aioresponses
) -> None:
    mock.get(CREDITS, payload={"credits": 2}, repeat=True)
    client_seen: list[str] = []
    view_seen: list[str] = []
    async with AsyncPronto(api_key, on_response=lambda e: client_seen.append(e.path)) as client:
        view = client.with_options(on_response=lambda e: view_seen.append(e.path))
        await view.account.credits()
        await client.request("account.credits", timeout=3)
    assert client_seen == ["/credits", "/credits"] and view_seen == ["/credits"]


async def test_errors_carry_the_response_headers_redacted(
    pronto: Harness, mock: aioresponses, api_key: str
) -> None:
    mock.get(f"{APP}/searches/nope", status=404, payload={"error": "Search not found"},
             headers={"X-Request-Id": "req-9", "Set-Cookie": "session=abc",
                      "X-Echo": f"key={api_key}"})
    mock.get(CREDITS, status=429, headers={"Retry-After": "0.5", "X-RateLimit-Remaining": "0"},
             repeat=True)

    with pytest.raises(NotFoundError) as info:
        await pronto.searches.get(id="nope")
    headers = info.value.headers
    assert headers["x-request-id"] == "req-9"
    assert headers["Set-Cookie"] == "<redacted>"
    assert headers["X-Echo"] == "key=***"
    assert api_key not in repr(dict(headers)) + str(info.value)

    with pytest.raises(RateLimitError) as limited:
        await pronto.account.credits()
    assert limited.value.headers["X-RateLimit-Remaining"] == "0"
    assert limited.value.retry_after == 0.5
    assert len(sent(mock, "GET", CREDITS)) == 4


async def test_the_key_never_reaches_a_hook_event(api_key: str, mock: aioresponses) -> None:
    """Not in the request headers, not in a response header that echoes it, not in an error
    text, not in any event's repr."""
    mock.get(CREDITS, status=500, payload={"error": f"bad key {api_key}"},
             headers={"X-Echo": api_key, "Authorization": f"Bearer {api_key}"})
    mock.get(CREDITS, exception=aiohttp.ClientOSError(f"reset while sending {api_key}"))
    mock.get(CREDITS, payload={"credits": 1}, headers={"X-Echo": api_key})
    recorder = Recorder()
    async with AsyncPronto(api_key, on_request=recorder.on_request,
                           on_response=recorder.on_response) as client:
        await client.account.credits()
    assert len(recorder.responses) == 3
    dump = repr(recorder.requests) + repr(recorder.responses)
    for event in recorder.responses:
        dump += repr(dict(event.headers)) + repr(dict(event.request_headers))
        dump += str(event.error)
    assert api_key not in dump
    assert recorder.responses[0].headers["Authorization"] == "<redacted>"
    assert recorder.responses[1].error is not None and "***" in recorder.responses[1].error

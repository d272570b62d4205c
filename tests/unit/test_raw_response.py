"""with_raw_response: the model next to the status, headers and raw JSON, on both clients."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import AsyncPronto, NotFoundError, RawResponse
from pronto_async.models.account import Credits
from pronto_async.models.searches import SearchDetail
from tests.support import reference_contacts_searches as cs
from tests.support.harness import APP, Harness

ONE = f"{APP}/searches/{cs.SEARCH_ID}"
CREDITS = f"{APP}/credits"


async def test_a_typed_call_gives_its_model_and_the_exchange(
    pronto: Harness, mock: aioresponses, api_key: str
) -> None:
    mock.get(ONE, status=503, headers={"X-Request-Id": "first"})
    mock.get(ONE, payload=cs.SEARCH_DETAIL,
             headers={"X-Request-Id": "second", "Set-Cookie": "s=1", "X-Echo": api_key})

    raw = await pronto.with_raw_response(pronto.client.searches.get, id=cs.SEARCH_ID)

    assert isinstance(raw, RawResponse)
    assert isinstance(raw.parsed, SearchDetail) and raw.parsed.is_terminal
    assert raw.status == 200 and raw.attempts == 2 and raw.requests == 1
    assert raw.operation == "searches.get"
    assert raw.json == cs.SEARCH_DETAIL  # the body before the model was made from it
    assert raw.headers["x-request-id"] == "second"
    assert raw.headers["Set-Cookie"] == "<redacted>" and raw.headers["X-Echo"] == "***"
    assert raw.elapsed >= 0
    text = repr(raw)
    assert "searches.get" in text and "status=200" in text and "SearchDetail" in text
    assert api_key not in text + repr(dict(raw.headers))


async def test_request_itself_and_a_view_can_be_recorded(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(CREDITS, payload={"credits": 7, "plan": "pro"}, repeat=True)
    raw = await pronto.with_raw_response(pronto.client.request, "account.credits")
    assert raw.parsed == {"credits": 7, "plan": "pro"} and raw.status == 200
    fast = pronto.client.with_options(max_retries=0)
    raw2 = await pronto.with_raw_response(fast.account.credits)
    assert isinstance(raw2.parsed, Credits) and raw2.parsed.credits == 7
    assert raw2.parsed.extra == {"plan": "pro"} and raw2.json["plan"] == "pro"


async def test_an_error_is_raised_with_its_headers(pronto: Harness, mock: aioresponses) -> None:
    mock.get(ONE, status=404, payload={"error": "Search not found"},
             headers={"X-Request-Id": "r404"})
    with pytest.raises(NotFoundError) as info:
        await pronto.with_raw_response(pronto.client.searches.get, id=cs.SEARCH_ID)
    assert info.value.headers["X-Request-Id"] == "r404"


async def test_concurrent_calls_see_their_own_exchange(
    api_key: str, mock: aioresponses
) -> None:
    for i in range(6):
        mock.get(f"{APP}/searches/s{i}", payload={"search": {"id": f"s{i}"}, "leads": []},
                 headers={"X-Which": f"s{i}"})
    async with AsyncPronto(api_key) as client:
        raws = await asyncio.gather(
            *(client.with_raw_response(client.searches.get, id=f"s{i}") for i in range(6))
        )
    assert [r.headers["X-Which"] for r in raws] == [f"s{i}" for i in range(6)]
    assert [str(r.parsed.search.id) for r in raws if r.parsed.search] == [
        f"s{i}" for i in range(6)
    ]


async def test_a_method_without_a_request_is_refused(api_key: str) -> None:
    async with AsyncPronto(api_key) as client:
        with pytest.raises(TypeError, match="awaitable"):
            await client.with_raw_response(client.searches.list)  # type: ignore[arg-type]

        async def no_request() -> int:
            return 1

        with pytest.raises(TypeError, match="made no request"):
            await client.with_raw_response(no_request)


async def test_the_blocking_client_refuses_an_iterator(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pronto_async import Pronto, _facade
    from tests.support.vclock import VirtualClockLoop

    monkeypatch.setattr(_facade, "_loop_factory", VirtualClockLoop)
    with Pronto(api_key) as pronto, pytest.raises(TypeError, match="made no request"):
        await asyncio.to_thread(pronto.with_raw_response, pronto.searches.list)


def _typed(raw: RawResponse[SearchDetail]) -> Any:  # mypy sees the parsed type
    return raw.parsed.leads

"""The request pipeline, through both clients: retries, credit safety, errors, 429 gate."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import aiohttp
import pytest
from aioresponses import aioresponses

from pronto_async import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConsentRequiredError,
    InsufficientCreditsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnexpectedResponseError,
)
from tests.support.harness import APP, ENRICH, Harness, recorder, request_count, sent

CREDITS = f"{APP}/credits"
ACCOUNT_ENRICH = f"{APP}/accounts/single_enrich"
CONTACT_ENRICH = f"{ENRICH}/contacts/single_enrich"
HTML = "<!doctype html><html><head><title>Pronto</title></head><body>Log in</body></html>"


async def test_500_on_charging_call_is_sent_once_and_may_have_charged(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(ACCOUNT_ENRICH, status=500, payload={"error": "boom"}, repeat=True)

    with pytest.raises(InternalServerError) as info:
        await pronto.accounts.enrich(domain="notion.so")

    assert info.value.may_have_charged is True
    assert info.value.status == 500
    assert info.value.message == "boom"
    assert info.value.endpoint == "accounts.enrich"
    assert len(sent(mock, "POST", ACCOUNT_ENRICH)) == 1


async def test_500_on_free_call_is_retried_until_it_succeeds(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(CREDITS, status=500, payload={"error": "boom"})
    mock.get(CREDITS, status=503, body="Service Unavailable", content_type="text/plain")
    mock.get(CREDITS, payload={"credits": 1200})

    credits = await pronto.account.credits()

    assert credits.credits == 1200
    assert len(sent(mock, "GET", CREDITS)) == 3


async def test_free_call_gives_up_after_max_retries(pronto: Harness, mock: aioresponses) -> None:
    mock.get(CREDITS, status=502, body=HTML, content_type="text/html", repeat=True)

    with pytest.raises(InternalServerError) as info:
        await pronto.account.credits()

    assert info.value.status == 502
    assert info.value.may_have_charged is False
    assert len(sent(mock, "GET", CREDITS)) == 4  # 1 + max_retries


async def test_retry_ambiguous_opts_in_to_resending_charging_calls(
    api_key: str, mock: aioresponses
) -> None:
    from pronto_async import AsyncPronto

    mock.post(ACCOUNT_ENRICH, status=500, payload={"error": "boom"})
    mock.post(ACCOUNT_ENRICH, payload={"name": "Notion"})
    async with AsyncPronto(api_key, retry_ambiguous=True) as client:
        company = await client.accounts.enrich(domain="notion.so")
    assert company.name == "Notion"
    assert len(sent(mock, "POST", ACCOUNT_ENRICH)) == 2


async def test_html_page_with_200_is_unexpected_response(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(ACCOUNT_ENRICH, status=200, body=HTML, content_type="text/html")

    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.accounts.enrich(domain="notion.so")

    assert "HTML page" in str(info.value)
    assert info.value.content_type == "text/html"
    assert info.value.may_have_charged is True  # a charging call: the work may be done
    assert len(sent(mock, "POST", ACCOUNT_ENRICH)) == 1


async def test_truncated_json_on_free_call_is_retried_then_raised(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(CREDITS, status=200, body='{"credits": 12', repeat=True)

    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.account.credits()

    assert "unreadable body" in str(info.value)
    assert info.value.may_have_charged is False
    assert len(sent(mock, "GET", CREDITS)) == 4


async def test_401_is_authentication_error_without_the_key(
    pronto: Harness, mock: aioresponses, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pronto_async")
    # A server that echoes the key it refused must not make us print it.
    mock.get(f"{APP}/account", status=401, payload={"error": f"Invalid API key {api_key}"})

    with pytest.raises(AuthenticationError) as info:
        await pronto.account.info()

    error = info.value
    assert error.status == 401
    for text in (str(error), repr(error), str(error.body), error.message, caplog.text):
        assert api_key not in text
    assert "***" in error.message
    assert len(sent(mock, "GET", f"{APP}/account")) == 1


@pytest.mark.parametrize(
    ("status", "payload", "error_cls"),
    [
        (400, {"error": 400, "message": "Provide at least one of: company_domain"},
         BadRequestError),
        (403, {"error": "Forbidden"}, PermissionDeniedError),
        (404, {"error": "Search not found"}, NotFoundError),
        (422, {"error": "Insufficient enrichment credits"}, InsufficientCreditsError),
        (401, {"error": "Insufficient credits"}, InsufficientCreditsError),
        (422, {"message": "You can't use the personal email enrichment feature without "
                          "consenting with our terms of use"}, ConsentRequiredError),
        (422, {"errors": ["linkedin_url is invalid", {"message": "limit too high"}]}, None),
    ],
)
async def test_status_and_message_map_to_error_classes(
    pronto: Harness,
    mock: aioresponses,
    status: int,
    payload: dict[str, object],
    error_cls: type[Exception] | None,
) -> None:
    mock.post(CONTACT_ENRICH, status=status, payload=payload)

    with pytest.raises(Exception) as info:
        await pronto.contacts.enrich(
            first_name="Ada", last_name="Lovelace", enrichment_type=["email"], domain="x.io"
        )

    if error_cls is None:
        assert info.value.status == 422
        assert info.value.message == "linkedin_url is invalid; limit too high"
    else:
        assert type(info.value) is error_cls
        assert info.value.status == status
    assert info.value.may_have_charged is False  # refused: nothing was done
    assert len(sent(mock, "POST", CONTACT_ENRICH)) == 1


async def test_429_with_retry_after_holds_every_waiting_task_then_succeeds(
    pronto: Harness, mock: aioresponses
) -> None:
    times: list[float] = []
    url = f"{APP}/locations"
    mock.post(url, status=429, headers={"Retry-After": "2"}, callback=recorder(times))
    mock.post(url, payload=[{"id": "1", "name": "Paris"}], repeat=True,
              callback=recorder(times))

    results = await asyncio.gather(*(pronto.locations.search(name="Paris") for _ in range(8)))

    assert all(r[0].id == "1" for r in results)
    first = times[0]
    later = sorted(times[1:])
    # The calls already in flight before the 429 came back could not be held (there are
    # none here: the 429 answered first). Every request after it waited the full 2 s.
    assert len(times) == 9
    assert later[0] - first >= 2.0
    assert later[0] - first < 2.1


async def test_429_gate_holds_waiters_of_a_paced_endpoint(
    pronto: Harness, mock: aioresponses
) -> None:
    times: list[float] = []
    mock.post(ACCOUNT_ENRICH, status=429, headers={"Retry-After": "2"}, callback=recorder(times))
    mock.post(ACCOUNT_ENRICH, payload={"name": "Acme"}, repeat=True, callback=recorder(times))

    results = await asyncio.gather(*(pronto.accounts.enrich(domain=f"d{i}.com") for i in range(5)))

    assert [r.name for r in results] == ["Acme"] * 5
    start = times[0]
    # The 429 answered the first request; the next four were paced 1/20 s apart but the gate
    # held each of them until 2 s after the 429, then released them paced again.
    after = [t - start for t in times[1:]]
    assert len(after) == 5
    assert all(t >= 2.0 for t in after)
    gaps = [b - a for a, b in zip(sorted(after), sorted(after)[1:], strict=False)]
    assert all(g >= 0.05 for g in gaps)
    assert len(sent(mock, "POST", ACCOUNT_ENRICH)) == 6


async def test_429_is_retried_on_charging_calls_because_it_was_refused(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(CONTACT_ENRICH, status=429)
    mock.post(CONTACT_ENRICH, payload={"status": "success", "email": "ada@x.io"})

    result = await pronto.contacts.enrich(
        first_name="Ada", last_name="Lovelace", enrichment_type="email"
    )

    assert result.email == "ada@x.io"
    assert len(sent(mock, "POST", CONTACT_ENRICH)) == 2


async def test_retry_after_beyond_120_s_is_raised_not_waited(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(CREDITS, status=429, headers={"Retry-After": "3600"}, payload={"error": "slow"})

    with pytest.raises(RateLimitError) as info:
        await pronto.account.credits()

    assert info.value.retry_after == 3600
    assert len(sent(mock, "GET", CREDITS)) == 1


async def test_persistent_429_ends_as_rate_limit_error(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(CREDITS, status=429, headers={"Retry-After": "1"}, repeat=True)

    with pytest.raises(RateLimitError):
        await pronto.account.credits()

    assert len(sent(mock, "GET", CREDITS)) == 4


def _refused() -> aiohttp.ClientConnectorError:
    key = SimpleNamespace(host="app.prontohq.com", port=443, ssl=True)
    return aiohttp.ClientConnectorError(
        connection_key=key,  # type: ignore[arg-type]
        os_error=ConnectionRefusedError(111, "Connection refused"),
    )


async def test_connection_refused_before_sending_is_retried_for_charging_calls(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(ACCOUNT_ENRICH, exception=_refused())
    mock.post(ACCOUNT_ENRICH, payload={"name": "Acme"})

    company = await pronto.accounts.enrich(domain="acme.com")

    assert company.name == "Acme"
    assert len(sent(mock, "POST", ACCOUNT_ENRICH)) == 2


async def test_connection_refused_every_time_is_raised_as_not_sent(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(ACCOUNT_ENRICH, exception=_refused(), repeat=True)

    with pytest.raises(APIConnectionError) as info:
        await pronto.accounts.enrich(domain="acme.com")

    assert info.value.sent is False
    assert info.value.may_have_charged is False
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectorError)
    assert len(sent(mock, "POST", ACCOUNT_ENRICH)) == 4


async def test_timeout_on_charging_call_is_ambiguous_and_not_resent(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(CONTACT_ENRICH, timeout=True, repeat=True)

    with pytest.raises(APITimeoutError) as info:
        await pronto.contacts.enrich(first_name="A", last_name="B", enrichment_type=["email"])

    assert isinstance(info.value, TimeoutError)
    assert info.value.may_have_charged is True
    assert info.value.sent is True
    assert "120 s" in str(info.value)
    assert len(sent(mock, "POST", CONTACT_ENRICH)) == 1


async def test_dropped_connection_on_free_call_is_retried(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(CREDITS, exception=aiohttp.ServerDisconnectedError())
    mock.get(CREDITS, payload={"credits": 5})

    assert (await pronto.account.credits()).credits == 5
    assert len(sent(mock, "GET", CREDITS)) == 2


async def test_every_request_carries_the_key_header_and_json_body(
    pronto: Harness, mock: aioresponses, api_key: str
) -> None:
    mock.post(ACCOUNT_ENRICH, payload={"name": "Acme"})

    await pronto.accounts.enrich(domain="acme.com", country="fr")

    (call,) = sent(mock, "POST", ACCOUNT_ENRICH)
    assert call["headers"]["X-API-KEY"] == api_key
    assert call["headers"]["Content-Type"] == "application/json"
    assert call["headers"]["User-Agent"].startswith("pronto-async/")
    assert call["body"] == {"domain": "acme.com", "country": "FR"}
    assert call["allow_redirects"] is False


async def test_get_sends_no_body(pronto: Harness, mock: aioresponses) -> None:
    mock.get(CREDITS, payload={"credits": 1})
    await pronto.account.credits()
    (call,) = sent(mock, "GET", CREDITS)
    assert call["body"] is None
    assert "Content-Type" not in call["headers"]
    assert request_count(mock) == 1

"""AsyncPronto configuration and lifecycle."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest
from aioresponses import aioresponses

from pronto_async import (
    AsyncPronto,
    AuthenticationError,
    Endpoint,
    ProntoError,
    Rate,
    ValidationError,
)
from tests.support.harness import APP, sent


def test_key_comes_from_the_argument_or_the_environment(
    monkeypatch: pytest.MonkeyPatch, api_key: str
) -> None:
    with pytest.raises(AuthenticationError) as info:
        AsyncPronto()
    assert "PRONTO_API_KEY" in str(info.value)
    assert "app.prontohq.com/settings/apis/keys" in str(info.value)
    with pytest.raises(AuthenticationError):
        AsyncPronto("   ")
    monkeypatch.setenv("PRONTO_API_KEY", api_key)
    assert AsyncPronto().base_url == "https://app.prontohq.com/api/v2"


def test_base_urls_default_and_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, api_key: str
) -> None:
    client = AsyncPronto(api_key)
    assert client.base_url == "https://app.prontohq.com/api/v2"
    assert client.enrich_base_url == "https://api.prontohq.com/v2"
    monkeypatch.setenv("PRONTO_BASE_URL", "https://eu.example.com/api/v2/")
    monkeypatch.setenv("PRONTO_ENRICH_BASE_URL", "https://enrich.example.com/v2")
    client = AsyncPronto(api_key)
    assert client.base_url == "https://eu.example.com/api/v2"
    assert client.enrich_base_url == "https://enrich.example.com/v2"
    client = AsyncPronto(api_key, base_url="http://127.0.0.1:8080/api/v2")
    assert client.base_url == "http://127.0.0.1:8080/api/v2"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/api/v2", "http://localhost:9", "http://[::1]:9/v2"]
)
def test_plain_http_is_allowed_on_loopback(api_key: str, url: str) -> None:
    assert AsyncPronto(api_key, base_url=url, enrich_base_url=url).base_url == url


@pytest.mark.parametrize(
    "url", ["http://app.prontohq.com/api/v2", "http://10.0.0.5/api", "ftp://x.io", "nonsense"]
)
def test_plain_http_is_refused_off_loopback(api_key: str, url: str) -> None:
    with pytest.raises(ValidationError) as info:
        AsyncPronto(api_key, base_url=url)
    assert "base_url" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"timeout": 0}, "timeout must be > 0"),
        ({"max_retries": -1}, "max_retries must be an integer >= 0"),
        ({"max_retries": True}, "max_retries must be an integer >= 0"),
        ({"rate_margin": -0.1}, "rate_margin must be >= 0"),
        ({"max_connections": 0}, "max_connections must be an integer >= 1"),
        ({"rate_limits": {"contacts.enrichh": Rate(1, 1)}}, "unknown operation"),
        ({"rate_limits": {"contacts.enrich": 50}}, "must be a Rate or None"),
    ],
)
def test_bad_settings_are_refused(api_key: str, kwargs: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError) as info:
        AsyncPronto(api_key, **kwargs)  # type: ignore[arg-type]
    assert problem in str(info.value)


async def test_repr_and_logs_never_show_the_key(
    api_key: str, mock: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pronto_async")
    mock.get(f"{APP}/credits", status=500, repeat=True)
    async with AsyncPronto(api_key, max_retries=1) as client:
        assert api_key not in repr(client)
        with pytest.raises(ProntoError) as info:
            await client.account.credits()
    assert api_key not in repr(client) + str(info.value) + repr(info.value) + caplog.text
    assert "GET /credits -> 500" in caplog.text
    assert "retrying" in caplog.text


async def test_lifecycle(api_key: str, mock: aioresponses) -> None:
    mock.get(f"{APP}/credits", payload={"credits": 1}, repeat=True)
    client = AsyncPronto(api_key)
    assert "state=unopened" in repr(client)
    await client.account.credits()
    assert "state=open" in repr(client)
    session = client._session
    assert session is not None and not session.closed
    await client.close()
    await client.close()  # idempotent
    assert client.closed and session.closed
    with pytest.raises(ProntoError, match="closed"):
        await client.account.credits()


async def test_a_session_you_pass_in_is_used_and_not_closed(
    api_key: str, mock: aioresponses
) -> None:
    mock.get(f"{APP}/credits", payload={"credits": 1})
    async with aiohttp.ClientSession() as session:
        async with AsyncPronto(api_key, session=session) as client:
            await client.account.credits()
        assert not session.closed
    assert len(sent(mock, "GET", f"{APP}/credits")) == 1


async def test_the_connector_is_sized_for_fan_out(api_key: str, mock: aioresponses) -> None:
    mock.get(f"{APP}/credits", payload={"credits": 1})
    async with AsyncPronto(api_key, max_connections=300) as client:
        await client.account.credits()
        connector = client._session.connector  # type: ignore[union-attr]
        assert connector is not None
        assert connector.limit == 600
        assert connector.limit_per_host == 300


def test_a_client_belongs_to_one_loop(api_key: str) -> None:
    client = AsyncPronto(api_key)

    async def use() -> None:
        with aioresponses() as m:
            m.get(f"{APP}/credits", payload={"credits": 1})
            await client.account.credits()

    asyncio.run(use())
    with pytest.raises(ProntoError, match="another event loop"):
        asyncio.run(use())
    asyncio.run(client.close())


async def test_request_reaches_any_operation_or_a_custom_endpoint(
    api_key: str, mock: aioresponses
) -> None:
    mock.get(f"{APP}/searches/abc%2F1", payload={"search": {"id": "abc/1"}})
    mock.post(f"{APP}/new/thing", payload={"ok": True})
    async with AsyncPronto(api_key) as client:
        data = await client.request("searches.get", path_params={"id": "abc/1"})
        assert data == {"search": {"id": "abc/1"}}
        custom = Endpoint(name="x.new", method="POST", path="/new/thing", charges=True,
                          ref="https://example.com")
        assert await client.request(custom, json={"a": 1}) == {"ok": True}
        with pytest.raises(ValidationError, match="unknown operation"):
            await client.request("searches.gett")
        with pytest.raises(ValidationError, match="id must be a non-empty string"):
            await client.request("searches.get", path_params={"id": " "})
        with pytest.raises(ValidationError, match="missing path parameter"):
            await client.request("searches.get")


class _CountingLimiter:
    """A limiter of the user's own: counts acquisitions and gate closures."""

    def __init__(self) -> None:
        self.acquired: list[str] = []
        self.blocked: list[tuple[str, float]] = []

    async def acquire(self, endpoint: Endpoint) -> float:
        self.acquired.append(endpoint.name)
        return 0.0

    def block(self, endpoint: Endpoint, seconds: float) -> None:
        self.blocked.append((endpoint.name, seconds))

    def rate(self, endpoint: Endpoint) -> Rate | None:
        return endpoint.rate


async def test_a_limiter_of_ones_own_replaces_the_built_in_limits(api_key: str) -> None:
    from pronto_async import RateLimiter

    limiter = _CountingLimiter()
    assert isinstance(limiter, RateLimiter)
    with aioresponses() as mocked:
        mocked.get(f"{APP}/credits", status=429, headers={"Retry-After": "1.5"})
        mocked.get(f"{APP}/credits", payload={"credits": 7})
        async with AsyncPronto(api_key, limiter=limiter) as client:
            credits = await client.account.credits()
    assert credits.credits == 7
    assert limiter.acquired == ["account.credits", "account.credits"]
    assert limiter.blocked == [("account.credits", 1.5)]


@pytest.mark.parametrize(
    "kwargs", [{"rate_limits": {"contacts.enrich": Rate(5, 1)}}, {"rate_margin": 0.1}]
)
def test_a_limiter_of_ones_own_refuses_built_in_limit_settings(
    api_key: str, kwargs: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as info:
        AsyncPronto(api_key, limiter=_CountingLimiter(), **kwargs)  # type: ignore[arg-type]
    assert "give them to the limiter you pass" in str(info.value)


async def test_proxies_come_from_the_environment_read_once(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SDK's own session does not use aiohttp's trust_env (it re-reads the environment
    in a thread on every request); the proxy settings are read once, per host."""
    monkeypatch.setenv("HTTPS_PROXY", "http://user:pw@proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "api.prontohq.com")
    from tests.support.harness import ENRICH

    with aioresponses() as mocked:
        mocked.get(f"{APP}/credits", payload={"credits": 1}, repeat=True)
        mocked.post(f"{ENRICH}/contacts/single_enrich", payload={"status": "success"})
        async with AsyncPronto(api_key) as client:
            await client.account.credits()
            monkeypatch.setenv("HTTPS_PROXY", "http://elsewhere:1")  # read once: ignored
            await client.account.credits()
            await client.contacts.enrich(first_name="A", last_name="B", domain="x.io",
                                         enrichment_type="email")
            assert client._session is not None and not client._session.trust_env
        app = sent(mocked, "GET", f"{APP}/credits")
        enrich = sent(mocked, "POST", f"{ENRICH}/contacts/single_enrich")
    assert [str(call["proxy"]) for call in app] == ["http://proxy.internal:3128"] * 2
    assert app[0]["proxy_auth"] == aiohttp.BasicAuth("user", "pw")
    assert enrich[0]["proxy"] is None  # NO_PROXY names the enrichment host


async def test_a_session_of_ones_own_keeps_its_settings(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(f"{APP}/credits", payload={"credits": 1})
        async with aiohttp.ClientSession(trust_env=True) as session:
            async with AsyncPronto(api_key, session=session) as client:
                await client.account.credits()
            assert session.trust_env
        (call,) = sent(mocked, "GET", f"{APP}/credits")
    assert call["proxy"] is None


async def test_concurrent_first_calls_open_one_session(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(f"{APP}/credits", payload={"credits": 1}, repeat=True)
        async with AsyncPronto(api_key) as client:
            sessions = await asyncio.gather(*(client._open_session() for _ in range(20)))
            results = await asyncio.gather(*(client.account.credits() for _ in range(5)))
    assert len({id(s) for s in sessions}) == 1
    assert all(s.closed for s in sessions)
    assert [r.credits for r in results] == [1] * 5

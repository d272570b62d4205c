"""Options: validation, timeouts by rule, with_options views on both clients, per-call options,
headers and the User-Agent suffix."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import (
    ENDPOINTS,
    AsyncPronto,
    Endpoint,
    Options,
    Pronto,
    RateLimitError,
    ValidationError,
)
from pronto_async._endpoints import endpoint
from tests.support.harness import APP, ENRICH, Harness, request_count, sent

CREDITS = f"{APP}/credits"
CONTACT_ENRICH = f"{ENRICH}/contacts/single_enrich"


async def view(pronto: Harness, **options: Any) -> Any:
    """``pronto.with_options(**options)`` for either client (the sync one runs in a thread)."""
    result = pronto.with_options(**options)
    return await result if inspect.isawaitable(result) else result


def url_of(row: Endpoint) -> str:
    base = ENRICH if row.host.value == "enrich" else APP
    return base + row.url_path({"id": "x1", "uuid": "x1"})


def path_params(row: Endpoint) -> dict[str, str]:
    return {name: "x1" for name in ("id", "uuid") if "{" + name + "}" in row.path}


def register(mock: aioresponses, row: Endpoint, **kwargs: Any) -> None:
    getattr(mock, row.method.lower())(url_of(row), repeat=True, **kwargs)


# -- the endpoint table: every operation, both clients ---------------------------------------


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda r: r.name)
async def test_with_options_timeout_and_max_retries_hold_for_every_operation(
    pronto: Harness, mock: aioresponses, row: Endpoint
) -> None:
    register(mock, row, status=429, payload={"error": "slow down"})
    fast = await view(pronto, timeout=4.5, max_retries=0)

    with pytest.raises(RateLimitError):
        await fast.request(row.name, path_params=path_params(row))

    (call,) = sent(mock, row.method, url_of(row))  # a 429 is retried by default: not here
    assert call["timeout"].total == 4.5


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda r: r.name)
async def test_per_call_options_of_request_hold_for_every_operation(
    pronto: Harness, mock: aioresponses, row: Endpoint
) -> None:
    register(mock, row, status=429, payload={"error": "slow down"})

    with pytest.raises(RateLimitError):
        await pronto.request(
            row.name, path_params=path_params(row), timeout=7, max_retries=0,
            extra_headers={"X-Trace": "t-1"},
        )

    (call,) = sent(mock, row.method, url_of(row))
    assert call["timeout"].total == 7
    assert call["headers"]["X-Trace"] == "t-1"


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda r: r.name)
async def test_a_client_wide_timeout_keeps_longer_operation_defaults(
    api_key: str, mock: aioresponses, row: Endpoint
) -> None:
    register(mock, row, payload={})
    async with AsyncPronto(api_key, timeout=5) as client:
        await client.request(row.name, path_params=path_params(row))
        await client.with_options(timeout=9).request(row.name, path_params=path_params(row))
    first, second = sent(mock, row.method, url_of(row))
    assert first["timeout"].total == (5 if row.timeout == 30 else row.timeout)
    assert second["timeout"].total == 9  # a per-view timeout holds whatever the operation


async def test_the_waterfall_keeps_120_s_unless_told_otherwise(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(CONTACT_ENRICH, payload={}, repeat=True)
    body = {"first_name": "Ada"}
    await pronto.request("contacts.enrich", json=body)
    await pronto.request("contacts.enrich", json=body, timeout=200)
    await (await view(pronto, timeouts={"contacts.enrich": 150})).request(
        "contacts.enrich", json=body
    )
    totals = [c["timeout"].total for c in sent(mock, "POST", CONTACT_ENRICH)]
    assert totals == [120, 200, 150]
    assert endpoint("contacts.enrich").timeout == 120


def test_timeout_rule() -> None:
    waterfall, feed, plain = (
        endpoint(n) for n in ("contacts.enrich", "signals.posts", "account.credits")
    )
    wide = Options.build(default_timeout=5)
    assert [wide.timeout_for(e) for e in (waterfall, feed, plain)] == [120, 60, 5]
    long = Options.build(default_timeout=300)
    assert [long.timeout_for(e) for e in (waterfall, feed, plain)] == [300, 300, 300]
    named = long.evolve(timeouts={"signals.posts": 10})
    assert named.timeout_for(feed) == 10 and named.timeout_for(plain) == 300
    assert named.evolve(timeout=2).timeout_for(waterfall) == 2
    assert named.evolve(timeout=2).evolve(timeout=None).timeout_for(feed) == 10
    assert Options().timeout_for(waterfall) == 120 and Options().timeout_for(plain) == 30


# -- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"timeout": 0}, "timeout must be > 0 seconds"),
        ({"timeout": float("inf")}, "timeout must be > 0 seconds"),
        ({"timeout": "5"}, "timeout must be > 0 seconds"),
        ({"timeout": True}, "timeout must be > 0 seconds"),
        ({"max_retries": -1}, "max_retries must be an integer >= 0"),
        ({"max_retries": 1.5}, "max_retries must be an integer >= 0"),
        ({"retry_ambiguous": 1}, "retry_ambiguous must be True or False"),
        ({"extra_headers": [("X-A", "b")]}, "extra_headers must be a mapping"),
        ({"extra_headers": {"X-API-KEY": "other"}}, "X-API-KEY cannot be set"),
        ({"extra_headers": {"authorization": "Bearer x"}}, "authorization cannot be set"),
        ({"extra_headers": {"User-Agent": "me"}}, "use user_agent_suffix"),
        ({"extra_headers": {"Content-Type": "text/plain"}}, "Content-Type cannot be set"),
        ({"extra_headers": {"Bad Name": "x"}}, "is not a valid header name"),
        ({"extra_headers": {"X-A": "a\r\nX-Injected: 1"}}, "without line breaks"),
        ({"extra_headers": {"X-A": 5}}, "must be a string"),
        ({"timeouts": {"contacts.enrichh": 5}}, "timeouts: unknown operation"),
        ({"timeouts": {"contacts.enrich": -1}}, "timeouts['contacts.enrich'] must be > 0"),
        ({"timeouts": 5}, "timeouts must be a mapping"),
        ({"user_agent_suffix": ""}, "user_agent_suffix must be printable text"),
        ({"user_agent_suffix": "x\ny"}, "user_agent_suffix must be printable text"),
        ({"on_request": "print"}, "on_request must be a callable or a list"),
        ({"on_response": [print, 3]}, "on_response must hold callables"),
    ],
)
def test_bad_options_are_refused_before_any_request(
    api_key: str, options: dict[str, Any], problem: str
) -> None:
    client = AsyncPronto(api_key)
    with pytest.raises(ValidationError) as info:
        client.with_options(**options)
    assert problem in str(info.value)


def test_every_problem_is_named_at_once_and_the_secret_value_is_not_echoed(
    api_key: str,
) -> None:
    with pytest.raises(ValidationError) as info:
        AsyncPronto(
            api_key, timeout=-1, max_retries=-2, max_connections=0,
            default_headers={"X-Token": f"{api_key}\n"}, user_agent_suffix="",
        )
    assert len(info.value.problems) == 5
    assert "max_connections" in str(info.value)
    assert api_key not in str(info.value)


def test_unknown_options_are_type_errors(api_key: str) -> None:
    client = AsyncPronto(api_key)
    with pytest.raises(TypeError, match="'timout'"):
        client.with_options(timout=5)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'default_headers'"):
        client.with_options(default_headers={})  # type: ignore[call-arg]


def test_options_merge_headers_case_insensitively_and_add_hooks(api_key: str) -> None:
    def one(event: object) -> None: ...

    def two(event: object) -> None: ...

    client = AsyncPronto(api_key, default_headers={"X-Team": "sales", "X-Env": "prod"},
                         on_request=one)
    merged = client.with_options(extra_headers={"x-team": "ops"}, on_request=[two])
    assert dict(merged.options.headers) == {"X-Env": "prod", "x-team": "ops"}
    assert merged.options.on_request == (one, two)
    assert dict(client.options.headers) == {"X-Team": "sales", "X-Env": "prod"}
    assert client.with_options() is client  # nothing to change: no view


def test_options_repr_shows_header_names_not_values(api_key: str) -> None:
    client = AsyncPronto(api_key, default_headers={"X-Gateway-Token": "s3cr3t-value"},
                         user_agent_suffix="acme/1.0")
    text = repr(client.options) + repr(client.with_options(max_retries=1))
    assert "X-Gateway-Token" in text and "s3cr3t-value" not in text
    assert api_key not in text
    assert "user_agent_suffix='acme/1.0'" in text


# -- views share the session, limits and ledger --------------------------------------------


async def test_views_share_the_session_and_cannot_close_it(
    api_key: str, mock: aioresponses
) -> None:
    mock.get(CREDITS, payload={"credits": 3}, repeat=True)
    client = AsyncPronto(api_key)
    fast = client.with_options(timeout=2)
    async with fast as same:
        assert (await same.account.credits()).credits == 3
    assert not client.closed and "view" in repr(fast)
    assert fast._session is client._session is not None
    assert fast._transport is client._transport  # one key, one limiter, one pool
    session = client._session
    assert (await client.account.credits()).credits == 3
    await client.close()
    assert session.closed and fast.closed
    with pytest.raises(Exception, match="closed"):
        await fast.account.credits()


async def test_a_view_shares_the_ledger_and_rate_limits(api_key: str, tmp_path: Any) -> None:
    from pronto_async.ledger import Ledger

    client = AsyncPronto(api_key)
    fast = client.with_options(max_retries=0)
    with Ledger(tmp_path / "l.db") as ledger:
        client.ledger = ledger
        assert fast.ledger is ledger
    assert fast._transport.limiter is client._transport.limiter


async def test_the_blocking_client_has_views_on_its_loop_thread(
    api_key: str, mock: aioresponses, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pronto_async import _facade
    from tests.support.vclock import VirtualClockLoop

    monkeypatch.setattr(_facade, "_loop_factory", VirtualClockLoop)
    mock.get(CREDITS, status=503, repeat=True)
    pronto = Pronto(api_key)
    try:
        fast = pronto.with_options(max_retries=0, timeout=3)
        assert fast._runner is pronto._runner and "view" in repr(fast)
        assert fast.options.max_retries == 0 and pronto.options.max_retries == 3
        import asyncio

        with pytest.raises(Exception, match="503"):
            await asyncio.to_thread(fast.account.credits)
        assert request_count(mock) == 1
        fast.close()  # a view's close does nothing
        assert not pronto.closed
        with pytest.raises(Exception, match="503"):
            await asyncio.to_thread(pronto.account.credits)
        assert request_count(mock) == 5  # the client itself still retries 3 times
    finally:
        pronto.close()
    assert fast.closed


# -- headers ---------------------------------------------------------------------------------


async def test_default_headers_extra_headers_and_the_user_agent_suffix(
    api_key: str, mock: aioresponses
) -> None:
    mock.get(CREDITS, payload={"credits": 1}, repeat=True)
    async with AsyncPronto(api_key, default_headers={"X-Team": "sales"},
                           user_agent_suffix="acme-sync/2.1") as client:
        await client.account.credits()
        await client.with_options(extra_headers={"X-Team": "ops", "X-Run": "r7"}).request(
            "account.credits"
        )
    first, second = (c["headers"] for c in sent(mock, "GET", CREDITS))
    assert first["X-Team"] == "sales" and "X-Run" not in first
    assert first["User-Agent"].startswith("pronto-async/")
    assert first["User-Agent"].endswith(" acme-sync/2.1")
    assert first["X-API-KEY"] == api_key
    assert second["X-Team"] == "ops" and second["X-Run"] == "r7"
    assert second["X-API-KEY"] == api_key  # no option reaches the key header


def test_both_constructors_take_the_new_settings() -> None:
    params = inspect.signature(Pronto.__init__).parameters
    for name in ("timeouts", "default_headers", "user_agent_suffix", "on_request",
                 "on_response"):
        assert name in params


def test_options_are_values() -> None:
    one = Options.build(default_headers={"X-A": "1"}, timeouts={"contacts.enrich": 200})
    same = Options.build(default_headers={"X-A": "1"}, timeouts={"contacts.enrich": 200})
    assert one == same and hash(one) == hash(same) and one != Options()
    with pytest.raises(AttributeError):
        one.max_retries = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        one.headers["X-B"] = "2"  # type: ignore[index]

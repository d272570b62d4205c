"""FakePronto itself: routes from the endpoint table, auth, both hosts, threads, the plugin."""

from __future__ import annotations

import asyncio
import re

import pytest

from pronto_async import ENDPOINTS, AuthenticationError, Host, Pronto
from pronto_async.testing import FakePronto
from pronto_async.testing._handlers import HANDLERS
from tests.integration.conftest import Raw
from tests.support.harness import Harness

ADA = {"firstname": "Ada", "lastname": "Lovelace", "domain": "example.com",
       "enrichment_type": ["email"]}


def _sample_path(path: str) -> str:
    return re.sub(r"\{[a-z]+\}", "00000000-0000-4000-8000-000000000000", path)


def test_every_operation_of_the_table_has_a_handler() -> None:
    assert set(HANDLERS) == {e.name for e in ENDPOINTS}
    assert len(HANDLERS) == 39


async def test_every_operation_is_routed_under_its_hosts_prefix(raw: Raw) -> None:
    for ep in ENDPOINTS:
        prefix = raw.fake.base_url if ep.host is Host.APP else raw.fake.enrich_base_url
        body = {} if ep.method in ("POST", "PUT") else None
        status, answer, _ = await raw.send(ep.method, prefix + _sample_path(ep.path), body)
        # An empty body is rejected, an unknown id is not found: but never the catch-all.
        assert answer != {"error": "Not found"}, ep.name
        assert status != 401, ep.name


async def test_the_enrich_host_serves_only_the_synchronous_enrichment(raw: Raw) -> None:
    status, answer, _ = await raw.send("POST", raw.fake.enrich_base_url + "/accounts/single_enrich",
                                       {"domain": "x.com"})
    assert (status, answer) == (404, {"error": "Not found"})
    status, sync_answer, _ = await raw.send(
        "POST", raw.fake.enrich_base_url + "/contacts/single_enrich", ADA)
    assert status == 200 and sync_answer["status"] in ("success", "error")
    status, async_answer, _ = await raw.app("POST", "/contacts/single_enrich", ADA)
    assert status == 200 and async_answer["status"] == "pending"
    assert "enrichment_id" in async_answer


@pytest.mark.parametrize("key", ["", "pk_wrong"])
async def test_a_wrong_or_missing_key_gets_401_on_both_hosts(raw: Raw, key: str) -> None:
    enrich = raw.fake.enrich_base_url + "/contacts/single_enrich"
    for url in (raw.fake.base_url + "/credits", enrich):
        method = "GET" if url.endswith("/credits") else "POST"
        status, answer, _ = await raw.send(method, url, None if method == "GET" else ADA, key=key)
        assert (status, answer) == (401, {"error": "Unauthorized"})
    assert raw.fake.stats["account.credits"].unauthorized == 1
    assert raw.fake.stats["contacts.enrich"].charged == 0


@pytest.mark.parametrize("header", ["X-API-KEY", "X-Api-Key", "x-api-key"])
async def test_the_key_header_name_is_case_insensitive(raw: Raw, header: str) -> None:
    status, answer, _ = await raw.app("GET", "/credits", header=header)
    assert status == 200 and answer == {"credits": raw.fake.account().credits}


async def test_the_sdk_raises_authentication_error_for_a_wrong_key(fake: FakePronto) -> None:
    async with fake.client(api_key="pk_not_known") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.account.credits()
    assert caught.value.status == 401 and caught.value.message == "Unauthorized"


async def test_each_key_has_its_own_account(pronto: Harness, fake: FakePronto) -> None:
    other = fake.add_key(credits=42)
    assert fake.account(other).credits == 42
    await pronto.accounts.stack(company_domain="notion.so")
    assert fake.account(other).credits == 42
    assert fake.account().credits == 1_000_000 - 3


async def test_data_is_decided_by_the_seed_and_the_input() -> None:
    async def enrich(seed: int, name: str) -> object:
        async with FakePronto(seed=seed) as fake, fake.client() as client:
            result = await client.contacts.enrich(
                first_name=name, last_name="Lovelace", domain="example.com",
                enrichment_type=["email", "phone"], linkedin_url=f"https://linkedin.com/in/{name}",
            )
            return (result.email, [p.number for p in result.phones or []])

    names = [f"ada{i}" for i in range(8)]
    first = [await enrich(1, n) for n in names]
    assert first == [await enrich(1, n) for n in names]
    assert first != [await enrich(2, n) for n in names]
    assert any(email is None for email, _ in first) and any(email for email, _ in first)


def test_the_fake_runs_on_its_own_thread_for_synchronous_code() -> None:
    with FakePronto(time_scale=0.05) as fake, fake.sync_client() as client:
        assert isinstance(client, Pronto)
        assert client.account.credits().credits == 1_000_000
        assert fake.base_url.startswith("http://127.0.0.1:") and fake.base_url.endswith("/api/v2")
        assert fake.enrich_base_url == fake.base_url.removesuffix("/api/v2") + "/v2"
    with pytest.raises(RuntimeError):
        _ = fake.base_url


@pytest.mark.pronto_fake(credits=5, time_scale=0.05)
def test_the_pytest_plugin_fixture(pronto_fake: FakePronto) -> None:
    with pronto_fake.sync_client() as client:
        assert client.account.credits().credits == 5
    assert pronto_fake.stats["account.credits"].accepted == 1


async def test_the_plugin_fixture_serves_async_tests_too(pronto_fake: FakePronto) -> None:
    async with pronto_fake.client() as client:
        info = await client.account.info()
    assert info.email == "fake@example.com"
    await asyncio.sleep(0)


def test_the_sliding_window_is_strict() -> None:
    from pronto_async import Rate
    from pronto_async.testing._state import SlidingWindow

    window = SlidingWindow(Rate(2, 1), 1.0)
    assert window.admit(0.0)[0] and window.admit(0.4)[0]
    admitted, wait, count = window.admit(0.9)
    assert not admitted and wait == pytest.approx(0.1) and count == 2
    assert not window.admit(0.999)[0]  # a rejection does not count, nor reset anything
    assert window.admit(1.0) == (True, 0.0, 2)  # the first one left the window
    assert not window.admit(1.3)[0] and window.admit(1.45)[0]


async def test_the_fake_listens_where_it_is_told() -> None:
    import socket

    from pronto_async.testing import FakePronto

    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with FakePronto(host="0.0.0.0", port=port) as fake:
        assert fake.port == port
        assert fake.base_url == f"http://127.0.0.1:{port}/api/v2"  # reachable from here
        async with fake.client() as pronto:
            assert (await pronto.account.credits()).credits is not None
        with pytest.raises(OSError):  # taken: a clear error, not a silent other port
            await FakePronto(port=port).start()
    with pytest.raises(ValueError, match="port must be 0 to 65535"):
        FakePronto(port=70000)

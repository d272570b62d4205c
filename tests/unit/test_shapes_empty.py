"""Empty 2xx bodies are success where the operation returns nothing useful, and every
UnexpectedResponseError reports the status the server really sent."""

from __future__ import annotations

from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import AsyncPronto, UnexpectedResponseError
from pronto_async._answer import EMPTY_IS_SUCCESS, Receipt, note_status, receipt
from pronto_async._endpoints import ENDPOINTS
from pronto_async.models import ListSummary, SearchDeletion
from tests.support import pipecorn as pc
from tests.support.harness import APP, Harness

SEARCH = f"{APP}/searches/{pc.SEARCH_ID}"
LIST = f"{APP}/lists/{pc.LIST_ID}"


@pytest.mark.parametrize("status", [204, 200])
async def test_an_empty_delete_is_a_deletion(
    pronto: Harness, mock: aioresponses, status: int
) -> None:
    mock.delete(SEARCH, status=status, body=pc.EMPTY_BODY)
    result = await pronto.searches.delete(id=pc.SEARCH_ID)
    assert result == SearchDeletion()
    assert result.deleted and result.message is None


async def test_the_documented_delete_body_still_reads(pronto: Harness, mock: aioresponses) -> None:
    mock.delete(SEARCH, payload={"message": "Search deleted successfully"})
    result = await pronto.searches.delete(id=pc.SEARCH_ID)
    assert result.deleted and result.message == "Search deleted successfully"


@pytest.mark.parametrize("status", [204, 200])
async def test_an_empty_list_update_is_success(
    pronto: Harness, mock: aioresponses, status: int
) -> None:
    mock.put(LIST, status=status, body=pc.EMPTY_BODY)
    result = await pronto.lists.update(id=pc.LIST_ID, name="Renamed")
    assert result == ListSummary()


def test_only_writes_accept_an_empty_body() -> None:
    methods = {e.name: e.method for e in ENDPOINTS}
    assert set(methods) >= EMPTY_IS_SUCCESS
    assert {methods[name] for name in EMPTY_IS_SUCCESS} <= {"DELETE", "PUT"}


@pytest.mark.parametrize("status", [204, 200])
async def test_an_empty_read_is_an_error_with_its_real_status(
    pronto: Harness, mock: aioresponses, status: int
) -> None:
    mock.get(f"{APP}/account", status=status, body=pc.EMPTY_BODY)
    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.account.info()
    assert info.value.status == status
    assert "an empty body" in info.value.message and f"HTTP {status}" in info.value.message


@pytest.mark.parametrize(
    ("status", "body", "said"),
    [
        (201, [1, 2], "list"),
        (202, "text", "str"),
        (203, 7, "int"),
    ],
)
async def test_a_wrong_body_reports_its_real_status(
    pronto: Harness, mock: aioresponses, status: int, body: Any, said: str
) -> None:
    mock.get(f"{APP}/account", status=status, payload=body)
    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.account.info()
    assert info.value.status == status and info.value.body == body
    assert said in info.value.message
    assert f"-> {status}:" in str(info.value)


async def test_a_listing_that_is_no_list_reports_its_real_status(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(f"{APP}/searches", status=203, payload={"message": "ok"})
    with pytest.raises(UnexpectedResponseError) as info:
        await (pronto.searches.list().to_list() if pronto.kind == "async"
               else pronto.searches.list())
    assert info.value.status == 203
    assert "keys message" in info.value.message


async def test_a_start_without_an_id_reports_its_real_status(
    api_key: str, mock: aioresponses
) -> None:
    mock.post(f"{APP}/contacts/single_enrich", status=202, payload={"status": "pending"})
    async with AsyncPronto(api_key) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            await client.contacts.start_enrichment(
                first_name="Ada", last_name="Lovelace", domain="acme.com",
                enrichment_type=["email"], webhook_url="https://hooks.example.com/c",
            )
    assert info.value.status == 202 and info.value.may_have_charged is True


def test_receipts_nest_and_outside_one_nothing_is_recorded() -> None:
    note_status(201)  # no receipt open: nowhere to write, no error
    with receipt() as outer:
        with receipt() as inner:
            note_status(204)
            inner.body = {"a": 1}
        assert (inner.status, outer.status, outer.body) == (204, 204, {"a": 1})
        with receipt():
            pass  # nothing answered: the outer keeps what it had
        assert outer.status == 204
    assert isinstance(outer, Receipt)


async def test_a_shape_error_carries_the_answer_s_headers_redacted(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(SEARCH, status=200, body="[1, 2]", content_type="application/json",
             headers={"X-Request-Id": "req-9", "Set-Cookie": "session=abc"})
    with pytest.raises(UnexpectedResponseError) as caught:
        await pronto.searches.get(pc.SEARCH_ID)
    assert caught.value.status == 200
    assert caught.value.headers["x-request-id"] == "req-9"
    assert caught.value.headers["set-cookie"] == "<redacted>"


async def test_an_unreadable_poll_s_error_carries_the_headers_too(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(SEARCH, status=200, payload={"weird": True}, headers={"X-Request-Id": "req-10"},
             repeat=True)
    with pytest.raises(UnexpectedResponseError, match="without one") as caught:
        await pronto.searches.wait(pc.SEARCH_ID, poll_interval=0.01, timeout=30)
    assert caught.value.headers["x-request-id"] == "req-10"

"""searches.list, searches.get, searches.delete: shapes, statuses, errors. Through both
clients."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import (
    AsyncPronto,
    AuthenticationError,
    NotFoundError,
    UnexpectedResponseError,
    UnprocessableEntityError,
    ValidationError,
)
from pronto_async._convert import structure, unstructure
from pronto_async.enums import SearchStatus
from pronto_async.models.searches import Search, SearchDetail, SearchSummary
from tests.support import reference_contacts_searches as cs
from tests.support.harness import APP, Harness, request_count, sent

SEARCHES = f"{APP}/searches"
ONE = f"{APP}/searches/{cs.SEARCH_ID}"


async def drain(result: Any) -> list[Any]:
    """The items of a collection: an AsyncPager (async client) or, through the blocking
    client's harness, the awaited list its iterator was drained into."""
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


# -- list -------------------------------------------------------------------------------------


async def test_list_reads_the_searches_object(pronto: Harness, mock: aioresponses) -> None:
    mock.get(SEARCHES, payload=cs.SEARCHES_OBJECT)

    searches = await drain(pronto.searches.list())

    assert [(s.id, s.name, s.leads_count) for s in searches] == [
        (cs.SEARCH_ID, "VP Sales FR", 42),
        ("5b1e0f3e-8c1d-4e53-9a51-6a0c0b7a2f11", "CTOs", 0),
    ]
    assert all(isinstance(s, SearchSummary) and s.extra == {} for s in searches)
    assert {"searches": [unstructure(s) for s in searches]} == cs.SEARCHES_OBJECT
    assert request_count(mock) == 1  # one body holds them all: no second page is asked for


async def test_list_reads_a_bare_list(pronto: Harness, mock: aioresponses) -> None:
    mock.get(SEARCHES, payload=cs.SEARCHES_LIST)
    (search,) = await drain(pronto.searches.list())
    assert search.status is SearchStatus.FINISHED
    assert search.is_terminal and not search.is_error
    assert [unstructure(search)] == cs.SEARCHES_LIST


async def test_list_of_nothing(pronto: Harness, mock: aioresponses) -> None:
    mock.get(SEARCHES, payload={"searches": []})
    assert await drain(pronto.searches.list()) == []


async def test_an_html_page_is_not_a_list_of_searches(pronto: Harness, mock: aioresponses) -> None:
    # A misrouted call can answer the web app's page with 200 (real-usage §5).
    mock.get(SEARCHES, body="<!doctype html><html></html>", content_type="text/html", repeat=True)
    with pytest.raises(UnexpectedResponseError):
        await drain(pronto.searches.list())


async def test_an_object_without_searches_is_refused(pronto: Harness, mock: aioresponses) -> None:
    mock.get(SEARCHES, payload={"message": "ok"})
    with pytest.raises(UnexpectedResponseError) as info:
        await drain(pronto.searches.list())
    assert info.value.may_have_charged is False


async def test_the_pager_is_lazy_and_single_use(api_key: str, mock: aioresponses) -> None:
    mock.get(SEARCHES, payload=cs.SEARCHES_OBJECT)
    async with AsyncPronto(api_key) as client:
        pager = client.searches.list()
        assert request_count(mock) == 0
        first = await anext(pager)
        assert first.id == cs.SEARCH_ID
        rest = await pager.to_list()
        assert len(rest) == 1
        assert await pager.to_list() == []
    assert request_count(mock) == 1


def test_the_blocking_client_iterates(api_key: str) -> None:
    from pronto_async import Pronto

    with aioresponses() as mock, Pronto(api_key) as client:
        mock.get(SEARCHES, payload=cs.SEARCHES_OBJECT)
        iterator = client.searches.list()
        assert request_count(mock) == 0
        assert [s.name for s in iterator] == ["VP Sales FR", "CTOs"]


# -- get --------------------------------------------------------------------------------------


async def test_get_reads_the_search_and_its_leads(pronto: Harness, mock: aioresponses) -> None:
    mock.get(ONE, payload=cs.SEARCH_DETAIL)

    detail = await pronto.searches.get(id=cs.SEARCH_ID)

    assert isinstance(detail, SearchDetail)
    assert detail.search is not None
    assert detail.search.status == "FINISHED" and detail.search.status is SearchStatus.FINISHED
    assert detail.is_terminal
    assert detail.leads is not None
    (row,) = detail.leads
    assert row.lead is not None and row.company is not None
    assert (row.lead.full_name, row.lead.headline, row.lead.connections_count) == (
        "Ada Lovelace", "VP Sales at Acme", 500
    )
    assert row.lead.rejection_reasons == []
    assert (row.company.name, row.company.website) == ("Acme SAS", "acme.com")
    assert detail.extra == {} and row.extra == {}
    assert row.lead.extra == {} and row.company.extra == {}
    # Lossless, plus the one normalisation: the lead names its company as a webhook lead does.
    assert row.lead.company_name == "Acme SAS"
    expected = {**cs.SEARCH_DETAIL, "leads": [
        {"lead": {**cs.LEAD, "company_name": "Acme SAS"}, "company": cs.COMPANY}
    ]}
    assert unstructure(detail) == expected


@pytest.mark.parametrize(
    ("status", "terminal", "error"),
    [
        ("NOT_STARTED", False, False),
        ("ONGOING", False, False),
        ("FINISHED", True, False),
        ("RATE_LIMITED", True, True),
        ("UNAUTHORIZED", True, True),
        ("FORBIDDEN", True, True),
        ("ERROR", True, True),
        ("PAUSED", False, False),  # undocumented: kept, and never taken for an end
    ],
)
async def test_every_documented_status(
    pronto: Harness, mock: aioresponses, status: str, terminal: bool, error: bool
) -> None:
    mock.get(ONE, payload={"search": {"id": cs.SEARCH_ID, "status": status}, "leads": []})
    detail = await pronto.searches.get(id=cs.SEARCH_ID)
    assert detail.search is not None
    assert detail.search.status == status
    assert isinstance(detail.search.status, SearchStatus) is (status != "PAUSED")
    assert (detail.search.is_terminal, detail.search.is_error, detail.is_terminal) == (
        terminal, error, terminal
    )
    assert detail.leads == []
    assert detail.search.extra == {}


def test_status_models_without_a_status() -> None:
    assert not Search().is_terminal
    assert not SearchDetail().is_terminal
    assert structure({"status": None}, SearchSummary).status is None


async def test_get_unknown_search(pronto: Harness, mock: aioresponses) -> None:
    mock.get(ONE, status=404, payload=cs.DELETE_NOT_FOUND)
    with pytest.raises(NotFoundError) as info:
        await pronto.searches.get(id=cs.SEARCH_ID)
    assert info.value.message == "Search not found"


# -- delete -----------------------------------------------------------------------------------


async def test_delete(pronto: Harness, mock: aioresponses) -> None:
    mock.delete(ONE, payload=cs.DELETE_OK)
    result = await pronto.searches.delete(id=cs.SEARCH_ID)
    assert result.message == "Search deleted successfully"
    assert result.extra == {}
    assert unstructure(result) == cs.DELETE_OK
    (call,) = sent(mock, "DELETE", ONE)
    assert call["body"] is None


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, cs.DELETE_UNAUTHORIZED, AuthenticationError),
        (404, cs.DELETE_NOT_FOUND, NotFoundError),
        (422, cs.DELETE_FAILED, UnprocessableEntityError),
    ],
)
async def test_delete_errors(
    pronto: Harness, mock: aioresponses, status: int, body: dict[str, Any], cls: type[Exception]
) -> None:
    mock.delete(ONE, status=status, payload=body)
    with pytest.raises(cls) as info:
        await pronto.searches.delete(id=cs.SEARCH_ID)
    assert type(info.value) is cls  # 422 here is not a credit or consent problem
    assert info.value.message == body["error"]  # type: ignore[attr-defined]
    assert info.value.status == status  # type: ignore[attr-defined]
    assert request_count(mock) == 1


# -- validation before any request --------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "delete"])
@pytest.mark.parametrize(
    ("value", "problem"),
    [("", "id must not be blank"), ("  ", "id must not be blank"), (None, "id is required"),
     (["x"], "id must be a string, got list")],
)
async def test_a_bad_id_is_refused_before_any_request(
    pronto: Harness, mock: aioresponses, method: str, value: Any, problem: str
) -> None:
    with pytest.raises(ValidationError) as info:
        await getattr(pronto.searches, method)(id=value)
    assert info.value.problems == (problem,)
    assert info.value.endpoint == f"searches.{method}"
    assert request_count(mock) == 0

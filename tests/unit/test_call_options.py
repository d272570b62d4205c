"""Per-call options on every operation (``timeout=``, ``max_retries=``, ``retry_ambiguous=``,
``extra_headers=``), through both clients: they reach the wire for that call only, every
request of the call included (a job's polls, a pager's pages), and a wrong one is refused
before anything is sent."""

from __future__ import annotations

import contextlib
import inspect
import re
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from pronto_async import (
    ENDPOINTS,
    AsyncPronto,
    InternalServerError,
    ProntoError,
    RateLimitError,
    ValidationError,
)
from pronto_async._endpoints import endpoint
from pronto_async.resources._base import CALL_OPTIONS
from tests.support import reference_contacts_searches as cs
from tests.support.harness import APP, Harness, request_count
from tests.unit.test_fuzz_inputs import BASELINES, UUID
from tests.unit.test_operations import operations

_NAMES = sorted(e.name for e in ENDPOINTS)
_ANY = re.compile(r"^https://.*$")
_HEADER = {"X-Trace-Id": "trace-7"}


def _answer(url: Any, **kwargs: Any) -> CallbackResult:
    """Whatever each operation needs to go through: a list for the listings, an object with
    every id key for the rest (the models read what fits)."""
    path = str(url).split("?")[0]
    if path.endswith(("/searches", "/lists", "/personas")):
        return CallbackResult(payload=[])
    return CallbackResult(payload={"id": UUID, "search_id": UUID, "enrichment_id": UUID})


def _mock_everything(mock: aioresponses) -> None:
    for method in ("GET", "POST", "PUT", "DELETE"):
        mock.add(_ANY, method=method, callback=_answer, repeat=True)


def _calls(mock: aioresponses) -> list[Any]:
    return [call for calls in mock.requests.values() for call in calls]


async def _run(pronto: Harness, name: str, **kwargs: Any) -> Any:
    """``name``'s method with its valid baseline and ``kwargs``; a pager is drained."""
    resource, method = name.split(".")
    result = getattr(getattr(pronto, resource), method)(**{**BASELINES[name], **kwargs})
    if inspect.isawaitable(result):
        result = await result
    if hasattr(result, "__aiter__"):
        result = [item async for item in result]
    return result


def test_the_options_are_the_call_options_and_no_operation_has_a_parameter_so_named() -> None:
    assert {"timeout", "max_retries", "retry_ambiguous", "extra_headers"} == CALL_OPTIONS
    for name, method in operations(AsyncPronto("key")).items():
        assert not CALL_OPTIONS & set(inspect.signature(method).parameters), name


@pytest.mark.parametrize("name", _NAMES)
async def test_timeout_and_extra_headers_reach_the_wire_for_that_call_only(
    pronto: Harness, mock: aioresponses, name: str
) -> None:
    _mock_everything(mock)
    # The stand-in answer does not fit every model: what was sent is what counts.
    with contextlib.suppress(ProntoError):
        await _run(pronto, name, timeout=7.5, max_retries=0, extra_headers=_HEADER)
    (first,) = _calls(mock)
    assert first.kwargs["headers"]["X-Trace-Id"] == "trace-7"
    assert first.kwargs["timeout"].total == 7.5
    assert "x-api-key" in {h.lower() for h in first.kwargs["headers"]}  # still authenticated

    with contextlib.suppress(ProntoError):
        await _run(pronto, name)
    first, second = _calls(mock)
    assert "X-Trace-Id" not in second.kwargs["headers"]  # the client was not changed
    assert second.kwargs["timeout"].total == endpoint(name).timeout


@pytest.mark.parametrize("name", _NAMES)
async def test_max_retries_is_honoured_per_call(
    pronto: Harness, mock: aioresponses, name: str
) -> None:
    # A 429 is retried by every operation, charging or not (the server refused the call).
    mock.add(_ANY, method=endpoint(name).method, status=429, payload={"error": "slow down"},
             repeat=True)
    with pytest.raises(RateLimitError):
        await _run(pronto, name, max_retries=2)
    assert request_count(mock) == 3
    with pytest.raises(RateLimitError):
        await _run(pronto, name, max_retries=0)
    assert request_count(mock) == 4


async def test_retry_ambiguous_per_call_re_sends_a_charging_call(
    pronto: Harness, mock: aioresponses
) -> None:
    url = f"{APP}/accounts/company_stack"
    mock.post(url, status=503, payload={"error": "busy"}, repeat=True)
    with pytest.raises(InternalServerError) as info:
        await _run(pronto, "accounts.stack", max_retries=1)
    assert info.value.may_have_charged
    assert request_count(mock) == 1  # never re-sent by default: it may have been charged
    with pytest.raises(InternalServerError):
        await _run(pronto, "accounts.stack", max_retries=1, retry_ambiguous=True)
    assert request_count(mock) == 3


async def test_the_polls_of_a_returned_job_carry_the_call_options(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/leads/advanced_search",
              payload={"message": {"id": cs.SEARCH_ID}, "id": cs.SEARCH_ID})
    mock.get(f"{APP}/searches/{cs.SEARCH_ID}", payload=cs.SEARCH_DETAIL, repeat=True)
    job = await _run(pronto, "leads.advanced_search", extra_headers=_HEADER, timeout=9.0)
    detail = await job.wait()
    assert detail.search.status == "FINISHED"
    calls = _calls(mock)
    assert len(calls) == 2
    assert all(c.kwargs["headers"]["X-Trace-Id"] == "trace-7" for c in calls)
    assert all(c.kwargs["timeout"].total == 9.0 for c in calls)


async def test_an_enrichment_job_polls_with_the_call_options(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/contacts/single_enrich", payload=cs.ASYNC_SUBMIT_RESPONSE)
    mock.get(f"{APP}/contacts/{cs.ENRICHMENT_ID}", payload=cs.GET_CONTACT_FINISHED)
    job = await _run(pronto, "contacts.start_enrichment", extra_headers=_HEADER)
    await job.wait()
    polls = mock.requests[("GET", _url(f"{APP}/contacts/{cs.ENRICHMENT_ID}"))]
    assert [c.kwargs["headers"]["X-Trace-Id"] for c in polls] == ["trace-7"]


async def test_a_pager_fetches_with_the_call_options_after_the_call_returned(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(f"{APP}/searches", payload=cs.SEARCHES_OBJECT)
    if pronto.kind == "async":
        pager = pronto.searches.list(extra_headers=_HEADER)
        assert request_count(mock) == 0  # nothing is fetched until the first item
        searches = [s async for s in pager]
    else:
        searches = await pronto.searches.list(extra_headers=_HEADER)
    assert len(searches) == 2
    (call,) = _calls(mock)
    assert call.kwargs["headers"]["X-Trace-Id"] == "trace-7"


async def test_positional_ids_and_options_together(pronto: Harness, mock: aioresponses) -> None:
    mock.get(f"{APP}/searches/{cs.SEARCH_ID}", payload=cs.SEARCH_DETAIL)
    detail = await pronto.searches.get(cs.SEARCH_ID, timeout=3.0)
    assert detail.search.id == cs.SEARCH_ID
    (call,) = _calls(mock)
    assert call.kwargs["timeout"].total == 3.0


async def test_an_unknown_keyword_is_a_type_error_and_nothing_is_sent(
    pronto: Harness, mock: aioresponses
) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'timeuot'"):
        await pronto.searches.get(cs.SEARCH_ID, timeuot=3)
    with pytest.raises(TypeError, match="unexpected keyword argument 'user_agent_suffix'"):
        # A client-wide option: with_options() takes it, a single call does not.
        await pronto.account.credits(user_agent_suffix="acme/1")
    assert request_count(mock) == 0


@pytest.mark.parametrize(
    ("options", "problem"),
    [({"timeout": -1}, "timeout must be > 0"),
     ({"max_retries": "3"}, "max_retries must be an integer"),
     ({"extra_headers": {"X-Api-Key": "other"}}, "X-Api-Key cannot be set")],
)
async def test_an_invalid_option_is_refused_before_any_request(
    pronto: Harness, mock: aioresponses, options: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        await pronto.account.credits(**options)
    assert request_count(mock) == 0


def test_the_wrapper_keeps_what_callers_inspect() -> None:
    client = AsyncPronto("key")
    assert inspect.iscoroutinefunction(client.searches.get)
    assert not inspect.iscoroutinefunction(client.searches.list)  # returns its pager
    params = inspect.signature(client.searches.get).parameters
    assert list(params) == ["id", "options"]
    assert params["options"].kind is inspect.Parameter.VAR_KEYWORD
    assert client.searches.get.__name__ == "get"


def _url(text: str) -> URL:
    return URL(text)


async def test_an_async_generator_operation_runs_on_the_view_and_is_closed_on_break() -> None:
    """No operation of the table is an async generator today; the wrapper keeps one as such,
    runs it on the per-call view, and closes it when the caller stops early."""
    from pronto_async.resources._base import Resource, operation

    closed: list[bool] = []

    class Probe(Resource):
        @operation("searches.list")
        async def items(self, *, count: int) -> Any:
            try:
                for i in range(count):
                    yield i, self._client.options.max_retries
            finally:
                closed.append(True)

    async with AsyncPronto("key") as client:
        probe = Probe(client)
        assert inspect.isasyncgenfunction(Probe.items)
        seen = [item async for item in probe.items(count=2, max_retries=0)]
        assert seen == [(0, 0), (1, 0)]
        assert [item async for item in probe.items(count=1)] == [(0, 3)]  # the client's own
        closed.clear()
        stream = probe.items(count=10, max_retries=1)
        async for _ in stream:
            break
        await stream.aclose()
        assert closed == [True]
        with pytest.raises(TypeError, match="unexpected keyword argument 'tiemout'"):
            async for _ in probe.items(count=1, tiemout=3):
                pass

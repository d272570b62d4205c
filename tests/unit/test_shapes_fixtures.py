"""Every payload and answer shape of Pronto's own clients (tests/support/pipecorn.py, each with
its source file) parses without loss into the public models: every field reachable on the
model or in ``.extra``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pytest
from aioresponses import aioresponses

from pronto_async import (
    APIError,
    AsyncPronto,
    Endpoint,
)
from pronto_async._convert import Model, structure, unstructure
from pronto_async.cli._credits import describe
from pronto_async.enums import SearchStatus
from pronto_async.models import (
    AccountInfo,
    AccountSearch,
    AccountSearchPreview,
    AdvancedSearchPreview,
    AdvancedSearchStarted,
    BulkEnrichment,
    ContactEnrichment,
    Credits,
    HiringSignal,
    LeadPreview,
    LeadSearch,
    ListDetail,
    ListSummary,
    Persona,
    PostEngagersSearch,
    SearchDetail,
    SearchSummary,
    TrackingStarted,
)
from pronto_async.models.account import BALANCE_KEYS
from tests.support import pipecorn as pc
from tests.support.harness import APP, Harness, sent


def assert_reachable(payload: Mapping[str, Any], model: Model) -> None:
    """Each non-null key of ``payload`` is a set field of ``model`` (under any of its wire
    names) or kept in its ``extra``, recursively for nested models."""
    for key, value in payload.items():
        if value is None:
            continue
        if key in model.extra:
            assert model.extra[key] == value
            continue
        for field in attrs.fields(type(model)):
            names = field.metadata.get("pronto_async.wire", (field.name,))
            if key in names and field.name != "extra":
                got = getattr(model, field.name)
                assert got is not None, f"{type(model).__name__}.{field.name} lost {key!r}"
                if isinstance(got, Model) and isinstance(value, Mapping):
                    assert_reachable(value, got)
                elif isinstance(got, list) and got and isinstance(got[0], Model):
                    assert len(got) == len(value)
                    for item, raw in zip(got, value, strict=True):
                        if isinstance(raw, Mapping):
                            assert_reachable(raw, item)
                break
        else:
            raise AssertionError(f"{type(model).__name__} lost {key!r}")


# -- one fixture, one model ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "model"),
    [
        (pc.ACCOUNT_MOCK, AccountInfo),
        (pc.ACCOUNT_INFO, AccountInfo),
        (pc.SEARCH_SUMMARIES[0], SearchSummary),
        (pc.LIST_ITEM, ListSummary),
        (pc.LIST_ITEM, ListDetail),
        (pc.PERSONA, Persona),
        (pc.PERSONA_BY_ID, Persona),
        (pc.ACCOUNT_SEARCH_STARTED, AccountSearch),
        (pc.ADVANCED_SEARCH_STARTED, AdvancedSearchStarted),
        (pc.ACCOUNT_SEARCH_PREVIEW, AccountSearchPreview),
        (pc.ADVANCED_SEARCH_PREVIEW, AdvancedSearchPreview),
        (pc.ENRICHMENT_STARTED, ContactEnrichment),
        (pc.ENRICHMENT_STARTED, BulkEnrichment),
        (pc.ID_ONLY, LeadSearch),
        (pc.ID_ONLY, AccountSearch),
        (pc.ID_ONLY, HiringSignal),
        (pc.ID_ONLY, TrackingStarted),
        (pc.ID_ONLY, PostEngagersSearch),
        (pc.N8N_ENRICH_OUTPUT, ContactEnrichment),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else None,
)
def test_each_payload_parses_without_loss(payload: dict[str, Any], model: type[Model]) -> None:
    result = structure(payload, model)
    assert result.extra == {}  # every key they read is a typed field here
    assert_reachable(payload, result)


def test_the_advanced_search_start_is_typed_in_both_shapes() -> None:
    flat = structure(pc.ADVANCED_SEARCH_STARTED, AdvancedSearchStarted)
    assert (flat.id, flat.total, flat.search_id, flat.expected_total) == (
        pc.SEARCH_ID, 350, pc.SEARCH_ID, 350
    )
    assert flat.preview is not None and isinstance(flat.preview[0], LeadPreview)
    assert flat.preview[0].full_name == "Ada Lovelace"
    assert flat.search is not None and flat.search.id == pc.SEARCH_ID
    nested = structure(
        {"message": {"id": "s-1", "expected_profiles_count": 12}}, AdvancedSearchStarted
    )
    assert (nested.search_id, nested.expected_total, nested.id, nested.total) == (
        "s-1", 12, None, None
    )
    assert nested.search is nested.message


def test_the_n8n_example_is_a_finished_enrichment() -> None:
    result = structure(pc.N8N_ENRICH_OUTPUT, ContactEnrichment)
    assert result.is_done and result.found
    assert result.phones is not None and result.phones[0].number == "+33612345678"
    assert result.enrichment_id == pc.ENRICHMENT_ID


# -- the search detail, flat or nested -------------------------------------------------------


def test_the_flat_search_detail_is_the_nested_one() -> None:
    flat = structure(pc.flat_search("FINISHED"), SearchDetail)
    nested = structure(
        {"search": {k: v for k, v in pc.flat_search("FINISHED").items() if k != "leads"},
         "leads": pc.flat_search("FINISHED")["leads"]},
        SearchDetail,
    )
    assert flat == nested
    assert flat.status is SearchStatus.FINISHED and flat.is_terminal and not flat.is_error
    assert flat.id == pc.SEARCH_ID
    assert flat.extra == {} and flat.search is not None and flat.search.extra == {}
    assert flat.leads is not None and flat.leads[0].company_name == "Acme SAS"


def test_the_flat_detail_reads_its_leads_from_results_too() -> None:
    only_results = structure(pc.flat_search("ONGOING", leads=2, key="results"), SearchDetail)
    assert only_results.leads is not None and len(only_results.leads) == 2
    assert only_results.extra == {}
    both = structure(pc.FLAT_SEARCH_BOTH, SearchDetail)
    assert both.leads is not None and len(both.leads) == 1
    assert both.extra == {"results": pc.FLAT_SEARCH_BOTH["results"]}  # kept, not dropped


def test_unknown_top_level_fields_of_the_flat_detail_stay_on_the_record() -> None:
    detail = structure({**pc.flat_search("ERROR"), "leads_count": 4}, SearchDetail)
    assert detail.is_error and detail.status is SearchStatus.ERROR
    assert detail.search is not None and detail.search.extra == {"leads_count": 4}


def test_a_status_beside_the_nested_record_is_read() -> None:
    detail = structure(
        {"search": {"id": pc.SEARCH_ID, "name": "x"}, "status": "FINISHED", "leads": []},
        SearchDetail,
    )
    assert detail.status is SearchStatus.FINISHED and detail.extra == {}
    both = structure(
        {"search": {"id": pc.SEARCH_ID, "status": "ONGOING"}, "status": "FINISHED"},
        SearchDetail,
    )
    assert both.status is SearchStatus.ONGOING  # the record's own wins; the other is kept
    assert both.extra == {"status": "FINISHED"}


def test_a_detail_without_any_status_says_so() -> None:
    detail = structure({"leads": []}, SearchDetail)
    assert detail.status is None and detail.search is None and not detail.is_terminal


# -- credits -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", BALANCE_KEYS)
def test_every_balance_key_is_read(key: str) -> None:
    credits = structure({key: 42, "used": 8}, Credits)
    assert credits.credits == 42 and credits.extra == {"used": 8}
    assert describe(credits) == "42"


def test_a_balance_under_an_unknown_key_is_kept_and_named() -> None:
    credits = structure(pc.CREDITS_UNKNOWN_KEY, Credits)
    assert credits.credits is None
    assert credits.extra == pc.CREDITS_UNKNOWN_KEY  # recoverable
    text = describe(credits)
    assert text.startswith("unknown: none of credits, balance")
    assert "credits_left=4200" in text and "plan='growth'" in text


def test_describe_an_empty_or_nested_answer() -> None:
    assert describe(structure({}, Credits)) == "unknown (the server sent an empty answer)"
    nested = describe(structure({"usage": {"month": 3}}, Credits))
    assert "usage=<dict>" in nested


# -- through the client ------------------------------------------------------------------------


async def test_the_cli_shapes_arrive_through_the_resources(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(f"{APP}/account", payload=pc.ACCOUNT_MOCK)
    mock.get(f"{APP}/searches", payload=pc.SEARCH_SUMMARIES)
    mock.get(f"{APP}/searches/{pc.SEARCH_ID}", payload=pc.flat_search("FINISHED"))
    mock.get(f"{APP}/lists", payload=[pc.LIST_ITEM])
    mock.get(f"{APP}/personas", payload=[pc.PERSONA, pc.PERSONA_BY_ID])
    mock.get(f"{APP}/credits", payload={"balance": 7})

    assert (await pronto.account.info()).email == "user@example.com"
    summaries = [s async for s in pronto.searches.list()] if pronto.kind == "async" else list(
        await pronto.searches.list()
    )
    assert summaries[0].status is SearchStatus.ONGOING
    detail = await pronto.searches.wait(id=pc.SEARCH_ID)
    assert detail.status is SearchStatus.FINISHED and detail.leads is not None
    lists = [x async for x in pronto.lists.list()] if pronto.kind == "async" else list(
        await pronto.lists.list()
    )
    assert lists[0].type == "account"
    personas = [x async for x in pronto.personas.list()] if pronto.kind == "async" else list(
        await pronto.personas.list()
    )
    assert [p.uuid for p in personas] == [pc.PERSONA_ID, pc.PERSONA_ID]
    assert (await pronto.account.credits()).credits == 7


@pytest.mark.parametrize(("status", "body", "retry_after"), pc.ERROR_MOCKS)
async def test_their_error_bodies_reach_the_error_whole(
    api_key: str, mock: aioresponses, status: int, body: dict[str, Any], retry_after: str | None
) -> None:
    headers = {"Retry-After": retry_after} if retry_after else None
    mock.get(f"{APP}/account", status=status, payload=body, headers=headers, repeat=True)
    async with AsyncPronto(api_key, max_retries=0) as client:
        with pytest.raises(APIError) as info:
            await client.account.info()
    assert info.value.status == status
    assert info.value.body == body  # the whole body, whatever class it maps to
    assert info.value.message == body["error"]


@pytest.mark.parametrize(("name", "path"), pc.UNDOCUMENTED)
async def test_the_undocumented_operations_are_reachable_through_request(
    api_key: str, mock: aioresponses, name: str, path: str
) -> None:
    # Their request bodies are typed ``unknown`` and no command of the CLI builds one
    # (Pipecorn/cli-pipecorn, src/api/endpoints.ts): no typed method, but request() reaches
    # them, sending the body as given and returning the answer.
    operation = Endpoint(
        name=name, method="POST", path=path, charges=True,
        ref="Pipecorn/cli-pipecorn src/api/endpoints.ts (undocumented)",
    )
    mock.post(f"{APP}{path}", payload=pc.ENRICHMENT_STARTED)
    body = {"items": [{"domain": "acme.com"}]}
    async with AsyncPronto(api_key) as client:
        answer = await client.request(operation, json=body)
    assert answer == pc.ENRICHMENT_STARTED
    assert [call["body"] for call in sent(mock, "POST", f"{APP}{path}")] == [body]
    assert structure(answer, BulkEnrichment).enrichment_id == pc.ENRICHMENT_ID


def test_fixtures_round_trip_where_no_shape_is_normalised() -> None:
    assert unstructure(structure(pc.ACCOUNT_INFO, AccountInfo)) == pc.ACCOUNT_INFO
    enrichment = unstructure(structure(pc.N8N_ENRICH_OUTPUT, ContactEnrichment))
    # Phones are written back as objects, the one spelling the model keeps.
    assert enrichment == {**pc.N8N_ENRICH_OUTPUT, "phones": [{"number": "+33612345678"}]}


@pytest.mark.parametrize(
    ("payload", "printed"),
    [
        ({"remaining_credits": 900}, "credits: 900\n"),
        (pc.CREDITS_UNKNOWN_KEY, "credits: unknown: none of credits, balance, remaining_credits, "
         "credits_remaining, credit_balance, available_credits, remaining in the answer, which "
         "had credits_left=4200, plan='growth'\n"),
    ],
)
async def test_pronto_credits_prints_the_balance_or_what_came_instead(
    api_key: str, mock: aioresponses, capsys: pytest.CaptureFixture[str],
    payload: dict[str, Any], printed: str,
) -> None:
    from pronto_async.cli import _credits

    mock.get(f"{APP}/credits", payload=payload)
    assert await _credits._credits(api_key) == 0
    assert capsys.readouterr().out == printed

"""lists.create/list/get/update and personas.list/get. Through both clients."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import NotFoundError, UnexpectedResponseError
from pronto_async._convert import unstructure
from pronto_async.models.lists import ListDetail, ListSummary
from pronto_async.models.personas import Persona
from tests.support import reference_contacts_searches as cs
from tests.support.harness import APP, Harness, assert_refused, request_count, sent

LISTS = f"{APP}/lists"
ONE_LIST = f"{APP}/lists/{cs.LIST_ID}"
PERSONAS = f"{APP}/personas"


def wire(payload: Any) -> bytes:
    """How the SDK serialises a body (compact JSON, UTF-8)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


async def drain(result: Any) -> list[Any]:
    """The items of a collection, whichever client returned it (see test_searches)."""
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


# -- lists.create ---------------------------------------------------------------------------


async def test_create_rebuilds_the_request_public_code_sends(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(LISTS, status=201, payload=cs.LIST_CREATE_RESPONSE)

    created = await pronto.lists.create(
        name="Target accounts Q3",
        webhook_url="https://hooks.example.com/lists",
        companies=[
            {"company_name": "Acme", "country": "fr", "website": "acme.com",
             "company_linkedin_url": "www.linkedin.com/company/acme/"},
            {"name": "Globex", "domain": ""},
        ],
    )

    (call,) = sent(mock, "POST", LISTS)
    assert call["data"] == wire(cs.LIST_CREATE_REQUEST)
    assert isinstance(created, ListSummary)
    assert (created.id, created.linkedin_id, created.type) == (
        cs.LIST_ID, "7358123456789012345", "companies"
    )
    assert created.extra == {}
    assert unstructure(created) == cs.LIST_CREATE_RESPONSE


async def test_create_an_empty_list(pronto: Harness, mock: aioresponses) -> None:
    mock.post(LISTS, payload={"id": "l-1", "kind": "account"})
    created = await pronto.lists.create(name=" Empty ", extra_body={"kind": "account"})
    (call,) = sent(mock, "POST", LISTS)
    assert call["data"] == wire({"name": "Empty", "kind": "account"})
    assert (created.id, created.type) == ("l-1", "account")


# -- lists.list / get / update ------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["object", "bare"])
async def test_list_lists(pronto: Harness, mock: aioresponses, shape: str) -> None:
    payload = cs.LISTS_OBJECT if shape == "object" else cs.LISTS_OBJECT["lists"]
    mock.get(LISTS, payload=payload)
    (item,) = await drain(pronto.lists.list())
    assert (item.id, item.name, item.companies_count, item.status) == (
        cs.LIST_ID, "Target accounts Q3", 2, "done"
    )
    assert item.extra == {}
    assert [unstructure(item)] == cs.LISTS_OBJECT["lists"]


async def test_list_count_spelled_count(pronto: Harness, mock: aioresponses) -> None:
    mock.get(LISTS, payload=[{"id": "l-1", "count": "7"}])
    (item,) = await drain(pronto.lists.list())
    assert item.companies_count == 7 and item.extra == {}


async def test_get_list(pronto: Harness, mock: aioresponses) -> None:
    mock.get(ONE_LIST, payload=cs.LIST_DETAIL)
    detail = await pronto.lists.get(id=cs.LIST_ID)
    assert isinstance(detail, ListDetail)
    assert detail.entries is not None
    (entry,) = detail.entries
    assert (entry.company_name, entry.company_website, entry.linkedin_id) == (
        "Acme", "acme.com", "1035"
    )
    assert detail.extra == {} and entry.extra == {}
    assert unstructure(detail) == cs.LIST_DETAIL


@pytest.mark.parametrize("key", ["companies", "items", "leads", "accounts", "members", "records"])
async def test_get_list_finds_rows_under_any_key(
    pronto: Harness, mock: aioresponses, key: str
) -> None:
    rows = [{"name": "Acme", "website": "acme.com"}, {"first_name": "Ada"}]
    mock.get(ONE_LIST, payload={"id": cs.LIST_ID, key: rows})
    detail = await pronto.lists.get(id=cs.LIST_ID)
    assert detail.entries is not None
    assert [e.company_name for e in detail.entries] == ["Acme", None]
    assert detail.entries[1].extra == {"first_name": "Ada"}  # a lead row is not lost
    assert detail.extra == {}


async def test_get_unknown_list(pronto: Harness, mock: aioresponses) -> None:
    mock.get(f"{APP}/lists/nope", status=404, payload={"error": "List not found"})
    with pytest.raises(NotFoundError):
        await pronto.lists.get(id="nope")


async def test_update_renames(pronto: Harness, mock: aioresponses) -> None:
    mock.put(ONE_LIST, payload={"id": cs.LIST_ID, "name": "Renamed"})
    updated = await pronto.lists.update(id=cs.LIST_ID, name="Renamed")
    (call,) = sent(mock, "PUT", ONE_LIST)
    assert call["data"] == wire({"name": "Renamed"})
    assert (updated.id, updated.name) == (cs.LIST_ID, "Renamed")


async def test_update_companies(pronto: Harness, mock: aioresponses) -> None:
    mock.put(ONE_LIST, payload={"message": "List updated"})
    updated = await pronto.lists.update(
        id=cs.LIST_ID, companies=[{"name": "Initech", "linkedin_url": "https://linkedin.com/company/i"}]
    )
    (call,) = sent(mock, "PUT", ONE_LIST)
    assert call["body"] == {
        "companies": [{"name": "Initech", "linkedin_url": "https://linkedin.com/company/i"}]
    }
    assert updated.id is None and updated.extra == {"message": "List updated"}


async def test_update_with_extra_body_only(pronto: Harness, mock: aioresponses) -> None:
    mock.put(ONE_LIST, payload={})
    await pronto.lists.update(id=cs.LIST_ID, extra_body={"webhook_url": "https://h.example.com"})
    (call,) = sent(mock, "PUT", ONE_LIST)
    assert call["body"] == {"webhook_url": "https://h.example.com"}


# -- personas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [cs.PERSONAS_LIST, cs.PERSONAS_OBJECT])
async def test_list_personas(pronto: Harness, mock: aioresponses, payload: Any) -> None:
    mock.get(PERSONAS, payload=payload)
    (persona,) = await drain(pronto.personas.list())
    assert isinstance(persona, Persona)
    assert (persona.uuid, persona.name) == (cs.PERSONA_ID, "Sales leaders")
    assert persona.extra == {}
    assert request_count(mock) == 1


async def test_get_persona(pronto: Harness, mock: aioresponses) -> None:
    body = {"uuid": cs.PERSONA_ID, "name": "Sales leaders",
            "job_titles": ["VP Sales", "Head of Sales"], "excluded_job_titles": ["Intern"],
            "created_at": "2026-01-01T00:00:00Z"}
    mock.get(f"{PERSONAS}/{cs.PERSONA_ID}", payload=body)
    persona = await pronto.personas.get(cs.PERSONA_ID)
    assert persona.job_titles == ["VP Sales", "Head of Sales"]
    assert persona.extra == {}
    assert unstructure(persona) == body


async def test_personas_body_that_is_not_a_collection(pronto: Harness, mock: aioresponses) -> None:
    mock.get(PERSONAS, payload="not a list", repeat=True)
    with pytest.raises(UnexpectedResponseError):
        await drain(pronto.personas.list())


# -- validation before any request ----------------------------------------------------------------

INVALID: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("lists", "create", {"name": ""}, ["name must not be blank"]),
    ("lists", "create", {"name": "L", "companies": []},
     ["companies must not be empty (leave it out to create an empty list)"]),
    ("lists", "create", {"name": "L", "companies": {"name": "Acme"}},
     ["companies must be a list of companies, got dict"]),
    ("lists", "create", {"name": "L", "webhook_url": "ftp://x.io"}, ["webhook_url must be a URL"]),
    ("lists", "create",
     {"name": "L", "companies": [{"domain": "a.io"}, {"name": "B", "country": "France"},
                                 {"name": "C", "linkedin_url": "nope"}, {"name": "D", "siren": 1}]},
     ["companies[0]: name is required",
      "companies[1]: country_code must be a two-letter ISO code, got 'France'",
      "companies[2]: linkedin_url must be a URL",
      "companies[3]: unknown keys ['siren']"]),
    ("lists", "create", {"name": "L", "companies": [{"name": "A", "company_name": "B"}]},
     ["companies[0]: name is given twice, as 'name' and 'company_name'"]),
    ("lists", "update", {"id": cs.LIST_ID}, ["provide at least one of: name, companies"]),
    ("lists", "update", {"id": "", "name": "x"}, ["id must not be blank"]),
    ("lists", "update", {"id": cs.LIST_ID, "name": " "}, ["name must not be blank"]),
    ("lists", "get", {"id": None}, ["id is required"]),
    ("personas", "get", {"uuid": ""}, ["uuid must not be blank"]),
]


@pytest.mark.parametrize(("resource", "method", "kwargs", "problems"), INVALID)
async def test_invalid_input_is_refused_before_any_request(
    pronto: Harness,
    mock: aioresponses,
    resource: str,
    method: str,
    kwargs: dict[str, Any],
    problems: list[str],
) -> None:
    await assert_refused(pronto, mock, f"{resource}.{method}", kwargs, problems)


def test_a_persona_is_read_by_id_as_every_other_model() -> None:
    from pronto_async import Persona
    from pronto_async._convert import structure

    for body in ({"uuid": "p-1", "name": "Sales"}, {"id": "p-1", "name": "Sales"}):
        persona = structure(body, Persona)
        assert persona.id == persona.uuid == "p-1"

"""Path ids positionally and by keyword (``pronto.searches.get("abc")``, ``id="abc"``), one
name (``id``) across resources, and ``personas.get(uuid=...)`` still accepted. Through both
clients."""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import ENDPOINTS, AsyncPronto, Pronto, ValidationError
from pronto_async.resources._base import OPERATION_ATTR
from pronto_async.resources.personas import Personas
from pronto_async.resources.searches import Searches
from tests.support import reference_contacts_searches as cs
from tests.support.harness import APP, Harness, collect, request_count

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"

#: Every method that takes a path id: (resource, method, HTTP method, path, answer, other
#: arguments). The operations among them must be all the table's rows with a placeholder.
CASES: list[tuple[str, str, str, str, Any, dict[str, Any]]] = [
    ("contacts", "get", "GET", f"/contacts/{ID}", cs.GET_CONTACT_FINISHED, {}),
    ("searches", "get", "GET", f"/searches/{ID}", cs.SEARCH_DETAIL, {}),
    ("searches", "delete", "DELETE", f"/searches/{ID}", cs.DELETE_OK, {}),
    ("searches", "wait", "GET", f"/searches/{ID}", cs.SEARCH_DETAIL, {}),
    ("searches", "leads", "GET", f"/searches/{ID}", cs.SEARCH_DETAIL, {}),
    ("lists", "get", "GET", f"/lists/{ID}", cs.LIST_DETAIL, {}),
    ("lists", "update", "PUT", f"/lists/{ID}", cs.LIST_CREATE_RESPONSE, {"name": "Renamed"}),
    ("personas", "get", "GET", f"/personas/{ID}", cs.PERSONAS_LIST[0], {}),
]
_IDS = [f"{r}.{m}" for r, m, *_ in CASES]


def test_every_operation_with_a_path_id_is_covered() -> None:
    with_placeholder = {e.name for e in ENDPOINTS if "{" in e.path}
    client = AsyncPronto("key")
    operations = {
        getattr(getattr(getattr(client, resource), method), OPERATION_ATTR, None)
        for resource, method, *_ in CASES
    }
    assert operations - {None} == with_placeholder
    assert len(with_placeholder) == 6


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_the_id_is_the_first_parameter_and_is_called_id(
    case: tuple[str, str, str, str, Any, dict[str, Any]],
) -> None:
    resource, method = case[0], case[1]
    for client in (AsyncPronto("key"), Pronto("key")):
        params = list(inspect.signature(getattr(getattr(client, resource), method)).parameters)
        assert params[0] == "id", (type(client).__name__, resource, method)
        if isinstance(client, Pronto):
            client.close()


async def _call(pronto: Harness, resource: str, method: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(getattr(pronto, resource), method)(*args, **kwargs)
    if method == "leads":
        return await collect(result)
    return await result


@pytest.mark.parametrize("style", ["positional", "keyword"])
@pytest.mark.parametrize("case", CASES, ids=_IDS)
async def test_the_id_works_positionally_and_by_keyword(
    pronto: Harness, mock: aioresponses, style: str,
    case: tuple[str, str, str, str, Any, dict[str, Any]],
) -> None:
    resource, method, verb, path, answer, others = case
    mock.add(f"{APP}{path}", method=verb, payload=answer)
    if style == "positional":
        result = await _call(pronto, resource, method, ID, **others)
    else:
        result = await _call(pronto, resource, method, id=ID, **others)
    assert result is not None
    assert request_count(mock, verb, f"{APP}{path}") == 1
    assert request_count(mock) == 1


@pytest.mark.parametrize("case", CASES, ids=_IDS)
async def test_a_missing_or_doubled_id_is_refused_before_any_request(
    pronto: Harness, mock: aioresponses, case: tuple[str, str, str, str, Any, dict[str, Any]],
) -> None:
    resource, method, _, _, _, others = case
    with pytest.raises(TypeError, match="multiple values for argument 'id'"):
        await _call(pronto, resource, method, ID, id=ID, **others)
    with pytest.raises(ValidationError, match="id must not be blank"):
        await _call(pronto, resource, method, " ", **others)
    assert request_count(mock) == 0


async def test_personas_get_still_takes_uuid_with_a_deprecation_warning(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.get(f"{APP}/personas/{ID}", payload=cs.PERSONAS_LIST[0])
    with pytest.warns(DeprecationWarning, match=r"personas.get\(uuid=...\) is deprecated") as seen:
        persona = await pronto.personas.get(uuid=ID)
    assert persona.name == "Sales leaders"
    assert request_count(mock, "GET", f"{APP}/personas/{ID}") == 1
    if pronto.kind == "async":  # the warning points at the caller's line
        assert [w.filename for w in seen] == [__file__]


async def test_personas_get_refuses_both_spellings_or_none(
    pronto: Harness, mock: aioresponses
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a refused call does not warn either
        with pytest.raises(ValidationError, match="not both"):
            await pronto.personas.get(ID, uuid=ID)
        with pytest.raises(ValidationError, match="id is required"):
            await pronto.personas.get()
        with pytest.raises(ValidationError, match="uuid must not be blank"):
            await pronto.personas.get(uuid="")
    assert request_count(mock) == 0


def test_the_type_checker_sees_both_spellings_of_personas_get() -> None:
    overloads = [inspect.signature(o) for o in _overloads(Personas.get)]
    assert [list(s.parameters) for s in overloads] == [
        ["self", "id", "options"], ["self", "uuid", "options"]
    ]
    assert inspect.signature(Searches.get).parameters["id"].kind is (
        inspect.Parameter.POSITIONAL_OR_KEYWORD
    )


def _overloads(function: Any) -> list[Any]:
    from typing import get_overloads

    return list(get_overloads(inspect.unwrap(function)))

"""Searches, lists, personas, the account and location IDs."""

from __future__ import annotations

from typing import Any, Final

from .. import _data
from .._call import Call, Handler, Reply
from .._jobs import Search
from .._rules import Reject, bad_request, check_url, given, unprocessable
from .._shapes import NO_BODY, SearchDetailShape

__all__ = ["HANDLERS"]

#: Location IDs that appear in the reference's examples and in real-usage.md §7.
_KNOWN_LOCATIONS: Final = {
    "united states": ("103644278", "country"),
    "france": ("105015875", "country"),
    "paris": ("101240143", "city"),
    "united arab emirates": ("104305776", "country"),
    "united kingdom": ("101165590", "country"),
    "germany": ("101282230", "country"),
}


def _own_search(call: Call) -> Search:
    """searches/destroy: 404 for an unknown id, 401 for someone else's search."""
    search = call.world.searches.get(call.params["id"])
    if search is None:
        raise Reject(404, {"error": "Search not found"})
    if search.owner != call.account.key:
        raise Reject(401, {"error": "Unauthorized"})
    return search


def searches_list(call: Call) -> Reply:
    now = call.world.now()
    mine = [s.summary(now) for s in call.world.searches.values() if s.owner == call.account.key]
    return 200, {"searches": mine}


def searches_get(call: Call) -> Reply:
    if call.params["id"] in call.world.imports:
        return _import_detail(call)
    search = _own_search(call)
    now = call.world.now()
    leads = [call.world.search_lead(search, i) for i in range(search.lead_count(now))]
    # searches/show: a lead qualification filter; the parameter's name was not captured
    # (real-usage.md §5), "status" is the likely one.
    wanted = call.query.get("status", "").upper()
    if wanted in ("QUALIFIED", "DISQUALIFIED"):
        leads = [item for item in leads if item["lead"]["status"] == wanted]
    search_view = {k: v for k, v in search.summary(now).items() if k != "leads_count"}
    shape = call.world.shapes.search_detail
    if shape is SearchDetailShape.FLAT:
        return 200, {**search_view, "leads": leads}
    if shape is SearchDetailShape.FLAT_RESULTS:
        return 200, {**search_view, "results": leads}
    return 200, {"search": search_view, "leads": leads}


def _import_detail(call: Call) -> Reply:
    """An account import read as a search: its status, no leads (its accounts go to the
    webhook)."""
    job = call.world.imports[call.params["id"]]
    if job.owner != call.account.key:
        raise Reject(401, {"error": "Unauthorized"})
    view = job.summary(call.world.now())
    shape = call.world.shapes.search_detail
    if shape is SearchDetailShape.FLAT_RESULTS:
        return 200, {**view, "results": []}
    if shape is SearchDetailShape.FLAT:
        return 200, {**view, "leads": []}
    return 200, {"search": view, "leads": []}


def searches_delete(call: Call) -> Reply:
    search = _own_search(call)
    del call.world.searches[search.id]
    empty = call.world.shapes.empty_writes
    if empty is not None:
        return empty, NO_BODY
    return 200, {"message": "Search deleted successfully"}


def _companies(call: Call) -> list[dict[str, Any]]:
    rows = call.get("companies")
    if rows is None:
        return []
    if not isinstance(rows, list):
        bad_request("companies must be an array")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not given(row.get("name")):
            bad_request(f"companies[{i}]: Missing required keys: name")
        linkedin_id = str(_data.digest(call.seed, "list-company", row["name"]) % 10**7)
        out.append({
            "company_name": row["name"],
            "linkedin_url": row.get("linkedin_url")
            or f"https://www.linkedin.com/company/{linkedin_id}",
            "linkedin_id": linkedin_id,
            "company_website": row.get("domain"),
        })
    return out


def _summary(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"], "name": item["name"], "type": item["type"],
        "linkedin_id": item["linkedin_id"], "companies_count": len(item["companies"]),
        "created_at": item["created_at"], "updated_at": item["updated_at"],
        **({"kind": item["kind"]} if "kind" in item else {}),
    }


def _own_list(call: Call) -> dict[str, Any]:
    item = call.world.lists.get(call.params["id"])
    if item is None or item["owner"] != call.account.key:
        raise Reject(404, {"error": "List not found"})
    return item


#: ``kind`` of POST /lists -> the list's ``type`` (Pipecorn/cli-pipecorn src/api/schemas.ts
#: ``createListSchema``: "account" | "lead"; a list of companies reads back as "companies").
_LIST_TYPES: Final = {"account": "companies", "lead": "leads"}


def lists_create(call: Call) -> Reply:
    if not given(call.get("name")):
        bad_request("Missing required keys: name")
    check_url(call.body, "webhook_url", required=False)
    kind = call.get("kind")
    if kind is not None and kind not in _LIST_TYPES:
        unprocessable(f"Invalid kind: {kind!r}. Valid values: account, lead")
    list_id = call.world.new_id("list")
    now = call.world.iso_now()
    call.world.lists[list_id] = {
        "id": list_id, "owner": call.account.key, "name": call.get("name"),
        "type": _LIST_TYPES[kind or "account"],
        "linkedin_id": str(7_358_000_000_000_000_000 + _data.digest(call.seed, list_id) % 10**15),
        "created_at": now, "updated_at": now, "companies": _companies(call),
    }
    item = call.world.lists[list_id]
    answer = {"id": list_id, "linkedin_id": item["linkedin_id"], "type": item["type"]}
    if kind is not None:
        item["kind"] = answer["kind"] = kind  # echoed: the CLI types the answer {id, kind?}
    return 201, answer


def lists_list(call: Call) -> Reply:
    mine = [_summary(i) for i in call.world.lists.values() if i["owner"] == call.account.key]
    return 200, {"lists": mine}


def lists_get(call: Call) -> Reply:
    item = _own_list(call)
    return 200, {**_summary(item), "companies": item["companies"]}


def lists_update(call: Call) -> Reply:
    item = _own_list(call)
    if not given(call.get("name")) and not given(call.get("companies")):
        bad_request("Provide at least one of: name, companies")
    if given(call.get("name")):
        item["name"] = call.get("name")
    item["companies"].extend(_companies(call))
    item["updated_at"] = call.world.iso_now()
    empty = call.world.shapes.empty_writes
    if empty is not None:
        return empty, NO_BODY
    return 200, _summary(item)


def personas_list(call: Call) -> Reply:
    return 200, {"personas": call.world.personas}


def personas_get(call: Call) -> Reply:
    for persona in call.world.personas:
        if persona["uuid"] == call.params["uuid"]:
            return 200, persona
    raise Reject(404, {"error": "Persona not found"})


def credits(call: Call) -> Reply:
    return 200, {call.world.shapes.credits_key: call.account.credits}


def info(call: Call) -> Reply:
    return 200, {
        "email": call.account.email,
        "name": "Fake Pronto user",
        "organization": {"id": _data.make_uuid(call.seed, "org"), "name": "Fake Pronto"},
    }


def locations(call: Call) -> Reply:
    # real-usage.md §7: callers send "name" (bluepencil) or "query" (the CLI).
    name = call.get("name") if given(call.get("name")) else call.get("query")
    if not isinstance(name, str) or not name.strip():
        bad_request("Missing required keys: name")
    needle = name.strip().lower()
    hits = [
        {"id": loc_id, "name": known.title(), "type": kind}
        for known, (loc_id, kind) in _KNOWN_LOCATIONS.items()
        if needle in known
    ]
    if not hits:
        loc_id = str(100_000_000 + _data.digest(call.seed, "location", needle) % 900_000_000)
        hits = [{"id": loc_id, "name": name.strip().title(), "type": "region"}]
    return 200, hits


HANDLERS: Final[dict[str, Handler]] = {
    "searches.list": searches_list,
    "searches.get": searches_get,
    "searches.delete": searches_delete,
    "lists.create": lists_create,
    "lists.list": lists_list,
    "lists.get": lists_get,
    "lists.update": lists_update,
    "personas.list": personas_list,
    "personas.get": personas_get,
    "account.credits": credits,
    "account.info": info,
    "locations.search": locations,
}

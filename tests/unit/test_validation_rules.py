"""The validation rules every operation shares: one URL rule for every webhook, what a list
argument accepts, text that cannot be encoded, free-form JSON, integer bounds.

Each rule is checked on every operation it applies to (found by walking the client, as the
fuzz test does), against a stand-in session that records what would have been sent.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest

from pronto_async import AsyncPronto, ProntoError, ValidationError
from pronto_async._validate import MAX_DEPTH
from tests.unit.test_fuzz_inputs import BASELINES, CountingSession, call, fuzz_client, methods


@pytest.fixture
def wire() -> CountingSession:
    return CountingSession()


@pytest.fixture
async def client(wire: CountingSession) -> Any:
    async with fuzz_client(wire) as pronto:
        yield pronto


def _taking(client: AsyncPronto, param: str) -> dict[str, Callable[..., Any]]:
    """The operations with an argument named ``param``."""
    return {
        name: method for name, method in methods(client).items()
        if param in inspect.signature(method).parameters
    }


async def _refused(
    method: Callable[..., Any], wire: CountingSession, **kwargs: Any
) -> ValidationError:
    before = len(wire.sent)
    with pytest.raises(ValidationError) as info:
        await call(method, (), kwargs)
    assert len(wire.sent) == before, "a refused call reached the wire"
    return info.value


async def _sent(method: Callable[..., Any], wire: CountingSession, **kwargs: Any) -> Any:
    """The body ``method(**kwargs)`` sent (the stand-in's answer may not fit every model)."""
    before = len(wire.sent)
    try:
        await call(method, (), kwargs)
    except ValidationError:
        raise
    except ProntoError:
        pass  # the stand-in's answer does not fit every model: only what was sent matters
    assert len(wire.sent) == before + 1
    return wire.bodies[-1]


# -- webhooks ---------------------------------------------------------------------------------

REFUSED_WEBHOOKS = [
    ("http://hooks.example.com/h", "must be an https:// URL (plain http://"),
    ("http://10.0.0.5/h", "must be an https:// URL (plain http://"),
    ("HTTP://hooks.example.com/h", "must be an https:// URL (plain http://"),
    ("https://..", "must be a URL (its host has an empty label)"),
    ("https://a..b.com/h", "must be a URL (its host has an empty label)"),
    ("../../etc/passwd", "must be a URL (it is a relative path"),
    ("/hooks/1", "must be a URL (it is a relative path"),
    ("https://intranet/hook", "must be a URL (it must name a real host"),
    ("ftp://hooks.example.com/h", "must be a URL (it must start with https://"),
    ("javascript:alert(1)", "must be a URL (it is not a web address"),
    ("ada@example.com", "must be a URL (it is not a web address"),
    ("https://hooks.example.com:70000/h", "must be a URL (it cannot be parsed"),
    ("https://hooks example.com/h", "must be a URL (it contains a space"),
    ("https://-x-.example.com/h", "must be a URL (its host has an invalid label"),
]
ACCEPTED_WEBHOOKS = [
    ("https://hooks.example.com/h?token=1", "https://hooks.example.com/h?token=1"),
    ("hooks.example.com/h", "https://hooks.example.com/h"),
    ("http://127.0.0.1:8080/h", "http://127.0.0.1:8080/h"),
    ("http://[::1]:9000/h", "http://[::1]:9000/h"),
    ("http://localhost:9000/h", "http://localhost:9000/h"),
    ("https://10.0.0.5/h", "https://10.0.0.5/h"),
    ("https://bücher.example/h", "https://bücher.example/h"),
]


async def test_every_webhook_argument_follows_the_one_rule(
    client: AsyncPronto, wire: CountingSession
) -> None:
    operations = _taking(client, "webhook_url")
    # Every operation that makes Pronto POST somewhere, the searches and bulk_enrich included.
    assert {"leads.search_in_company", "contacts.bulk_enrich", "leads.advanced_search",
            "lists.create", "signals.growth"} <= set(operations)
    assert len(operations) == 14
    for name, method in operations.items():
        for url, problem in REFUSED_WEBHOOKS:
            error = await _refused(method, wire, **{**BASELINES[name], "webhook_url": url})
            assert error.problems == (f"webhook_url {problem}",) or error.problems[0].startswith(
                f"webhook_url {problem}"
            ), (name, url, error.problems)
        for url, wire_value in ACCEPTED_WEBHOOKS:
            body = await _sent(method, wire, **{**BASELINES[name], "webhook_url": url})
            inner = body.get("account", body)  # growth nests everything under "account"
            assert inner["webhook_url"] == wire_value, (name, url)


# -- lists ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"VP of Sales", "CTO"}, "got a set, which has no order (pass sorted(...) or a list)"),
        (frozenset({"CTO"}), "got a frozenset, which has no order"),
        ({"CTO": 1}.keys(), "got a dict_keys, which has no order"),
        ({"VP of Sales": 1}, "got a dict (its keys would be sent)"),
        (MappingProxyType({"CTO": 1}), "got a mappingproxy (its keys would be sent)"),
        ("VP of Sales", "got a single string (write ['VP of Sales'])"),
        (b"VP of Sales", "got bytes"),
        (bytearray(b"CTO"), "got bytearray"),
        (memoryview(b"CTO"), "got memoryview"),
        (42, "got int"),
    ],
)
async def test_list_arguments_take_ordered_collections_only(
    client: AsyncPronto, wire: CountingSession, value: Any, problem: str
) -> None:
    preview = client.leads.advanced_search_preview
    error = await _refused(preview, wire, job_titles=value)
    assert len(error.problems) == 1
    assert error.problems[0].startswith(f"job_titles must be a list of strings, {problem}")
    error = await _refused(preview, wire, job_titles=["CTO"], included_locations=value)
    assert error.problems[0].startswith("included_locations must be a list of IDs, ")
    error = await _refused(client.contacts.enrich, wire, first_name="A", last_name="B",
                           enrichment_type="email", phone_country_codes=value)
    assert error.problems[0].startswith("phone_country_codes must be a list of strings, ")


async def test_lists_tuples_and_generators_are_sent_as_lists(
    client: AsyncPronto, wire: CountingSession
) -> None:
    preview = client.leads.advanced_search_preview
    for value in (["CTO", "VP"], ("CTO", "VP"), (t for t in ["CTO", "VP"])):
        body = await _sent(preview, wire, job_titles=value, included_locations=iter([1, "2"]))
        assert body["job_titles"] == ["CTO", "VP"]
        assert body["included_locations"] == ["1", "2"]


async def test_sets_are_refused_for_every_kind_of_list(
    client: AsyncPronto, wire: CountingSession
) -> None:
    """One rule for every list argument: ids, enum values, company lists, contact rows."""
    cases: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
        (client.leads.advanced_search_preview, {"functions": {"25"}}, "functions"),
        (client.leads.advanced_search_preview, {"included_companies": {"1441"}},
         "included_companies"),
        (client.accounts.search_preview, {"company_size": {"51-200"}}, "company_size"),
        (client.signals.growth, {**BASELINES["signals.growth"], "included_locations": {1}},
         "included_locations"),
        (client.contacts.enrich, {"first_name": "A", "last_name": "B",
                                  "enrichment_type": {"email"}}, "enrichment_type"),
        (client.accounts.headcount, {"company_linkedin_id": 1, "departments": {"Sales"}},
         "departments"),
    ]
    for method, kwargs, name in cases:
        error = await _refused(method, wire, **kwargs)
        assert any(p.startswith(name) and "no order" in p for p in error.problems), error


# -- text that cannot be sent ----------------------------------------------------------------

async def test_a_lone_surrogate_is_refused_wherever_a_string_goes(
    client: AsyncPronto, wire: CountingSession
) -> None:
    bad = "Ada\ud800"
    cases: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
        (client.contacts.enrich, {"first_name": bad}, "first_name"),
        (client.contacts.enrich, {"custom": {"crm": bad}}, "custom['crm']"),
        (client.contacts.enrich, {"custom": {bad: 1}}, "custom key"),
        (client.contacts.enrich, {"extra_body": {"x": [1, bad]}}, "extra_body['x'][1]"),
        (client.leads.advanced_search_preview, {"job_titles": ["CTO", bad]}, "job_titles[1]"),
        (client.leads.advanced_search_preview, {"keyword": bad}, "keyword"),
        (client.leads.advanced_search_preview, {"included_account_lists": [bad]},
         "included_account_lists"),
        (client.searches.get, {"id": bad}, "id"),
        (client.locations.search, {"name": bad}, "name"),
        (client.contacts.bulk_enrich, {"contacts": [{"first_name": bad, "last_name": "L",
                                                     "domain": "a.io"}] * 2},
         "contacts[0]: first_name"),
    ]
    base = {"first_name": "Ada", "last_name": "L", "enrichment_type": "email"}
    for method, kwargs, where in cases:
        if method == client.contacts.enrich:
            kwargs = {**base, **kwargs}
        elif method == client.contacts.bulk_enrich:
            kwargs = {**BASELINES["contacts.bulk_enrich"], **kwargs}
        elif method == client.leads.advanced_search_preview and "job_titles" not in kwargs:
            kwargs = {"job_titles": ["CTO"], **kwargs}
        error = await _refused(method, wire, **kwargs)
        assert any(p.startswith(where) and "lone surrogate '\\ud800'" in p
                   for p in error.problems), (where, error.problems)


# -- free-form JSON ---------------------------------------------------------------------------

def _nested(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth - 1):
        node["k"] = {}
        node = node["k"]
    return root


async def test_custom_and_extra_body_must_be_json(
    client: AsyncPronto, wire: CountingSession
) -> None:
    loop: dict[str, Any] = {"a": 1}
    loop["again"] = [loop]
    cases = [
        (loop, "custom['again'][0] contains itself (a circular reference)"),
        (_nested(5_000), f"nests more than {MAX_DEPTH} levels deep"),
        ({"score": float("nan")}, "custom['score'] must be a finite number, got nan"),
        ({"score": float("-inf")}, "custom['score'] must be a finite number"),
        ({"tags": {"a", "b"}}, "custom['tags'] cannot be sent as JSON: set"),
        ({"raw": b"x"}, "custom['raw'] cannot be sent as JSON: bytes"),
        ({"big": 10**5000}, "custom['big'] is a 16610-bit integer; at most 64 bits"),
        ({1: "a"}, "custom has a key that is not a string: 1"),
    ]
    base = {"first_name": "Ada", "last_name": "L", "enrichment_type": "email"}
    for value, problem in cases:
        error = await _refused(client.contacts.enrich, wire, **base, custom=value)
        assert any(problem in p for p in error.problems), (problem, error.problems)
        error = await _refused(client.contacts.enrich, wire, **base, extra_body={"x": value})
        assert any(p.startswith("extra_body['x']") for p in error.problems), error.problems
    error = await _refused(client.contacts.enrich, wire, **base, custom=["a"])
    assert error.problems == ("custom must be a mapping with string keys, got list",)


async def test_json_that_is_fine_is_sent_as_plain_dicts_and_lists(
    client: AsyncPronto, wire: CountingSession
) -> None:
    shared = {"id": 1}  # the same object twice is not a cycle
    custom = MappingProxyType({
        "pair": ("a", 1), "shared": [shared, shared], "deep": _nested(MAX_DEPTH - 1), "n": None,
        "ratio": 0.5, "flag": True, "big": 2**63 - 1,
    })
    body = await _sent(client.contacts.enrich, wire, first_name="Ada", last_name="L",
                       enrichment_type="email", custom=custom)
    assert body["custom"]["pair"] == ["a", 1]
    assert body["custom"]["shared"] == [{"id": 1}, {"id": 1}]
    assert body["custom"]["big"] == 2**63 - 1


# -- numbers and ids --------------------------------------------------------------------------

async def test_integers_beyond_64_bits_are_refused_without_printing_them(
    client: AsyncPronto, wire: CountingSession
) -> None:
    huge = 10**5000  # str() of it raises: the message must not try
    cases: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
        (client.leads.extract, {**BASELINES["leads.extract"], "limit": huge},
         "limit must be <= 1000, got a 16610-bit integer"),
        (client.signals.lookalikes, {**BASELINES["signals.lookalikes"], "limit": huge},
         "limit must be <= 9223372036854775807, got a 16610-bit integer"),
        (client.accounts.headcount, {"company_linkedin_id": huge},
         "company_linkedin_id must be a string, got int"),
        (client.signals.track_job_changes, {"webhook_url": "https://h.example.com/h",
                                            "lead_list_id": huge}, "lead_list_id must be"),
        (client.searches.get, {"id": huge}, "id must be a non-negative integer"),
        (client.signals.growth, {**BASELINES["signals.growth"],
                                 "min_headcount_growth_percentage": huge},
         "min_headcount_growth_percentage must be a number"),
        (client.leads.advanced_search_preview, {"included_companies": [huge]},
         "included_companies must contain"),
    ]
    for method, kwargs, problem in cases:
        error = await _refused(method, wire, **kwargs)
        assert any(p.startswith(problem) for p in error.problems), (problem, error.problems)


async def test_linkedin_arguments_point_at_the_documented_pages(
    client: AsyncPronto, wire: CountingSession
) -> None:
    preview = client.leads.advanced_search_preview
    error = await _refused(preview, wire, connections_of_profile=BASELINES["accounts.enrich"][
        "company_linkedin_url"])
    assert error.problems[0].startswith(
        "connections_of_profile must be a LinkedIn URL under /in/ or /sales/lead/"
    )
    body = await _sent(
        preview, wire, connections_of_profile="https://www.linkedin.com/sales/lead/ACwAAA,NAME"
    )
    assert body["connections_of_profile"].endswith("/sales/lead/ACwAAA,NAME")
    for name in ("accounts.stack", "accounts.hiring", "accounts.enrich"):
        method = methods(client)[name]
        error = await _refused(method, wire, company_linkedin_url="https://notion.so/about")
        assert "company_linkedin_url must be a linkedin.com URL" in error.problems[0]
    error = await _refused(client.contacts.enrich, wire, first_name="A", last_name="B",
                           enrichment_type="phone", linkedin_url="https://twitter.com/ada")
    assert error.problems[0].startswith("linkedin_url must be a linkedin.com URL")


async def test_the_pipeline_refuses_a_body_json_cannot_carry(
    client: AsyncPronto, wire: CountingSession
) -> None:
    """``pronto.request`` takes any body: what it cannot encode is refused before the
    limiter, the ledger hook or the wire see it."""
    loop: dict[str, Any] = {}
    loop["loop"] = loop
    for body, problem in [
        ({"x": float("nan")}, "cannot be encoded as JSON"),
        (loop, "cannot be encoded as JSON"),
        ({"x": "\udc80"}, "cannot be encoded as UTF-8"),
        ({"x": {1, 2}}, "cannot be encoded as JSON"),
    ]:
        with pytest.raises(ValidationError, match=problem):
            await client.request("accounts.stack", json=body)
    assert wire.sent == []

"""accounts.headcount, count_profiles, search, search_preview, extract: requests rebuilt byte
for byte from the reference's examples, responses parsed without loss, and validation before
spend. Through both clients."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import UnexpectedResponseError, ValidationError
from pronto_async._convert import unstructure
from pronto_async.enums import CompanySize, Function, RevenueCurrency
from pronto_async.jobs import ImportJob
from tests.support import reference_accounts_leads as ref
from tests.support.harness import APP, Harness, as_job, assert_refused, request_count, sent


def generated_name(body: dict[str, Any], label: str) -> str:
    """The name the SDK gave a search sent without one (unique: ``label - 12 hex``)."""
    name = body["name"]
    assert re.fullmatch(rf"{re.escape(label)} - [0-9a-f]{{12}}", name), name
    return str(name)


def wire(payload: dict[str, Any]) -> bytes:
    """How the SDK serialises a body (compact JSON, UTF-8)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


# -- headcount --------------------------------------------------------------------------


async def test_headcount_departments_are_typed(pronto: Harness, mock: aioresponses) -> None:
    url = f"{APP}/accounts/headcount"
    mock.post(url, payload=ref.HEADCOUNT_RESPONSE)

    report = await pronto.accounts.headcount(
        company_linkedin_id=1441, departments=[Function.ENGINEERING, "Sales"]
    )

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(ref.HEADCOUNT_REQUEST)
    assert list(report.departments) == ["Engineering", "Sales"]
    engineering = report.departments["Engineering"]
    assert engineering.three_months is not None
    assert engineering.three_months.headcount_gain == 10
    assert engineering.twelve_months is not None
    assert engineering.twelve_months.headcount_gain_percentage == -8.33
    assert report.departments["Sales"].six_months is None
    assert report.extra == {}
    assert report.to_wire() == ref.HEADCOUNT_RESPONSE


async def test_headcount_keeps_what_is_not_a_department(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(
        f"{APP}/accounts/headcount",
        payload={"company_linkedin_id": "1441", "Legal": {"3_months_evolution": {"x": 1}}},
    )
    report = await pronto.accounts.headcount(company_linkedin_id="1441")
    assert set(report.departments) == {"Legal"}
    assert report.extra == {"company_linkedin_id": "1441"}
    assert report.departments["Legal"].three_months is not None
    assert report.departments["Legal"].three_months.extra == {"x": 1}
    (call,) = sent(mock, "POST", f"{APP}/accounts/headcount")
    assert call["body"] == {"company_linkedin_id": "1441"}  # every department when omitted


async def test_headcount_refuses_a_list_answer(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/accounts/headcount", payload=["Engineering"])
    with pytest.raises(UnexpectedResponseError):
        await pronto.accounts.headcount(company_linkedin_id="1441")


# -- count_profiles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "example", [ref.COUNT_PROFILES_BY_ID, ref.COUNT_PROFILES_BY_URL], ids=["by id", "by url"]
)
async def test_count_profiles_reference_examples(
    pronto: Harness, mock: aioresponses, example: dict[str, Any]
) -> None:
    url = f"{APP}/accounts/count_profiles"
    mock.post(url, payload=ref.COUNT_PROFILES_RESPONSE)

    count = await pronto.accounts.count_profiles(**example)

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(example)
    assert count.total == 26
    assert count.title_to_exclude == ["Junior"]
    assert count.extra == {}
    assert unstructure(count) == ref.COUNT_PROFILES_RESPONSE


# -- search -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(ref.ACCOUNT_SEARCHES))
async def test_search_reference_use_cases(pronto: Harness, mock: aioresponses, case: str) -> None:
    url = f"{APP}/accounts/search"
    mock.post(url, payload=ref.ACCOUNT_SEARCH_RESPONSE)
    example = ref.ACCOUNT_SEARCHES[case]

    job = await pronto.accounts.search(**example)

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(example)
    assert isinstance(as_job(job), ImportJob)
    assert job.id == ref.ACCOUNT_SEARCH_RESPONSE["id"]
    assert job.response.total == 842
    assert job.response.preview is not None
    assert job.response.preview[0].linkedin_id == "104885158"
    assert job.response.extra == {}
    assert unstructure(job.response) == ref.ACCOUNT_SEARCH_RESPONSE


async def test_search_accepts_enums_en_dashes_and_float_revenues(
    pronto: Harness, mock: aioresponses
) -> None:
    url = f"{APP}/accounts/search"
    mock.post(url, payload=ref.ACCOUNT_SEARCH_RESPONSE)

    await pronto.accounts.search(
        webhook_url="your-webhook.com/accounts",
        included_industries=[6, "96"],
        company_size=[CompanySize.S_51_200, "201\u2013500", "51-200"],
        min_revenue=0.5,
        max_revenue=100.0,
        revenue_currency=RevenueCurrency.GBP,
        limit=1000,
        streaming=True,
    )

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(
        {
            "webhook_url": "https://your-webhook.com/accounts",
            "name": generated_name(call["body"], "Account search - API"),
            "included_industries": ["6", "96"],
            "company_size": ["51-200", "201-500"],
            "min_revenue": 0.5,
            "max_revenue": 100,
            "revenue_currency": "GBP",
            "limit": 1000,
            "streaming": True,
        }
    )


async def test_search_without_an_id_says_it_may_have_charged(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/accounts/search", payload={"message": "queued"})
    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.accounts.search(webhook_url="https://h.example.com/a", keyword="saas")
    assert info.value.may_have_charged


# -- search_preview ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "example", [ref.ACCOUNT_PREVIEW_REQUEST, ref.REVENUE_EXAMPLE], ids=["preview", "revenue"]
)
async def test_search_preview_reference_examples(
    pronto: Harness, mock: aioresponses, example: dict[str, Any]
) -> None:
    url = f"{APP}/accounts/search/preview"
    mock.post(url, payload=ref.ACCOUNT_PREVIEW_RESPONSE)

    preview = await pronto.accounts.search_preview(**example)

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(example)
    assert preview.total_count == 4321
    assert preview.preview is not None and preview.preview[0].company_name == "Pronto"
    assert preview.extra == {}
    assert unstructure(preview) == ref.ACCOUNT_PREVIEW_RESPONSE


# -- extract ----------------------------------------------------------------------------


async def test_extract_from_a_sales_navigator_url(pronto: Harness, mock: aioresponses) -> None:
    url = f"{APP}/accounts/"
    mock.post(url, payload={"message": "Import started", "id": "imp_1", "total": 120})
    search_url = "https://www.linkedin.com/sales/search/company?query=(keywords%3Asaas)"

    job = await pronto.accounts.extract(
        search_url=search_url, webhook_url="https://h.example.com/a", name="SaaS", limit=100,
        streaming=False,
    )

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(
        {
            "search_url": search_url,
            "webhook_url": "https://h.example.com/a",
            "name": "SaaS",
            "limit": 100,
            "streaming": False,
        }
    )
    assert isinstance(as_job(job), ImportJob)
    assert (job.id, job.response.total) == ("imp_1", 120)


# -- validation before spend --------------------------------------------------------------

HOOK = "https://h.example.com/accounts"
SALES_NAV = "https://www.linkedin.com/sales/search/company?query=x"

INVALID: list[tuple[str, dict[str, Any], list[str]]] = [
    ("headcount", {"company_linkedin_id": None}, ["company_linkedin_id is required"]),
    ("headcount", {"company_linkedin_id": "notion"},
     ["company_linkedin_id must be a numeric LinkedIn id"]),
    ("headcount", {"company_linkedin_id": "1441", "departments": "Engineering"},
     ["departments must be a list of strings"]),
    ("headcount", {"company_linkedin_id": "1441", "departments": 3},
     ["departments must be a list of strings"]),
    ("headcount", {"company_linkedin_id": "1441", "departments": []},
     ["departments must not be empty"]),
    ("count_profiles", {}, ["provide one of: company_linkedin_id, company_linkedin_url"]),
    ("count_profiles",
     {"company_linkedin_id": "1", "company_linkedin_url": "https://www.linkedin.com/company/a"},
     ["provide only one of"]),
    ("count_profiles", {"company_linkedin_url": "https://notion.so"},
     ["company_linkedin_url must be a linkedin.com URL"]),
    ("count_profiles", {"company_linkedin_id": "1", "included_locations": ["Paris"]},
     ["included_locations must contain numeric LinkedIn ids"]),
    ("count_profiles", {"company_linkedin_id": "1", "title_to_include": "CEO"},
     ["title_to_include must be a list of strings"]),
    # No webhook is fine (Pronto's CLI sends none: tests/unit/test_relaxed_rules.py); no
    # filter still is not.
    ("search", {"webhook_url": None}, ["provide at least one filter"]),
    ("search", {"webhook_url": "http://h.example.com/a", "keyword": "saas"},
     ["webhook_url must be an https:// URL"]),
    ("search", {"webhook_url": HOOK}, ["provide at least one filter"]),
    ("search", {"webhook_url": HOOK, "revenue_currency": "EUR"}, ["provide at least one filter"]),
    ("search", {"webhook_url": HOOK, "company_size": ["50-200"]},
     ["company_size has values outside the documented list"]),
    ("search", {"webhook_url": HOOK, "company_size": "51-200"}, ["company_size must be a list"]),
    ("search", {"webhook_url": HOOK, "min_revenue": 3}, ["min_revenue must be one of"]),
    ("search", {"webhook_url": HOOK, "max_revenue": 0}, ["max_revenue must be one of"]),
    ("search", {"webhook_url": HOOK, "min_revenue": True}, ["min_revenue must be one of"]),
    ("search", {"webhook_url": HOOK, "min_revenue": 100, "max_revenue": 50},
     ["min_revenue (100) must not exceed max_revenue (50)"]),
    ("search", {"webhook_url": HOOK, "keyword": "x", "revenue_currency": "XBT"},
     ["revenue_currency has values outside the documented list"]),
    ("search", {"webhook_url": HOOK, "keyword": "x", "limit": 0}, ["limit must be >= 1"]),
    ("search", {"webhook_url": HOOK, "keyword": "x", "limit": 1001}, ["limit must be <= 1000"]),
    ("search", {"webhook_url": HOOK, "keyword": "x", "streaming": "true"},
     ["streaming must be True or False"]),
    ("search", {"webhook_url": HOOK, "included_locations": ["Paris"]},
     ["included_locations must contain numeric LinkedIn ids"]),
    ("search", {"webhook_url": HOOK, "included_industries": "96"},
     ["included_industries must be a list of IDs"]),
    ("search", {"webhook_url": HOOK, "keyword": "x", "extra_body": {"keyword": "y"}},
     ["extra_body repeats fields set by arguments: keyword"]),
    ("search_preview", {}, ["provide at least one filter"]),
    ("search_preview", {"keyword": " "}, ["keyword must not be blank"]),
    ("extract", {"search_url": "https://www.linkedin.com/search/results/companies/",
                 "webhook_url": HOOK}, ["search_url must be a LinkedIn URL under /sales/"]),
    ("extract", {"search_url": SALES_NAV, "webhook_url": None}, ["webhook_url is required"]),
    ("extract", {"search_url": SALES_NAV, "webhook_url": HOOK, "limit": 5000},
     ["limit must be <= 1000"]),
]


@pytest.mark.parametrize(("method", "kwargs", "problems"), INVALID)
async def test_invalid_input_is_refused_before_any_request(
    pronto: Harness,
    mock: aioresponses,
    method: str,
    kwargs: dict[str, Any],
    problems: list[str],
) -> None:
    await assert_refused(pronto, mock, f"accounts.{method}", kwargs, problems)


async def test_every_search_problem_is_listed_at_once(pronto: Harness, mock: aioresponses) -> None:
    with pytest.raises(ValidationError) as info:
        await pronto.accounts.search(
            webhook_url="http://h.example.com", company_size=["huge"], min_revenue=7, limit=0
        )
    assert len(info.value.problems) == 4
    assert request_count(mock) == 0


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("http://127.0.0.1:8080/hooks/1", True),  # a local receiver, for a local FakePronto
        ("http://localhost:9000/h", True),
        ("http://[::1]:9000/h", True),
        ("http://10.0.0.5/h", False),  # plain HTTP anywhere else: refused before sending
        ("http://hooks.example.com/h", False),
        ("https://hooks.example.com/h", True),
    ],
)
def test_webhook_urls_are_https_except_on_loopback(url: str, accepted: bool) -> None:
    from pronto_async._validate import Problems
    from pronto_async.resources._filters import https_url

    p = Problems("accounts.search")
    assert (https_url(p, "webhook_url", url) == url) is accepted
    with pytest.raises(ValidationError) if not accepted else contextlib.nullcontext():
        p.raise_if_any()


"""leads.search_in_company, extract, advanced_search, advanced_search_preview, enrich, and the
Lead model: requests rebuilt byte for byte from the reference's examples, responses parsed
without loss, and validation before spend. Through both clients."""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import QuotaExceededError, UnexpectedResponseError, ValidationError
from pronto_async._convert import structure, unstructure
from pronto_async.enums import CompanySize, Function, Seniority, Tenure
from pronto_async.jobs import SearchJob
from pronto_async.models.leads import Lead
from pronto_async.resources._filters import LEAD_FILTERS
from pronto_async.resources.leads import Leads
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


# -- search_in_company ------------------------------------------------------------------


@pytest.mark.parametrize("case", list(ref.FIND_PEOPLE_TEMPLATES))
async def test_search_in_company_clay_bodies(
    pronto: Harness, mock: aioresponses, case: str
) -> None:
    url = f"{APP}/leads/search"
    mock.post(url, status=201, payload=ref.LEAD_SEARCH_RESPONSES["newer"])
    example = ref.clay_body(case)

    job = await pronto.leads.search_in_company(**example)

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(example)
    assert "{{" not in call["data"].decode()
    assert isinstance(as_job(job), SearchJob)
    assert job.id == ref.LEAD_SEARCH_RESPONSES["newer"]["id"]


@pytest.mark.parametrize("shape", list(ref.LEAD_SEARCH_RESPONSES))
async def test_search_in_company_answers(pronto: Harness, mock: aioresponses, shape: str) -> None:
    payload = ref.LEAD_SEARCH_RESPONSES[shape]
    mock.post(f"{APP}/leads/search", status=202, payload=payload)

    job = await pronto.leads.search_in_company(
        company_linkedin_id=1441, job_titles=["*"], seniority_levels=[Seniority.CXO]
    )

    assert job.id == payload["id"]
    assert job.response.extra == {}
    assert unstructure(job.response) == payload
    (call,) = sent(mock, "POST", f"{APP}/leads/search")
    assert call["body"] == {
        "name": generated_name(call["body"], "Find people - API"),
        "company_linkedin_url": "https://www.linkedin.com/company/1441",
        "job_titles": ["*"],
        "seniority_levels": ["310"],
    }


async def test_search_in_company_people_filter_may_be_a_location(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/leads/search", payload={"search_id": "s1"})
    job = await pronto.leads.search_in_company(
        company_linkedin_url="www.linkedin.com/company/notionhq", included_locations=[104305776]
    )
    assert job.id == "s1"
    (call,) = sent(mock, "POST", f"{APP}/leads/search")
    assert call["body"] == {
        "name": generated_name(call["body"], "Find people - API"),
        "company_linkedin_url": "https://www.linkedin.com/company/notionhq",
        "included_locations": ["104305776"],
    }


# -- extract ----------------------------------------------------------------------------


async def test_extract_sales_navigator_search(pronto: Harness, mock: aioresponses) -> None:
    url = f"{APP}/leads"
    mock.post(url, status=202, payload={"id": "s_42", "status": "processing"})
    search_url = "https://www.linkedin.com/sales/search/people?query=(keywords%3Acto)"

    job = await pronto.leads.extract(
        search_url=search_url, streaming=True, limit=1000, webhook_url="https://h.example.com/l",
        name="CTOs", custom={"crm": "1"}, scale=True,
    )

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(
        {
            "search_url": search_url,
            "streaming": True,
            "limit": 1000,
            "webhook_url": "https://h.example.com/l",
            "name": "CTOs",
            "custom": {"crm": "1"},
            "scale": True,
        }
    )
    assert isinstance(as_job(job), SearchJob)
    assert (job.id, job.response.status) == ("s_42", "processing")


# -- advanced_search --------------------------------------------------------------------


@pytest.mark.parametrize("case", list(ref.ADVANCED_SEARCHES))
async def test_advanced_search_reference_examples(
    pronto: Harness, mock: aioresponses, case: str
) -> None:
    url = f"{APP}/leads/advanced_search"
    mock.post(url, status=201, payload=ref.ADVANCED_SEARCH_RESPONSE)
    example = ref.ADVANCED_SEARCHES[case]

    job = await pronto.leads.advanced_search(**example)

    (call,) = sent(mock, "POST", url)
    expected = example
    if case == ref.FUNCTIONS_FIRST:
        # Its key order contradicts the other examples'; same JSON object, keys swapped.
        assert list(example)[3:5] == ["functions", "seniority_levels"]
        order = [*list(example)[:3], "seniority_levels", "functions", *list(example)[5:]]
        expected = {k: example[k] for k in order}
    if "name" not in example:  # the SDK names every search it starts, to find it again
        named = {"name": generated_name(call["body"], "Lead search - API")}
        expected, example = {**named, **expected}, {**named, **example}
    assert call["data"] == wire(expected)
    assert call["body"] == example
    assert isinstance(as_job(job), SearchJob)
    assert job.id == "8e1dcba0-f0bb-4071-99fc-f18ba6559ccc"


async def test_advanced_search_response_parses_without_loss(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/leads/advanced_search", status=201, payload=ref.ADVANCED_SEARCH_RESPONSE)

    job = await pronto.leads.advanced_search(
        webhook_url="https://hooks.example.com/leads", keyword="cybersecurity"
    )

    search = job.response.search
    assert search is not None
    assert search.expected_profiles_count == 842
    assert search.custom == {"hubspot_id": "134567"}
    assert job.response.extra == {} and search.extra == {}
    assert unstructure(job.response) == ref.ADVANCED_SEARCH_RESPONSE


async def test_advanced_search_normalises_what_users_type(
    pronto: Harness, mock: aioresponses
) -> None:
    url = f"{APP}/leads/advanced_search"
    mock.post(url, status=201, payload={"id": "flat-id"})

    job = await pronto.leads.advanced_search(
        webhook_url="hooks.example.com/leads",
        included_companies=[1441, {"id": 162479}],
        past_companies=[" 99 "],
        company_size=["51\u2013200", CompanySize.S_10001_PLUS],
        functions=[Function.SALES, 25],
        years_at_current_company=[Tenure.LESS_THAN_1],
        recently_changed_jobs=True,
        follows_your_company=True,
        viewed_your_profile=False,
        included_lead_lists=[7],
    )

    assert job.id == "flat-id"  # an answer without the ``message`` envelope still works
    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(
        {
            "name": generated_name(call["body"], "Lead search - API"),
            "webhook_url": "https://hooks.example.com/leads",
            "functions": ["25"],
            "company_size": ["51-200", "10001+"],
            "years_at_current_company": ["1"],
            "included_companies": ["1441", {"id": "162479"}],
            "past_companies": ["99"],
            "included_lead_lists": ["7"],
            "recently_changed_jobs": ["RPC"],
            "follows_your_company": True,
            "viewed_your_profile": False,
        }
    )


async def test_advanced_search_without_an_id_says_it_may_have_charged(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/leads/advanced_search", status=201, payload={"message": "queued"})
    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.leads.advanced_search(webhook_url="https://h.example.com", keyword="x")
    assert info.value.may_have_charged


def test_both_advanced_methods_take_every_documented_filter() -> None:
    # Their bodies are built from their own parameters by name (``_filters.LEAD_FILTERS``).
    options = {"self", "webhook_url", "webhook", "name", "limit", "streaming", "scale",
               "custom"}
    search = set(inspect.signature(Leads.advanced_search).parameters)
    preview = set(inspect.signature(Leads.advanced_search_preview).parameters)
    assert search == {*LEAD_FILTERS, *options, "extra_body", "options"}  # **options: per call
    assert preview == {*LEAD_FILTERS, "self", "extra_body", "options"}
    assert len(LEAD_FILTERS) == len(set(LEAD_FILTERS)) == 32


# -- advanced_search_preview ----------------------------------------------------------------


async def test_advanced_search_preview_reference_example(
    pronto: Harness, mock: aioresponses
) -> None:
    url = f"{APP}/leads/advanced_search/preview"
    mock.post(url, payload=ref.ADVANCED_PREVIEW_RESPONSE)

    preview = await pronto.leads.advanced_search_preview(**ref.ADVANCED_PREVIEW_REQUEST)

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(ref.ADVANCED_PREVIEW_REQUEST)
    assert preview.total_count == 1234
    assert preview.preview is not None
    assert preview.preview[0].current_title == "VP of Sales"
    assert preview.extra == {} and preview.preview[0].extra == {}
    assert unstructure(preview) == ref.ADVANCED_PREVIEW_RESPONSE


# -- enrich -----------------------------------------------------------------------------


async def test_enrich_lead(pronto: Harness, mock: aioresponses) -> None:
    url = f"{APP}/leads/single_enrich"
    mock.post(url, status=201, payload=ref.LEAD_ENRICH_RESPONSE)

    lead = await pronto.leads.enrich(**ref.LEAD_ENRICH_REQUEST)

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(ref.LEAD_ENRICH_REQUEST)
    assert isinstance(lead, Lead)
    assert lead.current_position is not None
    assert lead.current_position.company_name == "Pronto"  # from ``companyName``
    assert (lead.full_name, lead.status, lead.phones) == (
        "Mathieu Brun-Picard", "QUALIFIED", ["+33612345678"]
    )
    assert lead.extra == {}
    assert unstructure(lead) == ref.LEAD_ENRICH_RESPONSE


async def test_enrich_lead_by_url_without_scheme(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/leads/single_enrich", payload={"firstName": "Ada"})
    lead = await pronto.leads.enrich(linkedin_url="www.linkedin.com/in/ada")
    (call,) = sent(mock, "POST", f"{APP}/leads/single_enrich")
    assert call["body"] == {"linkedin_url": "https://www.linkedin.com/in/ada"}
    assert lead.first_name == "Ada"


async def test_enrich_lead_daily_quota(api_key: str, mock: aioresponses) -> None:
    from pronto_async import AsyncPronto, Rate

    mock.post(f"{APP}/leads/single_enrich", payload={}, repeat=True)
    limits = {"leads.enrich": Rate(2, 86_400)}
    async with AsyncPronto(api_key, rate_limits=limits) as client:
        for _ in range(2):
            await client.leads.enrich(linkedin_url="https://www.linkedin.com/in/ada")
        with pytest.raises(QuotaExceededError):
            await client.leads.enrich(linkedin_url="https://www.linkedin.com/in/ada")
    assert request_count(mock) == 2


# -- the Lead model ---------------------------------------------------------------------


def test_lead_reads_every_field_of_a_search_lead() -> None:
    lead = structure(ref.SEARCH_LEAD, Lead)
    assert lead.extra == {}
    assert lead.headline == "VP of Sales at Acme"
    assert lead.connections_count == 500
    assert lead.rejection_reasons == ["Wrong seniority"]
    assert lead.is_premium_linkedin is True
    assert unstructure(lead) == ref.SEARCH_LEAD


@pytest.mark.parametrize(
    "payload",
    [
        {"first_name": "Ada", "last_name": "L", "linkedin_profile_url": "u"},
        {"firstname": "Ada", "lastname": "L", "linkedin_url": "u"},
        {"firstName": "Ada", "lastName": "L", "linkedinUrl": "u"},
    ],
)
def test_lead_name_spellings(payload: dict[str, Any]) -> None:
    lead = structure(payload, Lead)
    assert (lead.first_name, lead.last_name, lead.linkedin_profile_url) == ("Ada", "L", "u")
    assert lead.extra == {}


def test_lead_keeps_unknown_fields_and_nested_company() -> None:
    lead = structure(
        {"full_name": "Ada", "company": {"name": "Acme", "website": "acme.com"}, "score": 9},
        Lead,
    )
    assert lead.company is not None and lead.company.website == "acme.com"
    assert lead.extra == {"score": 9}


# -- validation before spend --------------------------------------------------------------

HOOK = "https://hooks.example.com/leads"
NOTION = "https://www.linkedin.com/company/notionhq"
PERSONA = "1f6b0f5a-2d8e-4c3a-9b8f-1a2b3c4d5e6f"

INVALID: list[tuple[str, dict[str, Any], list[str]]] = [
    ("search_in_company", {"job_titles": ["CEO"]},
     ["provide exactly one of: company_linkedin_url, company_linkedin_id"]),
    ("search_in_company",
     {"company_linkedin_url": NOTION, "company_linkedin_id": "1", "job_titles": ["CEO"]},
     ["provide exactly one of"]),
    ("search_in_company", {"company_linkedin_url": NOTION},
     ["provide at least one people filter"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "persona_id": PERSONA,
                           "job_titles": ["CEO"]}, ["persona_id takes the persona's job titles"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "persona_id": PERSONA,
                           "excluded_job_titles": ["Intern"]},
     ["persona_id takes the persona's job titles"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "persona_id": "sales-vp"},
     ["persona_id must be a persona UUID"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "functions": ["27"]},
     ["functions has values outside the documented list"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "seniority_levels": ["VP"]},
     ["seniority_levels has values outside the documented list"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "functions": "12"},
     ["functions must be a list"]),
    ("search_in_company", {"company_linkedin_url": "https://notion.so", "job_titles": ["CEO"]},
     ["company_linkedin_url must be a linkedin.com URL"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "job_titles": ["CEO"], "limit": 0},
     ["limit must be >= 1"]),
    ("search_in_company", {"company_linkedin_url": NOTION, "job_titles": ["CEO"],
                           "custom": ["x"]}, ["custom must be a mapping"]),
    ("extract", {"search_url": None}, ["search_url is required"]),
    ("extract", {"search_url": "https://www.linkedin.com/search/results/people/?keywords=cto"},
     ["search_url must be a LinkedIn URL under /sales/"]),
    ("extract", {"search_url": "https://example.com/sales/x"},
     ["search_url must be a linkedin.com URL"]),
    ("extract", {"search_url": "https://www.linkedin.com/sales/search/people", "limit": 1001},
     ["limit must be <= 1000"]),
    ("advanced_search", {"webhook_url": HOOK}, ["provide at least one filter or keyword"]),
    ("advanced_search", {"webhook_url": HOOK, "past_colleague": False},
     ["provide at least one filter or keyword"]),
    # No webhook is fine (Pronto's CLI sends none: tests/unit/test_relaxed_rules.py); no
    # filter still is not.
    ("advanced_search", {"webhook_url": None}, ["provide at least one filter or keyword"]),
    ("advanced_search", {"webhook_url": "http://hooks.example.com", "keyword": "x"},
     ["webhook_url must be an https:// URL"]),
    ("advanced_search", {"webhook_url": HOOK, "years_of_experience": ["6"]},
     ["years_of_experience has values outside the documented list"]),
    ("advanced_search", {"webhook_url": HOOK, "years_in_current_position": ["0"]},
     ["years_in_current_position has values outside the documented list"]),
    ("advanced_search", {"webhook_url": HOOK, "company_type": ["Z"]},
     ["company_type has values outside the documented list"]),
    ("advanced_search", {"webhook_url": HOOK, "relationship": ["1st"]},
     ["relationship has values outside the documented list"]),
    ("advanced_search", {"webhook_url": HOOK, "recently_changed_jobs": ["yes"]},
     ["recently_changed_jobs has values outside the documented list"]),
    ("advanced_search", {"webhook_url": HOOK, "company_size": ["2-10"]},
     ["company_size has values outside the documented list"]),
    ("advanced_search", {"webhook_url": HOOK, "included_companies": [{"id": "1", "name": "A"}]},
     ["included_companies must contain a LinkedIn organization id"]),
    ("advanced_search", {"webhook_url": HOOK, "excluded_companies": ["urn:li:organization:1"]},
     ["excluded_companies must contain a LinkedIn organization id"]),
    ("advanced_search", {"webhook_url": HOOK, "past_companies": "1441"},
     ["past_companies must be a list of a LinkedIn organization id"]),
    ("advanced_search", {"webhook_url": HOOK, "connections_of_profile": "williamhgates"},
     ["connections_of_profile must be a URL"]),
    ("advanced_search", {"webhook_url": HOOK, "connections_of_profile": "https://x.com/bill"},
     ["connections_of_profile must be a linkedin.com URL"]),
    ("advanced_search", {"webhook_url": HOOK, "posted_on_linkedin": "yes"},
     ["posted_on_linkedin must be True or False"]),
    ("advanced_search", {"webhook_url": HOOK, "included_locations": ["Paris"]},
     ["included_locations must contain numeric LinkedIn ids"]),
    ("advanced_search", {"webhook_url": HOOK, "keyword": "x", "limit": 0},
     ["limit must be >= 1"]),
    ("advanced_search", {"webhook_url": HOOK, "keyword": "x", "scale": 1},
     ["scale must be True or False"]),
    ("advanced_search", {"webhook_url": HOOK, "keyword": "x", "custom": "hub"},
     ["custom must be a mapping"]),
    ("advanced_search_preview", {}, ["provide at least one filter or keyword"]),
    ("advanced_search_preview", {"functions": ["0"]},
     ["functions has values outside the documented list"]),
    ("enrich", {}, ["provide linkedin_url, or first_name, last_name and company_name"]),
    ("enrich", {"first_name": "Ada", "last_name": "Lovelace"},
     ["provide linkedin_url, or first_name, last_name and company_name (missing: company_name)"]),
    ("enrich", {"linkedin_url": "https://twitter.com/ada"},
     ["linkedin_url must be a linkedin.com URL"]),
    ("enrich", {"linkedin_url": "https://www.linkedin.com/in/ada", "first_name": " "},
     ["first_name must not be blank"]),
]


@pytest.mark.parametrize(("method", "kwargs", "problems"), INVALID)
async def test_invalid_input_is_refused_before_any_request(
    pronto: Harness,
    mock: aioresponses,
    method: str,
    kwargs: dict[str, Any],
    problems: list[str],
) -> None:
    await assert_refused(pronto, mock, f"leads.{method}", kwargs, problems)


async def test_every_advanced_search_problem_is_listed_at_once(
    pronto: Harness, mock: aioresponses
) -> None:
    with pytest.raises(ValidationError) as info:
        await pronto.leads.advanced_search(
            webhook_url="http://x.example.com",
            seniority_levels=["CEO"],
            years_of_experience=["8"],
            included_companies=[{"name": "Acme"}],
        )
    assert len(info.value.problems) == 4
    assert request_count(mock) == 0

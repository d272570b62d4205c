"""account, locations, accounts.enrich/stack/hiring, contacts.enrich: requests, responses,
and validation before spend. Through both clients."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import (
    BadRequestError,
    ConsentRequiredError,
    EnrichmentType,
    ValidationError,
)
from pronto_async._convert import unstructure
from tests.support import reference as ref
from tests.support.harness import APP, ENRICH, Harness, assert_refused, request_count, sent


def wire(payload: dict[str, Any]) -> bytes:
    """How the SDK serialises a body (compact JSON, UTF-8)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


# -- account ----------------------------------------------------------------------------


async def test_credits(pronto: Harness, mock: aioresponses) -> None:
    mock.get(f"{APP}/credits", payload={"credits": 4200, "plan": "growth"})
    credits = await pronto.account.credits()
    assert credits.credits == 4200
    assert credits.extra == {"plan": "growth"}


async def test_account_info(pronto: Harness, mock: aioresponses) -> None:
    mock.get(
        f"{APP}/account",
        payload={"email": "a@b.co", "name": "Ada", "organization": {"id": 7, "name": "Acme"}},
    )
    info = await pronto.account.info()
    assert (info.email, info.name) == ("a@b.co", "Ada")
    assert info.organization is not None
    assert (info.organization.id, info.organization.name) == ("7", "Acme")


# -- locations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        [{"id": "104305776", "name": "United Arab Emirates", "type": "COUNTRY"}],
        {"locations": [{"_id": "104305776", "name": "United Arab Emirates", "type": "COUNTRY"}]},
    ],
)
async def test_locations_search(pronto: Harness, mock: aioresponses, payload: Any) -> None:
    mock.post(f"{APP}/locations", payload=payload)
    found = await pronto.locations.search(name="United Arab Emirates", hiring=False)
    (call,) = sent(mock, "POST", f"{APP}/locations")
    assert call["data"] == wire({"name": "United Arab Emirates", "hiring": False})
    assert [(loc.id, loc.name, loc.type) for loc in found] == [
        ("104305776", "United Arab Emirates", "COUNTRY")
    ]


async def test_locations_search_with_no_match_is_empty(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/locations", payload=[])
    assert await pronto.locations.search(name="Atlantis") == []


# -- accounts ---------------------------------------------------------------------------


async def test_stack_reference_example(pronto: Harness, mock: aioresponses) -> None:
    url = f"{APP}/accounts/company_stack"
    mock.post(url, payload=ref.STACK_RESPONSE)

    stack = await pronto.accounts.stack(
        company_name="Notion",
        company_domain="notion.so",
        extra_body={"company_linkedin": "https://www.linkedin.com/company/notionhq/"},
    )

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(ref.STACK_REQUEST)
    assert stack.technologies == ["Amazon Web Services", "React", "Segment"]
    assert stack.technologies_with_confidence is not None
    assert [(t.name, t.confidence) for t in stack.technologies_with_confidence] == [
        ("Amazon Web Services", 0.97), ("React", 0.93), ("Segment", 0.74)
    ]
    assert stack.extra == {}
    assert unstructure(stack) == ref.STACK_RESPONSE


async def test_hiring_reference_example(pronto: Harness, mock: aioresponses) -> None:
    url = f"{APP}/accounts/company_hiring"
    mock.post(url, payload=ref.HIRING_RESPONSE)

    hiring = await pronto.accounts.hiring(company_domain="notion.so", posted_within_days=30)

    (call,) = sent(mock, "POST", url)
    assert call["data"] == wire(ref.HIRING_REQUEST)
    assert hiring.total_jobs == 1
    assert hiring.jobs is not None
    job = hiring.jobs[0]
    assert job.job_title == "Senior Backend Engineer"
    assert job.hiring_team is not None and job.hiring_team[0].name == "Alice Doe"
    assert job.company is not None and job.company.domain == "acme.com"
    assert unstructure(hiring) == ref.HIRING_RESPONSE  # nothing lost, nothing in extra


async def test_hiring_server_side_identity_error(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/accounts/company_hiring", status=400, payload=ref.IDENTITY_ERROR)
    with pytest.raises(BadRequestError) as info:
        await pronto.accounts.hiring(company_name="Nobody")
    assert info.value.message == ref.IDENTITY_ERROR["message"]


async def test_enrich_account(pronto: Harness, mock: aioresponses) -> None:
    url = f"{APP}/accounts/single_enrich"
    mock.post(url, payload={"name": "Pronto", "website": "prontohq.com", "employees": 40})
    company = await pronto.accounts.enrich(
        company_linkedin_url="linkedin.com/company/prontohq", name="Pronto", country="fr"
    )
    (call,) = sent(mock, "POST", url)
    assert call["body"] == {
        "company_linkedin_url": "https://linkedin.com/company/prontohq",
        "name": "Pronto",
        "country": "FR",
    }
    assert (company.name, company.website, company.extra) == (
        "Pronto", "prontohq.com", {"employees": 40}
    )


# -- contacts ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(ref.SYNC_ENRICH_RESPONSES))
async def test_sync_enrichment_reference_responses(
    pronto: Harness, mock: aioresponses, case: str
) -> None:
    payload = ref.SYNC_ENRICH_RESPONSES[case]
    url = f"{ENRICH}/contacts/single_enrich"
    mock.post(url, payload=payload)

    result = await pronto.contacts.enrich(
        first_name="Mathieu",
        last_name="Brun-Picard",
        linkedin_url="https://www.linkedin.com/in/mathieu-brun-picard/",
        enrichment_type=[EnrichmentType.EMAIL, "phone"],
    )

    assert result.extra == {}
    assert result.enrichment_id == payload["enrichment_id"]
    assert result.is_done
    assert result.found is (case != "nothing found")
    assert result.email == payload.get("email")
    assert [p.number for p in result.phones or []] == payload.get("phones", [])
    assert result.personal_email == payload.get("personal_email")
    expected = {k: v for k, v in payload.items() if v is not None}
    expected["phones"] = [{"number": n} for n in payload.get("phones", [])]
    if "phones" not in payload:
        del expected["phones"]
    assert unstructure(result) == expected


async def test_sync_enrichment_goes_to_the_enrich_host_with_firstname(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{ENRICH}/contacts/single_enrich", payload={"status": "success"})

    await pronto.contacts.enrich(
        first_name="Mathieu",
        last_name="Brun-Picard",
        linkedin_url="https://www.linkedin.com/in/mathieu-brun-picard/",
        enrichment_type=["email"],
        custom={"crm_id": "12345", "campaign": "outbound_q1", "segment": "enterprise"},
    )

    (call,) = sent(mock, "POST", f"{ENRICH}/contacts/single_enrich")
    assert call["data"] == wire(ref.CUSTOM_FIELDS_REQUEST)
    assert sent(mock, "POST", f"{APP}/contacts/single_enrich") == []


async def test_sync_enrichment_all_fields(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{ENRICH}/contacts/single_enrich", payload={"status": "finished"})
    await pronto.contacts.enrich(
        first_name=" Ada ",
        last_name="Lovelace",
        enrichment_type="phone",
        linkedin_url="www.linkedin.com/in/ada",
        domain="acme.com",
        company_name="Acme",
        phone_country_codes=["fr", "BE"],
        extra_body={"waterfall": "fast"},
    )
    (call,) = sent(mock, "POST", f"{ENRICH}/contacts/single_enrich")
    assert call["body"] == {
        "firstname": "Ada",
        "lastname": "Lovelace",
        "linkedin_url": "https://www.linkedin.com/in/ada",
        "domain": "acme.com",
        "company_name": "Acme",
        "enrichment_type": ["phone"],
        "phone_country_codes": ["FR", "BE"],
        "waterfall": "fast",
    }


async def test_consent_error(pronto: Harness, mock: aioresponses) -> None:
    mock.post(
        f"{ENRICH}/contacts/single_enrich", status=422, payload={"error": ref.CONSENT_MESSAGE}
    )
    with pytest.raises(ConsentRequiredError):
        await pronto.contacts.enrich(
            first_name="A", last_name="B", enrichment_type=["personal_email"],
            linkedin_url="https://www.linkedin.com/in/ab",
        )


# -- validation before spend --------------------------------------------------------------

INVALID: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("accounts", "stack", {}, ["provide at least one of: company_domain, company_name, "
                               "company_linkedin_url"]),
    ("accounts", "hiring", {}, ["provide at least one of"]),
    ("accounts", "hiring", {"company_domain": "a.io", "posted_within_days": 0},
     ["posted_within_days must be >= 1"]),
    ("accounts", "hiring", {"company_domain": "a.io", "posted_within_days": "30"},
     ["posted_within_days must be an integer"]),
    ("accounts", "stack", {"company_linkedin_url": "not a url"},
     ["company_linkedin_url must be a URL"]),
    ("accounts", "stack", {"company_name": "  "}, ["company_name must not be blank"]),
    ("accounts", "enrich", {}, ["provide at least one of: company_linkedin_url, name, domain"]),
    ("accounts", "enrich", {"name": "Acme", "country": "France"},
     ["country must be a two-letter ISO code"]),
    ("accounts", "enrich", {"name": "Acme", "extra_body": {"name": "Other"}},
     ["extra_body repeats fields set by arguments: name"]),
    ("accounts", "enrich", {"name": "Acme", "extra_body": ["x"]},
     ["extra_body must be a mapping"]),
    ("locations", "search", {"name": ""}, ["name must not be blank"]),
    ("locations", "search", {"name": "Paris", "hiring": "yes"}, ["hiring must be True or False"]),
    ("contacts", "enrich", {"first_name": "A", "last_name": "B", "enrichment_type": ["phone"]},
     ["linkedin_url is required for enrichment_type phone"]),
    ("contacts", "enrich",
     {"first_name": "A", "last_name": "B", "enrichment_type": ["personal_email", "phone"]},
     ["linkedin_url is required for enrichment_type personal_email and phone"]),
    ("contacts", "enrich", {"first_name": "A", "last_name": "B", "enrichment_type": []},
     ["enrichment_type must not be empty"]),
    ("contacts", "enrich", {"first_name": "A", "last_name": "B", "enrichment_type": ["fax"]},
     ["enrichment_type has values outside the documented list"]),
    ("contacts", "enrich", {"first_name": "A", "last_name": "B", "enrichment_type": None},
     ["enrichment_type is required"]),
    ("contacts", "enrich", {"first_name": None, "last_name": " ", "enrichment_type": "email"},
     ["first_name is required", "last_name must not be blank"]),
    ("contacts", "enrich",
     {"first_name": "A", "last_name": "B", "enrichment_type": "email",
      "phone_country_codes": ["FRA"]}, ["phone_country_codes must be two-letter ISO codes"]),
    ("contacts", "enrich",
     {"first_name": "A", "last_name": "B", "enrichment_type": "email",
      "phone_country_codes": "FR"}, ["phone_country_codes must be a list of strings"]),
    ("contacts", "enrich",
     {"first_name": "A", "last_name": "B", "enrichment_type": "email", "custom": "crm"},
     ["custom must be a mapping"]),
    ("contacts", "enrich",
     {"first_name": "A", "last_name": "B", "enrichment_type": "email",
      "linkedin_url": "https://"}, ["linkedin_url must be a URL"]),
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


async def test_every_problem_is_listed_at_once(pronto: Harness, mock: aioresponses) -> None:
    with pytest.raises(ValidationError) as info:
        await pronto.contacts.enrich(
            first_name="", last_name=3, enrichment_type=["phone", "fax"], custom=[1]
        )
    assert len(info.value.problems) == 4
    assert request_count(mock) == 0

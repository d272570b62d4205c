"""contacts.start_enrichment, contacts.get, contacts.bulk_enrich, and the row normalisation
they share with the fan-out. Through both clients."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import (
    ConsentRequiredError,
    EnrichmentType,
    InsufficientCreditsError,
    NotFoundError,
    UnexpectedResponseError,
    ValidationError,
)
from pronto_async._convert import structure, unstructure
from pronto_async._rowmap import RowReader
from pronto_async.jobs import BulkEnrichmentJob, EnrichmentJob
from pronto_async.models.contacts import BulkEnrichment, ContactInput
from tests.support import reference as ref
from tests.support import reference_contacts_searches as cs
from tests.support.harness import APP, ENRICH, Harness, as_job, assert_refused, request_count, sent

SUBMIT = f"{APP}/contacts/single_enrich"
BULK = f"{APP}/contacts/bulk_enrich"
LINKEDIN = "https://www.linkedin.com/in/mathieu-brun-picard/"


def wire(payload: Any) -> bytes:
    """How the SDK serialises a body (compact JSON, UTF-8)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


# -- start_enrichment ----------------------------------------------------------------------


async def test_start_enrichment_goes_to_the_app_host(pronto: Harness, mock: aioresponses) -> None:
    mock.post(SUBMIT, payload=cs.ASYNC_SUBMIT_RESPONSE)

    job = await pronto.contacts.start_enrichment(
        first_name="Mathieu",
        last_name="Brun-Picard",
        linkedin_url=LINKEDIN,
        domain="prontohq.com",
        enrichment_type=[EnrichmentType.EMAIL, "phone"],
        custom=cs.CUSTOM,
        webhook_url="https://hooks.example.com/pronto",
    )

    (call,) = sent(mock, "POST", SUBMIT)
    assert call["data"] == wire(cs.ASYNC_SUBMIT_REQUEST)
    assert sent(mock, "POST", f"{ENRICH}/contacts/single_enrich") == []
    assert isinstance(as_job(job), EnrichmentJob)
    assert job.id == cs.ENRICHMENT_ID
    assert job.response.status == "pending"
    assert not job.response.is_done
    assert job.response.custom == cs.CUSTOM
    assert job.response.extra == {}
    assert unstructure(job.response) == cs.ASYNC_SUBMIT_RESPONSE


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "e-1", "status": "pending"},
        {"contact": {"id": "e-1"}, "status": "pending"},
        {"enrichment_id": "e-1", "id": "other"},
    ],
)
async def test_start_enrichment_finds_the_id_under_every_spelling(
    pronto: Harness, mock: aioresponses, payload: dict[str, Any]
) -> None:
    mock.post(SUBMIT, status=201, payload=payload)
    job = await pronto.contacts.start_enrichment(
        first_name="A", last_name="B", enrichment_type="email", company_name="Acme"
    )
    assert job.id == "e-1"


async def test_start_enrichment_without_an_id_says_it_may_have_charged(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(SUBMIT, payload={"status": "pending"})
    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.contacts.start_enrichment(
            first_name="A", last_name="B", enrichment_type="email", domain="acme.com"
        )
    assert info.value.may_have_charged is True
    assert request_count(mock) == 1  # a charging call is never re-sent


async def test_start_enrichment_consent_error(pronto: Harness, mock: aioresponses) -> None:
    mock.post(SUBMIT, status=422, payload={"error": ref.CONSENT_MESSAGE})
    with pytest.raises(ConsentRequiredError):
        await pronto.contacts.start_enrichment(
            first_name="A", last_name="B", enrichment_type=["personal_email"],
            linkedin_url="linkedin.com/in/ab",
        )


# -- get ------------------------------------------------------------------------------------


async def test_get_reads_phone_as_phones(pronto: Harness, mock: aioresponses) -> None:
    mock.get(f"{APP}/contacts/{cs.ENRICHMENT_ID}", payload=cs.GET_CONTACT_FINISHED)

    result = await pronto.contacts.get(id=cs.ENRICHMENT_ID)

    assert result.is_done and result.found
    assert [p.number for p in result.phones or []] == ["+33612345678", "+33187654321"]
    assert result.email_status == "deliverable"
    assert result.custom == cs.CUSTOM
    assert result.extra == {}
    expected = dict(cs.GET_CONTACT_FINISHED)
    expected["phones"] = [{"number": n} for n in expected.pop("phone")]
    assert unstructure(result) == expected


async def test_get_pending(pronto: Harness, mock: aioresponses) -> None:
    mock.get(f"{APP}/contacts/{cs.ENRICHMENT_ID}", payload=cs.GET_CONTACT_PENDING)
    result = await pronto.contacts.get(id=f"  {cs.ENRICHMENT_ID} ")
    assert not result.is_done and not result.found
    assert unstructure(result) == cs.GET_CONTACT_PENDING


async def test_get_quotes_the_id_and_maps_404(pronto: Harness, mock: aioresponses) -> None:
    mock.get(f"{APP}/contacts/a%2Fb", status=404, payload={"error": "Not found"})
    with pytest.raises(NotFoundError):
        await pronto.contacts.get(id="a/b")
    assert request_count(mock) == 1


# -- bulk_enrich ----------------------------------------------------------------------------


async def test_bulk_enrich_normalises_every_spelling(pronto: Harness, mock: aioresponses) -> None:
    mock.post(BULK, status=202, payload=cs.BULK_RESPONSE)

    job = await pronto.contacts.bulk_enrich(
        contacts=[
            {"firstName": "Ada", "lastName": "Lovelace", "company_domain": "acme.com",
             "custom": {"row": 1}},
            {"firstname": "Alan", "lastname": "Turing", "companyName": "Bletchley",
             "linkedin_profile_url": "www.linkedin.com/in/turing", "domain": " "},
            ContactInput(first_name="Grace", last_name="Hopper", domain="navy.mil"),
        ],
        enrichment_type="email",
        webhook_url="https://hooks.example.com/bulk",
    )

    (call,) = sent(mock, "POST", BULK)
    assert call["data"] == wire(
        {
            "contacts": [
                {"firstname": "Ada", "lastname": "Lovelace", "domain": "acme.com",
                 "custom": {"row": 1}},
                {"firstname": "Alan", "lastname": "Turing",
                 "linkedin_url": "https://www.linkedin.com/in/turing",
                 "company_name": "Bletchley"},
                {"firstname": "Grace", "lastname": "Hopper", "domain": "navy.mil"},
            ],
            "enrichment_type": ["email"],
            "webhook_url": "https://hooks.example.com/bulk",
        }
    )
    assert isinstance(as_job(job), BulkEnrichmentJob)
    assert job.id == cs.BULK_RESPONSE["enrichment_id"]
    assert isinstance(job.response, BulkEnrichment)
    assert job.response.status == "queued"
    assert unstructure(job.response) == cs.BULK_RESPONSE


async def test_bulk_enrich_phone_with_country_codes(pronto: Harness, mock: aioresponses) -> None:
    mock.post(BULK, status=202, payload={"id": "b-1", "status": "processing"})
    rows = [{"first_name": f"P{i}", "last_name": "Q", "linkedin_url": f"https://linkedin.com/in/{i}"}
            for i in range(100)]
    job = await pronto.contacts.bulk_enrich(
        contacts=rows, enrichment_type=[EnrichmentType.PHONE], phone_country_codes=["fr"],
        extra_body={"priority": "low"},
    )
    (call,) = sent(mock, "POST", BULK)
    assert len(call["body"]["contacts"]) == 100
    assert call["body"]["contacts"][0] == {
        "firstname": "P0", "lastname": "Q", "linkedin_url": "https://linkedin.com/in/0"
    }
    assert call["body"]["enrichment_type"] == ["phone"]
    assert call["body"]["phone_country_codes"] == ["FR"]
    assert call["body"]["priority"] == "low"
    assert job.id == "b-1"


async def test_bulk_enrich_insufficient_credits(pronto: Harness, mock: aioresponses) -> None:
    mock.post(BULK, status=422, payload=cs.INSUFFICIENT_CREDITS)
    with pytest.raises(InsufficientCreditsError):
        await pronto.contacts.bulk_enrich(
            contacts=[{"first_name": "A", "last_name": "B", "domain": "a.io"}] * 2,
            enrichment_type="email",
        )
    assert request_count(mock) == 1


# -- row normalisation, reusable by the fan-out ------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        {"first_name": "Ada", "last_name": "L", "domain": "a.io"},
        {"firstname": "Ada", "lastname": "L", "company_domain": "a.io", "company_name": ""},
        {"firstName": "Ada", "lastName": "L", "companyDomain": "a.io", "custom": None},
        {"\ufeffFirst Name": "Ada", "Last Name": "L", "Company Domain Name": "https://a.io/x"},
        ContactInput(first_name="Ada", last_name="L", domain="a.io"),
        structure({"firstname": "Ada", "lastName": "L", "company_domain": "a.io"}, ContactInput),
    ],
)
def test_rows_map_any_spelling_to_enrich_parameters(row: Any) -> None:
    reader = RowReader("contacts", "contacts.enrich")
    assert reader.kwargs(0, row) == {
        "first_name": "Ada", "last_name": "L", "linkedin_url": None, "domain": "a.io",
        "company_name": None, "custom": None,
    }


@pytest.mark.parametrize(
    ("row", "problems"),
    [
        ({"first_name": "A", "Email": "a@b.c"},
         ["contacts[7]: no column for last_name (found: 'first_name', 'Email')"]),
        (["A", "B"], ["contacts[7]: must be a mapping or an input model, got list"]),
        (ContactInput(first_name="A", extra={"fax": "1"}), ["contacts[7]: unknown fields"]),
        ({"Name": "Cher", "Company": "x"},
         ["contacts[7]: full_name 'Cher' has no first and last name to split"]),
    ],
)
def test_a_row_that_cannot_be_enriched_names_the_row(row: Any, problems: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        RowReader("contacts", "contacts.enrich").kwargs(7, row)
    assert [p[: len(e)] for p, e in zip(info.value.problems, problems, strict=True)] == problems
    assert info.value.endpoint == "contacts.enrich"


# -- validation before spend ------------------------------------------------------------------

_OK = {"first_name": "A", "last_name": "B", "domain": "a.io"}

INVALID: list[tuple[str, dict[str, Any], list[str]]] = [
    ("start_enrichment", {"first_name": "A", "last_name": "B", "enrichment_type": "email"},
     ["domain or company_name is required for enrichment_type email"]),
    ("start_enrichment", {"first_name": "A", "last_name": "B", "enrichment_type": "phone"},
     ["linkedin_url is required for enrichment_type phone"]),
    ("start_enrichment", {"first_name": "A", "last_name": "B", "enrichment_type": "email",
                          "domain": "a.io", "webhook_url": "hooks"},
     ["webhook_url must be a URL"]),
    ("start_enrichment", {"first_name": "", "last_name": "B", "enrichment_type": ["fax"]},
     ["enrichment_type has values outside", "first_name must not be blank"]),
    ("get", {"id": " "}, ["id must not be blank"]),
    ("get", {"id": None}, ["id is required"]),
    ("bulk_enrich", {"contacts": [_OK], "enrichment_type": "email"},
     ["contacts must hold 2 to 100 contacts, got 1 (start_enrichment takes a single contact)"]),
    ("bulk_enrich", {"contacts": [_OK] * 101, "enrichment_type": "email"},
     ["contacts must hold 2 to 100 contacts, got 101 (split them, or use enrich_many)"]),
    ("bulk_enrich", {"contacts": [], "enrichment_type": "email"},
     ["contacts must hold 2 to 100 contacts, got 0"]),
    ("bulk_enrich", {"contacts": "Ada,Lovelace", "enrichment_type": "email"},
     ["contacts must be a list of contacts, got str"]),
    ("bulk_enrich", {"contacts": [_OK, _OK], "enrichment_type": ["email", "phone"]},
     ["enrichment_type must hold exactly one type for a batch"]),
    ("bulk_enrich", {"contacts": [_OK, _OK], "enrichment_type": None},
     ["enrichment_type is required"]),
    ("bulk_enrich", {"contacts": [_OK, {"first_name": "A", "last_name": "B"}],
                     "enrichment_type": "email"},
     ["contacts[1]: domain or company_name is required for enrichment_type email"]),
    ("bulk_enrich", {"contacts": [_OK, _OK], "enrichment_type": "phone"},
     ["contacts[0]: linkedin_url is required for enrichment_type phone",
      "contacts[1]: linkedin_url is required for enrichment_type phone"]),
    ("bulk_enrich", {"contacts": [{"lastname": "B", "domain": "a.io"}, {**_OK, "mail": "x"}],
                     "enrichment_type": "email"},
     ["contacts[0]: first_name is required", "contacts[1]: unknown keys ['mail']"]),
    ("bulk_enrich", {"contacts": [_OK, {**_OK, "custom": "crm"}], "enrichment_type": "email",
                     "phone_country_codes": ["FRA"], "webhook_url": "nope"},
     ["contacts[1]: custom must be a mapping", "webhook_url must be a URL",
      "phone_country_codes must be two-letter ISO codes"]),
    ("bulk_enrich", {"contacts": [_OK, _OK], "enrichment_type": "email",
                     "extra_body": {"contacts": []}},
     ["extra_body repeats fields set by arguments: contacts"]),
]


@pytest.mark.parametrize(("method", "kwargs", "problems"), INVALID)
async def test_invalid_input_is_refused_before_any_request(
    pronto: Harness,
    mock: aioresponses,
    method: str,
    kwargs: dict[str, Any],
    problems: list[str],
) -> None:
    await assert_refused(pronto, mock, f"contacts.{method}", kwargs, problems)


def test_contact_input_is_a_tolerant_model() -> None:
    row = ContactInput(first_name="Ada", last_name="L")
    assert (row.linkedin_url, row.custom, row.extra) == (None, None, {})
    assert unstructure(row) == {"first_name": "Ada", "last_name": "L"}

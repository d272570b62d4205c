"""Rules relaxed where Pronto's own clients show the server accepts more than the reference
says: a LinkedIn URL instead of names (synchronous enrichment), lead and account searches
without a webhook, ``query`` for locations, ``kind`` for lists. Where they conflict with the
reference, both are accepted and the reference's form is sent."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import AsyncPronto, ImportJob, ProntoError, SearchJob, ValidationError
from pronto_async._bulk_ledger import input_key
from pronto_async._fields import guess_columns
from pronto_async._rowmap import RowReader
from pronto_async.cli._columns import mapping_of
from pronto_async.cli._errors import UsageError
from pronto_async.resources.contacts import names_required
from tests.support import pipecorn
from tests.support.harness import (
    APP,
    ENRICH,
    Harness,
    as_job,
    assert_refused,
    collect,
    request_count,
    sent,
)

SYNC = f"{ENRICH}/contacts/single_enrich"
ASYNC = f"{APP}/contacts/single_enrich"
PROFILE = "https://www.linkedin.com/in/ada-lovelace/"
SEARCH_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
HOOK = "https://hooks.example.com/leads"

#: The synchronous answer for a LinkedIn-only request: the n8n node's README example.
N8N_ANSWER: dict[str, Any] = pipecorn.N8N_ENRICH_OUTPUT
#: The advanced search's start answer as Pronto's CLI types it (Pipecorn/cli-pipecorn
#: src/api/endpoints.ts, Leads.advancedSearch: {id?, preview?, total?}).
CLI_SEARCH_STARTED: dict[str, Any] = {"id": SEARCH_ID, "preview": [], "total": 2}


# -- a LinkedIn URL instead of names (synchronous contact enrichment) ----------------------


async def test_a_linkedin_url_alone_is_enough_for_the_synchronous_enrichment(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(SYNC, payload=N8N_ANSWER)
    result = await pronto.contacts.enrich(linkedin_url="https://www.linkedin.com/in/jane-doe",
                                          enrichment_type=["email", "phone"])
    (call,) = sent(mock, "POST", SYNC)
    assert call["body"] == {"linkedin_url": "https://www.linkedin.com/in/jane-doe",
                            "enrichment_type": ["email", "phone"]}
    assert result.first_name == "Jane" and result.email == "jane.doe@acme.com"
    assert [p.number for p in result.phones] == ["+33612345678"]


async def test_names_given_with_the_url_are_sent_as_the_reference_wants(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(SYNC, payload=N8N_ANSWER, repeat=True)
    await pronto.contacts.enrich(first_name=" Ada ", last_name="Lovelace", linkedin_url=PROFILE,
                                 enrichment_type="email")
    await pronto.contacts.enrich(first_name="Ada", linkedin_url=PROFILE, enrichment_type="email")
    first, second = (c["body"] for c in sent(mock, "POST", SYNC))
    assert first == {"firstname": "Ada", "lastname": "Lovelace", "linkedin_url": PROFILE,
                     "enrichment_type": ["email"]}
    assert second == {"firstname": "Ada", "linkedin_url": PROFILE, "enrichment_type": ["email"]}


@pytest.mark.parametrize(
    ("operation", "kwargs", "problems"),
    [
        # Without a LinkedIn URL the names stay required, as the reference says.
        ("contacts.enrich", {"enrichment_type": "email", "domain": "acme.com"},
         ["first_name is required", "last_name is required"]),
        ("contacts.enrich", {"first_name": "Ada", "enrichment_type": "email"},
         ["last_name is required"]),
        # A blank name is still an error, URL or not.
        ("contacts.enrich", {"first_name": " ", "linkedin_url": PROFILE,
                             "enrichment_type": "email"}, ["first_name must not be blank"]),
        # The asynchronous endpoints keep requiring names (Pronto's CLI requires them too).
        ("contacts.start_enrichment", {"first_name": None, "last_name": None,
                                       "linkedin_url": PROFILE, "enrichment_type": "phone"},
         ["first_name is required", "last_name is required"]),
        ("contacts.bulk_enrich", {"contacts": [{"linkedin_url": PROFILE}] * 2,
                                  "enrichment_type": "phone", "webhook_url": HOOK},
         ["contacts[0]: first_name is required", "contacts[0]: last_name is required",
          "contacts[1]: first_name is required", "contacts[1]: last_name is required"]),
    ],
)
async def test_where_names_are_still_required(
    pronto: Harness, mock: aioresponses, operation: str, kwargs: dict[str, Any],
    problems: list[str],
) -> None:
    await assert_refused(pronto, mock, operation, kwargs, problems)


def test_names_required() -> None:
    assert names_required(PROFILE, linkedin_stands_in=True) is False
    assert names_required(None, linkedin_stands_in=True) is True
    assert names_required(PROFILE, linkedin_stands_in=False) is True


def test_a_linkedin_column_stands_in_for_the_name_columns_of_the_synchronous_run() -> None:
    only = guess_columns("contacts", ["Person Linkedin Url", "Title"])
    assert only.columns == {"linkedin_url": "Person Linkedin Url"}
    assert only.problems == () and only.problems_for(stand_ins=True) == ()
    assert only.problems_for(stand_ins=False) == ("no column for first_name, last_name",)
    only.check(source="people.csv")  # the synchronous run takes it
    with pytest.raises(ValidationError) as strict:
        only.check(source="people.csv", stand_ins=False)
    assert strict.value.problems == (
        "people.csv: no column for first_name, last_name (found: 'Person Linkedin Url', "
        "'Title'); name it with columns={'first_name': 'COLUMN'}",
    )
    # Accounts have no stand-ins: nothing changes for them.
    assert guess_columns("accounts", ["Employees"]).problems_for(stand_ins=True) == (
        "no column for any of domain, name, company_linkedin_url",)


def test_the_cli_reads_a_linkedin_only_file_in_sync_mode_only() -> None:
    mapping = mapping_of("contacts", ["LinkedIn URL"], {}, source="leads.csv")
    assert mapping.columns == {"linkedin_url": "LinkedIn URL"}
    with pytest.raises(UsageError, match=r"leads\.csv: no column for first_name, last_name.*"
                                         r"--map first_name=COLUMN"):
        mapping_of("contacts", ["LinkedIn URL"], {}, source="leads.csv", stand_ins=False)


async def test_enrich_many_sends_linkedin_only_rows_in_sync_mode(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(SYNC, payload=N8N_ANSWER, repeat=True)
    reader = csv.DictReader(io.StringIO(
        "LinkedIn URL,Notes\n"
        "https://www.linkedin.com/in/jane-doe,met at SaaStr\n"
        ",no way to find this one\n"
    ))
    outcomes = await collect(pronto.contacts.enrich_many(reader, enrichment_type="email"))
    by_index = sorted(outcomes, key=lambda o: o.index)
    assert by_index[0].ok and by_index[0].value.email == "jane.doe@acme.com"
    assert isinstance(by_index[1].error, ValidationError)
    assert by_index[1].error.problems == ("first_name is required", "last_name is required")
    (call,) = sent(mock, "POST", SYNC)
    assert call["body"] == {"linkedin_url": "https://www.linkedin.com/in/jane-doe",
                            "enrichment_type": ["email"]}


async def test_enrich_many_in_async_mode_still_needs_the_names(
    api_key: str, mock: aioresponses
) -> None:
    async with AsyncPronto(api_key) as pronto:
        reader = csv.DictReader(io.StringIO("LinkedIn URL\nhttps://www.linkedin.com/in/x\n"))
        with pytest.raises(ValidationError, match="no column for first_name, last_name"):
            pronto.contacts.enrich_many(reader, enrichment_type="email", mode="async")
        # Rows built in code are each their own error, as before.
        outcomes = await collect(pronto.contacts.enrich_many(
            [{"linkedin_url": PROFILE}], enrichment_type="phone", mode="async"))
    assert isinstance(outcomes[0].error, ValidationError)
    assert "no column for first_name, last_name" in str(outcomes[0].error)
    assert request_count(mock) == 0


async def test_plan_counts_linkedin_only_rows_as_valid_in_sync_mode(
    api_key: str, mock: aioresponses
) -> None:
    rows = [{"linkedin_url": PROFILE}, {"company": "Acme"}]
    async with AsyncPronto(api_key) as pronto:
        sync_plan = await pronto.contacts.plan(rows, enrichment_type="email", balance=False)
        async_plan = await pronto.contacts.plan(rows, enrichment_type="email", mode="async",
                                                balance=False)
    assert (sync_plan.valid, sync_plan.invalid) == (1, 1)
    assert (async_plan.valid, async_plan.invalid) == (0, 2)
    assert request_count(mock) == 0


def test_the_ledger_key_of_a_named_row_is_unchanged() -> None:
    """The key a named row had before LinkedIn-only rows were accepted (same arguments, same
    canonical JSON), so ledgers written by earlier versions keep matching."""
    reader = RowReader("contacts", "contacts.enrich", None, None, stand_ins=True)
    row = {"First Name": "Ada", "Last Name": "Lovelace", "Company Domain": "acme.com"}
    kwargs = {**reader.kwargs(0, row), "enrichment_type": ["email"], "phone_country_codes": None}
    before = {"first_name": "Ada", "last_name": "Lovelace", "linkedin_url": None,
              "domain": "acme.com", "company_name": None, "custom": None,
              "enrichment_type": ["email"], "phone_country_codes": None}
    assert kwargs == before
    assert input_key("contacts.enrich", kwargs) == input_key("contacts.enrich", before)
    strict = RowReader("contacts", "contacts.enrich", None, None, stand_ins=False)
    assert strict.kwargs(0, row) == reader.kwargs(0, row)


# -- searches without a webhook, followed by polling ----------------------------------------


async def test_an_advanced_search_without_a_webhook_is_followed_by_polling(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/leads/advanced_search", status=201, payload=CLI_SEARCH_STARTED)
    lead = {"lead": {"first_name": "L0", "linkedin_profile_url": "https://l.in/0"},
            "company": {"name": "Acme"}}
    mock.get(f"{APP}/searches/{SEARCH_ID}",
             payload={"search": {"id": SEARCH_ID, "status": "ONGOING"}, "leads": [lead]})
    mock.get(f"{APP}/searches/{SEARCH_ID}",
             payload={"search": {"id": SEARCH_ID, "status": "FINISHED"}, "leads": [lead] * 1})
    job = await pronto.leads.advanced_search(job_titles=["Head of Sales"], limit=50)
    (call,) = sent(mock, "POST", f"{APP}/leads/advanced_search")
    assert "webhook_url" not in call["body"]
    assert call["body"]["job_titles"] == ["Head of Sales"] and call["body"]["limit"] == 50
    handle = as_job(job)
    assert isinstance(handle, SearchJob) and handle.subscription is None
    assert job.id == SEARCH_ID
    leads = await collect(job.leads(poll_interval=0.5))
    assert [item.lead.first_name for item in leads] == ["L0"]


async def test_an_advanced_search_with_a_webhook_still_sends_it(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/leads/advanced_search", status=201, payload=CLI_SEARCH_STARTED)
    await pronto.leads.advanced_search(keyword="gtm", webhook_url=HOOK)
    (call,) = sent(mock, "POST", f"{APP}/leads/advanced_search")
    assert call["body"]["webhook_url"] == HOOK


async def test_an_account_search_without_a_webhook(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/accounts/search", status=201,
              payload={"id": SEARCH_ID, "preview": [], "total": 12})
    job = await pronto.accounts.search(keyword="fintech", limit=100)
    (call,) = sent(mock, "POST", f"{APP}/accounts/search")
    assert "webhook_url" not in call["body"] and call["body"]["keyword"] == "fintech"
    handle = as_job(job)
    assert isinstance(handle, ImportJob) and handle.id == SEARCH_ID
    # The reference documents no way to read an import's accounts but the webhook.
    with pytest.raises(ProntoError, match="only delivered to a webhook"):
        await collect(job.accounts())


# -- locations by query, lists by kind ------------------------------------------------------


async def test_a_location_query_is_sent_as_the_name(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/locations", payload=[{"id": "101240143", "name": "Paris"}], repeat=True)
    by_query = await pronto.locations.search(query=" Paris ")
    by_name = await pronto.locations.search(name="Paris", hiring=True)
    first, second = (c["body"] for c in sent(mock, "POST", f"{APP}/locations"))
    assert first == {"name": "Paris"}
    assert second == {"name": "Paris", "hiring": True}
    assert by_query[0].id == by_name[0].id == "101240143"


@pytest.mark.parametrize(
    ("kwargs", "problems"),
    [
        ({}, ["name is required"]),
        ({"query": " "}, ["query must not be blank"]),
        ({"name": "Paris", "query": "Paris"},
         ["give name or query (the same thing), not both"]),
    ],
)
async def test_a_location_needs_one_name(
    pronto: Harness, mock: aioresponses, kwargs: dict[str, Any], problems: list[str]
) -> None:
    await assert_refused(pronto, mock, "locations.search", kwargs, problems)


async def test_a_list_is_created_with_a_kind(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/lists", status=201, repeat=True,
              payload={"id": "9d2f6a1c-3b4e-4f5a-8c7d-1e2f3a4b5c6d", "kind": "lead"})
    created = await pronto.lists.create(name="Champions", kind="lead")
    await pronto.lists.create(name="Targets")
    first, second = (c["body"] for c in sent(mock, "POST", f"{APP}/lists"))
    assert first == {"name": "Champions", "kind": "lead"}
    assert second == {"name": "Targets"}  # no kind unless asked for
    assert created.id == "9d2f6a1c-3b4e-4f5a-8c7d-1e2f3a4b5c6d"


async def test_a_list_kind_is_account_or_lead(pronto: Harness, mock: aioresponses) -> None:
    await assert_refused(pronto, mock, "lists.create", {"name": "X", "kind": "people"},
                         ["kind must be one of 'account', 'lead', got 'people'"])

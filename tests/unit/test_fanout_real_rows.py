"""enrich_many on rows as users have them: mapping up front, stop(), a wrong host, partial
types per row, and plan() — the dry run that pays nothing."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses

from pronto_async import (
    AsyncPronto,
    EnrichmentPlan,
    Ledger,
    NotSentError,
    Pronto,
    RepeatedFailureError,
    ValidationError,
)
from pronto_async.bulk import REPEATED_FAILURES
from tests.support.harness import APP, ENRICH, collect, request_count
from tests.unit.test_bulk import _Slots

CONTACT = f"{ENRICH}/contacts/single_enrich"
ACCOUNT = f"{APP}/accounts/single_enrich"
CREDITS = f"{APP}/credits"
STACK = f"{APP}/accounts/company_stack"

HUBSPOT = (
    "\ufeffRecord ID,First Name,Last Name,Email,Company Name,Company Domain Name,"
    "LinkedIn URL,Lifecycle Stage\r\n"
    "101,Ada,Lovelace,ada@acme.com,Acme,https://www.acme.com/,"
    "https://www.linkedin.com/in/ada,lead\r\n"
    "102,Grace,Hopper,grace@navy.mil,Navy,navy.mil,,customer\r\n"
    "103,,NoFirst,x@y.z,Y,y.z,,lead\r\n"
    "104,Ada,Lovelace,ada@acme.com,Acme,acme.com,https://www.linkedin.com/in/ada,lead\r\n"
)


def sent_bodies(mock: aioresponses, url: str) -> list[dict[str, Any]]:
    from yarl import URL

    calls = [c for (method, u), cs in mock.requests.items() if u == URL(url) for c in cs]
    return [json.loads(c.kwargs["data"]) for c in calls]


def echo(url: Any, **kwargs: Any) -> CallbackResult:
    body = json.loads(kwargs["data"])
    return CallbackResult(payload={"first_name": body["firstname"], "status": "success",
                                   "email": f"{body['firstname'].lower()}@x.io"})


async def test_a_hubspot_export_read_with_dictreader_sends_every_identity_field(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    mock.post(CONTACT, callback=echo, repeat=True)
    reader = csv.DictReader(io.StringIO(HUBSPOT, newline=""))
    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as pronto:
            run = pronto.contacts.enrich_many(reader, enrichment_type=["email"], ordered=True)
            assert run.mapping is not None  # known before iterating: the header was read
            assert run.mapping.columns["domain"] == "Company Domain Name"
            assert run.mapping.unused == ("\ufeffRecord ID", "Email", "Lifecycle Stage")
            outcomes = await collect(run)
    assert [o.ok for o in outcomes] == [True, True, False, True]
    assert outcomes[3].from_ledger  # the repeated row shared the first one's answer
    assert str(outcomes[2].error) == "invalid arguments for contacts.enrich: first_name is required"
    bodies = sorted(sent_bodies(mock, CONTACT), key=lambda b: b["firstname"])
    assert bodies == [
        {"firstname": "Ada", "lastname": "Lovelace", "company_name": "Acme",
         "domain": "acme.com", "linkedin_url": "https://www.linkedin.com/in/ada",
         "enrichment_type": ["email"]},
        {"firstname": "Grace", "lastname": "Hopper", "company_name": "Navy",
         "domain": "navy.mil", "enrichment_type": ["email"]},
    ]  # row 104 repeats row 101 (its URL cut to the same domain): sent once


async def test_a_file_without_a_required_column_is_refused_at_the_call(
    api_key: str, mock: aioresponses
) -> None:
    reader = csv.DictReader(io.StringIO("Title,Email\nCEO,a@b.c\n"))
    async with AsyncPronto(api_key) as pronto:
        with pytest.raises(ValidationError) as missing:
            pronto.contacts.enrich_many(reader, enrichment_type="email")
        listed = await collect(pronto.accounts.enrich_many([{"Name": "A"}],
                                                           columns={"domain": "Website"}))
    assert "no column for first_name, last_name (found: 'Title', 'Email')" in str(missing.value)
    assert "columns={'first_name': 'COLUMN'}" in str(missing.value)
    # Rows of a list may differ: a column named in columns= and missing is each row's error.
    assert "no column 'Website' for domain (found: 'Name')" in str(listed[0].error)
    assert request_count(mock) == 0


async def test_columns_override_the_guess(api_key: str, mock: aioresponses) -> None:
    mock.post(ACCOUNT, payload={"name": "Acme"}, repeat=True)
    rows = [{"Account": "Acme", "Site": "acme.com", "HQ": "Deutschland", "Old site": "x.io"}]
    async with AsyncPronto(api_key) as pronto:
        outcomes = await collect(pronto.accounts.enrich_many(
            rows, columns={"domain": "Site", "country": "HQ", "name": None}))
    assert outcomes[0].ok
    assert sent_bodies(mock, ACCOUNT) == [{"domain": "acme.com", "country": "DE"}]


async def test_a_row_without_linkedin_still_gets_its_email(
    api_key: str, mock: aioresponses
) -> None:
    mock.post(CONTACT, callback=echo, repeat=True)
    rows = [
        {"First Name": "Ada", "Last Name": "L", "Website": "a.io",
         "LinkedIn": "https://www.linkedin.com/in/ada"},
        {"First Name": "Bo", "Last Name": "L", "Website": "b.io", "LinkedIn": ""},
    ]
    async with AsyncPronto(api_key) as pronto:
        outcomes = await collect(pronto.contacts.enrich_many(
            rows, enrichment_type=["email", "phone"], ordered=True))
        only_phone = await collect(pronto.contacts.enrich_many(
            rows[1:], enrichment_type=["phone"]))
    assert [o.ok for o in outcomes] == [True, True]
    assert [o.skipped for o in outcomes] == [(), ("phone",)]
    types = {b["firstname"]: b["enrichment_type"] for b in sent_bodies(mock, CONTACT)}
    assert types == {"Ada": ["email", "phone"], "Bo": ["email"]}
    assert "linkedin_url is required for enrichment_type phone" in str(only_phone[0].error)


async def test_stop_sends_nothing_that_waits_for_a_slot(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    answered = asyncio.Event()
    five_out = asyncio.Event()
    arrived: list[int] = []

    async def slow(url: Any, **kwargs: Any) -> CallbackResult:
        arrived.append(1)
        if len(arrived) >= 5:
            five_out.set()
        await answered.wait()
        return echo(url, **kwargs)

    mock.post(CONTACT, callback=slow, repeat=True)
    rows = [{"first_name": f"P{i}", "last_name": "L"} for i in range(250)]
    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger, limiter=_Slots(5)) as pronto:
            run = pronto.contacts.enrich_many(rows, enrichment_type="email", concurrency=250)
            consumer = asyncio.ensure_future(collect(run))
            await five_out.wait()  # (no timeout: the unit tests run on a virtual clock)
            started = time.perf_counter()
            run.stop()
            await asyncio.sleep(0.05)
            answered.set()  # the five on the wire answer after the stop
            outcomes = await consumer
            took = time.perf_counter() - started  # real time, not the virtual clock
        summary = ledger.summary()
    assert request_count(mock) == 5
    assert took < 1.0
    assert sum(o.ok for o in outcomes) == 5  # the calls on the wire finished, recorded
    not_sent = [o for o in outcomes if isinstance(o.error, NotSentError)]
    assert len(not_sent) == 245 and not any(o.error.may_have_charged for o in not_sent)
    assert (summary.done, summary.submitted, summary.ambiguous) == (5, 0, 0)


async def test_stop_from_another_thread(api_key: str, mock: aioresponses) -> None:
    mock.post(CONTACT, callback=echo, repeat=True)
    rows = [{"first_name": f"P{i}", "last_name": "L"} for i in range(50)]
    async with AsyncPronto(api_key, limiter=_Slots(3)) as pronto:
        run = pronto.contacts.enrich_many(rows, enrichment_type="email", concurrency=10)
        first = await anext(run)
        await asyncio.to_thread(run.stop)  # e.g. a signal handler of a blocking program
        rest = await collect(run)
    outcomes = [first, *rest]
    assert request_count(mock) == 3 and sum(o.ok for o in outcomes) == 3
    assert all(isinstance(o.error, NotSentError) for o in outcomes if not o.ok)


async def test_a_wrong_host_answering_5xx_stops_the_run_and_names_the_setting(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    mock.post(CONTACT, status=502, body="<html>Bad gateway</html>", repeat=True)
    rows = [{"first_name": f"P{i}", "last_name": "L"} for i in range(300)]
    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger, max_retries=0) as pronto:
            seen: list[Any] = []

            async def drain() -> None:
                run = pronto.contacts.enrich_many(rows, enrichment_type="email", concurrency=4)
                async for outcome in run:
                    seen.append(outcome)

            with pytest.raises(RepeatedFailureError) as stopped:
                await drain()
        summary = ledger.summary()
    message = str(stopped.value)
    assert "enrich_base_url= / PRONTO_ENRICH_BASE_URL (now https://api.prontohq.com/v2)" in message
    assert stopped.value.failures == REPEATED_FAILURES
    sent = request_count(mock)
    assert REPEATED_FAILURES <= sent <= REPEATED_FAILURES + 4  # the few in flight, not 300
    assert summary.ambiguous == sent  # each may have been charged: reported, never re-sent
    assert len(seen) >= sent


async def test_mixed_failures_are_about_rows_not_the_host(
    api_key: str, mock: aioresponses
) -> None:
    mock.post(ACCOUNT, status=500, payload={"error": "boom"})
    mock.post(ACCOUNT, status=404, payload={"error": "Company not found"})
    mock.post(ACCOUNT, payload={"name": "Acme"}, repeat=True)
    rows = [{"domain": f"d{i}.com"} for i in range(30)]
    async with AsyncPronto(api_key, max_retries=0) as pronto:
        outcomes = await collect(pronto.accounts.enrich_many(rows, concurrency=1))
    assert len(outcomes) == 30 and sum(o.ok for o in outcomes) == 28


async def test_plan_sends_nothing_paid_and_counts_what_a_run_would_do(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    mock.post(CONTACT, callback=echo, repeat=True)
    mock.get(CREDITS, payload={"credits": 100}, repeat=True)
    rows = [
        {"First Name": "Ada", "Last Name": "L", "Website": "a.io",
         "LinkedIn": "https://www.linkedin.com/in/ada"},
        {"First Name": "Bo", "Last Name": "L", "Website": "b.io", "LinkedIn": ""},
        {"First Name": "", "Last Name": "L", "Website": "c.io", "LinkedIn": ""},
        {"First Name": "Ada", "Last Name": "L", "Website": "https://a.io/",
         "LinkedIn": "https://www.linkedin.com/in/ada"},
        {"First Name": "Cy", "Last Name": "L", "Website": "c.io", "LinkedIn": ""},
    ]
    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as pronto:
            await collect(pronto.contacts.enrich_many(rows[4:], enrichment_type=["email",
                                                                                 "phone"]))
            paid_before = request_count(mock, "POST")
            plan = await pronto.contacts.plan(rows, enrichment_type=["email", "phone"])
            assert request_count(mock, "POST") == paid_before  # the plan paid nothing
    assert isinstance(plan, EnrichmentPlan)
    assert (plan.rows, plan.valid, plan.invalid, plan.duplicates) == (5, 4, 1, 1)
    assert plan.reasons == (("first_name is required", 1),)
    assert (plan.done, plan.to_send) == (1, 2)  # Cy is done; Ada (email+phone) and Bo (email)
    assert plan.skipped == {"phone": 2}  # Bo and Cy (the invalid row is not counted)
    assert plan.credits_estimate == 3 + 30 + 3
    assert plan.credits_worst_case == 3 + 30 * 5 + 3
    assert plan.balance == 100 and plan.affordable
    report = str(plan)
    assert "To send: 2 paid requests" in report and "Credits: about 36, at most 156" in report
    assert "e.g. row 3: first_name is required" in report


async def test_plan_of_accounts_has_no_documented_price(
    api_key: str, mock: aioresponses
) -> None:
    async with AsyncPronto(api_key) as pronto:
        plan = await pronto.accounts.plan([{"Website": "a.io"}, {"Country": "FR"}],
                                          balance=False)
    assert (plan.valid, plan.invalid, plan.to_send) == (1, 1, 1)
    assert plan.credits_estimate is None
    assert "the reference states no price for accounts.enrich" in str(plan)
    assert request_count(mock) == 0


def test_plan_from_blocking_code(api_key: str, mock: aioresponses) -> None:
    mock.get(CREDITS, payload={"credits": 7}, repeat=True)
    with Pronto(api_key) as pronto:
        plan = pronto.contacts.plan([{"First Name": "A", "Last Name": "B"}],
                                    enrichment_type="email")
    assert (plan.to_send, plan.credits_estimate, plan.balance) == (1, 3, 7)


async def test_without_a_ledger_a_repeated_row_is_still_sent_once(
    api_key: str, mock: aioresponses
) -> None:
    mock.post(CONTACT, callback=echo, repeat=True)
    reader = csv.DictReader(io.StringIO(HUBSPOT, newline=""))
    async with AsyncPronto(api_key) as pronto:
        outcomes = await collect(pronto.contacts.enrich_many(
            reader, enrichment_type=["email"], ordered=True, concurrency=1))
    assert [o.ok for o in outcomes] == [True, True, False, True]
    assert outcomes[3].from_ledger and outcomes[3].value == outcomes[0].value
    assert request_count(mock, "POST") == 2  # rows 101 and 104 are one contact


async def test_without_a_ledger_a_repeat_tries_again_only_what_cost_nothing(
    api_key: str, mock: aioresponses
) -> None:
    import aiohttp

    mock.post(ACCOUNT, status=429, payload={"error": "slow down"})  # certainly not charged
    mock.post(ACCOUNT, payload={"name": "Acme"}, repeat=True)
    rows = [{"domain": "acme.com"}, {"Website": "https://acme.com/"}]
    async with AsyncPronto(api_key, max_retries=0) as pronto:
        outcomes = await collect(pronto.accounts.enrich_many(rows, ordered=True,
                                                             concurrency=1))
    assert not outcomes[0].ok and outcomes[1].ok and not outcomes[1].from_ledger
    mock.post(STACK, exception=aiohttp.ClientConnectionError("reset"))  # may have charged
    mock.post(STACK, payload={"technologies": []}, repeat=True)
    async with AsyncPronto(api_key, max_retries=0) as pronto:
        stacks = await collect(pronto.map(pronto.accounts.stack, [{"company_name": "A"}] * 2,
                                          ordered=True, concurrency=1))
    assert [o.ok for o in stacks] == [False, False] and stacks[1].from_ledger
    assert stacks[1].error is stacks[0].error  # reported, never paid for twice

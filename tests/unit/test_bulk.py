"""Fan-out: map and enrich_many — one outcome per input, lazily, paced, ledger-aware."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses

from pronto_async import (
    AmbiguousChargeError,
    AsyncPronto,
    AuthenticationError,
    Endpoint,
    InternalServerError,
    Outcome,
    Progress,
    Rate,
    ValidationError,
)
from pronto_async.bulk import default_concurrency
from pronto_async.ledger import Ledger, RecordState
from pronto_async.models import Company, ContactEnrichment, ContactInput
from tests.support.harness import APP, ENRICH, Harness, collect, request_count

STACK = f"{APP}/accounts/company_stack"
ACCOUNT = f"{APP}/accounts/single_enrich"
CONTACT = f"{ENRICH}/contacts/single_enrich"


def echo_contact(url: Any, **kwargs: Any) -> CallbackResult:
    body = json.loads(kwargs["data"])
    found = not body["firstname"].startswith("Nobody")
    return CallbackResult(payload={
        "first_name": body["firstname"], "status": "success" if found else "error",
        "email": f"{body['firstname'].lower()}@x.io" if found else None,
        "custom": body.get("custom"),
    })


async def test_map_yields_one_outcome_per_input_in_order(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(STACK, payload={"technologies": ["React"]}, repeat=True)
    rows: list[dict[str, Any]] = [{"company_domain": f"d{i}.com"} for i in range(30)]
    rows.insert(7, {})  # no identifier: a ValidationError for this row only
    rows.insert(9, {"company_domian": "typo.com"})  # not a parameter: a TypeError

    if pronto.kind == "async":
        outcomes = await collect(pronto.api.map(pronto.api.accounts.stack, rows, ordered=True))
    else:
        client = pronto.client
        outcomes = await asyncio.to_thread(
            lambda: list(client.map(client.accounts.stack, rows, ordered=True))
        )

    assert [o.index for o in outcomes] == list(range(32))
    assert [o.input for o in outcomes] == rows
    assert isinstance(outcomes[7].error, ValidationError)
    assert isinstance(outcomes[9].error, TypeError)
    assert all(o.ok and o.value.technologies == ["React"] for i, o in enumerate(outcomes)
               if i not in (7, 9))
    assert request_count(mock) == 30


async def test_unordered_outcomes_cover_every_input_once(api_key: str, mock: aioresponses) -> None:
    mock.post(STACK, payload={"technologies": []}, repeat=True)
    async with AsyncPronto(api_key) as pronto:
        outcomes = await collect(pronto.map(
            pronto.accounts.stack, ({"company_name": f"c{i}"} for i in range(50)), concurrency=7
        ))
    assert sorted(o.index for o in outcomes) == list(range(50))
    assert all(o.ok for o in outcomes)


async def test_inputs_are_consumed_lazily(api_key: str, mock: aioresponses) -> None:
    mock.post(STACK, payload={}, repeat=True)
    taken = 0

    def endless() -> Iterator[dict[str, str]]:
        nonlocal taken
        while True:
            taken += 1
            yield {"company_name": f"c{taken}"}

    async with AsyncPronto(api_key) as pronto:
        outcomes = pronto.map(pronto.accounts.stack, endless(), concurrency=8)
        seen = 0
        async for _ in outcomes:
            seen += 1
            if seen == 25:
                break
        await outcomes.aclose()  # type: ignore[attr-defined]
    # Never more read than yielded + in flight + one waiting per worker.
    assert taken <= 25 + 2 * 8 + 1


async def test_async_iterable_inputs_and_progress(api_key: str, mock: aioresponses) -> None:
    mock.post(STACK, payload={}, repeat=True)
    progress: list[tuple[int, int | None, Progress]] = []

    async def rows() -> AsyncIterator[dict[str, str]]:
        for i in range(12):
            await asyncio.sleep(0)
            yield {"company_name": f"c{i}"}

    async with AsyncPronto(api_key) as pronto:
        outcomes = await collect(pronto.map(
            pronto.accounts.stack, rows(), on_progress=lambda *a: progress.append(a)
        ))
        listed = await collect(pronto.map(
            pronto.accounts.stack, [{"company_name": "x"}, {}],
            on_progress=lambda *a: progress.append(a),
        ))
    assert len(outcomes) == 12
    assert [p[0] for p in progress[:12]] == list(range(1, 13))
    assert all(p[1] is None for p in progress[:12])  # an async iterable has no length
    last = progress[-1]
    assert last[:2] == (2, 2)
    assert (last[2].ok, last[2].failed, last[2].total) == (1, 1, 2)
    assert len(listed) == 2


async def test_throughput_is_set_by_the_limiter_not_the_fan_out(
    api_key: str, mock: aioresponses
) -> None:
    times: list[float] = []

    async def stamp(url: Any, **kwargs: Any) -> CallbackResult:
        times.append(asyncio.get_running_loop().time())
        return echo_contact(url, **kwargs)

    mock.post(CONTACT, callback=stamp, repeat=True)
    rows = [{"first_name": f"A{i}", "last_name": "B"} for i in range(200)]
    async with AsyncPronto(api_key) as pronto:
        outcomes = await collect(pronto.contacts.enrich_many(rows, enrichment_type="email"))
    assert len(outcomes) == 200
    span = max(times) - min(times)
    assert 199 / span == pytest.approx(50, rel=0.05)  # the documented 50/s, paced
    assert default_concurrency("contacts.enrich") == 250


def test_default_concurrency_fits_each_documented_rate() -> None:
    assert default_concurrency("accounts.enrich") == 100  # 20/s x 5 s
    assert default_concurrency("accounts.search") == 5  # 1/s x 5 s
    assert default_concurrency("accounts.headcount") == 4  # the floor
    assert default_concurrency("leads.enrich") == 4  # a daily quota is not paced
    assert default_concurrency("account.credits") == 32  # no documented rate
    assert default_concurrency(None) == 32


async def test_enrich_many_takes_rows_in_any_spelling(pronto: Harness, mock: aioresponses) -> None:
    mock.post(CONTACT, callback=echo_contact, repeat=True)
    rows: list[Any] = [
        {"first_name": "Ada", "last_name": "L", "domain": "a.io"},
        {"firstname": "Grace", "lastname": "H", "company_domain": "g.io"},
        {"firstName": "Alan", "lastName": "T", "linkedin_profile_url": "linkedin.com/in/alan"},
        ContactInput(first_name="Edsger", last_name="D", company_name="TU"),
        {"first_name": "Nobody", "last_name": "X"},
        {"first_name": "Bad", "Surname (maiden)": "Row", "Email": "bad@row.io"},
    ]
    outcomes = await collect(pronto.contacts.enrich_many(rows, enrichment_type=["email"],
                                                         ordered=True))
    assert [o.value.email if o.ok else None for o in outcomes] == [
        "ada@x.io", "grace@x.io", "alan@x.io", "edsger@x.io", None, None,
    ]
    assert outcomes[4].ok and not outcomes[4].value.found
    assert isinstance(outcomes[5].error, ValidationError)
    assert "contacts[5]: no column for last_name (found: 'first_name', 'Surname (maiden)', " \
        "'Email')" in str(outcomes[5].error)
    assert request_count(mock) == 5


async def test_enrich_many_refuses_bad_shared_arguments_at_the_call(
    pronto: Harness, mock: aioresponses
) -> None:
    with pytest.raises(ValidationError) as info:
        await collect(pronto.contacts.enrich_many([{"first_name": "A", "last_name": "B"}],
                                                  enrichment_type=["fax"]))
    assert "enrichment_type" in str(info.value)
    assert request_count(mock) == 0


async def test_accounts_enrich_many(api_key: str, mock: aioresponses) -> None:
    mock.post(ACCOUNT, payload={"name": "Acme"}, repeat=True)
    rows = [{"website": "acme.com"}, {"company_name": "Acme", "country_code": "fr"}, {"x": 1}]
    async with AsyncPronto(api_key) as pronto:
        outcomes = await collect(pronto.accounts.enrich_many(rows, ordered=True))
    assert [isinstance(o.value, Company) for o in outcomes] == [True, True, False]
    assert "accounts[2]: no column for any of domain, name, company_linkedin_url (found: " \
        "'x')" in str(outcomes[2].error)


# -- with a ledger --------------------------------------------------------------------------


async def test_a_rerun_with_a_ledger_pays_nothing_twice(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    sent: list[str] = []

    def server(url: Any, **kwargs: Any) -> CallbackResult:
        body = json.loads(kwargs["data"])
        sent.append(body["firstname"])
        if body["firstname"] == "A3":
            return CallbackResult(status=500, payload={"error": "boom"})  # may have charged
        if body["firstname"] == "A5":
            return CallbackResult(status=422, payload={"error": "invalid linkedin_url"})
        return echo_contact(url, **kwargs)

    mock.post(CONTACT, callback=server, repeat=True)
    rows = [{"first_name": f"A{i}", "last_name": "B"} for i in range(8)]
    with Ledger(tmp_path / "run.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as pronto:
            first = await collect(pronto.contacts.enrich_many(rows, enrichment_type="email"))
            assert sum(o.ok for o in first) == 6
            assert len(sent) == 8
            # Same contacts, other spellings: still the same inputs.
            respelled = [{"firstname": r["first_name"], "lastname": "B"} for r in rows]
            second = await collect(pronto.contacts.enrich_many(
                respelled, enrichment_type="email", ordered=True
            ))
        summary = ledger.summary()
    # Only the refused row (422: nothing charged) was sent again.
    assert sent[8:] == ["A5"]
    by_name = {o.input["firstname"]: o for o in second}
    assert by_name["A0"].from_ledger and by_name["A0"].value.email == "a0@x.io"
    assert isinstance(by_name["A0"].value, ContactEnrichment)
    assert isinstance(by_name["A3"].error, AmbiguousChargeError)
    assert by_name["A3"].error.may_have_charged
    assert not by_name["A5"].from_ledger
    assert (summary.done, summary.ambiguous, summary.failed) == (6, 1, 1)
    assert summary.possibly_billed_not_captured == 1


async def test_retry_ambiguous_resends_what_may_have_been_charged(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    mock.post(ACCOUNT, status=500, payload={"error": "boom"})
    mock.post(ACCOUNT, payload={"name": "Acme"}, repeat=True)
    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger, max_retries=0) as pronto:
            first = await collect(pronto.accounts.enrich_many([{"domain": "acme.com"}]))
            assert isinstance(first[0].error, InternalServerError)
        async with AsyncPronto(api_key, ledger=ledger, retry_ambiguous=True) as pronto:
            again = await collect(pronto.accounts.enrich_many([{"domain": "acme.com"}]))
        assert again[0].value.name == "Acme"
        (record,) = await ledger.records()
    assert record.state is RecordState.DONE
    assert record.attempts == 2


async def test_a_ledger_needs_an_sdk_method(api_key: str, tmp_path: Path) -> None:
    async def mine(**kwargs: Any) -> int:
        return 1

    with Ledger(tmp_path / "l.db") as ledger:
        async with AsyncPronto(api_key) as pronto:
            with pytest.raises(ValidationError, match="needs an SDK method"):
                await collect(pronto.map(mine, [{}], ledger=ledger))
            plain = await collect(pronto.map(mine, [{}, {}]))
    assert [o.value for o in plain] == [1, 1]


async def test_concurrency_must_be_positive(api_key: str) -> None:
    async with AsyncPronto(api_key) as pronto:
        with pytest.raises(ValidationError, match="concurrency"):
            await collect(pronto.map(pronto.accounts.stack, [], concurrency=0))


def test_the_blocking_map_accepts_blocking_methods_and_plain_functions(
    api_key: str, mock: aioresponses
) -> None:
    from pronto_async import Pronto

    mock.post(STACK, payload={"technologies": ["Go"]}, repeat=True)
    with Pronto(api_key) as pronto:
        outcomes = list(pronto.map(pronto.accounts.stack, [{"company_name": "a"}] * 3))
        doubled = list(pronto.map(lambda x: 2 * x, [{"x": 1}, {"x": 2}], ordered=True))
        stopped = pronto.contacts.enrich_many([], enrichment_type="email")
        assert list(stopped) == []
    assert [o.value.technologies for o in outcomes] == [["Go"]] * 3
    assert [o.value for o in doubled] == [2, 4]
    assert all(isinstance(o, Outcome) for o in outcomes + doubled)


async def test_a_row_repeated_in_one_run_is_sent_once(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    seen: list[str] = []

    async def slow(url: Any, **kwargs: Any) -> CallbackResult:
        seen.append(json.loads(kwargs["data"])["firstname"])
        await asyncio.sleep(1.0)  # still in flight when its copies come up
        return echo_contact(url, **kwargs)

    mock.post(CONTACT, callback=slow, repeat=True)
    ada = {"first_name": "Ada", "last_name": "L"}
    rows = [ada, {"first_name": "Bo", "last_name": "L"}, dict(ada), {"firstname": "Ada",
                                                                     "lastname": "L"}]
    with Ledger(tmp_path / "run.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger) as client:
            outcomes = await collect(client.contacts.enrich_many(
                rows, enrichment_type="email", ordered=True
            ))
        (records, summary) = (await ledger.records(), ledger.summary())
    assert sorted(seen) == ["Ada", "Bo"]  # one request per distinct contact
    assert [o.value.email for o in outcomes] == ["ada@x.io", "bo@x.io", "ada@x.io", "ada@x.io"]
    assert [o.from_ledger for o in outcomes] == [False, False, True, True]
    assert (summary.done, len(records)) == (2, 2)
    assert all(r.attempts == 1 for r in records)


class _Slots:
    """A limiter granting ``free`` slots, then holding every later request forever."""

    def __init__(self, free: int) -> None:
        self.free = free

    async def acquire(self, endpoint: Endpoint) -> float:
        if self.free > 0:
            self.free -= 1
            return 0.0
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    def block(self, endpoint: Endpoint, seconds: float) -> None:
        return None

    def rate(self, endpoint: Endpoint) -> Rate | None:
        return endpoint.rate


async def test_rows_waiting_for_the_rate_limit_are_not_marked_sent(
    api_key: str, mock: aioresponses, tmp_path: Path
) -> None:
    """A run that stops while rows queue behind the limiter leaves only the rows whose
    request left in the ledger — not every row the fan-out had in flight."""
    mock.post(STACK, payload={"technologies": ["React"]}, repeat=True)
    rows = [{"company_domain": f"d{i}.com"} for i in range(10)]
    with Ledger(tmp_path / "run.db") as ledger:
        async with AsyncPronto(api_key, ledger=ledger, limiter=_Slots(3)) as client:
            seen = []
            async for outcome in client.map(client.accounts.stack, rows, concurrency=10):
                seen.append(outcome)
                if len(seen) == 3:
                    break  # the other seven wait for a slot that never comes
        records = await ledger.records()
    assert request_count(mock) == 3
    assert len(records) == 3  # not 10: seven rows never left the machine
    assert {r.state for r in records} == {RecordState.DONE}


async def test_a_refused_key_stops_the_run_instead_of_failing_every_row(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(STACK, status=401, payload={"message": "Unauthorized"}, repeat=True)
    rows = [{"company_domain": f"d{i}.com"} for i in range(200)]
    seen: list[Any] = []

    async def drain() -> None:
        if pronto.kind == "async":
            async for outcome in pronto.api.map(pronto.api.accounts.stack, rows, concurrency=4):
                seen.append(outcome)
        else:
            seen.extend(await collect(pronto.api.map(pronto.api.accounts.stack, rows,
                                                     concurrency=4)))

    with pytest.raises(AuthenticationError):
        await drain()
    sent = request_count(mock)
    assert 1 <= sent <= 4  # the calls already in flight, not one per row
    if pronto.kind == "async":  # the outcomes of what was in flight came first
        assert len(seen) == sent
        assert all(isinstance(o.error, AuthenticationError) for o in seen)


async def test_errors_about_one_row_do_not_stop_the_run(api_key: str, mock: aioresponses) -> None:
    mock.post(STACK, status=404, payload={"error": "Company not found"}, repeat=True)
    rows = [{"company_domain": f"d{i}.com"} for i in range(20)]
    async with AsyncPronto(api_key) as client:
        outcomes = await collect(client.map(client.accounts.stack, rows, concurrency=4))
    assert len(outcomes) == 20 and not any(o.ok for o in outcomes)


async def test_a_fan_out_opens_the_session_before_its_workers_start() -> None:
    """Start-up off the first window: the session is open before any worker runs its first
    call, so its opening is not queued inside the first paced window behind the workers'
    own preparation (benchmarks: a 29-38 ms stall moved before the first slot)."""
    from pronto_async import AsyncPronto

    async with AsyncPronto("key", max_retries=0) as client:
        open_when_called: list[bool] = []

        async def stack(**row: Any) -> Any:
            open_when_called.append(client._session is not None)
            return await client.accounts.stack(**row)

        assert client._session is None  # nothing has opened it yet
        with aioresponses() as mock:
            mock.post(f"{APP}/accounts/company_stack", payload={"stack": []}, repeat=True)
            rows = [{"company_domain": f"d{i}.com"} for i in range(3)]
            outcomes = [o async for o in client.map(stack, rows, concurrency=3)]
        assert [o.ok for o in outcomes] == [True, True, True]
        assert open_when_called == [True, True, True]

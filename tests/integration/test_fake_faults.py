"""Injected faults against the SDK's credit-safe policy: free calls recover, charging calls
are raised (with ``may_have_charged``) and never re-sent (done-when (b))."""

from __future__ import annotations

import asyncio

import pytest

from pronto_async import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    ProntoError,
    UnexpectedResponseError,
)
from pronto_async.testing import FakePronto, Fault, Latency
from tests.support.harness import Harness

RAISED = {
    Fault.SERVER_ERROR: InternalServerError,
    Fault.BAD_GATEWAY: InternalServerError,
    Fault.UNAVAILABLE: InternalServerError,
    Fault.DROP_BEFORE: APIConnectionError,
    Fault.DROP_AFTER: APIConnectionError,
    Fault.HTML_200: UnexpectedResponseError,
    Fault.TRUNCATED: UnexpectedResponseError,
    Fault.STALL: APITimeoutError,
}


@pytest.mark.pronto_fake(stall_seconds=1.0)
@pytest.mark.client(timeout=0.3)
@pytest.mark.parametrize("fault", list(Fault), ids=lambda f: f.value)
async def test_a_charging_call_is_raised_not_resent(pronto: Harness, fake: FakePronto,
                                                    fault: Fault) -> None:
    fake.inject(fault, "accounts.stack")
    with pytest.raises(RAISED[fault]) as caught:
        await pronto.accounts.stack(company_domain="notion.so")
    assert caught.value.may_have_charged  # the client cannot tell which faults charged
    stats = fake.stats["accounts.stack"]
    assert stats.requests == 1 and stats.faults_by_kind == {fault.value: 1}
    assert stats.charged == (1 if fault.after_work else 0)
    assert fake.account().credits == 1_000_000 - (3 if fault.after_work else 0)


@pytest.mark.pronto_fake(stall_seconds=1.0)
@pytest.mark.client(timeout=0.3)
@pytest.mark.parametrize("fault", list(Fault), ids=lambda f: f.value)
async def test_a_free_call_recovers(pronto: Harness, fake: FakePronto, fault: Fault) -> None:
    fake.inject(fault, "account.credits", times=2)
    credits = await pronto.account.credits()
    assert credits.credits == 1_000_000
    stats = fake.stats["account.credits"]
    assert stats.requests == 3 and stats.faults == 2


async def test_latency_is_injected_per_operation() -> None:
    latency = {"accounts.stack": Latency(mean=0.2, jitter=0.05)}
    async with FakePronto(latency=latency, time_scale=1.0) as fake, fake.client() as client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await client.accounts.stack(company_domain="notion.so")
        slow = loop.time() - started
        started = loop.time()
        await client.account.credits()
        fast = loop.time() - started
    assert 0.15 <= slow < 0.5 and fast < 0.1


def test_faults_are_drawn_from_the_seed_and_the_input() -> None:
    from pronto_async.testing._faults import draw_fault

    faults = {Fault.SERVER_ERROR: 0.3, Fault.DROP_AFTER: 0.3}
    draws = [draw_fault(3, faults, "contacts.enrich", f"body{i}", 0) for i in range(200)]
    assert draws == [draw_fault(3, faults, "contacts.enrich", f"body{i}", 0) for i in range(200)]
    assert 40 <= draws.count(Fault.SERVER_ERROR) <= 80 and draws.count(None) >= 60
    again = [draw_fault(3, faults, "contacts.enrich", f"body{i}", 1) for i in range(200)]
    assert again != draws  # a re-sent request gets a fresh draw


#: Every fault but the stall, 3% each: a fifth of the calls fail somehow.
FAULTS = {fault: 0.03 for fault in Fault if fault is not Fault.STALL}


@pytest.mark.pronto_fake(time_scale=0.01, faults=FAULTS, fault_operations={"contacts.enrich"})
async def test_500_concurrent_enrichments_with_faults_never_pay_twice(
    pronto: Harness, fake: FakePronto
) -> None:
    """Done-when (b): the fake's duplicate-charge counter stays at 0."""
    results = await asyncio.gather(
        *(
            pronto.contacts.enrich(first_name="Ada", last_name=f"Lovelace{i}",
                                   domain="example.com", enrichment_type=["email"])
            for i in range(500)
        ),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(e, ProntoError) for e in errors), errors[:3]
    stats = fake.stats["contacts.enrich"]
    assert fake.stats.duplicate_charges == 0
    assert set(stats.faults_by_kind) == {f.value for f in FAULTS}
    # Every fault surfaced once, as an error that may have charged: none was re-sent.
    assert len(errors) == stats.faults and all(e.may_have_charged for e in errors)
    assert stats.accepted == 500
    charged_by_faults = sum(stats.faults_by_kind.get(f.value, 0) for f in Fault if f.after_work)
    assert stats.charged == 500 - len(errors) + charged_by_faults

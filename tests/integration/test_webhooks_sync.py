"""WebhookReceiver from blocking code: ``with WebhookReceiver()`` serves from its own thread,
and the blocking client's jobs read their deliveries from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pronto_async import Pronto, WebhookReceiver
from pronto_async.ledger import Ledger
from pronto_async.models import Company, ContactEnrichment
from pronto_async.testing import FakePronto, WebhookShape

COMPANY = "https://www.linkedin.com/company/acme"


def _contacts(count: int) -> list[dict[str, Any]]:
    return [{"first_name": f"Ada{i}", "last_name": "L", "domain": "example.com",
             "custom": {"row": i}} for i in range(count)]


def test_bulk_enrichment_results_reach_a_blocking_script(tmp_path: Path) -> None:
    with (
        Ledger(tmp_path / "hooks.db") as ledger,
        FakePronto(time_scale=0.05) as fake,
        WebhookReceiver(ledger=ledger) as hooks,
        fake.sync_client() as pronto,
    ):
        assert isinstance(pronto, Pronto)
        job = pronto.contacts.bulk_enrich(
            contacts=_contacts(40), enrichment_type="email", webhook=hooks
        )
        results = list(job.results(idle_timeout=5))
        deliveries = ledger.summary().deliveries
    assert all(isinstance(r, ContactEnrichment) for r in results)
    assert sorted(r.custom["row"] for r in results) == list(range(40))  # each exactly once
    assert deliveries == 40  # written before each acknowledgement
    assert hooks.rejected == {}


@pytest.mark.parametrize("shape", [WebhookShape.FLAT, WebhookShape.LEADS_DICT,
                                   WebhookShape.BARE_LIST])
def test_a_blocking_search_reads_its_leads_from_the_receiver(shape: WebhookShape) -> None:
    with (
        FakePronto(time_scale=0.05, start_seconds=1.0, job_seconds=20.0,
                   webhook_shape=shape) as fake,
        WebhookReceiver() as hooks,
        fake.sync_client() as pronto,
    ):
        job = pronto.leads.search_in_company(
            company_linkedin_url=COMPANY, job_titles=["*"], limit=30, streaming=True,
            webhook=hooks,
        )
        leads = list(job.leads(poll_interval=0.5))
        final = pronto.searches.get(id=job.id)
    keys = sorted(str(item.lead.linkedin_profile_url) for item in leads)
    assert keys == sorted(str(item.lead.linkedin_profile_url) for item in final.leads or [])
    assert len(leads) == 30
    assert job.job.subscription is not None
    assert job.job.subscription.received == 30  # the deliveries brought them


def test_a_blocking_import_reads_its_accounts_from_the_receiver() -> None:
    with (
        FakePronto(time_scale=0.05, job_seconds=4.0) as fake,
        WebhookReceiver() as hooks,
        fake.sync_client() as pronto,
    ):
        job = pronto.accounts.search(keyword="software", limit=12, webhook=hooks)
        accounts = list(job.accounts(idle_timeout=5))
    assert len(accounts) == 12
    assert all(isinstance(a, Company) and a.name for a in accounts)
    assert len({(a.name, a.website, a.linkedin_url) for a in accounts}) == 12


def test_jobs_without_a_receiver_say_how_to_get_their_results() -> None:
    from pronto_async import ProntoError

    with FakePronto(time_scale=0.05) as fake, fake.sync_client() as pronto:
        job = pronto.contacts.bulk_enrich(
            contacts=_contacts(2), enrichment_type="email",
            webhook_url="http://127.0.0.1:9/unused",
        )
        with pytest.raises(ProntoError, match="webhook=WebhookReceiver"):
            list(job.results())


def test_a_receiver_runs_once_and_stops_cleanly() -> None:
    hooks = WebhookReceiver()
    with hooks:
        url = hooks.public_url
        with pytest.raises(RuntimeError, match="already running"):
            hooks.__enter__()
    assert url.startswith("http://127.0.0.1:")
    import socket

    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as probe:  # the port is free again: the server stopped
        probe.bind(("127.0.0.1", port))

"""Calls the type checker must accept (checked by ``test_typing.py`` with mypy --strict)."""

from __future__ import annotations

from typing import assert_type

from pronto_async import AsyncPronto, Pronto
from pronto_async.enums import EnrichmentType, EnrichmentTypeValue, Function, Seniority
from pronto_async.models.contacts import ContactEnrichment
from pronto_async.models.personas import Persona
from pronto_async.models.searches import SearchDetail


async def closed_value_sets(pronto: AsyncPronto) -> None:
    await pronto.contacts.enrich(first_name="A", last_name="B", enrichment_type="email")
    await pronto.contacts.enrich(first_name="A", last_name="B", enrichment_type=["email", "phone"])
    await pronto.contacts.enrich(
        first_name="A", last_name="B", enrichment_type=EnrichmentType.PERSONAL_EMAIL
    )
    await pronto.contacts.enrich(
        first_name="A", last_name="B", enrichment_type=[EnrichmentType.EMAIL, "personal_email"]
    )
    wanted: EnrichmentTypeValue = "phone"
    await pronto.contacts.start_enrichment(
        first_name="Ada", last_name="Lovelace", enrichment_type=wanted, domain="acme.com",
    )
    await pronto.accounts.search_preview(company_size=["51-200"], revenue_currency="EUR")
    await pronto.leads.advanced_search_preview(
        functions=["25", Function.ENGINEERING], seniority_levels=[Seniority.CXO, "300"],
        company_type=["P"], relationship=["F"], years_of_experience=["3"],
    )
    pronto.signals.posts(linkedin_url="https://www.linkedin.com/in/ada", limit=5,
                         posted_within="last_7_days")
    await pronto.signals.hiring(webhook_url="https://hooks.example.com/x",
                                published_date="last_24_hours")
    await pronto.signals.growth(webhook_url="https://hooks.example.com/x", department="8",
                                min_department_headcount=10)


async def ids_and_options(pronto: AsyncPronto) -> None:
    assert_type(await pronto.searches.get("abc"), SearchDetail)
    assert_type(await pronto.searches.get(id="abc", timeout=5), SearchDetail)
    assert_type(await pronto.contacts.get("id", max_retries=0), ContactEnrichment)
    assert_type(await pronto.personas.get("p"), Persona)
    assert_type(await pronto.personas.get(uuid="p"), Persona)  # the former spelling
    await pronto.lists.update("l", name="Renamed", extra_headers={"X-Trace-Id": "t"})
    await pronto.account.credits(timeout=None, retry_ambiguous=False)
    async for _ in pronto.searches.list(timeout=3.0):
        pass


def blocking(pronto: Pronto) -> None:
    assert_type(pronto.searches.get("abc", timeout=2.0), SearchDetail)
    assert_type(pronto.personas.get(id="p", extra_headers={"X": "y"}), Persona)
    pronto.contacts.enrich(first_name="Ada", last_name="Lovelace", enrichment_type="email",
                           max_retries=1)
    for _ in pronto.lists.list(max_retries=0):
        pass

"""Calls the type checker must reject: each line marked ``# rejected`` is an error, and no
other line is (checked by ``test_typing.py`` with mypy --strict)."""

from __future__ import annotations

from pronto_async import AsyncPronto, Pronto


async def typos(pronto: AsyncPronto) -> None:
    await pronto.contacts.enrich(
        first_name="Ada", last_name="Lovelace",
        enrichment_type="emial",  # rejected
    )
    await pronto.contacts.bulk_enrich(
        contacts=[], enrichment_type=["email", "phnoe"],  # rejected
    )
    await pronto.accounts.search_preview(revenue_currency="EURO")  # rejected
    await pronto.accounts.search_preview(company_size=["51-201"])  # rejected
    await pronto.leads.advanced_search_preview(seniority_levels=["999"])  # rejected
    pronto.signals.posts(linkedin_url="u", limit=1, posted_within="last_week")  # rejected
    await pronto.signals.post_engagers(post_url="u", engagement_type="likes")  # rejected


async def options_and_ids(pronto: AsyncPronto) -> None:
    await pronto.account.credits(timeout="5")  # rejected
    await pronto.account.credits(max_retry=1)  # rejected
    await pronto.account.credits(user_agent_suffix="acme/1")  # rejected
    await pronto.searches.get()  # rejected
    await pronto.personas.get()  # rejected


def blocking(pronto: Pronto) -> None:
    pronto.contacts.enrich(first_name="A", last_name="B", enrichment_type="emial")  # rejected
    pronto.searches.get("abc", max_retries="0")  # rejected

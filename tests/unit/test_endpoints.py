"""The endpoint table: complete, consistent, and the one source of paths and limits."""

from __future__ import annotations

import pytest

from pronto_async import ENDPOINTS, Host, Rate
from pronto_async._endpoints import DAY, endpoint

DOCUMENTED_LIMITS = {
    "contacts.enrich": Rate(50, 1),
    "accounts.hiring": Rate(20, 1),
    "accounts.stack": Rate(20, 1),
    "accounts.enrich": Rate(20, 1),
    "accounts.search": Rate(1, 1),
    "accounts.search_preview": Rate(1, 1),
    "accounts.extract": Rate(1, 1),
    "leads.extract": Rate(1, 1),
    "leads.advanced_search": Rate(1, 1),
    "leads.advanced_search_preview": Rate(1, 1),
    "accounts.headcount": Rate(2, 60),
    "accounts.count_profiles": Rate(2, 60),
    "leads.enrich": Rate(500, DAY),
}


def test_all_39_documented_operations_once() -> None:
    assert len(ENDPOINTS) == 39
    assert len({e.name for e in ENDPOINTS}) == 39
    assert len({(e.method, e.host, e.path) for e in ENDPOINTS}) == 39


def test_names_are_resource_dot_method() -> None:
    resources = {"accounts", "contacts", "leads", "searches", "lists", "personas", "signals",
                 "account", "locations"}
    for e in ENDPOINTS:
        resource, _, method = e.name.partition(".")
        assert resource in resources and method.isidentifier(), e.name


def test_documented_limits_and_nothing_else() -> None:
    assert {e.name: e.rate for e in ENDPOINTS if e.rate} == DOCUMENTED_LIMITS


def test_only_the_synchronous_enrichment_lives_on_the_enrich_host() -> None:
    assert [e.name for e in ENDPOINTS if e.host is Host.ENRICH] == ["contacts.enrich"]
    sync, async_ = endpoint("contacts.enrich"), endpoint("contacts.start_enrichment")
    assert sync.path == async_.path == "/contacts/single_enrich"
    assert sync.timeout >= 60  # the waterfall can run close to a minute


def test_documented_credit_costs() -> None:
    assert endpoint("accounts.stack").credits == 3
    assert endpoint("accounts.hiring").credits == 3
    assert endpoint("accounts.search_preview").credits == 0
    assert endpoint("leads.advanced_search_preview").credits == 0


def test_reads_and_previews_are_free_and_everything_else_is_treated_as_charging() -> None:
    free = {e.name for e in ENDPOINTS if not e.charges}
    assert free == {
        "accounts.search_preview", "leads.advanced_search_preview", "contacts.get",
        "searches.list", "searches.get", "searches.delete", "lists.list", "lists.get",
        "lists.update", "personas.list", "personas.get", "account.credits", "account.info",
        "locations.search",
    }
    assert all(not e.charges for e in ENDPOINTS if e.method == "GET")


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda e: e.name)
def test_every_row_cites_its_reference_section(row: object) -> None:
    ref = row.ref  # type: ignore[attr-defined]
    assert ref.startswith("https://docs.prontohq.com/api-reference/endpoints/")
    assert row.path.startswith("/")  # type: ignore[attr-defined]
    assert row.method in {"GET", "POST", "PUT", "DELETE"}  # type: ignore[attr-defined]


def test_unknown_operation() -> None:
    with pytest.raises(KeyError):
        endpoint("contacts.enrichh")

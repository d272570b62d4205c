"""Validation parity: what the SDK refuses before sending, the fake refuses with the
reference's status and message when the same body is sent raw."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest

from pronto_async import ENDPOINTS, Host, ValidationError
from pronto_async.testing import FakePronto
from tests.integration.conftest import Raw
from tests.support.harness import Harness

HOOK = "https://hooks.example.com/leads"
COMPANY = "https://www.linkedin.com/company/notionhq/"
PROFILE = "https://www.linkedin.com/in/mathieu-brun-picard/"
PERSONA = "<persona>"  # replaced by one of the fake's personas
ADA = {"firstname": "Ada", "lastname": "Lovelace", "domain": "example.com"}
ROW = {"first_name": "Ada", "last_name": "Lovelace", "domain": "example.com"}
AT_LEAST_ONE_COMPANY = {
    "error": 400,
    "message": "Provide at least one of: company_domain, company_name, company_linkedin_url",
}

ClientCall = Callable[[Any], Awaitable[Any]] | None


@attrs.frozen
class Case:
    id: str
    operation: str
    body: dict[str, Any]
    status: int
    #: The exact answer, or a fragment of its message.
    expected: dict[str, Any] | str
    #: The same mistake through the SDK; ``None`` when the SDK cannot even express it.
    client: ClientCall


CASES = [
    Case("stack without company", "accounts.stack", {}, 400, AT_LEAST_ONE_COMPANY,
         lambda api: api.accounts.stack()),
    Case("hiring without company", "accounts.hiring", {"posted_within_days": 30}, 400,
         AT_LEAST_ONE_COMPANY, lambda api: api.accounts.hiring(posted_within_days=30)),
    Case("count_profiles without company", "accounts.count_profiles",
         {"title_to_include": ["CTO"]}, 400, "at least one of: company_linkedin_id",
         lambda api: api.accounts.count_profiles(title_to_include=["CTO"])),
    Case("phone without linkedin_url", "contacts.enrich",
         {**ADA, "enrichment_type": ["phone"]}, 400, "linkedin_url is required",
         lambda api: api.contacts.enrich(first_name="Ada", last_name="Lovelace",
                                         domain="example.com", enrichment_type=["phone"])),
    Case("personal email without linkedin_url", "contacts.enrich",
         {**ADA, "enrichment_type": ["personal_email"]}, 400, "linkedin_url is required",
         lambda api: api.contacts.enrich(first_name="Ada", last_name="Lovelace",
                                         enrichment_type=["personal_email"])),
    Case("enrichment without lastname", "contacts.enrich",
         {"firstname": "Ada", "enrichment_type": ["email"]}, 400, "Missing required keys: lastname",
         lambda api: api.contacts.enrich(first_name="Ada", last_name=None,
                                         enrichment_type=["email"])),
    Case("unknown enrichment type", "contacts.start_enrichment",
         {**ADA, "enrichment_type": ["fax"]}, 422, "Invalid enrichment_type",
         lambda api: api.contacts.start_enrichment(first_name="Ada", last_name="Lovelace",
                                                   domain="example.com", enrichment_type="fax")),
    Case("async email without company", "contacts.start_enrichment",
         {"firstname": "Ada", "lastname": "Lovelace", "enrichment_type": ["email"]}, 400,
         "domain or company_name is required",
         lambda api: api.contacts.start_enrichment(first_name="Ada", last_name="Lovelace",
                                                   enrichment_type=["email"])),
    Case("bulk of one", "contacts.bulk_enrich",
         {"contacts": [ADA], "enrichment_type": ["email"]}, 400, "between 2 and 100",
         lambda api: api.contacts.bulk_enrich(contacts=[ROW], enrichment_type="email")),
    Case("bulk of 101", "contacts.bulk_enrich",
         {"contacts": [ADA] * 101, "enrichment_type": ["email"]}, 400, "between 2 and 100",
         lambda api: api.contacts.bulk_enrich(contacts=[ROW] * 101, enrichment_type="email")),
    Case("bulk with two types", "contacts.bulk_enrich",
         {"contacts": [{**ADA, "linkedin_url": PROFILE}] * 2,
          "enrichment_type": ["email", "phone"]}, 422, "exactly one",
         lambda api: api.contacts.bulk_enrich(
             contacts=[{**ROW, "linkedin_url": PROFILE}] * 2, enrichment_type=["email", "phone"])),
    Case("people search without a people filter", "leads.search_in_company",
         {"company_linkedin_url": COMPANY, "webhook_url": HOOK}, 400,
         "At least one people filter is required",
         lambda api: api.leads.search_in_company(company_linkedin_url=COMPANY, webhook_url=HOOK)),
    Case("persona_id with job_titles", "leads.search_in_company",
         {"company_linkedin_url": COMPANY, "webhook_url": HOOK, "persona_id": PERSONA,
          "job_titles": ["CTO"]}, 422, "persona_id cannot be combined",
         lambda api: api.leads.search_in_company(
             company_linkedin_url=COMPANY, webhook_url=HOOK, persona_id=PERSONA,
             job_titles=["CTO"])),
    Case("unknown function id", "leads.search_in_company",
         {"company_linkedin_url": COMPANY, "webhook_url": HOOK, "functions": ["99"]}, 422,
         "Invalid functions: 99",
         lambda api: api.leads.search_in_company(company_linkedin_url=COMPANY, webhook_url=HOOK,
                                                 functions=["99"])),
    # A search without a webhook is accepted (Pronto's CLI starts one and polls it):
    # tests/integration/test_fake_relaxed_rules.py.
    Case("advanced search with a malformed webhook", "leads.advanced_search",
         {"webhook_url": "hooks example", "job_titles": ["CTO"]}, 400, "Invalid webhook_url",
         lambda api: api.leads.advanced_search(job_titles=["CTO"], webhook_url="hooks example")),
    Case("advanced search without filters", "leads.advanced_search", {"webhook_url": HOOK},
         400, "at least one filter or keyword",
         lambda api: api.leads.advanced_search(webhook_url=HOOK)),
    Case("advanced search with a false signal only", "leads.advanced_search",
         {"webhook_url": HOOK, "past_colleague": False}, 400, "at least one filter or keyword",
         lambda api: api.leads.advanced_search(webhook_url=HOOK, past_colleague=False)),
    Case("unknown seniority", "leads.advanced_search",
         {"webhook_url": HOOK, "seniority_levels": ["999"]}, 422, "Invalid seniority_levels: 999",
         lambda api: api.leads.advanced_search(webhook_url=HOOK, seniority_levels=["999"])),
    Case("unknown company size", "leads.advanced_search",
         {"webhook_url": HOOK, "company_size": ["7-12"]}, 422, "Invalid company_size: 7-12",
         lambda api: api.leads.advanced_search(webhook_url=HOOK, company_size=["7-12"])),
    Case("company filter of the wrong shape", "leads.advanced_search",
         {"webhook_url": HOOK, "included_companies": [{"name": "Acme"}]}, 422,
         "Invalid included_companies entry",
         lambda api: api.leads.advanced_search(webhook_url=HOOK,
                                               included_companies=[{"name": "Acme"}])),
    Case("preview without filters", "leads.advanced_search_preview", {}, 400,
         "at least one filter or keyword", lambda api: api.leads.advanced_search_preview()),
    Case("account search with a malformed webhook", "accounts.search",
         {"webhook_url": "hooks example", "keyword": "saas"}, 400, "Invalid webhook_url",
         lambda api: api.accounts.search(keyword="saas", webhook_url="hooks example")),
    Case("account search with an unknown size", "accounts.search",
         {"webhook_url": HOOK, "company_size": ["2-3"]}, 422, "Invalid company_size: 2-3",
         lambda api: api.accounts.search(webhook_url=HOOK, company_size=["2-3"])),
    Case("posts without limit", "signals.posts", {"linkedin_url": PROFILE}, 400,
         {"error": 400, "message": "Missing required keys: limit"},
         lambda api: api.signals.posts(linkedin_url=PROFILE, limit=None)),
    Case("posts without linkedin_url", "signals.posts", {"limit": 5}, 400,
         {"error": 400, "message": "Missing required keys: linkedin_url"},
         lambda api: api.signals.posts(linkedin_url=None, limit=5)),
    Case("posts with an unknown posted_within", "signals.posts",
         {"linkedin_url": PROFILE, "limit": 5, "posted_within": "last_year"}, 400,
         {"error": 400, "message": "Invalid posted_within. Use last_24_hours, last_7_days, "
                                   "last_30_days, or omit the key."},
         lambda api: api.signals.posts(linkedin_url=PROFILE, limit=5, posted_within="last_year")),
    Case("growth with an unknown key", "signals.growth",
         {"account": {"webhook_url": HOOK, "min_headcount_growth_percentage": 10,
                      "min_growth_percent": 5}}, 422, "Unknown parameters: min_growth_percent",
         None),
    Case("growth mixing company-wide and department fields", "signals.growth",
         {"account": {"webhook_url": HOOK, "min_headcount_growth_percentage": 10,
                      "department": "8", "min_department_headcount": 5}}, 422,
         "cannot be combined",
         lambda api: api.signals.growth(webhook_url=HOOK, min_headcount_growth_percentage=10,
                                        department="8", min_department_headcount=5)),
    Case("growth with a department alone", "signals.growth",
         {"account": {"webhook_url": HOOK, "department": "8"}}, 422, "department needs",
         lambda api: api.signals.growth(webhook_url=HOOK, department="8")),
    Case("hiring intent with an unknown key", "signals.hiring",
         {"webhook_url": HOOK, "keywords": ["python"]}, 422, "Unknown parameters: keywords", None),
    Case("lookalikes without a company", "signals.lookalikes", {"webhook_url": HOOK}, 400,
         "company_linkedin_url", lambda api: api.signals.lookalikes(webhook_url=HOOK)),
    Case("post engagers with an unknown engagement type", "signals.post_engagers",
         {"post_url": "https://www.linkedin.com/posts/x", "webhook_url": HOOK,
          "engagement_type": "likes"}, 422, "engagement_type",
         lambda api: api.signals.post_engagers(post_url="https://www.linkedin.com/posts/x",
                                               webhook_url=HOOK, engagement_type="likes")),
]


def _with_persona(value: Any, fake: FakePronto) -> Any:
    persona = fake.world.personas[0]["uuid"]
    if value == PERSONA:
        return persona
    if isinstance(value, dict):
        return {k: _with_persona(v, fake) for k, v in value.items()}
    return value


def _url(fake: FakePronto, operation: str) -> str:
    ep = next(e for e in ENDPOINTS if e.name == operation)
    return (fake.base_url if ep.host is Host.APP else fake.enrich_base_url) + ep.path


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_the_fake_rejects_the_documented_invalid_bodies(raw: Raw, case: Case) -> None:
    body = _with_persona(case.body, raw.fake)
    status, answer, _ = await raw.send("POST", _url(raw.fake, case.operation), body)
    assert status == case.status, answer
    if isinstance(case.expected, dict):
        assert answer == case.expected
    else:
        message = answer.get("message") or answer.get("error")
        assert case.expected in message
    stats = raw.fake.stats[case.operation]
    assert stats.charged == 0 and raw.fake.account().credits == 1_000_000


@pytest.mark.parametrize("case", [c for c in CASES if c.client], ids=lambda c: c.id)
async def test_the_sdk_refuses_the_same_before_sending(pronto: Harness, fake: FakePronto,
                                                       case: Case) -> None:
    assert case.client is not None
    persona = fake.world.personas[0]["uuid"]
    api = _PersonaApi(pronto, persona)
    with pytest.raises(ValidationError):
        await case.client(api)
    assert fake.stats.requests == 0


class _PersonaApi:
    """Passes the fake's persona id where a case says ``PERSONA``."""

    def __init__(self, target: Any, persona: str) -> None:
        self._target = target
        self._persona = persona

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if callable(attr):
            def call(*args: Any, **kwargs: Any) -> Any:
                fixed = {k: self._persona if v == PERSONA else v for k, v in kwargs.items()}
                return attr(*args, **fixed)
            return call
        return _PersonaApi(attr, self._persona)

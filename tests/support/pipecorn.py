"""Payloads and answer shapes from Pronto's own clients, ``Pipecorn/cli-pipecorn`` (the
TypeScript CLI, formerly ``@prontohq/cli``) and ``Pipecorn/n8n-nodes-pipecorn``.

Each constant names the file it comes from. Where the file gives a literal payload (a test
mock, a README example) it is copied verbatim; where it gives only a TypeScript type, the
payload fills each declared key with a value of the declared type, so every key the client
reads is exercised (ids are the reference's Mintlify placeholders).
"""

from __future__ import annotations

from typing import Any

SEARCH_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
ENRICHMENT_ID = "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
LIST_ID = "9d2f6a1c-3b4e-4f5a-8c7d-1e2f3a4b5c6d"
PERSONA_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"

# -- Pipecorn/cli-pipecorn, test/api/client.test.ts (msw mocks, verbatim) -----------------------
#: ``GET /account`` with a good key.
ACCOUNT_MOCK: dict[str, Any] = {"email": "user@example.com"}
#: ``GET /account`` with a bad key: 401.
UNAUTHORIZED: dict[str, Any] = {"error": "Unauthorized"}
#: ``POST /contacts/bulk_enrich``: 422 (their CreditError).
CREDIT_ERROR: dict[str, Any] = {"error": "Insufficient enrichment credits"}
#: ``POST /accounts/search``: 422 (their PlanLimitError).
PLAN_LIMIT_ERROR: dict[str, Any] = {"error": "Search exceeds your monthly import limits"}
#: ``GET /credits``: 429 with ``retry-after: 12``.
SLOW_DOWN: dict[str, Any] = {"error": "Slow down"}
#: (status, body, Retry-After) of each error mock above.
ERROR_MOCKS: list[tuple[int, dict[str, Any], str | None]] = [
    (401, UNAUTHORIZED, None),
    (422, CREDIT_ERROR, None),
    (422, PLAN_LIMIT_ERROR, None),
    (429, SLOW_DOWN, "12"),
]

# -- Pipecorn/n8n-nodes-pipecorn, README.md "Example output" (verbatim, id completed) ----------
#: The synchronous ``POST /contacts/single_enrich`` answer (the README elides the id's tail).
N8N_ENRICH_OUTPUT: dict[str, Any] = {
    "enrichment_id": ENRICHMENT_ID,
    "first_name": "Jane",
    "last_name": "Doe",
    "linkedin_profile_url": "https://www.linkedin.com/in/jane-doe",
    "status": "finished",
    "email": "jane.doe@acme.com",
    "email_status": "valid",
    "phones": ["+33612345678"],
    "phone_status": "valid",
}
#: Pipecorn/n8n-nodes-pipecorn, README.md "Credits and errors": "the API returns an
#: ``insufficient_credits`` error" (the status is not given).
N8N_INSUFFICIENT_CREDITS: dict[str, Any] = {"error": "insufficient_credits"}

# -- Pipecorn/cli-pipecorn, src/api/endpoints.ts (types; one value per declared key) -----------
#: ``interface AccountInfo {email?, name?, organization?: {id?, name?}}``.
ACCOUNT_INFO: dict[str, Any] = {
    "email": "user@example.com",
    "name": "Ada Lovelace",
    "organization": {"id": "org_1", "name": "Acme"},
}
#: ``Searches.list``: ``SearchSummary[]``, a bare array of ``{id, name?, status?,
#: created_at?}``.
SEARCH_SUMMARIES: list[dict[str, Any]] = [
    {"id": SEARCH_ID, "name": "VP Sales FR", "status": "ONGOING",
     "created_at": "2026-05-30T10:00:00Z"},
]
_LEAD: dict[str, Any] = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "full_name": "Ada Lovelace",
    "title": "VP of Sales",
    "linkedin_profile_url": "https://www.linkedin.com/in/ada-lovelace/",
}
_COMPANY: dict[str, Any] = {"name": "Acme SAS", "website": "acme.com"}


def flat_search(status: str, *, leads: int = 1, key: str = "leads") -> dict[str, Any]:
    """``Searches.get``: ``interface Search extends SearchSummary {leads?, results?}``, the
    flat detail (src/commands/jobs/status.ts reads its top-level ``status``)."""
    items = [
        {"lead": {**_LEAD, "linkedin_profile_url": f"https://www.linkedin.com/in/ada-{n}/"},
         "company": _COMPANY}
        for n in range(leads)
    ]
    return {"id": SEARCH_ID, "name": "VP Sales FR", "status": status,
            "created_at": "2026-05-30T10:00:00Z", key: items}


#: The flat detail with both keys the type declares.
FLAT_SEARCH_BOTH: dict[str, Any] = {
    **flat_search("FINISHED"),
    "results": [{"lead": _LEAD, "company": _COMPANY}],
}
#: ``Lists.list``: ``PronListItem[]`` (``{id, name?, kind?}``); create/get/update answer one.
LIST_ITEM: dict[str, Any] = {"id": LIST_ID, "name": "Targets", "kind": "account"}
#: ``Personas.list``: ``Persona[]`` (``{uuid?, id?, name?}``); ``Personas.get`` one.
PERSONA: dict[str, Any] = {"uuid": PERSONA_ID, "name": "Sales leaders"}
PERSONA_BY_ID: dict[str, Any] = {"id": PERSONA_ID, "name": "Sales leaders"}
#: ``Accounts.search``: ``{id?, preview?, total?}``.
ACCOUNT_SEARCH_STARTED: dict[str, Any] = {
    "id": "5b1e0f3e-8c1d-4e53-9a51-6a0c0b7a2f11",
    "preview": [{"company_name": "Acme", "industry": "Software Development",
                 "linkedin_id": "1234", "linkedin_url": "https://www.linkedin.com/company/acme"}],
    "total": 120,
}
#: ``Leads.advancedSearch``: ``{id?, preview?, total?}`` (the reference nests a record under
#: ``message`` instead).
ADVANCED_SEARCH_STARTED: dict[str, Any] = {
    "id": SEARCH_ID,
    "preview": [{"full_name": "Ada Lovelace", "headline": "VP Sales at Acme",
                 "current_company": "Acme", "current_title": "VP of Sales",
                 "linkedin_id": "ACwAA", "profile_url": "https://www.linkedin.com/sales/lead/1"}],
    "total": 350,
}
#: ``Accounts.searchPreview`` and ``Leads.advancedSearchPreview``: ``{total_count?,
#: preview?[]}``.
ACCOUNT_SEARCH_PREVIEW: dict[str, Any] = {
    "total_count": 1200, "preview": ACCOUNT_SEARCH_STARTED["preview"],
}
ADVANCED_SEARCH_PREVIEW: dict[str, Any] = {
    "total_count": 3400, "preview": ADVANCED_SEARCH_STARTED["preview"],
}
#: ``Contacts.singleEnrich``, ``Contacts.bulkEnrich``, ``Accounts.bulkEnrich``,
#: ``Leads.bulkEnrich``: ``{enrichment_id?}``.
ENRICHMENT_STARTED: dict[str, Any] = {"enrichment_id": ENRICHMENT_ID}
#: ``Leads.searchInCompany``, ``Leads.fromSalesNav`` and every ``Intents.*``: ``{id?}``.
ID_ONLY: dict[str, Any] = {"id": SEARCH_ID}
#: ``Account.credits``: ``interface Credits {[key: string]: unknown}``: any key at all.
CREDITS_UNKNOWN_KEY: dict[str, Any] = {"credits_left": 4200, "plan": "growth"}

# -- Pipecorn/cli-pipecorn, src/api/endpoints.ts: operations beyond the reference --------------
#: (name, path) of the three the CLI declares and no command calls: the request bodies are
#: typed ``unknown``, the answers ``{enrichment_id?}`` / ``unknown``.
UNDOCUMENTED: list[tuple[str, str]] = [
    ("accounts.bulk_enrich", "/accounts/bulk_enrich"),
    ("leads.bulk_enrich", "/leads/bulk_enrich"),
    ("contacts.check_data_availability", "/contacts/check_data_availability"),
]

# -- Pipecorn/cli-pipecorn, src/api/client.ts ``parseJson``: an empty 2xx body reads as ``{}``
#: and so as success (src/commands/jobs/delete.ts prints "Deleted" without reading it).
EMPTY_BODY = b""

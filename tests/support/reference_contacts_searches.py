"""Examples for the asynchronous contact operations, searches, lists and personas.

Verbatim from the reference (``shared/pronto-api-reference.md``) where it shows a body
(searches/destroy); elsewhere the reference shows none, and the shapes are the ones
``shared/real-usage.md`` records, section by section, filled with plausible values.
"""

from __future__ import annotations

from typing import Any

# -- enrichments/single + real-usage §1: the immediate answer of the async enrichment ---------
ENRICHMENT_ID = "123e4567-e89b-12d3-a456-426614174000"
CUSTOM: dict[str, Any] = {"crm_id": "12345", "campaign": "outbound_q1"}
ASYNC_SUBMIT_RESPONSE: dict[str, Any] = {
    "enrichment_id": ENRICHMENT_ID,
    "first_name": "Mathieu",
    "last_name": "Brun-Picard",
    "status": "pending",
    "custom": CUSTOM,
}
# list-building's request (real-usage §1): domain when known, never both; webhook last.
ASYNC_SUBMIT_REQUEST: dict[str, Any] = {
    "firstname": "Mathieu",
    "lastname": "Brun-Picard",
    "linkedin_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
    "domain": "prontohq.com",
    "enrichment_type": ["email", "phone"],
    "custom": CUSTOM,
    "webhook_url": "https://hooks.example.com/pronto",
}

# -- contacts/single_enrich (GET /contacts/{id}), docs shape in real-usage §1 -----------------
GET_CONTACT_FINISHED: dict[str, Any] = {
    "enrichment_id": ENRICHMENT_ID,
    "first_name": "Mathieu",
    "last_name": "Brun-Picard",
    "status": "finished",
    "email": "mathieu@prontohq.com",
    "email_status": "deliverable",
    "personal_email": "mathieu.bp@gmail.com",
    "personal_email_status": "valid",
    "phone": ["+33612345678", "+33187654321"],
    "custom": CUSTOM,
}
GET_CONTACT_PENDING: dict[str, Any] = {
    "enrichment_id": ENRICHMENT_ID,
    "first_name": "Mathieu",
    "last_name": "Brun-Picard",
    "status": "pending",
    "custom": CUSTOM,
}

# -- enrichments/batch + real-usage §2 ---------------------------------------------------------
BULK_RESPONSE: dict[str, Any] = {"enrichment_id": "b7e1c3a0-5f2d-4c1e-9a8b-0d6f4e2c1b3a",
                                 "status": "queued"}
INSUFFICIENT_CREDITS: dict[str, Any] = {"error": "Insufficient enrichment credits"}

# -- searches/destroy (verbatim) ---------------------------------------------------------------
DELETE_OK: dict[str, Any] = {"message": "Search deleted successfully"}
DELETE_UNAUTHORIZED: dict[str, Any] = {"error": "Unauthorized"}
DELETE_NOT_FOUND: dict[str, Any] = {"error": "Search not found"}
DELETE_FAILED: dict[str, Any] = {"error": "Failed to delete search"}

# -- searches/index, real-usage §5: an object (prosperian) or a bare list (CLI) ----------------
SEARCH_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
SEARCHES_OBJECT: dict[str, Any] = {
    "searches": [
        {"id": SEARCH_ID, "name": "VP Sales FR", "leads_count": 42,
         "created_at": "2026-05-30T10:00:00Z"},
        {"id": "5b1e0f3e-8c1d-4e53-9a51-6a0c0b7a2f11", "name": "CTOs", "leads_count": 0,
         "created_at": "2026-06-01T08:30:00Z"},
    ]
}
SEARCHES_LIST: list[dict[str, Any]] = [
    {"id": SEARCH_ID, "name": "VP Sales FR", "status": "FINISHED",
     "created_at": "2026-05-30T10:00:00Z"},
]

# -- searches/show, real-usage §5: every lead and company field public code reads ---------------
LEAD: dict[str, Any] = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "full_name": "Ada Lovelace",
    "gender": "female",
    "most_probable_email": "ada@acme.com",
    "most_probable_email_status": "deliverable",
    "phones": ["+33612345678"],
    "title": "VP of Sales",
    "title_description": "Leads the EMEA sales team",
    "summary": "Builder of revenue teams.",
    "linkedin_profile_url": "https://www.linkedin.com/in/ada-lovelace/",
    "profile_image_url": "https://media.licdn.com/ada.jpg",
    "is_premium_linkedin": True,
    "connection_degree": "2nd",
    "status": "QUALIFIED",
    "rejection_reason": [],
    "lk_headline": "VP Sales at Acme",
    "sales_navigator_profile_url": "https://www.linkedin.com/sales/lead/ACwAA",
    "current_positions_count": 1,
    "years_in_position": 2,
    "months_in_position": 4,
    "years_in_company": 5,
    "months_in_company": 1,
    "lk_connections_count": 500,
    "is_open_profile_linkedin": False,
    "is_open_to_work_linkedin": False,
}
COMPANY: dict[str, Any] = {
    "name": "Acme SAS",
    "cleaned_name": "Acme",
    "website": "acme.com",
    "location": "Paris, France",
    "industry": "Software Development",
    "headquarters": "Paris",
    "description": "Anvils as a service.",
    "linkedin_url": "https://www.linkedin.com/company/acme/",
    "employee_range": "51-200",
    "company_profile_picture": "https://media.licdn.com/acme.png",
}
SEARCH_DETAIL: dict[str, Any] = {
    "search": {"id": SEARCH_ID, "name": "VP Sales FR", "created_at": "2026-05-30T10:00:00Z",
               "status": "FINISHED"},
    "leads": [{"lead": LEAD, "company": COMPANY}],
}

# -- lists/*, real-usage §6 ----------------------------------------------------------------------
LIST_ID = "9d2f6a1c-3b4e-4f5a-8c7d-1e2f3a4b5c6d"
LIST_CREATE_REQUEST: dict[str, Any] = {
    "name": "Target accounts Q3",
    "webhook_url": "https://hooks.example.com/lists",
    "companies": [
        {"name": "Acme", "country_code": "FR", "domain": "acme.com",
         "linkedin_url": "https://www.linkedin.com/company/acme/"},
        {"name": "Globex"},
    ],
}
LIST_CREATE_RESPONSE: dict[str, Any] = {
    "id": LIST_ID, "linkedin_id": "7358123456789012345", "type": "companies",
}
LISTS_OBJECT: dict[str, Any] = {
    "lists": [
        {"id": LIST_ID, "name": "Target accounts Q3", "type": "companies",
         "companies_count": 2, "linkedin_id": "7358123456789012345",
         "created_at": "2026-06-01T08:00:00Z", "updated_at": "2026-06-02T08:00:00Z",
         "webhook_url": "https://hooks.example.com/lists", "status": "done"},
    ]
}
LIST_DETAIL: dict[str, Any] = {
    "id": LIST_ID,
    "name": "Target accounts Q3",
    "type": "companies",
    "linkedin_id": "7358123456789012345",
    "created_at": "2026-06-01T08:00:00Z",
    "updated_at": "2026-06-02T08:00:00Z",
    "companies": [
        {"company_name": "Acme", "linkedin_url": "https://www.linkedin.com/company/acme/",
         "linkedin_id": "1035", "company_website": "acme.com"},
    ],
}

# -- personas/*, real-usage §7: {uuid|id, name} ---------------------------------------------------
PERSONA_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
PERSONAS_LIST: list[dict[str, Any]] = [{"uuid": PERSONA_ID, "name": "Sales leaders"}]
PERSONAS_OBJECT: dict[str, Any] = {"personas": [{"id": PERSONA_ID, "name": "Sales leaders"}]}

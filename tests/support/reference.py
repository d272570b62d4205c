"""Request and response examples copied verbatim from the reference
(``shared/pronto-api-reference.md``), keyed by the section they come from.

Each is a test case: requests are rebuilt byte for byte from a method call, responses parse
with nothing left in ``extra``.
"""

from __future__ import annotations

from typing import Any

# -- accounts/company-hiring ------------------------------------------------------------
HIRING_REQUEST: dict[str, Any] = {"company_domain": "notion.so", "posted_within_days": 30}
HIRING_RESPONSE: dict[str, Any] = {
    "total_jobs": 1,
    "jobs": [
        {
            "job_title": "Senior Backend Engineer",
            "job_url": "https://example.com/jobs/1",
            "job_location": "Paris France",
            "employment_statuses": ["full_time"],
            "date_posted": "2026-05-30",
            "description": "Build cool stuff with Rails.",
            "hiring_team": [
                {
                    "name": "Alice Doe",
                    "title": "Engineering Manager",
                    "linkedin_url": "https://linkedin.com/in/alice",
                }
            ],
            "company": {
                "name": "Acme",
                "domain": "acme.com",
                "linkedin_url": "https://linkedin.com/company/acme",
            },
        }
    ],
}
IDENTITY_ERROR: dict[str, Any] = {
    "error": 400,
    "message": "Provide at least one of: company_domain, company_name, company_linkedin_url",
}

# -- accounts/company-stack -------------------------------------------------------------
STACK_REQUEST: dict[str, Any] = {
    "company_name": "Notion",
    "company_domain": "notion.so",
    "company_linkedin": "https://www.linkedin.com/company/notionhq/",
}
STACK_RESPONSE: dict[str, Any] = {
    "technologies": ["Amazon Web Services", "React", "Segment"],
    "technologies_with_confidence": [
        {"name": "Amazon Web Services", "confidence": 0.97},
        {"name": "React", "confidence": 0.93},
        {"name": "Segment", "confidence": 0.74},
    ],
}

# -- contacts/sync_single_enrich --------------------------------------------------------
_PERSON: dict[str, Any] = {
    "enrichment_id": "123e4567-e89b-12d3-a456-426614174000",
    "first_name": "Mathieu",
    "last_name": "Brun-Picard",
    "linkedin_profile_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
}
SYNC_ENRICH_RESPONSES: dict[str, dict[str, Any]] = {
    "email only": {
        **_PERSON, "status": "success", "email": "mathieu@prontohq.com", "email_status": "valid",
    },
    "phone only": {
        **_PERSON, "status": "success", "phones": ["+33612345678"], "phone_status": "valid",
    },
    "email and phone": {
        **_PERSON,
        "status": "success",
        "email": "mathieu@prontohq.com",
        "email_status": "valid",
        "phones": ["+33612345678"],
        "phone_status": "valid",
    },
    "personal email only": {
        **_PERSON,
        "status": "success",
        "personal_email": "mathieu.bp@gmail.com",
        "personal_email_status": "valid",
    },
    "nothing found": {
        **_PERSON,
        "status": "error",
        "message": "No email or phone found for this profile",
        "email": None,
        "email_status": "N/A",
        "phones": [],
        "phone_status": "not_found",
    },
}
CUSTOM_FIELDS_REQUEST: dict[str, Any] = {
    "firstname": "Mathieu",
    "lastname": "Brun-Picard",
    "linkedin_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
    "enrichment_type": ["email"],
    "custom": {"crm_id": "12345", "campaign": "outbound_q1", "segment": "enterprise"},
}
CONSENT_MESSAGE = (
    "You can't use the personal email enrichment feature without consenting with our terms of use"
)

"""Examples for the remaining ``accounts`` operations and for ``leads``, keyed by section.

Request and response examples are copied verbatim from the reference
(``shared/pronto-api-reference.md``); each is a test case. Where the reference shows no body,
the shape comes from ``shared/real-usage.md`` (section cited) with made-up values, and says so.
"""

from __future__ import annotations

from typing import Any

# -- accounts/count-profiles (both request examples, the response example) ----------------
COUNT_PROFILES_BY_ID: dict[str, Any] = {
    "company_linkedin_id": "1234567",
    "title_to_include": ["Software Engineer", "Developer"],
    "title_to_exclude": ["Junior"],
    "included_locations": ["105015875", "102221843"],
    "excluded_locations": ["103644278"],
}
#: The alternative identification (its "... other parameters ..." comment dropped).
COUNT_PROFILES_BY_URL: dict[str, Any] = {
    "company_linkedin_url": "https://www.linkedin.com/company/microsoft",
}
COUNT_PROFILES_RESPONSE: dict[str, Any] = {
    "total": 26,
    "title_to_include": ["Software Engineer", "Developer"],
    "title_to_exclude": ["Junior"],
    "included_locations": ["105015875", "102221843"],
    "excluded_locations": ["103644278"],
}

# -- accounts/headcount: no body in the reference; real-usage.md §9 (values made up) -------
HEADCOUNT_REQUEST: dict[str, Any] = {
    "company_linkedin_id": "1441",
    "departments": ["Engineering", "Sales"],
}
HEADCOUNT_RESPONSE: dict[str, Any] = {
    "Engineering": {
        "3_months_evolution": {
            "base_headcount": 100, "current_headcount": 110,
            "headcount_gain": 10, "headcount_gain_percentage": 10.0,
        },
        "6_months_evolution": {
            "base_headcount": 95, "current_headcount": 110,
            "headcount_gain": 15, "headcount_gain_percentage": 15.79,
        },
        "12_months_evolution": {
            "base_headcount": 120, "current_headcount": 110,
            "headcount_gain": -10, "headcount_gain_percentage": -8.33,
        },
    },
    "Sales": {
        "3_months_evolution": {
            "base_headcount": 40, "current_headcount": 42,
            "headcount_gain": 2, "headcount_gain_percentage": 5.0,
        },
    },
}

# -- accounts/search: the four use cases and the revenue example ------------------------
ACCOUNT_SEARCHES: dict[str, dict[str, Any]] = {
    "Find SaaS companies in US tech hubs": {
        "webhook_url": "https://your-webhook.com/accounts",
        "name": "US Tech SaaS Companies",
        "included_industries": ["6", "96"],
        "included_locations": ["103644278"],
        "company_size": ["51-200", "201-500"],
        "keyword": "saas",
    },
    "Target European fintech startups": {
        "webhook_url": "https://your-webhook.com/accounts",
        "name": "European Fintech Startups",
        "included_industries": ["43"],
        "included_locations": ["100506914", "105015875", "101165590"],
        "company_size": ["11-50", "51-200"],
        "limit": 500,
    },
    "Find large automotive companies excluding specific regions": {
        "webhook_url": "https://your-webhook.com/accounts",
        "name": "Global Automotive Giants",
        "included_industries": ["4"],
        "excluded_locations": ["102221843"],
        "company_size": ["5001-10000", "10001+"],
    },
    "Find high-revenue tech companies in Europe": {
        "webhook_url": "https://your-webhook.com/accounts",
        "name": "High Revenue European Tech",
        "included_industries": ["6", "96"],
        "included_locations": ["100506914", "105015875"],
        "min_revenue": 100,
        "max_revenue": 1001,
        "revenue_currency": "EUR",
    },
}
REVENUE_EXAMPLE: dict[str, Any] = {"min_revenue": 10, "max_revenue": 50, "revenue_currency": "USD"}
#: The shape real-usage.md §8 gives for the immediate answer (values made up).
ACCOUNT_SEARCH_RESPONSE: dict[str, Any] = {
    "message": "Import started",
    "id": "5b0c1a8e-8a1f-4b4e-9f3a-0d6c2b7e9a11",
    "total": 842,
    "preview": [
        {
            "company_name": "Pronto",
            "industry": "Technology, Information and Internet",
            "linkedin_id": "104885158",
            "linkedin_url": "https://www.linkedin.com/company/104885158",
        }
    ],
}

# -- accounts/search_preview ----------------------------------------------------------------
ACCOUNT_PREVIEW_REQUEST: dict[str, Any] = {
    "included_industries": ["6", "96"],
    "included_locations": ["103644278"],
    "company_size": ["51-200", "201-500"],
    "keyword": "saas",
}
ACCOUNT_PREVIEW_RESPONSE: dict[str, Any] = {
    "total_count": 4321,
    "preview": [
        {
            "company_name": "Pronto",
            "industry": "Technology, Information and Internet",
            "linkedin_id": "104885158",
            "linkedin_url": "https://www.linkedin.com/company/104885158",
        }
    ],
}

# -- extract/leads_from_company: the two Clay bodies, placeholders as printed ----------------
FIND_PEOPLE_TEMPLATES: dict[str, dict[str, Any]] = {
    "job titles": {
        "name": "Find people at {{Company Name}}",
        "webhook_url": "PASTE_YOUR_WEBHOOK_URL_HERE",
        "company_linkedin_url": "{{Company Linkedin URL}}",
        "job_titles": ["Head of Talent", "HR Director", "Talent Acquisition Manager"],
        "excluded_job_titles": ["Intern"],
        "functions": ["12", "15"],
        "seniority_levels": ["220", "300"],
        "streaming": True,
        "limit": 50,
    },
    "persona": {
        "name": "Find people at {{Company Name}}",
        "webhook_url": "PASTE_YOUR_WEBHOOK_URL_HERE",
        "company_linkedin_url": "{{Company Linkedin URL}}",
        "persona_id": "1f6b0f5a-2d8e-4c3a-9b8f-1a2b3c4d5e6f",
        "streaming": True,
        "limit": 50,
    },
}
#: What Clay substitutes for the placeholders, for one company row.
CLAY_ROW: dict[str, str] = {
    "{{Company Name}}": "Notion",
    "PASTE_YOUR_WEBHOOK_URL_HERE": "https://api.clay.com/v3/sources/webhook/pull-in-data-abc123",
    "{{Company Linkedin URL}}": "https://www.linkedin.com/company/notionhq",
}


def clay_body(case: str) -> dict[str, Any]:
    """A Clay template with the row's values filled in, as Clay sends it."""
    body = dict(FIND_PEOPLE_TEMPLATES[case])
    for key, value in body.items():
        if isinstance(value, str):
            for placeholder, filled in CLAY_ROW.items():
                value = value.replace(placeholder, filled)
            body[key] = value
    return body


#: The two answers real-usage.md §8 reports (values made up).
LEAD_SEARCH_RESPONSES: dict[str, dict[str, Any]] = {
    "older": {"id": "0f8e5f6c-3a5b-4f7e-9d2c-6b1a2c3d4e5f", "status": "processing"},
    "newer": {
        "id": "0f8e5f6c-3a5b-4f7e-9d2c-6b1a2c3d4e5f",
        "search_name": "Find people at Notion",
        "search_url": "https://www.linkedin.com/sales/search/people?query=(filters%3AList())",
        "created_at": "2026-05-04T12:34:56Z",
        "custom": {"crm_id": "42"},
    },
}

# -- leads/advanced_search: the six examples and the response -------------------------------
ADVANCED_SEARCHES: dict[str, dict[str, Any]] = {
    "EU SaaS VPs of Sales": {
        "name": "EU SaaS VPs of Sales",
        "webhook_url": "https://hooks.example.com/leads",
        "limit": 500,
        "streaming": True,
        "job_titles": ["VP of Sales", "Chief Revenue Officer"],
        "seniority_levels": ["300", "310"],
        "functions": ["25"],
        "included_industries": ["96", "4"],
        "included_locations": ["101452733", "105015875"],
        "company_size": ["51-200", "201-500", "501-1000"],
        "years_in_current_position": ["3", "4"],
        "custom": {"hubspot_id": "134567"},
    },
    "Engineering leaders at specific companies who recently changed jobs": {
        "name": "Eng leaders \u2014 recent movers",
        "webhook_url": "https://hooks.example.com/leads",
        "job_titles": ["VP Engineering", "Head of Engineering"],
        "functions": ["8"],
        "seniority_levels": ["220", "300"],
        "included_companies": ["1441", {"id": "162479"}],
        "recently_changed_jobs": ["RPC"],
    },
    "Target an account list while excluding an existing lead list": {
        "webhook_url": "https://hooks.example.com/leads",
        "job_titles": ["Head of Marketing"],
        "included_account_lists": ["12345678"],
        "excluded_lead_lists": ["87654321"],
    },
    "Past colleagues who posted on LinkedIn recently": {
        "webhook_url": "https://hooks.example.com/leads",
        "past_colleague": True,
        "posted_on_linkedin": True,
        "included_locations": ["103644278"],
    },
    "Keyword + tenure filter, scale mode": {
        "webhook_url": "https://hooks.example.com/leads",
        "keyword": "cybersecurity",
        "years_of_experience": ["4", "5"],
        "company_type": ["P", "C"],
        "scale": True,
        "limit": 1000,
    },
    "1st-degree connections of a target profile": {
        "webhook_url": "https://hooks.example.com/leads",
        "connections_of_profile": "https://www.linkedin.com/in/williamhgates",
        "seniority_levels": ["300", "310"],
        "functions": ["25"],
    },
}
#: The one example whose key order no fixed order can rebuild: it puts ``functions`` before
#: ``seniority_levels``, where the first and the sixth examples (and the preview's) do the
#: opposite.
FUNCTIONS_FIRST = "Engineering leaders at specific companies who recently changed jobs"
ADVANCED_SEARCH_RESPONSE: dict[str, Any] = {
    "message": {
        "id": "8e1dcba0-f0bb-4071-99fc-f18ba6559ccc",
        "search_name": "EU SaaS VPs of Sales",
        "search_url": "https://www.linkedin.com/sales/search/people?query=(filters%3AList(...))",
        "expected_profiles_count": 842,
        "created_at": "2026-05-04T12:34:56Z",
        "custom": {"hubspot_id": "134567"},
    }
}

# -- leads/advanced_search_preview ------------------------------------------------------------
ADVANCED_PREVIEW_REQUEST: dict[str, Any] = {
    "job_titles": ["VP of Sales", "Chief Revenue Officer"],
    "seniority_levels": ["300", "310"],
    "functions": ["25"],
    "included_industries": ["96"],
    "included_locations": ["101452733"],
}
ADVANCED_PREVIEW_RESPONSE: dict[str, Any] = {
    "total_count": 1234,
    "preview": [
        {
            "full_name": "Ada Lovelace",
            "headline": "VP of Sales at Acme",
            "current_company": "Acme",
            "current_title": "VP of Sales",
            "linkedin_id": "104885158",
            "profile_url": (
                "https://www.linkedin.com/in/urn:li:fs_salesProfile:(ACoAAAxxxx,NAME_SEARCH,abcde)"
            ),
        }
    ],
}

# -- leads/single: no body in the reference; real-usage.md §4 (values made up) ---------------
LEAD_ENRICH_REQUEST: dict[str, Any] = {
    "first_name": "Mathieu",
    "last_name": "Brun-Picard",
    "company_name": "Pronto",
    "linkedin_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
}
LEAD_ENRICH_RESPONSE: dict[str, Any] = {
    "full_name": "Mathieu Brun-Picard",
    "first_name": "Mathieu",
    "last_name": "Brun-Picard",
    "title": "CEO",
    "company_name": "Pronto",
    "linkedin_profile_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
    "status": "QUALIFIED",
    "most_probable_email": "mathieu@prontohq.com",
    "most_probable_email_status": "valid",
    "phones": ["+33612345678"],
    "years_in_position": 3,
    "years_in_company": 4,
    "current_position": {"companyName": "Pronto", "title": "CEO"},
}

# -- searches/show: a ``lead`` with every field real-usage.md §5 lists (values made up) --------
SEARCH_LEAD: dict[str, Any] = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "full_name": "Ada Lovelace",
    "gender": "female",
    "most_probable_email": "ada@acme.com",
    "most_probable_email_status": "deliverable",
    "phones": ["+441234567890"],
    "title": "VP of Sales",
    "title_description": "Leads the EMEA sales team",
    "summary": "Analytical engines.",
    "linkedin_profile_url": "https://www.linkedin.com/in/ada",
    "profile_image_url": "https://media.licdn.com/ada.jpg",
    "is_premium_linkedin": True,
    "connection_degree": "2nd",
    "status": "DISQUALIFIED",
    "rejection_reason": ["Wrong seniority"],
    "lk_headline": "VP of Sales at Acme",
    "sales_navigator_profile_url": "https://www.linkedin.com/sales/lead/ACwAAA,NAME_SEARCH,x",
    "current_positions_count": 1,
    "years_in_position": 2,
    "months_in_position": 27,
    "years_in_company": 5,
    "months_in_company": 63,
    "lk_connections_count": 500,
    "is_open_profile_linkedin": False,
    "is_open_to_work_linkedin": False,
}

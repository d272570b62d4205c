"""Examples for the ``signals`` operations, keyed by section.

Request and response examples are copied verbatim from the reference
(``shared/pronto-api-reference.md``); each is a test case. Where the reference shows no body,
the shape is made up for the test and says so.
"""

from __future__ import annotations

from typing import Any

# -- signals/posts (the curl body, the response example, the documented 400 messages) --------
POSTS_REQUEST: dict[str, Any] = {
    "linkedin_url": "https://www.linkedin.com/in/profile",
    "limit": 5,
    "posted_within": "last_7_days",
}
POSTS_RESPONSE: dict[str, Any] = {
    "posts": [
        {
            "author": "Author Name",
            "author_url": "https://www.linkedin.com/in/author-profile",
            "content": "Post content text...",
            "id": "1234567890",
            "urn": "urn:li:activity:1234567890",
            "base_url": "https://www.linkedin.com/feed/update/...",
            "post_url": "https://www.linkedin.com/posts/...",
            "published_at": "2026-01-15",
            "engagement_count": 142,
            "reactions_count": 128,
            "comments_count": 14,
        }
    ]
}
POSTS_MISSING_LIMIT = "Missing required keys: limit"
POSTS_MISSING_URL = "Missing required keys: linkedin_url"
POSTS_BAD_WINDOW = (
    "Invalid posted_within. Use last_24_hours, last_7_days, last_30_days, or omit the key."
)

# -- signals/comments ----------------------------------------------------------------------
COMMENTS_REQUEST: dict[str, Any] = {
    "linkedin_profile_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
    "limit": 10,
}
COMMENTS_RESPONSE: dict[str, Any] = {
    "comments": [
        {
            "id": "7241056783920183297",
            "comment_url": "https://www.linkedin.com/feed/update/urn:li:activity:7241056783920183297?commentUrn=urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A7241056783920183297%2C7241089034521346049%29",
            "author": "Mathieu Brun-Picard",
            "author_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
            "comment_text": (
                "Great point — we've been seeing the same pattern at Pronto. The signal quality "
                "improves significantly once you filter by recency and engagement depth."
            ),
            "commented_at": "2025-11-20T14:17:00Z",
            "urn": "urn:li:comment:(urn:li:activity:7241056783920183297,7241089034521346049)",
        },
        {
            "id": "7238912047563218945",
            "comment_url": "https://www.linkedin.com/feed/update/urn:li:activity:7238912047563218945?commentUrn=urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A7238912047563218945%2C7238945301827563521%29",
            "author": "Mathieu Brun-Picard",
            "author_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
            "comment_text": (
                "This is exactly why we built intent signals into Pronto. Knowing when a "
                "prospect is actively commenting on topics relevant to your product is a game "
                "changer for outbound timing."
            ),
            "commented_at": "2025-11-17T10:44:00Z",
            "urn": "urn:li:comment:(urn:li:activity:7238912047563218945,7238945301827563521)",
        },
    ]
}

# -- signals/reactions ---------------------------------------------------------------------
REACTIONS_REQUEST: dict[str, Any] = {
    "linkedin_profile_url": "https://www.linkedin.com/in/mathieu-brun-picard/",
    "limit": 10,
}
REACTIONS_RESPONSE: dict[str, Any] = {
    "reactions": [
        {
            "id": "1234567890123456789",
            "reaction_type": "CELEBRATE",
            "post_url": "https://www.linkedin.com/posts/jane-smith_post-title-activity-1234567890123456789-abcd",
            "author": "Jane Smith",
            "author_url": "https://www.linkedin.com/in/jane-smith",
            "reacted_at": "2026-03-11",
            "urn": "urn:li:activity:1234567890123456789",
        },
        {
            "id": "9876543210987654321",
            "reaction_type": "INSIGHTFUL",
            "post_url": "https://www.linkedin.com/posts/bob-jones_another-post-activity-9876543210987654321-efgh",
            "author": "Bob Jones",
            "author_url": "https://www.linkedin.com/in/bob-jones",
            "reacted_at": "2026-03-10",
            "urn": "urn:li:activity:9876543210987654321",
        },
        {
            "id": "1122334455667788990",
            "reaction_type": "LIKE",
            "post_url": "https://www.linkedin.com/posts/alice-martin_third-post-activity-1122334455667788990-ijkl",
            "author": "Alice Martin",
            "author_url": "https://www.linkedin.com/in/alice-martin",
            "reacted_at": "2026-03-09",
            "urn": "urn:li:activity:1122334455667788990",
        },
    ]
}

# -- signals/growth (the example request is the object sent under "account") ----------------
GROWTH_REQUEST: dict[str, Any] = {
    "webhook_url": "https://your-company.com/webhooks/growth",
    "min_headcount_growth_percentage": 10,
    "company_size": ["51-200"],
    "included_locations": [103644278],
    "streaming": False,
}
GROWTH_RESPONSE: dict[str, Any] = {
    "message": (
        "Account search started successfully. You will receive the results on your webhook "
        "shortly."
    ),
    "id": "5d4fabd2-e26d-47d1-b0de-4bf370f7b799",
    "total": 150,
    "preview": [
        {
            "company_name": "Acme Inc",
            "industry": "Software Development",
            "linkedin_id": "123456",
            "linkedin_url": "https://www.linkedin.com/company/123456",
        }
    ],
}

# -- signals/hiring (response example; the request fields are those of real-usage.md §9) ------
HIRING_RESPONSE: dict[str, Any] = {
    "preview_count": 13,
    "message": (
        "More than 100 results returned, we will only fetch the first 100 results and return "
        "it to your webhook"
    ),
    "id": "5d4fabd2-e26d-47d1-b0de-4bf370f7b799",
}

# -- signals/track_job_changes: the two contact identification shapes ------------------------
TRACK_BY_URL: dict[str, Any] = {"linkedin_url": "https://www.linkedin.com/in/mathieu-brun-picard/"}
TRACK_BY_NAME: dict[str, Any] = {
    "first_name": "Nicolas",
    "last_name": "Fernandez Le Follic",
    "company_name": "Pronto",
}

# -- no example in the reference: made-up bodies of the documented fields --------------------
POST_ENGAGERS_RESPONSE: dict[str, Any] = {
    "search_id": "0b7f4c1e-8a52-4d7e-9c3b-2f6a1d9e4b70",
    "expected_profiles_count": 87,
}
TRACKING_RESPONSE: dict[str, Any] = {"id": "c1a2b3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"}

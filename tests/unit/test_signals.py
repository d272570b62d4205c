"""All ten ``signals`` operations: requests, responses, and validation before spend. Through
both clients."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import AsyncPronto, BadRequestError, UnexpectedResponseError, ValidationError
from pronto_async._convert import unstructure
from pronto_async._facade import blocking_doc
from pronto_async.enums import (
    CompanySize,
    EngagementType,
    Function,
    PostedWithin,
    PublishedDate,
    ReactionType,
)
from pronto_async.jobs import _TWIN_NAMES, ImportJob, SearchJob, TrackingJob
from pronto_async.models.companies import AccountSearch
from pronto_async.models.signals import Comment, Connection, HiringSignal, Post, Reaction
from pronto_async.resources.signals import Signals, SyncSignals
from tests.support import reference_signals as ref
from tests.support.harness import APP, Harness, as_job, assert_refused, request_count, sent

POSTS = f"{APP}/intents/leads/posts"
COMMENTS = f"{APP}/intents/leads/comments"
REACTIONS = f"{APP}/intents/leads/reactions"
ENGAGERS = f"{APP}/intents/leads/posts_engagers"
CONNECTIONS = f"{APP}/intents/leads/connections"
NEW_HIRES = f"{APP}/intents/leads/find_new_hires"
JOB_CHANGES = f"{APP}/intents/leads/track_job_changes"
LOOKALIKES = f"{APP}/intents/accounts/lookalikes"
GROWTH = f"{APP}/intents/accounts/growth"
HIRING = f"{APP}/intents/accounts/hiring"

HOOK = "https://hooks.example.com/signals"
PROFILE = "https://www.linkedin.com/in/mathieu-brun-picard/"
POST_LINK = "https://www.linkedin.com/posts/jane-smith_post-title-activity-1234567890123456789-abcd"
PERSONA = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def wire(payload: Any) -> bytes:
    """How the SDK serialises a body (compact JSON, UTF-8)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


async def drain(result: Any) -> list[Any]:
    """The items of a collection, whichever client returned it (see test_searches)."""
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


# -- posts, comments, reactions ---------------------------------------------------------------


async def test_posts_reference_example(pronto: Harness, mock: aioresponses) -> None:
    mock.post(POSTS, payload=ref.POSTS_RESPONSE)

    posts = await drain(pronto.signals.posts(
        linkedin_url="https://www.linkedin.com/in/profile", limit=5,
        posted_within=PostedWithin.LAST_7_DAYS,
    ))

    (call,) = sent(mock, "POST", POSTS)
    assert call["data"] == wire(ref.POSTS_REQUEST)
    (post,) = posts
    assert isinstance(post, Post)
    assert (post.id, post.published_at, post.engagement_count, post.reactions_count,
            post.comments_count) == ("1234567890", "2026-01-15", 142, 128, 14)
    assert post.extra == {}
    assert [unstructure(post)] == ref.POSTS_RESPONSE["posts"]


async def test_posts_of_a_company_page_without_window(pronto: Harness, mock: aioresponses) -> None:
    mock.post(POSTS, payload={"posts": []})
    posts = await drain(pronto.signals.posts(
        linkedin_url="www.linkedin.com/company/example", limit=1
    ))
    (call,) = sent(mock, "POST", POSTS)
    # An unresolvable page is a 200 with no posts: an empty iteration, not an error.
    assert posts == []
    assert call["data"] == wire(
        {"linkedin_url": "https://www.linkedin.com/company/example", "limit": 1}
    )


async def test_posts_are_not_requested_until_iterated(api_key: str, mock: aioresponses) -> None:
    mock.post(POSTS, payload=ref.POSTS_RESPONSE)
    async with AsyncPronto(api_key) as client:
        pager = client.signals.posts(linkedin_url="https://www.linkedin.com/in/x", limit=3)
        assert request_count(mock) == 0
        first = await anext(pager)
        assert first.id == "1234567890" and request_count(mock) == 1
        assert await pager.to_list() == []  # one body holds every post: no second request
        assert request_count(mock) == 1


async def test_feed_validation_happens_at_the_call_not_at_iteration(
    api_key: str, mock: aioresponses
) -> None:
    async with AsyncPronto(api_key) as client:
        with pytest.raises(ValidationError):
            client.signals.comments(linkedin_profile_url=PROFILE, limit=0)
    assert request_count(mock) == 0


@pytest.mark.parametrize(
    "message", [ref.POSTS_MISSING_LIMIT, ref.POSTS_MISSING_URL, ref.POSTS_BAD_WINDOW]
)
async def test_posts_documented_400s_surface_with_their_message(
    pronto: Harness, mock: aioresponses, message: str
) -> None:
    # The SDK refuses these inputs itself; should the server still answer one (a newer rule),
    # its message reaches the caller intact.
    mock.post(POSTS, status=400, payload={"error": message})
    with pytest.raises(BadRequestError) as info:
        await drain(pronto.signals.posts(linkedin_url="https://www.linkedin.com/in/x", limit=1))
    assert info.value.message == message


async def test_comments_reference_example(pronto: Harness, mock: aioresponses) -> None:
    mock.post(COMMENTS, payload=ref.COMMENTS_RESPONSE)

    comments = await drain(pronto.signals.comments(linkedin_profile_url=PROFILE, limit=10))

    (call,) = sent(mock, "POST", COMMENTS)
    assert call["data"] == wire(ref.COMMENTS_REQUEST)
    assert all(isinstance(c, Comment) for c in comments)
    assert [c.commented_at for c in comments] == ["2025-11-20T14:17:00Z", "2025-11-17T10:44:00Z"]
    assert comments[0].urn == (
        "urn:li:comment:(urn:li:activity:7241056783920183297,7241089034521346049)"
    )
    assert all(c.extra == {} for c in comments)
    assert [unstructure(c) for c in comments] == ref.COMMENTS_RESPONSE["comments"]


async def test_reactions_reference_example(pronto: Harness, mock: aioresponses) -> None:
    mock.post(REACTIONS, payload=ref.REACTIONS_RESPONSE)

    reactions = await drain(pronto.signals.reactions(linkedin_profile_url=PROFILE, limit=10))

    (call,) = sent(mock, "POST", REACTIONS)
    assert call["data"] == wire(ref.REACTIONS_REQUEST)
    assert all(isinstance(r, Reaction) for r in reactions)
    assert [r.reaction_type for r in reactions] == [
        ReactionType.CELEBRATE, ReactionType.INSIGHTFUL, ReactionType.LIKE
    ]
    assert all(isinstance(r.reaction_type, ReactionType) for r in reactions)
    assert all(r.extra == {} for r in reactions)
    assert [unstructure(r) for r in reactions] == ref.REACTIONS_RESPONSE["reactions"]


async def test_an_undocumented_reaction_type_is_kept_as_a_string(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(REACTIONS, payload={"reactions": [{"id": "1", "reaction_type": "EMPATHY"}]})
    (reaction,) = await drain(pronto.signals.reactions(linkedin_profile_url=PROFILE, limit=1))
    assert reaction.reaction_type == "EMPATHY"
    assert not isinstance(reaction.reaction_type, ReactionType)
    assert reaction.extra == {}


async def test_a_feed_that_is_not_a_list(pronto: Harness, mock: aioresponses) -> None:
    mock.post(COMMENTS, payload={"comments": "none"})
    with pytest.raises(UnexpectedResponseError) as info:
        await drain(pronto.signals.comments(linkedin_profile_url=PROFILE, limit=1))
    assert info.value.may_have_charged  # the feed endpoints are treated as charging


# -- post_engagers, connections -----------------------------------------------------------------


async def test_post_engagers(pronto: Harness, mock: aioresponses) -> None:
    mock.post(ENGAGERS, status=201, payload=ref.POST_ENGAGERS_RESPONSE)

    job = await pronto.signals.post_engagers(
        post_url=POST_LINK,
        webhook_url=HOOK,
        engagement_type=EngagementType.ALL,
        persona_id=PERSONA,
        lead_list_name="Engagers of Jane's post",
        company_size=[CompanySize.S_51_200, "201\u2013500"],
        exclude_people_from_same_company=True,
    )

    (call,) = sent(mock, "POST", ENGAGERS)
    assert call["data"] == wire({
        "post_url": POST_LINK,
        "webhook_url": HOOK,
        "engagement_type": "all",
        "persona_id": PERSONA,
        "lead_list_name": "Engagers of Jane's post",
        "company_size": ["51-200", "201-500"],
        "exclude_people_from_same_company": True,
    })
    assert isinstance(as_job(job), SearchJob)
    assert job.id == ref.POST_ENGAGERS_RESPONSE["search_id"]
    assert job.response.expected_profiles_count == 87
    assert job.response.extra == {}
    assert unstructure(job.response) == ref.POST_ENGAGERS_RESPONSE


async def test_post_engagers_feed_update_link_and_minimal_body(
    pronto: Harness, mock: aioresponses
) -> None:
    link = "https://www.linkedin.com/feed/update/urn:li:activity:7241056783920183297/"
    mock.post(ENGAGERS, payload={"search_id": "s-1", "expected_profiles_count": "12"})
    job = await pronto.signals.post_engagers(
        post_url=link, webhook_url=HOOK, engagement_type="comments"
    )
    (call,) = sent(mock, "POST", ENGAGERS)
    assert call["body"] == {"post_url": link, "webhook_url": HOOK, "engagement_type": "comments"}
    assert (job.id, job.response.expected_profiles_count) == ("s-1", 12)


CONNECTION = {
    "full_name": "Ada Lovelace",
    "headline": "Analyst",
    "linkedin_profile_url": "https://www.linkedin.com/in/ada",
}


@pytest.mark.parametrize(
    "target",
    [
        PROFILE,
        "https://www.linkedin.com/sales/lead/ACwAAAB1cD4B,NAME_SEARCH,x1yz",
        "urn:li:fs_salesProfile:(ACwAAAB1cD4B,NAME_SEARCH,x1yz)",
    ],
)
async def test_connections_accepts_every_documented_kind_of_target(
    pronto: Harness, mock: aioresponses, target: str
) -> None:
    mock.post(CONNECTIONS, payload={"connections": [CONNECTION]})
    (connection,) = await pronto.signals.connections(linkedin_url=target)
    (call,) = sent(mock, "POST", CONNECTIONS)
    assert call["data"] == wire({"linkedin_url": target})
    assert isinstance(connection, Connection)
    assert (connection.full_name, connection.headline) == ("Ada Lovelace", "Analyst")
    assert connection.extra == {}
    assert unstructure(connection) == CONNECTION


@pytest.mark.parametrize(
    "payload",
    [
        [{"first_name": "Ada", "linkedin_url": "https://www.linkedin.com/in/ada", "rank": 1}],
        {"mutual_connections": [{"firstName": "Ada", "profile_url":
                                 "https://www.linkedin.com/in/ada", "rank": 1}]},
    ],
)
async def test_connections_body_shapes(pronto: Harness, mock: aioresponses, payload: Any) -> None:
    mock.post(CONNECTIONS, payload=payload)
    (connection,) = await pronto.signals.connections(linkedin_url=PROFILE)
    assert (connection.first_name, connection.linkedin_profile_url) == (
        "Ada", "https://www.linkedin.com/in/ada"
    )
    assert connection.extra == {"rank": 1}


async def test_no_mutual_connections(pronto: Harness, mock: aioresponses) -> None:
    mock.post(CONNECTIONS, payload={"connections": []})
    assert await pronto.signals.connections(linkedin_url=PROFILE) == []


# -- find_new_hires, track_job_changes ----------------------------------------------------------


async def test_find_new_hires(pronto: Harness, mock: aioresponses) -> None:
    mock.post(NEW_HIRES, status=201, payload=ref.TRACKING_RESPONSE)

    job = await pronto.signals.find_new_hires(
        webhook_url=HOOK,
        job_titles=["VP Sales", "Head of Sales"],
        excluded_job_titles=["Intern"],
        included_locations=["105015875", 102221843],
        excluded_locations=[103644278],
    )

    (call,) = sent(mock, "POST", NEW_HIRES)
    assert call["data"] == wire({
        "webhook_url": HOOK,
        "job_titles": ["VP Sales", "Head of Sales"],
        "excluded_job_titles": ["Intern"],
        "included_locations": ["105015875", 102221843],  # ids are sent as given
        "excluded_locations": [103644278],
    })
    assert isinstance(as_job(job), TrackingJob)
    assert job.id == ref.TRACKING_RESPONSE["id"]
    assert job.response.extra == {}


@pytest.mark.parametrize(
    ("kwargs", "body"),
    [
        ({"lead_list_id": "ll-42"}, {"lead_list_id": "ll-42"}),
        ({"lead_list_id": 42}, {"lead_list_id": "42"}),
        (ref.TRACK_BY_URL, ref.TRACK_BY_URL),
        (ref.TRACK_BY_NAME, ref.TRACK_BY_NAME),
    ],
    ids=["list", "list-int", "linkedin-url", "name-and-company"],
)
async def test_track_job_changes_shapes(
    pronto: Harness, mock: aioresponses, kwargs: dict[str, Any], body: dict[str, Any]
) -> None:
    mock.post(JOB_CHANGES, payload={"task_id": "t-1", "message": "Tracking started"})
    job = await pronto.signals.track_job_changes(webhook_url=HOOK, **kwargs)
    (call,) = sent(mock, "POST", JOB_CHANGES)
    assert call["data"] == wire({"webhook_url": HOOK, **body})
    assert isinstance(as_job(job), TrackingJob)
    assert (job.id, job.response.id, job.response.message) == ("t-1", "t-1", "Tracking started")


async def test_tracking_answer_without_an_id(pronto: Harness, mock: aioresponses) -> None:
    mock.post(JOB_CHANGES, payload={"message": "ok"})
    with pytest.raises(UnexpectedResponseError) as info:
        await pronto.signals.track_job_changes(webhook_url=HOOK, lead_list_id="ll-1")
    assert info.value.may_have_charged  # the task may exist although no id came back


# -- lookalikes, growth, hiring -------------------------------------------------------------------


async def test_lookalikes_from_several_companies(pronto: Harness, mock: aioresponses) -> None:
    mock.post(LOOKALIKES, status=201, payload=ref.GROWTH_RESPONSE)
    urls = ["https://www.linkedin.com/company/notionhq/", "linkedin.com/company/airtable"]

    job = await pronto.signals.lookalikes(
        webhook_url=HOOK, company_linkedin_urls=urls, company_size=["11-50"],
        included_locations=[103644278], excluded_locations=["105015875"], limit=200,
    )

    (call,) = sent(mock, "POST", LOOKALIKES)
    assert call["data"] == wire({
        "company_linkedin_urls": [urls[0], "https://linkedin.com/company/airtable"],
        "webhook_url": HOOK,
        "company_size": ["11-50"],
        "included_locations": [103644278],
        "excluded_locations": ["105015875"],
        "limit": 200,
    })
    assert isinstance(as_job(job), ImportJob) and isinstance(job.response, AccountSearch)
    assert (job.id, job.response.total) == (ref.GROWTH_RESPONSE["id"], 150)


async def test_lookalikes_from_one_company(pronto: Harness, mock: aioresponses) -> None:
    mock.post(LOOKALIKES, payload={"id": "imp-1", "total": 0, "preview": []})
    job = await pronto.signals.lookalikes(
        webhook_url=HOOK, company_linkedin_url="https://www.linkedin.com/company/notionhq/"
    )
    (call,) = sent(mock, "POST", LOOKALIKES)
    assert call["body"] == {
        "company_linkedin_url": "https://www.linkedin.com/company/notionhq/", "webhook_url": HOOK
    }
    assert (job.id, job.response.preview) == ("imp-1", [])


async def test_growth_reference_example_is_sent_under_account(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(GROWTH, status=201, payload=ref.GROWTH_RESPONSE)

    job = await pronto.signals.growth(
        webhook_url="https://your-company.com/webhooks/growth",
        min_headcount_growth_percentage=10,
        company_size=[CompanySize.S_51_200],
        included_locations=[103644278],
        streaming=False,
    )

    (call,) = sent(mock, "POST", GROWTH)
    assert call["data"] == wire({"account": ref.GROWTH_REQUEST})
    assert isinstance(as_job(job), ImportJob)
    assert job.id == "5d4fabd2-e26d-47d1-b0de-4bf370f7b799"
    assert job.response.total == 150
    assert job.response.preview is not None
    assert job.response.preview[0].linkedin_id == "123456"
    assert job.response.extra == {}
    assert unstructure(job.response) == ref.GROWTH_RESPONSE


async def test_growth_department_mode_and_extra_body_inside_account(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(GROWTH, payload={**ref.GROWTH_RESPONSE, "account_url": "https://dev.example/a"})

    job = await pronto.signals.growth(
        webhook_url=HOOK,
        department=Function.ENGINEERING,
        min_department_headcount=20,
        max_department_headcount_growth_percentage=-5.5,
        included_industries=["96", 4],
        limit=50,
        extra_body={"new_filter": True},
    )

    (call,) = sent(mock, "POST", GROWTH)
    assert call["data"] == wire({"account": {
        "webhook_url": HOOK,
        "department": "8",
        "min_department_headcount": 20,
        "max_department_headcount_growth_percentage": -5.5,
        "included_industries": ["96", 4],
        "limit": 50,
        "new_filter": True,
    }})
    # A development-only field is kept, not lost.
    assert job.response.extra == {"account_url": "https://dev.example/a"}


async def test_hiring_every_field(pronto: Harness, mock: aioresponses) -> None:
    mock.post(HIRING, status=201, payload=ref.HIRING_RESPONSE)

    job = await pronto.signals.hiring(
        webhook_url=HOOK,
        selected_keywords=["python", "kubernetes"],
        excluded_keywords=["php"],
        selected_titles=["Backend Engineer"],
        excluded_titles=["Intern"],
        exclude_consulting_recruiting=True,
        exclude_internships=False,
        published_date=PublishedDate.LAST_7_DAYS,
        included_locations=["Paris", "New York"],
        excluded_locations=["London"],
        company_size=["51-200", CompanySize.S_201_500],
        included_industries=[96, "6"],
    )

    (call,) = sent(mock, "POST", HIRING)
    # The order of real-usage.md §9, which lists the fields public code sends.
    assert call["data"] == wire({
        "webhook_url": HOOK,
        "selected_keywords": ["python", "kubernetes"],
        "excluded_keywords": ["php"],
        "selected_titles": ["Backend Engineer"],
        "excluded_titles": ["Intern"],
        "exclude_consulting_recruiting": True,
        "exclude_internships": False,
        "published_date": "last_7_days",
        "included_locations": ["Paris", "New York"],
        "excluded_locations": ["London"],
        "company_size": ["51-200", "201-500"],
        "included_industries": [96, "6"],
    })
    assert isinstance(as_job(job), ImportJob) and isinstance(job.response, HiringSignal)
    assert (job.id, job.response.preview_count) == (ref.HIRING_RESPONSE["id"], 13)
    assert job.response.extra == {}
    assert unstructure(job.response) == ref.HIRING_RESPONSE


async def test_hiring_sends_only_what_was_given(pronto: Harness, mock: aioresponses) -> None:
    mock.post(HIRING, payload=ref.HIRING_RESPONSE)
    await pronto.signals.hiring(webhook_url=HOOK, published_date="last_24_hours")
    (call,) = sent(mock, "POST", HIRING)
    assert call["body"] == {"webhook_url": HOOK, "published_date": "last_24_hours"}


# -- validation before any request ----------------------------------------------------------------

PAGE = "https://www.linkedin.com/in/x"
COMPANY = "https://www.linkedin.com/company/notionhq/"
INVALID: list[tuple[str, dict[str, Any], list[str]]] = [
    # posts: the documented 400s, refused before spend
    ("posts", {"linkedin_url": PAGE, "limit": None}, ["limit is required"]),
    ("posts", {"linkedin_url": None, "limit": 5}, ["linkedin_url is required"]),
    ("posts", {"linkedin_url": PAGE, "limit": 5, "posted_within": "last_90_days"},
     ["posted_within has values outside the documented list"]),
    ("posts", {"linkedin_url": PAGE, "limit": 0}, ["limit must be >= 1"]),
    ("posts", {"linkedin_url": PAGE, "limit": "5"}, ["limit must be an integer"]),
    ("posts", {"linkedin_url": "https://notion.so/blog", "limit": 5},
     ["linkedin_url must be a linkedin.com URL"]),
    ("posts", {"linkedin_url": "https://www.linkedin.com/jobs/view/1", "limit": 5},
     ["linkedin_url must be a LinkedIn profile or company page"]),
    ("posts", {"linkedin_url": None, "limit": None},
     ["linkedin_url is required", "limit is required"]),
    ("posts", {"linkedin_url": PAGE, "limit": 5, "extra_body": {"limit": 6}},
     ["extra_body repeats fields set by arguments: limit"]),
    # comments, reactions
    ("comments", {"linkedin_profile_url": PAGE, "limit": None}, ["limit is required"]),
    ("comments", {"linkedin_profile_url": COMPANY, "limit": 1},
     ["linkedin_profile_url must be a LinkedIn profile"]),
    ("reactions", {"linkedin_profile_url": None, "limit": 0},
     ["linkedin_profile_url is required", "limit must be >= 1"]),
    ("reactions", {"linkedin_profile_url": " ", "limit": 1},
     ["linkedin_profile_url must not be blank"]),
    # post_engagers
    ("post_engagers", {"post_url": POST_LINK, "webhook_url": HOOK, "engagement_type": None},
     ["engagement_type is required"]),
    ("post_engagers", {"post_url": POST_LINK, "webhook_url": HOOK, "engagement_type": "likes"},
     ["engagement_type has values outside the documented list"]),
    ("post_engagers", {"post_url": PAGE, "webhook_url": HOOK, "engagement_type": "all"},
     ["post_url must be a LinkedIn post link"]),
    ("post_engagers", {"post_url": POST_LINK, "webhook_url": None, "engagement_type": "all"},
     ["webhook_url is required"]),
    ("post_engagers", {"post_url": POST_LINK, "webhook_url": HOOK, "engagement_type": "all",
                       "persona_id": "sales-leaders"}, ["persona_id must be a UUID"]),
    ("post_engagers", {"post_url": POST_LINK, "webhook_url": HOOK, "engagement_type": "all",
                       "company_size": ["50-200"]},
     ["company_size has values outside the documented list"]),
    ("post_engagers", {"post_url": POST_LINK, "webhook_url": HOOK, "engagement_type": "all",
                       "exclude_people_from_same_company": "yes"},
     ["exclude_people_from_same_company must be True or False"]),
    # connections
    ("connections", {"linkedin_url": None}, ["linkedin_url is required"]),
    ("connections", {"linkedin_url": COMPANY},
     ["linkedin_url must be a LinkedIn profile or Sales Navigator URL, or a urn:li: URN"]),
    ("connections", {"linkedin_url": "ACwAAAB1cD4B"}, ["linkedin_url must be a URL"]),
    # find_new_hires
    ("find_new_hires", {"webhook_url": None}, ["webhook_url is required"]),
    ("find_new_hires", {"webhook_url": HOOK, "included_locations": ["Paris"]},
     ["included_locations must contain numeric LinkedIn ids"]),
    ("find_new_hires", {"webhook_url": HOOK, "job_titles": "CEO"},
     ["job_titles must be a list of strings"]),
    # track_job_changes
    ("track_job_changes", {"webhook_url": HOOK}, ["provide whom to track"]),
    ("track_job_changes", {"webhook_url": HOOK, "lead_list_id": "l", **ref.TRACK_BY_URL},
     ["provide only one way of naming whom to track"]),
    ("track_job_changes", {"webhook_url": HOOK, **ref.TRACK_BY_URL, **ref.TRACK_BY_NAME},
     ["provide only one way of naming whom to track"]),
    ("track_job_changes", {"webhook_url": HOOK, "first_name": "Nicolas", "last_name": "F"},
     ["first_name, last_name and company_name go together; missing company_name"]),
    ("track_job_changes", {"webhook_url": HOOK, "linkedin_url": COMPANY},
     ["linkedin_url must be a LinkedIn profile"]),
    ("track_job_changes", {"webhook_url": "not a url", "lead_list_id": ""},
     ["webhook_url must be a URL", "lead_list_id must not be blank"]),
    # lookalikes
    ("lookalikes", {"webhook_url": HOOK},
     ["provide exactly one of: company_linkedin_url, company_linkedin_urls"]),
    ("lookalikes", {"webhook_url": HOOK, "company_linkedin_url": COMPANY,
                    "company_linkedin_urls": [COMPANY]},
     ["provide exactly one of: company_linkedin_url, company_linkedin_urls"]),
    ("lookalikes", {"webhook_url": HOOK, "company_linkedin_urls": [COMPANY, PAGE]},
     ["company_linkedin_urls[1] must be a LinkedIn company page"]),
    ("lookalikes", {"webhook_url": HOOK, "company_linkedin_urls": COMPANY},
     ["company_linkedin_urls must be a list of strings"]),
    ("lookalikes", {"webhook_url": HOOK, "company_linkedin_urls": []},
     ["company_linkedin_urls must not be empty"]),
    ("lookalikes", {"webhook_url": HOOK, "company_linkedin_url": "https://notion.so"},
     ["company_linkedin_url must be a linkedin.com URL"]),
    ("lookalikes", {"webhook_url": HOOK, "company_linkedin_url": COMPANY, "limit": 0},
     ["limit must be >= 1"]),
    ("lookalikes", {"webhook_url": None, "company_linkedin_url": COMPANY,
                    "excluded_locations": 103644278},
     ["webhook_url is required", "excluded_locations must be a list of IDs"]),
    # growth: the two exclusive modes (each a documented 422)
    ("growth", {"webhook_url": HOOK}, ["provide a growth criterion"]),
    ("growth", {"webhook_url": HOOK, "department": "1"},
     ["department needs at least one of"]),
    ("growth", {"webhook_url": HOOK, "min_department_headcount": 5},
     ["department is required with: min_department_headcount"]),
    ("growth", {"webhook_url": HOOK, "department": "1", "min_department_headcount": 5,
                "min_headcount_growth_percentage": 10},
     ["company-wide growth (min_headcount_growth_percentage) cannot be combined"]),
    ("growth", {"webhook_url": HOOK, "department": "99", "min_department_headcount": 5},
     ["department has values outside the documented list"]),
    ("growth", {"webhook_url": HOOK, "department": "Engineering",
                "min_department_headcount": 5},
     ["department has values outside the documented list"]),
    ("growth", {"webhook_url": HOOK, "min_headcount_growth_percentage": "10"},
     ["min_headcount_growth_percentage must be a number"]),  # given, so no "provide" too
    ("growth", {"webhook_url": HOOK, "min_headcount_growth_percentage": 30,
                "max_headcount_growth_percentage": 10},
     ["min_headcount_growth_percentage (30) must not exceed max_headcount_growth_percentage"]),
    ("growth", {"webhook_url": HOOK, "department": "8", "min_department_headcount": 50,
                "max_department_headcount": 10},
     ["min_department_headcount (50) must not exceed max_department_headcount"]),
    ("growth", {"webhook_url": HOOK, "department": "8", "min_department_headcount": 2.5},
     ["min_department_headcount must be an integer"]),
    ("growth", {"webhook_url": HOOK, "min_headcount_growth_percentage": 10,
                "included_locations": ["Paris"], "company_size": ["huge"], "limit": 0},
     ["company_size has values outside the documented list",
      "included_locations must contain numeric LinkedIn ids", "limit must be >= 1"]),
    ("growth", {"webhook_url": HOOK, "min_headcount_growth_percentage": 10,
                "extra_body": {"streaming": True}, "streaming": False},
     ["extra_body repeats fields set by arguments: streaming"]),
    # hiring
    ("hiring", {"webhook_url": None}, ["webhook_url is required"]),
    ("hiring", {"webhook_url": HOOK, "included_locations": ["103644278"]},
     ["included_locations takes city names"]),
    ("hiring", {"webhook_url": HOOK, "published_date": "last_year"},
     ["published_date has values outside the documented list"]),
    ("hiring", {"webhook_url": HOOK, "exclude_internships": 1},
     ["exclude_internships must be True or False"]),
    ("hiring", {"webhook_url": HOOK, "included_industries": ["Software"]},
     ["included_industries must contain numeric LinkedIn ids"]),
    ("hiring", {"webhook_url": HOOK, "selected_titles": []},
     ["selected_titles must not be empty"]),
]


@pytest.mark.parametrize(
    ("method", "kwargs", "problems"),
    INVALID,
    ids=[f"{method}-{i}" for i, (method, _, _) in enumerate(INVALID)],
)
async def test_invalid_input_is_refused_before_any_request(
    pronto: Harness,
    mock: aioresponses,
    method: str,
    kwargs: dict[str, Any],
    problems: list[str],
) -> None:
    await assert_refused(pronto, mock, f"signals.{method}", kwargs, problems)


async def test_growth_integer_department_is_sent_as_a_string(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(GROWTH, payload=ref.GROWTH_RESPONSE)
    await pronto.signals.growth(webhook_url=HOOK, department=1, max_department_headcount=9)
    (call,) = sent(mock, "POST", GROWTH)
    assert call["body"] == {
        "account": {"webhook_url": HOOK, "department": "1", "max_department_headcount": 9}
    }


# -- the blocking twin --------------------------------------------------------------------------


def test_every_method_has_its_blocking_twin() -> None:
    methods = {n for n, v in vars(Signals).items() if callable(v) and not n.startswith("_")}
    assert len(methods) == 10
    assert methods <= set(vars(SyncSignals))
    for name in methods:
        doc = getattr(Signals, name).__doc__  # as blocking code reads it
        rewritten = {blocking_doc(doc), blocking_doc(doc, _TWIN_NAMES)}
        assert getattr(SyncSignals, name).__doc__ in rewritten

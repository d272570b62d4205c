"""Buying signals: LinkedIn activity (posts, comments, reactions), mutual connections, and
the immediate answers of the signal jobs (reference: signals/*).

The activity models follow the fields each section lists. The job answers of
``post_engagers`` and ``hiring`` follow their sections; ``growth`` and ``lookalikes`` answer
like an account search and reuse :class:`~pronto_async.models.companies.AccountSearch`.
"""

from __future__ import annotations

import attrs

from .._convert import Model, wire
from ..enums import ReactionType

__all__ = [
    "Comment",
    "Connection",
    "HiringSignal",
    "Post",
    "PostEngagersSearch",
    "Reaction",
    "TrackingStarted",
]


def _reaction_type(value: str | None) -> str | None:
    """A documented reaction becomes its :class:`ReactionType` member (still a ``str``); a
    reaction LinkedIn adds later is kept as the server's string, so parsing never fails."""
    if value is None or isinstance(value, ReactionType):
        return value
    try:
        return ReactionType(value)
    except ValueError:
        return value


@attrs.frozen(kw_only=True)
class Post(Model):
    """A post of a LinkedIn profile or company page (``signals.posts``)."""

    #: Post ID.
    id: str | None = None
    #: ``urn:li:activity:…``.
    urn: str | None = None
    #: Author's name (a person or a company).
    author: str | None = None
    #: LinkedIn URL of the author (profile or company page).
    author_url: str | None = None
    #: Text of the post.
    content: str | None = None
    base_url: str | None = None
    post_url: str | None = None
    #: ``YYYY-MM-DD``.
    published_at: str | None = None
    #: Reactions plus comments.
    engagement_count: int | None = None
    reactions_count: int | None = None
    comments_count: int | None = None


@attrs.frozen(kw_only=True)
class Comment(Model):
    """A comment a profile left on someone's post (``signals.comments``)."""

    #: Numeric activity ID (from the URN).
    id: str | None = None
    #: ``urn:li:comment:(parentActivity,commentId)``.
    urn: str | None = None
    #: Links straight to the comment (``commentUrn`` query parameter).
    comment_url: str | None = None
    #: Full name of the commenter.
    author: str | None = None
    #: Profile URL of the commenter, tracking parameters stripped.
    author_url: str | None = None
    comment_text: str | None = None
    #: ISO 8601 timestamp.
    commented_at: str | None = None


@attrs.frozen(kw_only=True)
class Reaction(Model):
    """A reaction a profile left on someone's post (``signals.reactions``)."""

    #: Numeric activity ID (from the URN).
    id: str | None = None
    #: ``urn:li:activity:…``.
    urn: str | None = None
    #: A :class:`ReactionType` member when documented (``LIKE``, ``CELEBRATE``, …), else the
    #: server's string.
    reaction_type: str | None = attrs.field(default=None, converter=_reaction_type)
    #: The post reacted to.
    post_url: str | None = None
    #: The post's author.
    author: str | None = None
    #: Profile URL of the post's author, tracking parameters stripped.
    author_url: str | None = None
    #: ``YYYY-MM-DD``.
    reacted_at: str | None = None


@attrs.frozen(kw_only=True)
class PostEngagersSearch(Model):
    """The immediate answer of ``signals.post_engagers``; the engagers go to the webhook."""

    #: The search's id (also the job's ``id``).
    search_id: str | None = wire("search_id", "id")
    #: How many engager profiles the extraction expects to deliver.
    expected_profiles_count: int | None = None


@attrs.frozen(kw_only=True)
class Connection(Model):
    """A 1st-degree connection you share with the target (``signals.connections``).

    The reference shows no body for this endpoint: these are the person fields Pronto uses
    elsewhere, under the spellings met in the wild (real-usage.md §10); anything else is kept
    in ``extra``.
    """

    first_name: str | None = wire("first_name", "firstname", "firstName")
    last_name: str | None = wire("last_name", "lastname", "lastName")
    full_name: str | None = wire("full_name", "name", "fullName")
    headline: str | None = wire("headline", "lk_headline")
    title: str | None = None
    company_name: str | None = None
    location: str | None = None
    linkedin_profile_url: str | None = wire("linkedin_profile_url", "linkedin_url", "profile_url")
    sales_navigator_profile_url: str | None = wire(
        "sales_navigator_profile_url", "sales_navigator_url"
    )
    #: LinkedIn's internal id of the member (``urn:li:fs_salesProfile:(…)`` and the like).
    urn: str | None = wire("urn", "entity_urn", "entityUrn")
    profile_image_url: str | None = None


@attrs.frozen(kw_only=True)
class TrackingStarted(Model):
    """The immediate answer of ``signals.find_new_hires`` and ``signals.track_job_changes``.

    The reference shows none; public code types it ``{id?}`` (real-usage.md §9). Each event
    found later (a new hire, a job change) is POSTed to the webhook.
    """

    #: The tracking task's id (also the job's ``id``).
    id: str | None = wire("id", "task_id", "tracking_id")
    message: str | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class HiringSignal(Model):
    """The immediate answer of ``signals.hiring``; the companies go to the webhook."""

    #: The hiring-intent search's id (also the job's ``id``).
    id: str | None = None
    #: Number of matching job postings.
    preview_count: int | None = None
    #: For instance that only the first 100 results will be delivered.
    message: str | None = None

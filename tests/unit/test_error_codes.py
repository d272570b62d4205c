"""Error bodies become their class by code, then by message, then by status; the error bodies
of Pronto's own clients are the fixtures. Fan-outs stop at credits and plan limits."""

from __future__ import annotations

from typing import Any

import pytest
from aioresponses import aioresponses

from pronto_async import (
    APIStatusError,
    AsyncPronto,
    AuthenticationError,
    BadRequestError,
    ConsentRequiredError,
    InsufficientCreditsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PlanLimitError,
    RateLimitError,
    UnprocessableEntityError,
)
from pronto_async.bulk import STOPS_THE_RUN
from pronto_async.cli._connect import FATAL, STOPS, runtime_error
from pronto_async.errors import error_class_for, server_code, server_message, status_error
from tests.support.harness import APP, ENRICH, Harness, collect, request_count

# -- fixtures: error bodies as Pronto and its own clients show them ---------------------------

#: Pipecorn/n8n-nodes-pipecorn README.md, "Credits and errors": "When your balance is empty
#: the API returns an `insufficient_credits` error" (the sync contact enrichment's node).
N8N_NO_CREDITS: dict[str, Any] = {"error": "insufficient_credits"}
#: Pipecorn/cli-pipecorn test/api/client.test.ts: 422 on POST /contacts/bulk_enrich.
CLI_NO_CREDITS: dict[str, Any] = {"error": "Insufficient enrichment credits"}
#: Pipecorn/cli-pipecorn test/api/client.test.ts: 422 on POST /accounts/search.
CLI_PLAN_LIMIT: dict[str, Any] = {"error": "Search exceeds your monthly import limits"}
#: Pipecorn/cli-pipecorn test/api/client.test.ts: 401 on GET /account for a bad key.
CLI_UNAUTHORIZED: dict[str, Any] = {"error": "Unauthorized"}
#: Pipecorn/cli-pipecorn test/api/client.test.ts: 429 on GET /credits, Retry-After 12.
CLI_SLOW_DOWN: dict[str, Any] = {"error": "Slow down"}
#: The reference, signals/growth: 401 when the credits do not cover the list.
REF_GROWTH_NO_CREDITS: dict[str, Any] = {"error": "Insufficient credits"}
#: The reference, contacts/sync_single_enrich: 422 without the personal-email consent.
REF_CONSENT: dict[str, Any] = {
    "error": "You can't use the personal email enrichment feature without consenting with "
             "our terms of use"
}
#: The reference's 400 shape, {"error": <status>, "message": ...} (accounts/company_stack).
REF_BAD_REQUEST: dict[str, Any] = {
    "error": 400, "message": "Provide at least one of: company_domain, company_name",
}

# -- the matrix: status x body -> class --------------------------------------------------------

#: What the status alone says (a body with neither a known code nor a known message).
BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    418: APIStatusError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    502: InternalServerError,
    503: InternalServerError,
}

BODIES: dict[str, Any] = {
    "n8n code": N8N_NO_CREDITS,
    "upper code": {"code": "INSUFFICIENT_CREDITS", "message": "Top up your balance"},
    "nested code": {"error": {"code": "insufficient_credits", "message": "Top up"}},
    "plan code": {"error": "plan_limit_reached"},
    "import code": {"error_code": "monthly-import-limit-exceeded", "message": "No."},
    "cli credits": CLI_NO_CREDITS,
    "ref credits": REF_GROWTH_NO_CREDITS,
    "cli plan limit": CLI_PLAN_LIMIT,
    "consent": REF_CONSENT,
    "neutral": {"error": "Something else"},
    "unauthorized": CLI_UNAUTHORIZED,
    "empty": None,
}


def expected(status: int, body: str) -> type[APIStatusError]:
    """The rule: a code at any status, a message at a 4xx, else the status."""
    if body in ("n8n code", "upper code", "nested code"):
        return InsufficientCreditsError
    if body in ("plan code", "import code"):
        return PlanLimitError
    if status < 500:
        if body in ("cli credits", "ref credits"):
            return InsufficientCreditsError
        if body == "cli plan limit":
            return PlanLimitError
        if body == "consent":
            return ConsentRequiredError
    return BY_STATUS[status]


@pytest.mark.parametrize("status", sorted(BY_STATUS))
@pytest.mark.parametrize("body", sorted(BODIES))
def test_every_status_and_body(status: int, body: str) -> None:
    error = status_error(status, BODIES[body], method="POST", path="/x", endpoint="x.y",
                         may_have_charged=False)
    assert type(error) is expected(status, body)
    assert error.status == status and error.body == BODIES[body]
    assert error.method == "POST" and error.endpoint == "x.y"


def test_spot_checks_of_the_matrix_so_the_rule_above_is_not_the_only_witness() -> None:
    assert type(status_error(422, N8N_NO_CREDITS)) is InsufficientCreditsError
    assert type(status_error(402, N8N_NO_CREDITS)) is InsufficientCreditsError
    assert type(status_error(500, N8N_NO_CREDITS)) is InsufficientCreditsError
    assert type(status_error(401, N8N_NO_CREDITS)) is InsufficientCreditsError
    assert type(status_error(422, CLI_PLAN_LIMIT)) is PlanLimitError
    assert type(status_error(402, CLI_PLAN_LIMIT)) is PlanLimitError
    assert type(status_error(503, CLI_PLAN_LIMIT)) is InternalServerError
    assert type(status_error(402, None)) is InsufficientCreditsError
    assert type(status_error(401, CLI_UNAUTHORIZED)) is AuthenticationError


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        # The documented messages and statuses keep their classes exactly.
        (422, CLI_NO_CREDITS, InsufficientCreditsError),
        (401, REF_GROWTH_NO_CREDITS, InsufficientCreditsError),
        (422, REF_CONSENT, ConsentRequiredError),
        (400, REF_BAD_REQUEST, BadRequestError),
        (404, {"error": "Search not found"}, NotFoundError),
        (422, {"error": "Failed to delete search"}, UnprocessableEntityError),
        (500, REF_GROWTH_NO_CREDITS, InternalServerError),
        # Codes and words that only look alike stay with their status.
        (429, {"error": "rate_limit_exceeded"}, RateLimitError),
        (400, {"error": "The import limit must be between 1 and 1000"}, BadRequestError),
        (400, {"error": 400, "message": "limit must be an integer >= 1"}, BadRequestError),
        (422, {"error": "validation_failed", "message": "bad"}, UnprocessableEntityError),
        (404, {"error": "not_found"}, NotFoundError),
        (403, {"code": "forbidden"}, PermissionDeniedError),
        # A plan limit in other words, or as a code at another status.
        (403, {"message": "You have reached your plan limit"}, PlanLimitError),
        (429, {"error": "Monthly search limit reached"}, PlanLimitError),
        (500, {"code": "import_limit_exceeded"}, PlanLimitError),
        (422, {"error": "Not enough credits"}, InsufficientCreditsError),
        (422, {"error": "credits_exhausted"}, InsufficientCreditsError),
        (402, {"error": "Payment required"}, InsufficientCreditsError),
    ],
)
def test_documented_and_lookalike_bodies(status: int, body: Any, cls: type[Exception]) -> None:
    assert type(status_error(status, body)) is cls


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (N8N_NO_CREDITS, "insufficient_credits"),
        ({"code": "INSUFFICIENT_CREDITS", "message": "x"}, "INSUFFICIENT_CREDITS"),
        ({"error_code": "plan-limit"}, "plan-limit"),
        ({"error": {"code": "insufficient_credits", "message": "Top up"}},
         "insufficient_credits"),
        ({"error": {"type": "plan.limit"}}, "plan.limit"),
        ({"error": " insufficient_credits "}, "insufficient_credits"),
        (CLI_NO_CREDITS, None),
        (CLI_UNAUTHORIZED, None),
        (REF_BAD_REQUEST, None),
        ({"error": "unauthorized"}, None),  # one word: a word, not a code
        ({"code": 402}, None),
        ("insufficient_credits", None),  # text bodies carry words
        (None, None),
        ([N8N_NO_CREDITS], None),
    ],
)
def test_server_code(body: Any, code: str | None) -> None:
    assert server_code(body) == code


def test_the_message_of_a_code_body_and_of_a_nested_error() -> None:
    assert server_message(N8N_NO_CREDITS) == "insufficient_credits"
    assert server_message({"error": {"code": "x_y", "message": "Top up"}}) == "Top up"
    assert server_message({"error": {"code": "x_y"}, "message": "outer"}) == "outer"
    error = status_error(422, {"error": {"code": "insufficient_credits", "message": "Top up"}})
    assert error.message == "Top up" and error.code == "insufficient_credits"
    assert status_error(422, CLI_NO_CREDITS).code is None


def test_error_class_for_keeps_its_two_argument_form() -> None:
    assert error_class_for(422, "Insufficient enrichment credits") is InsufficientCreditsError
    assert error_class_for(422, "insufficient_credits") is UnprocessableEntityError
    assert error_class_for(422, "x", "insufficient_credits") is InsufficientCreditsError
    assert error_class_for(503, "x", "plan_limit") is PlanLimitError


def test_plan_limits_are_unprocessable_and_not_credits() -> None:
    assert issubclass(PlanLimitError, UnprocessableEntityError)
    assert not issubclass(PlanLimitError, InsufficientCreditsError)
    assert not issubclass(InsufficientCreditsError, PlanLimitError)
    error = status_error(422, CLI_PLAN_LIMIT, method="POST", path="/accounts/search")
    assert str(error) == "POST /accounts/search -> 422: Search exceeds your monthly import limits"


def test_credits_and_plan_limits_stop_fan_outs_and_the_cli() -> None:
    for stops in (STOPS_THE_RUN, FATAL, STOPS):
        assert InsufficientCreditsError in stops and PlanLimitError in stops


def test_the_cli_says_what_to_do_about_credits_and_plan_limits() -> None:
    credits = runtime_error(status_error(422, N8N_NO_CREDITS))
    assert str(credits) == (
        "not enough credits (422 insufficient_credits): recharge at "
        "https://app.prontohq.com/settings/subscriptions/credits"
    )
    plan = runtime_error(status_error(422, CLI_PLAN_LIMIT))
    assert str(plan) == (
        "your plan's limit is reached (422 Search exceeds your monthly import limits): upgrade "
        "it at https://app.prontohq.com/settings/subscriptions, or wait for the next period"
    )
    assert credits.status == plan.status == 1


# -- through the clients -------------------------------------------------------------------


async def test_the_code_at_422_is_the_credits_error(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{ENRICH}/contacts/single_enrich", status=422, payload=N8N_NO_CREDITS)
    with pytest.raises(InsufficientCreditsError) as caught:
        await pronto.contacts.enrich(first_name="Ada", last_name="Lovelace",
                                     enrichment_type="email")
    error = caught.value
    assert (error.status, error.code, error.message) == (422, "insufficient_credits",
                                                        "insufficient_credits")
    assert error.body == N8N_NO_CREDITS and error.may_have_charged is False
    assert error.path == "/contacts/single_enrich" and error.endpoint == "contacts.enrich"
    assert request_count(mock) == 1


async def test_a_402_is_the_credits_error_and_is_not_retried(
    pronto: Harness, mock: aioresponses
) -> None:
    mock.post(f"{APP}/accounts/company_stack", status=402, body="")
    with pytest.raises(InsufficientCreditsError) as caught:
        await pronto.accounts.stack(company_domain="notion.so")
    assert caught.value.status == 402 and caught.value.message == "HTTP 402"
    assert request_count(mock) == 1


async def test_the_clis_plan_limit_fixture(pronto: Harness, mock: aioresponses) -> None:
    mock.post(f"{APP}/accounts/search", status=422, payload=CLI_PLAN_LIMIT)
    with pytest.raises(PlanLimitError) as caught:
        await pronto.accounts.search(keyword="saas", webhook_url="https://hooks.example/x")
    assert caught.value.status == 422
    assert caught.value.message == "Search exceeds your monthly import limits"
    assert isinstance(caught.value, UnprocessableEntityError)


async def test_a_code_in_a_5xx_on_a_paid_call_keeps_may_have_charged(
    api_key: str, mock: aioresponses
) -> None:
    mock.post(f"{ENRICH}/contacts/single_enrich", status=500, payload=N8N_NO_CREDITS)
    async with AsyncPronto(api_key) as client:
        with pytest.raises(InsufficientCreditsError) as caught:
            await client.contacts.enrich(first_name="Ada", last_name="Lovelace",
                                         enrichment_type="email")
    assert caught.value.status == 500
    assert caught.value.may_have_charged is True  # a 500 on a paid call: it may have run
    assert request_count(mock) == 1  # and a paid call is not re-sent


async def test_the_key_is_redacted_from_a_code_body(api_key: str, mock: aioresponses) -> None:
    mock.post(f"{APP}/accounts/company_stack", status=422,
              payload={"error": "insufficient_credits", "key": api_key})
    async with AsyncPronto(api_key) as client:
        with pytest.raises(InsufficientCreditsError) as caught:
            await client.accounts.stack(company_domain="notion.so")
    assert caught.value.body == {"error": "insufficient_credits", "key": "***"}
    assert api_key not in repr(caught.value) and api_key not in str(caught.value.body)


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (422, N8N_NO_CREDITS, InsufficientCreditsError),
        (402, {"error": "insufficient_credits"}, InsufficientCreditsError),
        (422, CLI_PLAN_LIMIT, PlanLimitError),
    ],
)
async def test_a_fan_out_stops_after_the_calls_in_flight(
    pronto: Harness, mock: aioresponses, status: int, body: Any, cls: type[Exception]
) -> None:
    mock.post(f"{APP}/accounts/company_stack", status=status, payload=body, repeat=True)
    rows = [{"company_domain": f"d{i}.com"} for i in range(200)]
    seen: list[Any] = []

    async def drain() -> None:
        if pronto.kind == "async":
            async for outcome in pronto.api.map(pronto.api.accounts.stack, rows, concurrency=4):
                seen.append(outcome)
        else:
            seen.extend(await collect(pronto.api.map(pronto.api.accounts.stack, rows,
                                                     concurrency=4)))

    with pytest.raises(cls):
        await drain()
    sent = request_count(mock)
    assert 1 <= sent <= 4  # the calls already in flight, not one per row
    if pronto.kind == "async":
        assert len(seen) == sent and all(isinstance(o.error, cls) for o in seen)

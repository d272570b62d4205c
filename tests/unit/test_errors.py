"""The exception tree and how server bodies become messages."""

from __future__ import annotations

import pytest

from pronto_async import errors
from pronto_async.errors import error_class_for, server_message


def test_tree_matches_the_design() -> None:
    e = errors
    assert issubclass(e.ValidationError, e.ProntoError)
    assert issubclass(e.ValidationError, ValueError)
    assert issubclass(e.APITimeoutError, e.APIConnectionError)
    assert issubclass(e.APITimeoutError, TimeoutError)
    assert issubclass(e.UnexpectedResponseError, e.APIError)
    for cls in (e.BadRequestError, e.AuthenticationError, e.PermissionDeniedError,
                e.NotFoundError, e.UnprocessableEntityError, e.RateLimitError,
                e.InternalServerError):
        assert issubclass(cls, e.APIStatusError)
    assert issubclass(e.InsufficientCreditsError, e.UnprocessableEntityError)
    assert issubclass(e.ConsentRequiredError, e.UnprocessableEntityError)
    assert issubclass(e.QuotaExceededError, e.ProntoError)


@pytest.mark.parametrize(
    ("status", "message", "cls"),
    [
        (400, "Provide at least one of: company_domain", errors.BadRequestError),
        (401, "Unauthorized", errors.AuthenticationError),
        (401, "Insufficient credits", errors.InsufficientCreditsError),
        (403, "Forbidden", errors.PermissionDeniedError),
        (404, "Search not found", errors.NotFoundError),
        (422, "Failed to delete search", errors.UnprocessableEntityError),
        (422, "Insufficient enrichment credits", errors.InsufficientCreditsError),
        (422, "You can't use the personal email enrichment feature without consenting with "
              "our terms of use", errors.ConsentRequiredError),
        (429, "slow down", errors.RateLimitError),
        (418, "teapot", errors.APIStatusError),
        (500, "Insufficient credits", errors.InternalServerError),
        (503, "", errors.InternalServerError),
    ],
)
def test_error_class_for(status: int, message: str, cls: type[Exception]) -> None:
    assert error_class_for(status, message) is cls


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": 400, "message": "Provide at least one of: a"}, "Provide at least one of: a"),
        ({"error": "Search not found"}, "Search not found"),
        ({"error": "", "message": "fallback"}, "fallback"),
        ({"errors": ["a", {"message": "b"}, {"detail": "c"}]}, "a; b; c"),
        ({"errors": {"limit": ["must be >= 1"]}}, "limit: ['must be >= 1']"),
        ({"errors": "flat"}, "flat"),
        ("plain text  ", "plain text"),
        ({"nothing": 1}, None),
        ([1, 2], None),
        (None, None),
    ],
)
def test_server_message(body: object, message: str | None) -> None:
    assert server_message(body) == message


def test_validation_error_lists_every_problem() -> None:
    error = errors.ValidationError(["a is required", "b must be a URL"], endpoint="x.y")
    assert error.problems == ("a is required", "b must be a URL")
    assert str(error) == "invalid arguments for x.y: a is required; b must be a URL"
    assert error.may_have_charged is False and error.method is None


def test_status_error_text_names_the_request_and_the_charge() -> None:
    error = errors.InternalServerError(
        "boom", status=500, method="POST", path="/accounts/single_enrich",
        endpoint="accounts.enrich", may_have_charged=True,
    )
    assert str(error) == (
        "POST /accounts/single_enrich -> 500: boom (the request may have been charged)"
    )
    assert repr(error).startswith("InternalServerError(")

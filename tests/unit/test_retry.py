"""The credit-safe retry policy, as a table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pronto_async._retry import Outcome, backoff, decide, parse_retry_after

O = Outcome  # noqa: E741 - a one-letter alias keeps the table readable


@pytest.mark.parametrize(
    ("outcome", "charges", "retry_ambiguous", "retry", "may_have_charged"),
    [
        # free calls: retry everything transient
        (O.SERVER_ERROR, False, False, True, False),
        (O.LOST, False, False, True, False),
        (O.GARBLED, False, False, True, False),
        (O.RATE_LIMITED, False, False, True, False),
        (O.NOT_SENT, False, False, True, False),
        (O.CLIENT_ERROR, False, False, False, False),
        # charging calls: only what cannot have been charged
        (O.RATE_LIMITED, True, False, True, False),
        (O.NOT_SENT, True, False, True, False),
        (O.SERVER_ERROR, True, False, False, True),
        (O.LOST, True, False, False, True),
        (O.GARBLED, True, False, False, True),
        (O.CLIENT_ERROR, True, False, False, False),
        # ...unless the caller accepts paying twice
        (O.SERVER_ERROR, True, True, True, True),
        (O.LOST, True, True, True, True),
        (O.CLIENT_ERROR, True, True, False, False),
        (O.OK, True, False, False, False),
    ],
)
def test_decide(
    outcome: Outcome, charges: bool, retry_ambiguous: bool, retry: bool, may_have_charged: bool
) -> None:
    decision = decide(
        outcome, charges=charges, attempt=0, max_retries=3, retry_ambiguous=retry_ambiguous
    )
    assert (decision.retry, decision.may_have_charged) == (retry, may_have_charged)


@pytest.mark.parametrize("outcome", [O.SERVER_ERROR, O.RATE_LIMITED, O.NOT_SENT, O.LOST])
def test_budget_is_spent_after_max_retries(outcome: Outcome) -> None:
    assert decide(outcome, charges=False, attempt=2, max_retries=3).retry
    assert not decide(outcome, charges=False, attempt=3, max_retries=3).retry
    assert not decide(outcome, charges=False, attempt=0, max_retries=0).retry


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(200, O.OK), (201, O.OK), (204, O.OK), (400, O.CLIENT_ERROR), (401, O.CLIENT_ERROR),
     (404, O.CLIENT_ERROR), (408, O.SERVER_ERROR), (409, O.SERVER_ERROR),
     (422, O.CLIENT_ERROR), (429, O.RATE_LIMITED), (500, O.SERVER_ERROR),
     (502, O.SERVER_ERROR), (503, O.SERVER_ERROR), (599, O.SERVER_ERROR)],
)
def test_statuses_classify(status: int, outcome: Outcome) -> None:
    assert Outcome.of_status(status) is outcome


@pytest.mark.parametrize(
    ("attempt", "ceiling"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (40, 8.0)]
)
def test_backoff_is_capped_exponential_with_jitter(attempt: int, ceiling: float) -> None:
    assert backoff(attempt, rand=lambda: 0.999999) == pytest.approx(ceiling, rel=1e-5)
    assert backoff(attempt, rand=lambda: 0.0) == pytest.approx(ceiling / 2)
    assert ceiling / 2 <= backoff(attempt) <= ceiling


NOW = datetime(2026, 11, 26, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("2", 2.0),
        (" 12 ", 12.0),
        ("0.5", 0.5),
        ("-3", 0.0),
        ("inf", None),
        ("nan", None),
        ("soon", None),
        ("Thu, 26 Nov 2026 08:00:30 GMT", 30.0),
        ("Thu, 26 Nov 2026 07:59:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds

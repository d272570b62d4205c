"""Errors cross process boundaries (multiprocessing, concurrent.futures, Celery's pickle
serializer) with every attribute: most take required keyword-only arguments, which
Exception's default pickling (``cls(*args)``) cannot give back."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from aioresponses import aioresponses
from multidict import CIMultiDict, CIMultiDictProxy

import pronto_async
from pronto_async import AsyncPronto, errors
from pronto_async._tables import InputFileError
from tests.support.vclock import run_virtual

_WHERE: dict[str, Any] = {
    "method": "POST", "path": "/contacts/single_enrich", "endpoint": "contacts.enrich",
}

_CASES: list[errors.ProntoError] = [
    errors.ProntoError("plain", may_have_charged=True, **_WHERE),
    errors.ValidationError(["first_name is required", "domain is blank"], endpoint="x.y"),
    errors.QuotaExceededError("quota", endpoint="leads.enrich", retry_after=3600.0),
    errors.AmbiguousChargeError("maybe", may_have_charged=True, **_WHERE),
    errors.ClaimedElsewhereError("claimed", run_id="r1", pid=12, host="h"),
    errors.LedgerError("locked", path="/tmp/l.db"),
    errors.JobFailedError("failed", job_id="j1", status="ERROR"),
    errors.JobTimeoutError("slow", job_id="j2"),
    errors.RunStoppedError("stopped"),
    errors.NotSentError("not sent"),
    errors.RepeatedFailureError("again", failures=5, first=errors.ProntoError("first")),
    errors.APIConnectionError("refused", sent=False, **_WHERE),
    errors.APITimeoutError("timeout", sent=True, may_have_charged=True, **_WHERE),
    errors.UnexpectedResponseError(
        "html", status=200, body="<html>", content_type="text/html", **_WHERE
    ),
    errors.status_error(422, {"error": "insufficient_credits"}, **_WHERE),
    errors.status_error(422, {"error": "Search exceeds your monthly import limits"}, **_WHERE),
    errors.status_error(429, {"error": "slow down"}, retry_after=12.0, **_WHERE),
    errors.status_error(503, "<html>down</html>", **_WHERE),
    errors.APIStatusError(
        "teapot", status=418, body={}, code="teapot",
        headers=CIMultiDictProxy(CIMultiDict({"X-Request-Id": "r-1"})), **_WHERE,
    ),
    InputFileError(Path("rows.csv"), "line 3 holds a NUL byte", hint="save it as CSV again"),
]


def _state(error: BaseException) -> dict[str, Any]:
    state = {k: v for k, v in vars(error).items() if k != "headers"}
    for key, value in state.items():
        if isinstance(value, BaseException):
            state[key] = (type(value), str(value))
    return state


@pytest.mark.parametrize("error", _CASES, ids=lambda e: type(e).__name__)
def test_every_error_pickles_with_its_class_message_and_attributes(
    error: errors.ProntoError,
) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert repr(back) == repr(error)
    assert back.args == error.args
    assert _state(back) == _state(error)
    if isinstance(error, errors.APIError):
        assert dict(back.headers) == dict(error.headers)


def test_an_error_raised_by_the_pipeline_pickles_with_its_headers() -> None:
    async def fail() -> errors.ProntoError:
        with aioresponses() as mock:
            mock.post(
                "https://api.prontohq.com/v2/contacts/single_enrich", status=422,
                payload={"error": "insufficient_credits"},
                headers={"X-Request-Id": "req-7"},
            )
            async with AsyncPronto("sk-secret-key-value", max_retries=0) as pronto:
                try:
                    await pronto.contacts.enrich(
                        first_name="Ada", last_name="Lovelace", domain="example.com",
                        enrichment_type=["email"],
                    )
                except errors.ProntoError as exc:
                    return exc
        raise AssertionError("no error")

    error = run_virtual(fail())
    assert isinstance(error, pronto_async.InsufficientCreditsError)
    data = pickle.dumps(error)
    assert b"sk-secret-key-value" not in data
    back = pickle.loads(data)
    assert isinstance(back, pronto_async.InsufficientCreditsError)
    assert back.status == 422 and back.headers["x-request-id"] == "req-7"
    assert back.code == "insufficient_credits"

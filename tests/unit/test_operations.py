"""Across every operation: one typed method each, documented, and builders that never send
what they cannot validate."""

from __future__ import annotations

import asyncio
import enum
import functools
import inspect
import logging
import re
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from aioresponses import aioresponses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pronto_async import ENDPOINTS, AsyncPronto, ValidationError, enums
from pronto_async._endpoints import endpoint
from pronto_async.resources._base import OPERATION_ATTR, Resource
from tests.support.vclock import run_virtual


def operations(client: AsyncPronto) -> dict[str, Callable[..., Any]]:
    """Every SDK method that performs an operation, by operation name."""
    found: dict[str, Callable[..., Any]] = {}
    for attribute in dir(client):
        if attribute.startswith("_") or not isinstance(
            getattr(type(client), attribute, None), functools.cached_property
        ):
            continue
        resource = getattr(client, attribute)  # resources are built on first use
        if not isinstance(resource, Resource):
            continue
        for _, method in inspect.getmembers(resource, callable):
            operation = getattr(method, OPERATION_ATTR, None)
            if operation is not None:
                assert operation not in found, f"{operation} has two methods"
                assert operation.startswith(attribute + "."), (operation, attribute)
                found[operation] = method
    return found


def test_every_documented_operation_has_exactly_one_method() -> None:
    found = operations(AsyncPronto("key"))
    assert set(found) == {e.name for e in ENDPOINTS}
    # Named as in DESIGN §2: the operation name is resource.method.
    for operation, method in found.items():
        assert operation.split(".")[1] == method.__name__


def test_every_method_is_keyword_only_documented_and_takes_extra_body() -> None:
    """Keyword-only but for the path id (positional or keyword, as in Stainless SDKs); the
    per-call options (``**options``) last."""
    by_name = {e.name: e for e in ENDPOINTS}
    for operation, method in operations(AsyncPronto("key")).items():
        params = list(inspect.signature(method).parameters.values())
        *named, options = params
        assert (options.name, options.kind) == ("options", options.VAR_KEYWORD), operation
        path_ids = ["id"] if "{" in by_name[operation].path else []
        assert [p.name for p in named if p.kind is p.POSITIONAL_OR_KEYWORD] == path_ids
        assert all(p.kind is p.KEYWORD_ONLY for p in named if p.name != "id"), operation
        doc = method.__doc__ or ""
        for section in ("Rate limit:", "Credits:", "Reference:"):
            assert section in doc, (operation, section)
        if by_name[operation].method in ("POST", "PUT"):
            assert "extra_body" in {p.name for p in params}, operation


# -- random arguments at every builder -----------------------------------------------------

_ENUM_MEMBERS = [m for e in vars(enums).values() if isinstance(e, type) and issubclass(e, enum.Enum)
                 for m in e]
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-5, max_value=2000)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["https://www.linkedin.com/in/ada", "https://hooks.example.com/x",
                       "notion.so", "51-200", "25", "310", "email", "phone", "FR", " ",
                       "3c90c3cc-0d44-4b50-8888-8dd25736052a"])
    | st.sampled_from(_ENUM_MEMBERS)
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=2),
    max_leaves=6,
)


def _kwargs_for(method: Callable[..., Any]) -> st.SearchStrategy[dict[str, Any]]:
    names = list(inspect.signature(method).parameters)
    keys = st.sampled_from([*names, "bogus", "webhook"])
    return st.dictionaries(keys, _values, max_size=len(names) + 1)


_OPERATIONS = sorted(operations(AsyncPronto("key")))
_ANY_URL = re.compile(r"^http.*$")


async def _call(operation: str, kwargs: dict[str, Any]) -> tuple[BaseException | None, int]:
    with aioresponses() as mock:
        for method in ("GET", "POST", "PUT", "DELETE"):
            mock.add(_ANY_URL, method=method, payload={}, repeat=True)
        async with AsyncPronto("key", max_retries=0) as client:
            method = operations(client)[operation]
            try:
                with warnings.catch_warnings():  # personas.get(uuid=...): a former spelling
                    warnings.simplefilter("ignore", DeprecationWarning)
                    result = method(**kwargs)
                    if inspect.isawaitable(result):
                        await result
                    else:
                        async for _ in result:
                            pass
            except Exception as exc:
                return exc, _requests(mock, operation)
        return None, _requests(mock, operation)


def _requests(mock: aioresponses, operation: str) -> int:
    """Requests of ``operation`` itself: a start whose answer carries no id is looked for
    again by name (GET /searches), which is a free read, not a second start."""
    method = endpoint(operation).method
    return sum(len(calls) for (verb, _url), calls in mock.requests.items() if verb == method)


@pytest.mark.parametrize("operation", _OPERATIONS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_arguments_raise_validation_or_type_errors_and_never_send(
    operation: str, data: st.DataObject
) -> None:
    method = operations(AsyncPronto("key"))[operation]
    kwargs = data.draw(_kwargs_for(method))
    logging.getLogger("pronto_async").disabled = True
    try:
        error, requests = run_virtual(_call(operation, kwargs))
    finally:
        logging.getLogger("pronto_async").disabled = False
    if isinstance(error, ValidationError | TypeError):
        assert requests == 0, f"{operation}({kwargs!r}) sent a request and then raised {error!r}"
    elif error is None:
        assert requests == 1  # valid arguments: exactly one request
    else:
        # A valid call whose empty answer is not the shape expected is the only other outcome.
        from pronto_async import UnexpectedResponseError

        assert isinstance(error, UnexpectedResponseError), (operation, kwargs, error)
        assert requests == 1


def test_the_fuzz_does_reach_the_wire_for_valid_arguments() -> None:
    """Guard against a fuzz that only ever produces invalid input."""
    error, requests = run_virtual(_call("accounts.stack", {"company_domain": "notion.so"}))
    assert (error, requests) == (None, 1)
    error, requests = asyncio.run(_call("accounts.stack", {}))
    assert isinstance(error, ValidationError) and requests == 0

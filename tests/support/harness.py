"""One set of test bodies for both clients.

``Harness`` gives a test an object whose methods are awaited the same way whether they belong
to ``AsyncPronto`` or to the blocking ``Pronto`` (run in a worker thread), so each behaviour
is proven for both clients by the same code.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from yarl import URL

from pronto_async import ValidationError

APP = "https://app.prontohq.com/api/v2"
ENRICH = "https://api.prontohq.com/v2"


class _Awaitable:
    """Wraps the blocking facade so that ``await proxy.accounts.enrich(...)`` runs it in a
    worker thread, and an iterator it returns is drained there too."""

    def __init__(self, target: Any) -> None:
        self._target = target

    @property
    def wrapped(self) -> Any:
        """The blocking object behind the proxy."""
        return self._target

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return _Awaitable(attr) if hasattr(attr, "_runner") else attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            result = await asyncio.to_thread(attr, *args, **kwargs)
            if isinstance(result, Iterator):
                return await asyncio.to_thread(list, result)
            if hasattr(result, "_runner"):  # a blocking job handle: wrap it the same way
                return _Awaitable(result)
            return result

        return call


class Harness:
    """What a parametrised test receives: ``kind`` is ``"async"`` or ``"sync"``."""

    def __init__(self, kind: str, client: Any) -> None:
        self.kind = kind
        self.client = client
        self.api = client if kind == "async" else _Awaitable(client)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.api, name)


def as_job(handle: Any) -> Any:
    """The async job behind whatever a job-starting method returned: the job itself
    (AsyncPronto), or the blocking twin's ``job`` (Pronto, possibly behind the harness's
    proxy)."""
    handle = getattr(handle, "wrapped", handle)
    return getattr(handle, "job", handle)


def sent(mock: Any, method: str, url: str) -> list[dict[str, Any]]:
    """Every request ``mock`` received for ``method url``: its kwargs, body decoded."""
    calls = mock.requests.get((method.upper(), URL(url)), [])
    out = []
    for call in calls:
        kwargs = dict(call.kwargs)
        data = kwargs.get("data")
        kwargs["body"] = json.loads(data) if data else None
        out.append(kwargs)
    return out


def request_count(mock: Any, method: str | None = None, url: str | None = None) -> int:
    """Requests the mock saw, all of them or those of one method and URL."""
    return sum(
        len(calls) for (m, u), calls in mock.requests.items()
        if (method is None or m == method) and (url is None or u == URL(url))
    )


async def collect(result: Any) -> list[Any]:
    """The items, whichever client produced them (the sync harness returns a coroutine that
    drains the blocking iterator in a worker thread)."""
    if inspect.isawaitable(result):
        return list(await result)
    return [item async for item in result]


def recorder(times: list[float], result: Callable[[], Any] | None = None) -> Any:
    """An aioresponses callback noting the (virtual) time of each request."""

    async def callback(url: Any, **kwargs: Any) -> Any:
        times.append(asyncio.get_running_loop().time())
        return result() if result else None

    return callback


async def assert_refused(
    pronto: Any, mock: Any, operation: str, kwargs: dict[str, Any], problems: list[str]
) -> None:
    """``operation(**kwargs)`` raises a ValidationError whose problems start with
    ``problems`` (all of them, in order), and not one request was made."""
    resource, method = operation.split(".")

    async def call() -> None:
        result = getattr(getattr(pronto, resource), method)(**kwargs)
        if inspect.isawaitable(result):
            result = await result
        if hasattr(result, "__aiter__"):  # a collection validates at the call, sends later
            [item async for item in result]

    with pytest.raises(ValidationError) as info:
        await call()
    assert len(info.value.problems) == len(problems), info.value.problems
    for found, expected in zip(info.value.problems, problems, strict=True):
        assert found.startswith(expected), found
    assert info.value.endpoint == operation
    assert request_count(mock) == 0


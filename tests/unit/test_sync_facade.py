"""The blocking facade: generated twins, threads, running loops, iterators, shutdown."""

from __future__ import annotations

import asyncio
import atexit
import functools
import gc
import inspect
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import pytest
from aioresponses import aioresponses

from pronto_async import AsyncPronto, Pronto, _facade
from pronto_async.jobs import _TWIN_NAMES
from pronto_async.resources._base import Resource
from tests.support.harness import APP


def _public_methods(obj: object) -> dict[str, Any]:
    return {
        name: getattr(type(obj), name)
        for name in dir(type(obj))
        if not name.startswith("_") and callable(getattr(type(obj), name))
    }


def test_every_async_method_has_a_sync_twin_with_the_same_signature(api_key: str) -> None:
    async_client = AsyncPronto(api_key)
    sync_client = Pronto(api_key)
    resources = {  # built on first use: cached properties of the client's class
        n: getattr(async_client, n) for n, v in vars(AsyncPronto).items()
        if isinstance(v, functools.cached_property)
    }
    assert all(isinstance(r, Resource) for r in resources.values())
    assert set(resources) >= {"account", "accounts", "contacts", "locations"}
    checked = 0
    for name, resource in resources.items():
        twin = getattr(sync_client, name)
        sync_methods = _public_methods(twin)
        for method_name, method in _public_methods(resource).items():
            assert method_name in sync_methods, f"Pronto.{name}.{method_name} is missing"
            a, s = inspect.signature(method), inspect.signature(sync_methods[method_name])
            assert list(a.parameters.values()) == list(s.parameters.values())
            assert sync_methods[method_name].__doc__ in {  # rewritten for blocking code
                _facade.blocking_doc(method.__doc__),
                _facade.blocking_doc(method.__doc__, _TWIN_NAMES),  # job starters
            }
            checked += 1
        assert set(sync_methods) <= set(_public_methods(resource)), "a twin without original"
    assert checked >= 7
    assert inspect.signature(Pronto.request).parameters == inspect.signature(
        AsyncPronto.request
    ).parameters
    sync_client.close()


def test_constructors_take_the_same_settings() -> None:
    a = dict(inspect.signature(AsyncPronto.__init__).parameters)
    s = dict(inspect.signature(Pronto.__init__).parameters)
    del a["session"]  # the facade owns its loop, so it owns its session
    assert list(a.values()) == list(s.values())


def test_sixteen_threads_share_one_client(api_key: str) -> None:
    with aioresponses() as mock:
        mock.get(f"{APP}/credits", payload={"credits": 9}, repeat=True)
        with Pronto(api_key) as pronto, ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda _: pronto.account.credits().credits, range(64)))
            loop_thread = pronto._runner._thread
        calls = sum(len(v) for v in mock.requests.values())
    assert results == [9] * 64
    assert calls == 64
    assert loop_thread is not None and not loop_thread.is_alive()


def test_works_inside_a_running_event_loop(api_key: str) -> None:
    async def notebook_cell() -> int | None:
        asyncio.get_running_loop()  # we are inside a running loop, as in Jupyter
        with Pronto(api_key) as pronto:
            return pronto.account.credits().credits

    with aioresponses() as mock:
        mock.get(f"{APP}/credits", payload={"credits": 3})
        assert asyncio.run(notebook_cell()) == 3


def test_calling_from_its_own_loop_thread_is_a_clear_error(api_key: str) -> None:
    with Pronto(api_key) as pronto, aioresponses() as mock:

        def reenter(url: object, **kwargs: object) -> None:
            pronto.account.info()  # blocking call from the loop thread

        mock.get(f"{APP}/credits", callback=reenter)
        with pytest.raises(RuntimeError, match="own event-loop thread"):
            pronto.account.credits()


class _Feed(Resource):
    """A stand-in resource with an async iterator, to exercise forward_iter."""

    closed: ClassVar[list[str]] = []

    async def items(self, *, count: int, fail_at: int | None = None) -> AsyncIterator[int]:
        try:
            for i in range(count):
                if i == fail_at:
                    raise ValueError("bad item")
                await asyncio.sleep(0)
                yield i
        finally:
            _Feed.closed.append("closed")


class _SyncFeed(_facade.SyncResource):
    __slots__ = ()
    items = _facade.forward_iter(_Feed.items)


@pytest.fixture
def feed(api_key: str) -> Any:
    _Feed.closed = []
    runner = _facade.LoopThread()
    yield _SyncFeed(_Feed(AsyncPronto(api_key)), runner)
    runner.stop()


def test_async_iterators_become_plain_iterators(feed: Any) -> None:
    assert list(feed.items(count=5)) == [0, 1, 2, 3, 4]
    assert _Feed.closed == ["closed"]
    assert inspect.signature(_SyncFeed.items).parameters == inspect.signature(
        _Feed.items
    ).parameters


def test_stopping_early_acloses_the_async_iterator(feed: Any) -> None:
    for item in feed.items(count=100):
        if item == 2:
            break
    gc.collect()
    assert _Feed.closed == ["closed"]


def test_errors_inside_the_iterator_reach_the_caller(feed: Any) -> None:
    seen: list[int] = []

    def consume() -> None:
        for item in feed.items(count=10, fail_at=3):
            seen.append(item)  # item by item, as a caller's loop would

    with pytest.raises(ValueError, match="bad item"):
        consume()
    assert seen == [0, 1, 2]
    assert _Feed.closed == ["closed"]


def test_the_atexit_hook_is_registered_until_close(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks: list[Any] = []
    monkeypatch.setattr(atexit, "register", hooks.append)
    monkeypatch.setattr(atexit, "unregister", hooks.remove)
    pronto = Pronto(api_key)
    assert hooks == [pronto._at_exit]
    pronto.close()
    assert hooks == []


def test_close_is_idempotent_and_final(api_key: str) -> None:
    pronto = Pronto(api_key)
    with aioresponses() as mock:
        mock.get(f"{APP}/credits", payload={"credits": 1})
        pronto.account.credits()
    thread = pronto._runner._thread
    pronto.close()
    pronto.close()
    assert pronto.closed and "state=closed" in repr(pronto)
    assert thread is not None and not thread.is_alive()
    with pytest.raises(RuntimeError, match="closed"):
        pronto.account.credits()


def test_the_atexit_hook_closes_an_open_client(api_key: str) -> None:
    pronto = Pronto(api_key)
    with aioresponses() as mock:
        mock.get(f"{APP}/credits", payload={"credits": 1})
        pronto.account.credits()
    pronto._at_exit()  # what the interpreter runs at exit
    assert pronto.closed


def test_a_dropped_client_stops_its_thread(api_key: str) -> None:
    pronto = Pronto(api_key)
    with aioresponses() as mock:
        mock.get(f"{APP}/credits", payload={"credits": 1})
        pronto.account.credits()
    thread = pronto._runner._thread
    assert thread is not None and thread.is_alive()
    del pronto
    gc.collect()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_a_client_never_used_starts_no_thread(api_key: str) -> None:
    pronto = Pronto(api_key)
    pronto.close()
    assert pronto._runner._thread is None

"""The API key never sits where error trackers look: frame locals of the request path (and of
aiohttp below it), exception attributes, reprs, messages, logs.

Requests fail for real here, inside aiohttp: a refused connection, a 500, a connection dropped
after the request was sent, a timeout, a cancellation (``asyncio.wait_for``), and a malformed
HTTP answer (aiohttp then raises a ``ClientResponseError`` carrying the request's headers).
For each, every frame of the traceback of the error and of every exception chained to it is
walked (``f_locals``, recursively into containers, objects' ``__dict__`` and ``__slots__``,
exception attributes), the way Sentry's frame-local capture sees it, only deeper.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import pickle
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import FrameType, ModuleType, TracebackType
from typing import Any

import pytest

from pronto_async import AsyncPronto, ProntoError
from pronto_async._transport import Secret
from pronto_async.testing import FakePronto, Fault

_SKIPPED_MODULES = ("tests.", "_pytest", "pytest", "pluggy")
#: The API key the fake accepts: long and random, so a match is never a coincidence.
KEY = "pk_secret_" + "7f3a9c" * 6


def _frames(exc: BaseException, skip: tuple[str, ...] = _SKIPPED_MODULES) -> Iterator[FrameType]:
    """Every frame of the tracebacks of ``exc`` and of the exceptions chained to it, except
    the tests' own (they hold the key on purpose)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        tb: TracebackType | None = current.__traceback__
        while tb is not None:
            module = str(tb.tb_frame.f_globals.get("__name__", ""))
            if not (skip and module.startswith(skip)):
                yield tb.tb_frame
            tb = tb.tb_next
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def leaks(roots: Mapping[str, Any], secret: str, *, depth: int = 8) -> list[str]:
    """Paths under ``roots`` whose repr shows ``secret``, walking containers, ``__dict__``,
    ``__slots__``, exceptions (attributes, causes, traceback frames) and bound methods."""
    found: list[str] = []
    seen: set[int] = set()
    budget = [300_000]

    def visit(obj: Any, path: str, level: int) -> None:
        if id(obj) in seen or level > depth or budget[0] <= 0:
            return
        if isinstance(obj, type | ModuleType | asyncio.AbstractEventLoop):
            return  # everything is reachable from a loop or a module; a tracker stops here
        if callable(obj) and not hasattr(obj, "__self__") and not isinstance(obj, Mapping):
            return
        seen.add(id(obj))
        budget[0] -= 1
        if isinstance(obj, str | bytes):
            if secret in (obj if isinstance(obj, str) else obj.decode("latin-1")):
                found.append(path)
            return
        if isinstance(obj, int | float | bool) or obj is None:
            return
        try:
            text = repr(obj)
        except Exception:  # an object that cannot be shown shows nothing
            text = ""
        if secret in text:
            found.append(f"{path} (repr)")
        children: list[tuple[str, Any]] = []
        if isinstance(obj, Mapping):
            children += [(f"{path}[{k!r}]", v) for k, v in list(obj.items())]
            children += [(f"{path}.key", k) for k in list(obj)]
        elif isinstance(obj, list | tuple | set | frozenset | collections.deque):
            children += [(f"{path}[{i}]", v) for i, v in enumerate(list(obj))]
        if isinstance(obj, BaseException):
            children += [(f"{path}.args", obj.args), (f"{path}.__cause__", obj.__cause__),
                         (f"{path}.__context__", obj.__context__)]
            tb = obj.__traceback__
            while tb is not None:
                frame = tb.tb_frame
                if not str(frame.f_globals.get("__name__", "")).startswith(_SKIPPED_MODULES):
                    children.append((f"{path}<{frame.f_code.co_name}>", frame.f_locals))
                tb = tb.tb_next
        if hasattr(obj, "__self__"):
            children.append((f"{path}.__self__", obj.__self__))
        try:
            attributes = vars(obj)
        except TypeError:
            attributes = {}
        children += [(f"{path}.{k}", v) for k, v in list(attributes.items())]
        for klass in type(obj).__mro__:
            for slot in getattr(klass, "__slots__", ()):
                if isinstance(slot, str) and slot not in ("__dict__", "__weakref__"):
                    with contextlib.suppress(AttributeError):  # an unset slot
                        children.append((f"{path}.{slot}", getattr(obj, slot)))
        for child_path, child in children:
            visit(child, child_path, level + 1)

    for name, root in roots.items():
        visit(root, name, 0)
    return found


def assert_no_leak(exc: BaseException, client: AsyncPronto, caplog: pytest.LogCaptureFixture
                   ) -> None:
    frames = {f"{f.f_code.co_filename.rsplit('/', 2)[-1]}:{f.f_code.co_name}#{i}": f.f_locals
              for i, f in enumerate(_frames(exc))}
    assert any("_transport.py:request" in name for name in frames), list(frames)
    assert leaks({**frames, "exception": exc}, KEY) == []
    assert KEY not in str(exc) and KEY not in repr(exc)
    assert KEY not in repr(client)
    assert KEY not in caplog.text
    assert caplog.records, "the pipeline logged nothing at DEBUG: the log check proves nothing"


# -- the walker itself ------------------------------------------------------------------------


def test_the_walker_finds_a_key_in_a_header_dict_local_of_a_failed_frame() -> None:
    """The control: the shape of the old pipeline (a ``headers`` local) is caught."""

    class Holder:
        __slots__ = ("value",)

        def __init__(self) -> None:
            self.value = {"nested": [("X-API-KEY", KEY)]}

    def send() -> None:
        headers = {"X-API-KEY": KEY, "Accept": "application/json"}  # noqa: F841 - the point
        raise ConnectionError("refused")

    try:
        send()
    except ConnectionError as exc:
        caught = exc
    assert leaks({"frames": [f.f_locals for f in _frames(caught, skip=())]}, KEY)
    assert leaks({"holder": Holder()}, KEY) == ["holder.value (repr)", "holder.value['nested'] "
                                                "(repr)", "holder.value['nested'][0] (repr)",
                                                "holder.value['nested'][0][1]"]


def test_the_key_is_held_masked_and_redacted() -> None:
    secret = Secret(KEY)
    assert secret.reveal() == KEY
    assert KEY not in repr(secret) and KEY not in str(secret)
    assert leaks({"secret": secret}, KEY) == []
    with pytest.raises(TypeError, match="not picklable"):
        pickle.dumps(secret)


# -- failures inside aiohttp --------------------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakePronto]:
    async with FakePronto(api_key=KEY, time_scale=0.05, stall_seconds=2.0) as server:
        yield server


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="pronto_async")
    caplog.set_level(logging.DEBUG, logger="aiohttp")
    return caplog


async def _failure(call: Callable[[], Awaitable[Any]]) -> BaseException:
    try:
        await call()
    except BaseException as exc:  # the failure is what is inspected
        return exc
    raise AssertionError("the call did not fail")


def _stack(client: AsyncPronto) -> Callable[[], Awaitable[Any]]:
    return lambda: client.accounts.stack(company_domain="notion.so")


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.SERVER_ERROR, "InternalServerError"),
        (Fault.DROP_AFTER, "APIConnectionError"),
        (Fault.STALL, "APITimeoutError"),
        (Fault.HTML_200, "UnexpectedResponseError"),
    ],
)
async def test_a_failed_request_leaves_the_key_nowhere(
    fake: FakePronto, debug_logs: pytest.LogCaptureFixture, fault: Fault, error: str
) -> None:
    async with fake.client(max_retries=0, timeout=0.5) as client:
        fake.inject(fault, "accounts.stack")
        exc = await _failure(_stack(client))
        assert type(exc).__name__ == error
        assert_no_leak(exc, client, debug_logs)


async def test_a_refused_connection_leaves_the_key_nowhere(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    async with AsyncPronto(KEY, base_url=base, enrich_base_url=base, max_retries=0) as client:
        exc = await _failure(_stack(client))
        assert isinstance(exc, ProntoError) and type(exc.__cause__).__name__ == (
            "ClientConnectorError"
        )
        assert_no_leak(exc, client, debug_logs)


async def test_a_malformed_answer_does_not_keep_the_request_headers(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    """aiohttp answers an unreadable status line with a ClientResponseError whose
    ``request_info`` holds the request's headers: the SDK keeps it redacted."""

    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 2x0 Nope\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(garbage, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    try:
        async with AsyncPronto(KEY, base_url=base, enrich_base_url=base, max_retries=0) as client:
            exc = await _failure(lambda: client.account.credits())
            cause = exc.__cause__
            assert type(cause).__name__ == "ClientResponseError"
            assert cause.request_info.headers["X-API-KEY"] == "<redacted>"  # type: ignore[union-attr]
            assert_no_leak(exc, client, debug_logs)
    finally:
        server.close()
        await server.wait_closed()


async def test_a_cancelled_request_leaves_the_key_out_of_what_a_tracker_reports(
    fake: FakePronto, debug_logs: pytest.LogCaptureFixture
) -> None:
    """``asyncio.wait_for`` cancels the request inside aiohttp; the TimeoutError it raises
    carries the cancellation, and its frames, as context."""
    async with fake.client(max_retries=0) as client:
        fake.inject(Fault.STALL, "accounts.stack")
        exc = await _failure(lambda: asyncio.wait_for(_stack(client)(), 0.3))
        assert isinstance(exc, TimeoutError) and isinstance(exc.__context__,
                                                            asyncio.CancelledError)
        frames = {f"{f.f_code.co_name}#{i}": f.f_locals for i, f in enumerate(_frames(exc))}
        assert any(name.startswith("_request") for name in frames)  # aiohttp's frame is there
        assert leaks({**frames, "exception": exc}, KEY) == []
        assert KEY not in repr(client)


async def test_a_successful_request_still_sends_the_key(fake: FakePronto) -> None:
    async with fake.client() as client:
        stack = await client.accounts.stack(company_domain="notion.so")
    assert stack.technologies
    assert fake.stats["accounts.stack"].accepted == 1
    assert fake.stats["accounts.stack"].unauthorized == 0

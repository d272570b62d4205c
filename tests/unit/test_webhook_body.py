"""The receiver's body reading, depth bound and ASGI adapter, without sockets."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from pronto_async import ValidationError, WebhookReceiver
from pronto_async._webhook_body import Refused, check_depth, decode_body, read_body


def _chunks(*parts: bytes, pause: float = 0.0) -> Callable[[], Awaitable[bytes]]:
    queue = list(parts)

    async def read() -> bytes:
        if pause:
            await asyncio.sleep(pause)
        return queue.pop(0) if queue else b""

    return read


async def test_the_whole_body_is_read_across_chunks() -> None:
    body = await read_body(_chunks(b"[1,", b" 2", b"]"), content_length=None, max_body=10,
                           timeout=1.0)
    assert body == b"[1, 2]"


@pytest.mark.parametrize(
    ("reader", "length", "status"),
    [
        (_chunks(b"x"), 11, 413),  # declared too long: refused before reading
        (_chunks(b"x" * 6, b"x" * 6), None, 413),  # streamed past the cap
        (_chunks(b"x", b"x", b"x", pause=0.2), None, 408),  # too slow
    ],
    ids=["content-length", "streaming", "timeout"],
)
async def test_refusals(reader: Callable[[], Awaitable[bytes]], length: int | None,
                        status: int) -> None:
    with pytest.raises(Refused) as caught:
        await read_body(reader, content_length=length, max_body=10, timeout=0.3)
    assert caught.value.status == status
    assert caught.value.close


async def test_a_sender_hanging_up_is_a_400() -> None:
    async def broken() -> bytes:
        raise ConnectionResetError("gone")

    with pytest.raises(Refused) as caught:
        await read_body(broken, content_length=None, max_body=10, timeout=1.0)
    assert caught.value.status == 400


@pytest.mark.parametrize(
    "text",
    [b"{}", b"[]", b"1", b'"[[[["', b'{"a": [[1], {"b": 2}]}', b'"\\"[[[[[["',
     b'["\\\\", [[]]]'],
)
def test_shallow_json_passes_the_depth_check(text: bytes) -> None:
    check_depth(text, 3)
    json.loads(text)  # and it is JSON, so the check is about real documents


@pytest.mark.parametrize(
    "text",
    [b"[[[[]]]]", b"{\"a\": {\"b\": {\"c\": {}}}}", b"[" * 100_000, b"[[[[",
     b'[[[], [{"a": [1]}]]]', b"[" * 100_000 + b"]" * 100_000],
)
def test_deep_json_is_refused(text: bytes) -> None:
    with pytest.raises(Refused) as caught:
        check_depth(text, 3)
    assert caught.value.status == 400


def test_the_depth_check_takes_linear_time_on_hostile_bodies() -> None:
    hostile = [b"[]" * 1_000_000, (b"[" * 64 + b"]" * 64) * 16_000, b'""' * 1_000_000,
               (b'"\\\\\\"[",' * 250_000)]
    start = time.perf_counter()
    for body in hostile:
        check_depth(b"[" + body + b"]", 65)  # 2 MB each, not too deep: a full scan
    with pytest.raises(Refused):
        check_depth((b"[" * 64 + b"]" * 64) * 16_000, 63)
    assert time.perf_counter() - start < 3.0  # ~0.1 s each here; no RecursionError


@pytest.mark.parametrize("raw", [b"\xff\xfe[]", b"{\"a\": \"\xc3\"}", b"[1,]", b""])
def test_bodies_that_are_not_utf8_json_are_refused(raw: bytes) -> None:
    with pytest.raises(Refused) as caught:
        decode_body(raw, max_depth=10)
    assert caught.value.status == 400


def test_a_byte_order_mark_is_tolerated() -> None:
    assert decode_body("\ufeff[1]".encode(), max_depth=10) == [1]


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"public_url": "ftp://example.com"}, "public_url"),
        ({"public_url": "https://example.com/?x=1"}, "query"),
        ({"path": "hooks"}, "path"),
        ({"path": "/a b"}, "path"),
        ({"port": 70000}, "port"),
        ({"max_body": 0}, "max_body"),
        ({"max_depth": True}, "max_depth"),
        ({"max_connections": -1}, "max_connections"),
        ({"body_timeout": 0}, "body_timeout"),
        ({"header_timeout": float("inf")}, "header_timeout"),
        ({"keepalive_timeout": "5"}, "keepalive_timeout"),
    ],
)
def test_bad_arguments_raise_validation_error(kwargs: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        WebhookReceiver(**kwargs)


def test_urls_are_public_url_then_path_then_token() -> None:
    hooks = WebhookReceiver(public_url="https://svc.example.com/base/", path="/hooks/pronto/")
    url = hooks.subscribe().url
    assert hooks.path == "/hooks/pronto"
    assert url.startswith("https://svc.example.com/base/hooks/pronto/")
    assert len(url.rsplit("/", 1)[1]) >= 32  # the unguessable token


class _Asgi:
    """Drive an ASGI app with one request and collect what it sends."""

    def __init__(self, messages: list[dict[str, Any]]) -> None:
        self.incoming = messages
        self.sent: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        if self.incoming:
            return self.incoming.pop(0)
        await asyncio.sleep(10)  # nothing more: a real server would wait for a disconnect
        return {"type": "http.disconnect"}

    async def send(self, message: Any) -> None:
        self.sent.append(dict(message))

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])


def _scope(path: str, *, root: str = "", method: str = "POST",
           headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": root,
            "headers": headers or []}


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("/pronto-webhooks/{t}", "/pronto-webhooks"),  # Starlette: full path + root_path
        ("/{t}", "/pronto-webhooks"),  # servers that strip the mount prefix
        ("/pronto-webhooks/{t}", ""),  # served alone at the root
        ("/api/pronto-webhooks/{t}", "/api/pronto-webhooks"),  # nested mounts
    ],
)
async def test_the_asgi_app_finds_the_token_however_it_is_mounted(path: str, root: str) -> None:
    hooks = WebhookReceiver(public_url="https://svc.example.com")
    subscription = hooks.subscribe()
    asgi = _Asgi([{"type": "http.request", "body": b'[{"id": 1},', "more_body": True},
                  {"type": "http.request", "body": b' {"id": 2}]', "more_body": False}])
    app = hooks.asgi_app()
    await app(_scope(path.format(t=subscription.token), root=root), asgi.receive, asgi.send)
    assert asgi.status == 200
    assert json.loads(asgi.sent[1]["body"]) == {"received": 2}
    assert subscription.received == 2


async def test_the_asgi_app_refuses_what_it_cannot_take() -> None:
    hooks = WebhookReceiver(public_url="https://svc.example.com")
    token = hooks.subscribe().token
    app = hooks.asgi_app()
    cases = [
        (_scope("/pronto-webhooks/nope"), 404),
        (_scope(f"/pronto-webhooks/{token}/more"), 404),
        (_scope(f"/pronto-webhooks/{token}", method="PUT"), 405),
        (_scope(f"/pronto-webhooks/{token}", headers=[(b"content-length", b"ten")]), 400),
        (_scope(f"/pronto-webhooks/{token}", headers=[(b"content-length", b"-1")]), 400),
    ]
    for scope, status in cases:
        asgi = _Asgi([{"type": "http.request", "body": b"{}"}])
        await app(scope, asgi.receive, asgi.send)
        assert asgi.status == status, scope
    disconnected = _Asgi([{"type": "http.disconnect"}])
    await app(_scope(f"/pronto-webhooks/{token}"), disconnected.receive, disconnected.send)
    assert disconnected.status == 400
    socket_ = _Asgi([])
    await app({"type": "websocket", "path": "/"}, socket_.receive, socket_.send)
    assert socket_.sent == [{"type": "websocket.close", "code": 1008}]
    assert hooks.rejected == {404: 2, 405: 1, 400: 3}


async def test_the_asgi_app_answers_lifespan_alone() -> None:
    app = WebhookReceiver(public_url="https://svc.example.com").asgi_app()
    asgi = _Asgi([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    await app({"type": "lifespan"}, asgi.receive, asgi.send)
    assert asgi.sent == [{"type": "lifespan.startup.complete"},
                         {"type": "lifespan.shutdown.complete"}]

"""The receiver as a plain ASGI 3 application, for FastAPI, Starlette or any ASGI server.

No framework is imported: the app speaks the ASGI messages itself, so mounting it costs the
user nothing they do not already run. It applies the receiver's limits through the same
code path as the aiohttp handler (``WebhookReceiver._receive``): the size cap from
``Content-Length`` and while the body streams, the body deadline, the JSON depth bound, and
the write to the ledger before the 200.

The request head and the connections themselves belong to the ASGI server (uvicorn,
hypercorn…): they are parsed and accepted before the app is called, so their timeouts and
caps are the server's settings, not the app's.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol

from ._webhook_body import Answer, Refused

__all__ = ["AsgiApp", "Receive", "Scope", "Send"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class _Receiver(Protocol):
    @property
    def path(self) -> str: ...

    async def _receive(
        self, token: str | None, content_length: int | None,
        read_chunk: Callable[[], Awaitable[bytes]],
    ) -> Answer: ...

    def _refused(self, refusal: Refused) -> Answer: ...


class AsgiApp:
    """``receiver.asgi_app()``: mount it at ``receiver.path`` (``app.mount(hooks.path,
    hooks.asgi_app())``) or serve it at the root of a server of its own."""

    def __init__(self, receiver: _Receiver) -> None:
        self._receiver = receiver

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope.get("type")
        if kind == "lifespan":
            await _lifespan(receive, send)
            return
        if kind != "http":  # a websocket: refuse the handshake
            await send({"type": "websocket.close", "code": 1008})
            return
        token = self._token(scope)
        if token is not None and scope.get("method") != "POST":
            answer = self._receiver._refused(Refused(405, "deliveries are POSTed"))
            await _respond(send, answer, extra=[(b"allow", b"POST")])
            return
        try:
            content_length = _content_length(scope)
        except Refused as refusal:
            await _respond(send, self._receiver._refused(refusal))
            return
        answer = await self._receiver._receive(token, content_length, _BodyReader(receive))
        await _respond(send, answer)

    def _token(self, scope: Scope) -> str | None:
        """The token in the path relative to the mount point (Starlette keeps the full path
        and puts the mount prefix in ``root_path``; older servers strip it)."""
        path: str = scope.get("path", "")
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        prefix = self._receiver.path
        if path.startswith(prefix + "/"):  # served at the root, not mounted
            path = path[len(prefix) :]
        token = path[1:] if path.startswith("/") else ""
        return token if token and "/" not in token else None


class _BodyReader:
    """``receive()`` as a stream of body chunks that ends with ``b""``."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._done = False

    async def __call__(self) -> bytes:
        while not self._done:
            message = await self._receive()
            if message.get("type") == "http.disconnect":
                raise ConnectionResetError("the sender hung up")
            body: bytes = message.get("body", b"")
            self._done = not message.get("more_body", False)
            if body:
                return body
        return b""


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                length = int(value)
            except ValueError:
                raise Refused(400, "Content-Length is not a number", close=True) from None
            if length < 0:
                raise Refused(400, "Content-Length is negative", close=True)
            return length
    return None


async def _respond(
    send: Send, answer: Answer, *, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps(answer.body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    if answer.close:
        headers.append((b"connection", b"close"))
    if answer.retry_after is not None:
        headers.append((b"retry-after", str(answer.retry_after).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    """Served on its own, the app has nothing to start or stop."""
    while True:
        message = await receive()
        if message.get("type") == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message.get("type") == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return

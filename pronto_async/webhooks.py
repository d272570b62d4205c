"""Receive Pronto's webhook deliveries reliably (DESIGN §9).

Users abandoned webhooks because their receivers answered 503 under a burst of ~100 callbacks
and silently lost results they had paid for (real-usage.md §1). :class:`WebhookReceiver` is
built so that cannot happen:

- every delivery is read whole, parsed tolerantly — a flat lead, ``{"leads": [...]}``, a bare
  list, a contact result — and queued (and written to the ledger, when there is one)
  *before* the fast ``200``;
- duplicates (Pronto retries deliveries) are dropped;
- a body over the size cap gets 413, one that is not JSON or nests too deep 400, one that
  takes too long 408, an unknown path 404; nothing a sender does makes it answer 5xx;
- its own server cuts off connections whose request head is too slow and caps the
  connections open at once (``_webhook_server``);
- it runs on a port of its own, or inside the user's aiohttp application
  (:meth:`WebhookReceiver.add_to`) or ASGI application (:meth:`WebhookReceiver.asgi_app`),
  since most hosts give a service one public port;
- each job gets an unguessable path, so one receiver serves many jobs and nobody else can
  inject results.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import secrets
import threading
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from ._facade import LoopThread
from ._webhook_asgi import AsgiApp
from ._webhook_body import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_DEPTH,
    Answer,
    Refused,
    read_body,
)
from ._webhook_payload import Delivery, decode_delivery, delivery_key, normalise_payload
from ._webhook_server import OwnServer
from ._webhook_subscription import Subscription
from .errors import ValidationError
from .ledger import Ledger

if TYPE_CHECKING:
    from aiohttp import web

__all__ = [
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_DEPTH",
    "AsgiApp",
    "Delivery",
    "Subscription",
    "WebhookReceiver",
    "delivery_key",
    "normalise_payload",
]

_log = logging.getLogger("pronto_async")
_PATH: Final = re.compile(r"(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+")
#: Bodies larger than this are decoded in a worker thread, so the loop keeps serving.
_DECODE_IN_THREAD_ABOVE: Final = 256 * 1024


class WebhookReceiver:
    """Receives Pronto's webhook deliveries, on a port of its own or inside your web app.

    - ``async with WebhookReceiver(...)`` serves on ``host:port`` in async code; ``with
      WebhookReceiver(...)`` does so from a thread of its own, for blocking code.
    - ``receiver.add_to(app)`` adds its route to your aiohttp application;
      ``app.mount(receiver.path, receiver.asgi_app())`` mounts it in FastAPI/Starlette. Both
      then need ``public_url``, and your server's own settings govern request heads and
      connections (see :meth:`asgi_app`).

    Start jobs with ``webhook=receiver`` on either client.

    Args:
        host: Interface to listen on (``"0.0.0.0"`` behind a tunnel or a load balancer).
        port: Port; 0 picks a free one.
        public_url: The URL at which Pronto reaches the server that runs this receiver (your
            tunnel, ingress or service), without the receiver's ``path``; defaults to
            ``http://{host}:{port}`` on its own server, and is required when mounted.
        path: Where the receiver's routes live on that server; each job gets
            ``{public_url}{path}/{unguessable token}``.
        max_body: Bytes above which a delivery is refused with 413, by its
            ``Content-Length`` before it is read or as soon as a chunked body passes it.
        max_depth: Arrays/objects a delivery may nest; deeper is refused with 400.
        body_timeout: Seconds from a request's head to the last byte of its body; slower is
            answered 408 and the connection closed.
        header_timeout: Own server: seconds a new connection has to send its request head;
            slower is answered 408 and closed.
        keepalive_timeout: Own server: seconds an idle kept-alive connection is kept, which
            also bounds its next request head.
        max_connections: Own server: connections open at once; more wait in the listen
            backlog until one closes (they are never refused).
        ledger: Where each delivery is written before it is acknowledged.

    Raises:
        ValidationError: an argument is out of range.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        public_url: str | None = None,
        path: str = "/pronto-webhooks",
        max_body: int = DEFAULT_MAX_BODY,
        max_depth: int = DEFAULT_MAX_DEPTH,
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
        header_timeout: float = 10.0,
        keepalive_timeout: float = 30.0,
        max_connections: int = 1000,
        ledger: Ledger | None = None,
    ) -> None:
        problems = _check(
            public_url=public_url, path=path, port=port, max_body=max_body,
            max_depth=max_depth, max_connections=max_connections, body_timeout=body_timeout,
            header_timeout=header_timeout, keepalive_timeout=keepalive_timeout,
        )
        if problems:
            raise ValidationError(problems, endpoint="WebhookReceiver")
        self._host = host
        self._port = port
        self._public_url = public_url.rstrip("/") if public_url else None
        self._path = path.rstrip("/")
        self._max_body = max_body
        self._max_depth = max_depth
        self._body_timeout = float(body_timeout)
        self._header_timeout = float(header_timeout)
        self._keepalive_timeout = float(keepalive_timeout)
        self._max_connections = max_connections
        self._ledger = ledger
        self._subscriptions: dict[str, Subscription] = {}
        self._server: OwnServer | None = None
        self._thread: LoopThread | None = None
        self._counts_lock = threading.Lock()
        #: Non-2xx answers given, by status (for monitoring and tests); 408 counts both
        #: request heads and bodies that took too long.
        self.rejected: dict[int, int] = {}

    @property
    def public_url(self) -> str:
        """The URL Pronto reaches this receiver's server at (without :attr:`path`)."""
        if self._public_url is None:
            raise RuntimeError("the receiver is not started and has no public_url yet")
        return self._public_url

    @property
    def path(self) -> str:
        """The path the receiver's routes live under (mount the ASGI app here)."""
        return self._path

    @property
    def port(self) -> int:
        """The port of its own server (after it started; 0 before)."""
        return self._port

    @property
    def open_connections(self) -> int:
        """Own server: connections open now."""
        return self._server.open if self._server is not None else 0

    @property
    def peak_connections(self) -> int:
        """Own server: the most connections that were open at once."""
        return self._server.peak if self._server is not None else 0

    def subscribe(self) -> Subscription:
        """A new unguessable delivery path for one job."""
        token = secrets.token_urlsafe(24)
        subscription = Subscription(self, token)
        self._subscriptions[token] = subscription
        return subscription

    # -- one delivery, whichever server carries it ----------------------------------------

    async def _receive(
        self,
        token: str | None,
        content_length: int | None,
        read_chunk: Callable[[], Awaitable[bytes]],
    ) -> Answer:
        """Read, decode, record and queue one delivery; the answer to give.

        Never raises for anything the sender does: every refusal is a 4xx answer. A
        delivery the ledger could not record is answered 503 (with ``Retry-After``), so
        that the sender retries instead of taking a 200 for a result that was not kept.
        """
        subscription = self._subscriptions.get(token) if token is not None else None
        if subscription is None:
            return self._refused(Refused(404, "unknown webhook path"))
        try:
            raw = await read_body(
                read_chunk, content_length=content_length, max_body=self._max_body,
                timeout=self._body_timeout,
            )
            if len(raw) > _DECODE_IN_THREAD_ABOVE:
                delivery, keys = await asyncio.to_thread(decode_delivery, raw, self._max_depth)
            else:
                delivery, keys = decode_delivery(raw, self._max_depth)
        except Refused as refusal:
            return self._refused(refusal)
        if self._ledger is not None:
            try:
                await self._ledger.add_deliveries(
                    subscription.token, zip(keys, delivery.items, strict=True)
                )
            except Exception:
                _log.exception("webhook receiver: the ledger could not record a delivery")
                self._count(503)
                return Answer(503, {"error": "could not record the delivery; retry"},
                              retry_after=5)
        subscription._accept(delivery.items, keys, final=delivery.final)
        return Answer(200, {"received": len(delivery.items)})

    def _refused(self, refusal: Refused) -> Answer:
        self._count(refusal.status)
        return Answer(refusal.status, {"error": refusal.message}, close=refusal.close)

    def _count(self, status: int) -> None:
        with self._counts_lock:  # the receiver may serve on several loops at once
            self.rejected[status] = self.rejected.get(status, 0) + 1

    # -- inside your aiohttp or ASGI application ------------------------------------------

    def add_to(self, app: web.Application) -> None:
        """Add the receiver's route (``POST {path}/{token}``) to your aiohttp application,
        the one that serves at ``public_url``, before it starts.

        Args:
            app: Your ``aiohttp.web.Application`` (not yet frozen by a runner).

        Raises:
            ValidationError: the receiver has no ``public_url``.
            RuntimeError: the application is already running (aiohttp's own error).
        """
        self._require_public_url("add_to(app)")
        app.router.add_post(self._path + "/{token}", self._handle)

    def asgi_app(self) -> AsgiApp:
        """The receiver as an ASGI 3 application, with the same limits and the same
        write-to-the-ledger-before-200 rule: ``app.mount(hooks.path, hooks.asgi_app())`` in
        FastAPI or Starlette (or serve it alone at the root of any ASGI server).

        The ASGI server parses request heads and accepts connections before the app sees
        them, so ``header_timeout``, ``keepalive_timeout`` and ``max_connections`` do not
        apply; ``max_body``, ``max_depth`` and ``body_timeout`` do.

        Raises:
            ValidationError: the receiver has no ``public_url``.
        """
        self._require_public_url("asgi_app()")
        return AsgiApp(self)

    def _require_public_url(self, what: str) -> None:
        if self._public_url is None:
            raise ValidationError(
                [f"{what} needs public_url=: the URL at which Pronto reaches your service"],
                endpoint="WebhookReceiver",
            )

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web  # the server side of aiohttp: only for those who receive

        answer = await self._receive(
            request.match_info.get("token"), request.content_length, request.content.readany
        )
        headers = {"Retry-After": str(answer.retry_after)} if answer.retry_after else None
        response = web.json_response(answer.body, status=answer.status, headers=headers)
        if answer.close:
            response.force_close()
        if answer.status == 408:
            # The sender is still trickling: answer now and drop the connection rather
            # than let aiohttp drain the rest of its body at the sender's pace.
            await response.prepare(request)
            await response.write_eof()
            if request.transport is not None:
                request.transport.close()
        return response

    # -- on a port of its own -------------------------------------------------------------

    async def start(self) -> None:
        """Serve on ``host:port`` (``async with`` calls it).

        Raises:
            RuntimeError: it is already running.
            OSError: the address cannot be bound.
        """
        from aiohttp import web

        if self._server is not None:
            raise RuntimeError("this WebhookReceiver is already running")
        app = web.Application()
        app.router.add_post(self._path + "/{token}", self._handle)
        server = OwnServer(
            app, max_connections=self._max_connections, header_timeout=self._header_timeout,
            keepalive_timeout=self._keepalive_timeout, on_cut_off=lambda: self._count(408),
        )
        await server.start(self._host, self._port, backlog=max(128, self._max_connections))
        self._server = server
        self._port = server.port
        if self._public_url is None:
            host = f"[{self._host}]" if ":" in self._host else self._host
            self._public_url = f"http://{host}:{self._port}"

    async def stop(self) -> None:
        """Stop its own server (``async with`` calls it)."""
        server, self._server = self._server, None
        if server is not None:
            await server.stop()

    def __enter__(self) -> WebhookReceiver:
        """Serve from a thread of its own, for blocking code."""
        if self._thread is not None or self._server is not None:
            raise RuntimeError("this WebhookReceiver is already running")
        thread = LoopThread()
        try:
            thread.run(self.start())
        except BaseException:
            thread.stop()
            raise
        self._thread = thread
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop(self.stop())

    async def __aenter__(self) -> WebhookReceiver:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


def _check(
    *,
    public_url: str | None,
    path: str,
    port: int,
    max_body: int,
    max_depth: int,
    max_connections: int,
    **timeouts: float,
) -> list[str]:
    """The problems with a receiver's arguments."""
    problems = []
    if public_url is not None:
        parts = urlsplit(public_url) if isinstance(public_url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"public_url must be an http(s) URL, got {public_url!r}")
        elif parts.query or parts.fragment:
            problems.append(f"public_url takes no query or fragment, got {public_url!r}")
    if not isinstance(path, str) or not _PATH.fullmatch(path.rstrip("/") or "-"):
        problems.append(f"path must look like '/pronto-webhooks', got {path!r}")
    if not _is_int(port) or not 0 <= port <= 65535:
        problems.append(f"port must be 0..65535, got {port!r}")
    for name, value in (("max_body", max_body), ("max_depth", max_depth),
                        ("max_connections", max_connections)):
        if not _is_int(value) or value < 1:
            problems.append(f"{name} must be a positive integer, got {value!r}")
    for name, timeout in timeouts.items():
        if (not isinstance(timeout, int | float) or isinstance(timeout, bool)
                or not math.isfinite(timeout) or timeout <= 0):
            problems.append(f"{name} must be a positive number of seconds, got {timeout!r}")
    return problems


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)

"""The receiver's own listening server: aiohttp's HTTP protocol behind a guarded accept loop.

aiohttp's web server has no timeout for a request head (its ``keepalive_timeout`` starts
only after a first response) and no cap on connections, so 300 senders that stop after the
headers hold 300 connections for as long as they like. This module adds both, with public
asyncio and aiohttp APIs only:

- the accept loop takes a connection only while fewer than ``max_connections`` are open;
  past the cap, new connections wait in the listen backlog (the kernel holds them) until one
  closes — a burst is served late, never refused and never answered 5xx;
- each accepted connection is wrapped in :class:`_Guard`, which answers 408 and closes the
  connection unless its request head (up to the blank line) arrives within
  ``header_timeout``. Later requests on a kept-alive connection are bounded by aiohttp's
  ``keepalive_timeout``, which closes a connection whose next head is not complete in time.

The body's own deadline is the handler's (``_webhook_body.read_body``), so it applies
equally when the receiver is mounted into someone else's server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from aiohttp import web

__all__ = ["OwnServer"]

_log = logging.getLogger("pronto_async")
_HEAD_TIMEOUT_BODY: Final = b'{"error": "the request head took too long"}'
_HEAD_TIMEOUT_ANSWER: Final = (
    b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(_HEAD_TIMEOUT_BODY), _HEAD_TIMEOUT_BODY)
)
#: Pause after the accept itself fails (out of file descriptors), as asyncio's server does.
_ACCEPT_RETRY_DELAY: Final = 0.2


class OwnServer:
    """Serve an aiohttp application on ``host:port`` with a connection cap and head timeout.

    Args:
        app: The aiohttp application (the receiver's routes).
        max_connections: Connections open at once; more wait in the listen backlog.
        header_timeout: Seconds a new connection has to send a complete request head.
        keepalive_timeout: Seconds an idle kept-alive connection (and its next request
            head) is given.
        on_cut_off: Called for each connection closed by ``header_timeout``.
    """

    def __init__(
        self,
        app: web.Application,
        *,
        max_connections: int,
        header_timeout: float,
        keepalive_timeout: float,
        on_cut_off: Callable[[], None],
    ) -> None:
        self._app = app
        self._max_connections = max_connections
        self._header_timeout = header_timeout
        self._keepalive_timeout = keepalive_timeout
        self._on_cut_off = on_cut_off
        self._runner: web.AppRunner | None = None
        self._listener: socket.socket | None = None
        self._accepting: asyncio.Task[None] | None = None
        self._slots = asyncio.Semaphore(max_connections)
        #: Connections open now, and the most open at once.
        self.open = 0
        self.peak = 0
        self.port = 0

    async def start(self, host: str, port: int, *, backlog: int) -> None:
        """Listen and start accepting.

        Raises:
            OSError: the address cannot be bound.
        """
        from aiohttp import web

        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        family, kind, proto, _, address = infos[0]
        listener = socket.socket(family, kind, proto)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(address)
            listener.listen(backlog)
            listener.setblocking(False)
        except BaseException:
            listener.close()
            raise
        self.port = int(listener.getsockname()[1])
        # Lingering drains an unread body so that the sender can read our 413; a body still
        # arriving after 2 s is from a sender too slow to deserve more.
        runner = web.AppRunner(
            self._app, access_log=None, keepalive_timeout=self._keepalive_timeout,
            lingering_time=2.0, shutdown_timeout=5.0,
        )
        try:
            await runner.setup()
        except BaseException:
            listener.close()
            raise
        self._listener = listener
        self._runner = runner
        self._accepting = loop.create_task(self._accept_loop(listener, runner))

    async def _accept_loop(self, listener: socket.socket, runner: web.AppRunner) -> None:
        loop = asyncio.get_running_loop()
        server = runner.server
        assert server is not None
        while True:
            await self._slots.acquire()
            try:
                conn, _ = await loop.sock_accept(listener)
            except OSError as exc:  # EMFILE and kin: wait for descriptors to free up
                self._slots.release()
                _log.warning("webhook receiver: accept failed (%s); retrying", exc)
                await asyncio.sleep(_ACCEPT_RETRY_DELAY)
                continue
            except BaseException:
                self._slots.release()
                raise
            try:
                await loop.connect_accepted_socket(lambda: _Guard(server(), self), conn)
            except OSError:  # the peer was gone before we could wrap it
                conn.close()
                self._slots.release()

    def _opened(self) -> None:
        self.open += 1
        self.peak = max(self.peak, self.open)

    def _closed(self) -> None:
        self.open -= 1
        self._slots.release()

    async def stop(self) -> None:
        """Stop accepting, close the listener and every connection."""
        if self._accepting is not None:
            self._accepting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._accepting
            self._accepting = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


class _Guard(asyncio.Protocol):
    """aiohttp's protocol for one connection, with a deadline on its first request head."""

    def __init__(self, inner: asyncio.Protocol, server: OwnServer) -> None:
        self._inner = inner
        self._server = server
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._tail = b""  # the last bytes seen, for a blank line split across reads

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._server._opened()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._server._header_timeout, self._head_too_slow)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._timer is not None:
            seen = self._tail + data
            # The head ends at a blank line; aiohttp's parser also takes bare LFs.
            if b"\n\r\n" in seen or b"\n\n" in seen:
                self._timer.cancel()
                self._timer = None
            else:
                self._tail = seen[-2:]
        self._inner.data_received(data)

    def _head_too_slow(self) -> None:
        self._timer = None
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        self._server._on_cut_off()
        transport.write(_HEAD_TIMEOUT_ANSWER)
        transport.close()

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._transport = None
        try:
            self._inner.connection_lost(exc)
        finally:
            self._server._closed()

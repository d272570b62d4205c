"""Receive Pronto's webhook deliveries reliably (DESIGN §9).

Users abandoned webhooks because their receivers answered 503 under a burst of ~100 callbacks
and silently lost results they had paid for (real-usage.md §1). :class:`WebhookReceiver` is
built so that cannot happen:

- every delivery is parsed tolerantly — a flat lead, ``{"leads": [...]}``, a bare list, a
  contact result — and queued (and written to the ledger, when there is one) *before* the
  fast ``200``;
- duplicates (Pronto retries deliveries) are dropped;
- a body over the size cap gets 413, a body that is not JSON 400, an unknown path 404; nothing
  a sender does makes it answer 5xx while it runs;
- each job gets an unguessable path, so one receiver serves many jobs and nobody else can
  inject results.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import secrets
import threading
from collections.abc import AsyncIterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import attrs

from ._facade import LoopThread
from .errors import ValidationError
from .ledger import Ledger

if TYPE_CHECKING:
    from aiohttp import web

__all__ = ["Delivery", "Subscription", "WebhookReceiver", "normalise_payload"]

#: Bodies above this many bytes are refused with 413 (a batch of 1,000 leads is ~2 MB).
DEFAULT_MAX_BODY: Final = 8 * 1024 * 1024
_PATH_PREFIX: Final = "/pronto-webhooks/"


@attrs.frozen(kw_only=True)
class Delivery:
    """What one webhook POST carried, normalised."""

    #: The items (leads, accounts, contact results), each a JSON object.
    items: tuple[Mapping[str, Any], ...]
    #: The sender said the job is complete (a ``{"leads": [...]}`` envelope).
    final: bool = False


def normalise_payload(payload: Any) -> Delivery:
    """The items of a delivery in any of the shapes Pronto sends (real-usage.md §8).

    - ``{"leads": [...]}`` (or ``accounts``/``contacts``/``results``): a batch, and the
      end-of-search signal;
    - a bare list: a batch;
    - one object: one item (a streamed lead, one contact's enrichment result).

    ``{"lead": {...}, "company": {...}}`` items (the shape of ``GET /searches/{id}``) are kept
    as they are; the models read both.

    Raises:
        ValidationError: the payload is not JSON objects at all.
    """
    if isinstance(payload, Mapping):
        for key in ("leads", "accounts", "contacts", "results"):
            batch = payload.get(key)
            if isinstance(batch, list):
                return Delivery(items=_objects(batch), final=True)
        return Delivery(items=(payload,))
    if isinstance(payload, list):
        return Delivery(items=_objects(payload))
    raise ValidationError(
        [f"a delivery must be a JSON object or array, got {type(payload).__name__}"]
    )


def _objects(items: list[Any]) -> tuple[Mapping[str, Any], ...]:
    bad = [item for item in items if not isinstance(item, Mapping)]
    if bad:
        raise ValidationError([f"a delivery's items must be JSON objects, got {bad[:1]!r}"])
    return tuple(items)


def delivery_key(item: Mapping[str, Any]) -> str:
    """Identity of one delivered item, for deduplication: its id or profile URL when it has
    one, else its whole content."""
    inner = item.get("lead") if isinstance(item.get("lead"), Mapping) else item
    for key in ("enrichment_id", "id", "linkedin_profile_url", "linkedin_url", "linkedin_id"):
        value = inner.get(key) if isinstance(inner, Mapping) else None
        if isinstance(value, str | int) and str(value):
            return f"{key}:{value}"
    text = json.dumps(item, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


class Subscription:
    """The deliveries of one job: an unguessable URL and an async iterator of its items.

    Its items are read on the event loop that subscribed (the client's); the receiver may
    run on another loop in another thread (a blocking ``with WebhookReceiver(...)``): items
    then cross over thread-safely.
    """

    def __init__(self, receiver: WebhookReceiver, token: str) -> None:
        self._receiver = receiver
        self.token = token
        try:
            self._loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:  # subscribed outside a loop: read on the receiver's
            self._loop = None
        self._queue: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue()
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self.finished = asyncio.Event()
        #: Items received so far (duplicates excluded).
        self.received = 0
        #: Duplicates dropped.
        self.duplicates = 0

    @property
    def url(self) -> str:
        """The URL to hand to Pronto as ``webhook_url``."""
        return self._receiver.public_url + _PATH_PREFIX + self.token

    def _accept(
        self, items: tuple[Mapping[str, Any], ...], keys: list[str], *, final: bool
    ) -> None:
        """Queue the new items of a delivery (called on the receiver's loop)."""
        fresh = []
        with self._lock:
            for item, key in zip(items, keys, strict=True):
                if key in self._seen:
                    self.duplicates += 1
                    continue
                self._seen.add(key)
                self.received += 1
                fresh.append(item)
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if self._loop is None or self._loop is running:
            self._push(fresh, final)
            return
        # The reader's loop may be closed: nobody is left to read (the ledger has it).
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._push, fresh, final)

    def _push(self, items: list[Mapping[str, Any]], final: bool) -> None:
        for item in items:
            self._queue.put_nowait(item)
        if final:
            self.finished.set()

    async def next_item(self, timeout: float) -> Mapping[str, Any] | None:
        """The next delivered item, or ``None`` if none arrives within ``timeout`` seconds."""
        try:
            return await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None

    async def items(self, *, idle_timeout: float | None = None) -> AsyncIterator[Mapping[str, Any]]:
        """Each delivered item once, until the sender signals the end (or ``idle_timeout``
        seconds pass without a delivery)."""
        while True:
            if self._queue.empty() and self.finished.is_set():
                return
            getter = asyncio.ensure_future(self._queue.get())
            finished = asyncio.ensure_future(self.finished.wait())
            done, _ = await asyncio.wait(
                {getter, finished}, timeout=idle_timeout, return_when=asyncio.FIRST_COMPLETED
            )
            finished.cancel()
            if getter in done:
                yield getter.result()
                continue
            getter.cancel()
            if not done:  # idle timeout
                return


class WebhookReceiver:
    """An aiohttp.web server receiving Pronto's webhook deliveries.

    Run it with ``async with WebhookReceiver(...)`` in async code, or ``with
    WebhookReceiver(...)`` in blocking code (it then serves from a thread of its own), and
    start jobs with ``webhook=receiver`` on either client.

    Args:
        host: Interface to listen on (``"0.0.0.0"`` behind a tunnel or a load balancer).
        port: Port; 0 picks a free one.
        public_url: The URL at which Pronto reaches this server (your tunnel or ingress),
            without a path; defaults to ``http://{host}:{port}``.
        max_body: Bytes above which a delivery is refused with 413.
        ledger: Where each delivery is written before it is acknowledged.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        public_url: str | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        ledger: Ledger | None = None,
    ) -> None:
        if public_url is not None:
            parts = urlsplit(public_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValidationError([f"public_url must be an http(s) URL, got {public_url!r}"])
        self._host = host
        self._port = port
        self._public_url = public_url.rstrip("/") if public_url else None
        self._max_body = max_body
        self._ledger = ledger
        self._subscriptions: dict[str, Subscription] = {}
        self._runner: web.AppRunner | None = None
        self._thread: LoopThread | None = None
        #: Non-2xx answers given, by status (for monitoring and tests).
        self.rejected: dict[int, int] = {}

    @property
    def public_url(self) -> str:
        if self._public_url is None:
            raise RuntimeError("the receiver is not started and has no public_url yet")
        return self._public_url

    @property
    def port(self) -> int:
        return self._port

    def subscribe(self) -> Subscription:
        """A new unguessable delivery path for one job."""
        token = secrets.token_urlsafe(24)
        subscription = Subscription(self, token)
        self._subscriptions[token] = subscription
        return subscription

    async def _handle(self, request: web.Request) -> web.Response:
        subscription = self._subscriptions.get(request.match_info["token"])
        if subscription is None:
            return self._reject(404, "unknown webhook path")
        if request.content_length is not None and request.content_length > self._max_body:
            return self._reject(413, "delivery too large")
        try:
            raw = await request.content.read(self._max_body + 1)
        except Exception:  # the sender hung up: nothing to acknowledge
            return self._reject(400, "incomplete body")
        if len(raw) > self._max_body:
            return self._reject(413, "delivery too large")
        try:
            delivery = normalise_payload(json.loads(raw))
        except (ValueError, ValidationError):
            return self._reject(400, "a delivery must be JSON objects")
        keys = [delivery_key(item) for item in delivery.items]
        if self._ledger is not None:
            await self._ledger.add_deliveries(
                subscription.token, zip(keys, delivery.items, strict=True)
            )
        subscription._accept(delivery.items, keys, final=delivery.final)
        return _json({"received": len(delivery.items)})

    def _reject(self, status: int, message: str) -> web.Response:
        self.rejected[status] = self.rejected.get(status, 0) + 1
        return _json({"error": message}, status=status)

    async def start(self) -> None:
        from aiohttp import web  # the server side of aiohttp: only for those who receive

        app = web.Application(client_max_size=self._max_body + 1024)
        app.router.add_post(_PATH_PREFIX + "{token}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        addresses = self._runner.addresses
        if addresses:
            self._port = int(addresses[0][1])
        if self._public_url is None:
            self._public_url = f"http://{self._host}:{self._port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def __enter__(self) -> WebhookReceiver:
        """Serve from a thread of its own, for blocking code."""
        if self._thread is not None or self._runner is not None:
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


def _json(data: Any, *, status: int = 200) -> web.Response:
    from aiohttp import web

    return web.json_response(data, status=status)

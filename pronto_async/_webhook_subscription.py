"""One job's webhook deliveries: its unguessable URL and the iterator its results come from."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Mapping
from typing import Any, Protocol

__all__ = ["Subscription"]


class _Receiver(Protocol):
    @property
    def public_url(self) -> str: ...

    @property
    def path(self) -> str: ...


class Subscription:
    """The deliveries of one job: an unguessable URL and an async iterator of its items.

    Its items are read on the event loop that subscribed (the client's); the receiver may
    run on another loop in another thread (a blocking ``with WebhookReceiver(...)``): items
    then cross over thread-safely.
    """

    def __init__(self, receiver: _Receiver, token: str) -> None:
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
        return f"{self._receiver.public_url}{self._receiver.path}/{self.token}"

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

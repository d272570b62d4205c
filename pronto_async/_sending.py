"""A hook the pipeline awaits just before a request leaves, after its rate-limit slot.

The fan-out's ledger records an input as ``submitted`` only when its request is about to go
on the wire, not while it waits for a slot: a run killed with hundreds of rows queued behind
the limiter leaves only the few that were really sent marked "may have been charged". The hook
travels in a context variable, so it reaches the pipeline through any SDK method without a
parameter of its own, and ends with the task that set it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar

__all__ = ["BEFORE_SEND", "about_to_send"]

#: Awaited by the pipeline before each attempt leaves (retries included).
BEFORE_SEND: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "pronto_before_send", default=None
)


async def about_to_send() -> None:
    """Run the hook of the current context, if any."""
    hook = BEFORE_SEND.get()
    if hook is not None:
        await hook()

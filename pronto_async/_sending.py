"""Hooks the pipeline awaits just before a request leaves, after its rate-limit slot.

The fan-out's ledger records an input as ``submitted`` only when its request is about to go
on the wire, not while it waits for a slot: a run killed with hundreds of rows queued behind
the limiter leaves only the few that were really sent marked "may have been charged". The
fan-out's stop guard works at the same instant: once a run is asked to stop, a row that gets
its slot afterwards is refused there (:class:`~pronto_async.errors.NotSentError`), never sent.

The hooks travel in a context variable, so they reach the pipeline through any SDK method
without a parameter of their own, and end with the task that set them. :func:`before_send`
chains a hook after the ones already set (the stop guard first, then the ledger).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar

__all__ = [
    "BEFORE_SEND", "DRY_RUN", "FOLLOWING", "DryRun", "about_to_send", "before_send", "following",
    "following_hook",
]

Hook = Callable[[], Awaitable[None]]

#: Awaited by the pipeline before each attempt leaves (retries included).
BEFORE_SEND: ContextVar[Hook | None] = ContextVar("pronto_before_send", default=None)


async def about_to_send() -> None:
    """Run the hooks of the current context, if any."""
    hook = BEFORE_SEND.get()
    if hook is not None:
        await hook()


@contextlib.contextmanager
def before_send(hook: Hook) -> Iterator[None]:
    """Run ``hook`` before each attempt of the requests made inside the block, after any hook
    already set (an exception from an earlier hook stops the request before ``hook`` runs)."""
    outer = BEFORE_SEND.get()
    combined: Hook = hook
    if outer is not None:
        first = outer

        async def chained() -> None:
            await first()
            await hook()

        combined = chained
    token = BEFORE_SEND.set(combined)
    try:
        yield
    finally:
        BEFORE_SEND.reset(token)


#: Set by ``plan()``: a request that reaches the client is not sent; :class:`DryRun` says
#: that its arguments passed every check the real call makes.
DRY_RUN: ContextVar[bool] = ContextVar("pronto_dry_run", default=False)


class DryRun(Exception):
    """A dry run reached the point where the request would have been sent."""

    def __init__(self, operation: str) -> None:
        super().__init__(operation)
        self.operation = operation


#: Told when an input starts (``True``) and stops (``False``) waiting for work that runs on
#: the server with its id already in the ledger: the fan-out may stop such a wait at any time.
FOLLOWING: ContextVar[Callable[[bool], None] | None] = ContextVar(
    "pronto_following", default=None
)


@contextlib.contextmanager
def following_hook(hook: Callable[[bool], None]) -> Iterator[None]:
    """Have ``hook`` told, inside the block, when a wait on server-side work starts/ends."""
    token = FOLLOWING.set(hook)
    try:
        yield
    finally:
        FOLLOWING.reset(token)


def following(active: bool) -> None:
    """Say that this input now waits (``True``) or no longer waits (``False``) for work whose
    id is safely recorded."""
    hook = FOLLOWING.get()
    if hook is not None:
        hook(active)

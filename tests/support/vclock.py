"""A virtual-time event loop: the injected clock of our timing tests.

When nothing is ready to run, the loop does not sleep until its next timer: it jumps its clock
there. ``asyncio.sleep(3600)``, aiolimiter's pacing and the 429 gate take no wall time, and
``loop.time()`` reads the virtual instant, so tests assert on exact virtual timestamps.

Only for code without real sockets (aioresponses mocks): the loop cannot know that a socket is
about to deliver, so it would jump past it. When no timer is pending at all, it blocks on the
selector for real, so work handed in from other threads (``call_soon_threadsafe``) still wakes it.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

#: Virtual clocks start here, far from 0, like a monotonic clock does.
START = 10_000.0
#: The smallest jump of the clock: one microsecond.
_MIN_STEP = 1e-6


class _WarpSelector(selectors.DefaultSelector):
    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.loop: asyncio.BaseEventLoop | None = None

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = super().select(0)
        if ready:
            return ready
        if timeout == 0:
            # Zero either because callbacks are ready (run them now) or because a timer is
            # due: then time must still move, see below.
            if self.loop is not None and not self.loop._ready:  # type: ignore[attr-defined]
                self.now += _MIN_STEP
            return ready
        if timeout is None:  # nothing scheduled: wait for real input (other threads)
            return super().select(None)
        # Jump to the next timer instead of sleeping. Real time always moves a little per
        # iteration; so must ours, or a timer due "1e-16 s from now" (float residue in
        # aiolimiter's leak arithmetic) would be re-armed forever.
        self.now += max(timeout, _MIN_STEP)
        return []


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock jumps over idle time."""

    def __init__(self) -> None:
        self._warp = _WarpSelector()
        super().__init__(self._warp)
        self._warp.loop = self
        self._clock_resolution = 1e-9

    def time(self) -> float:
        return self._warp.now


def run_virtual(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion on a fresh virtual-time loop."""
    with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
        return runner.run(coro)

"""Injected latency and faults, drawn deterministically from the seed and the request.

A draw depends on the operation, the exact body and how many times that body has arrived
before, never on arrival order: concurrent runs inject the same faults into the same inputs,
and a re-sent request gets a fresh draw (a retry can succeed).

=============== ================================================ =======================
fault           what the client sees                             the work (and charge)
=============== ================================================ =======================
SERVER_ERROR    500 ``{"error": "Internal Server Error"}``       done: charged
BAD_GATEWAY     502 with an HTML page (a proxy's)                not done
UNAVAILABLE     503 ``Retry-After`` (one scaled second)          not done
DROP_BEFORE     connection closed without an answer             not done
DROP_AFTER      connection closed without an answer             done: charged
HTML_200        200 with an HTML login page                      not done
TRUNCATED       200 JSON cut in half (a consistent length)       done: charged
STALL           no answer for ``stall_seconds`` (then the reply) done: charged
=============== ================================================ =======================

The client cannot tell DROP_BEFORE from DROP_AFTER, nor a 500 that charged from one that did
not: that is the point. A credit-safe client re-sends neither.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Mapping
from typing import Any, Final

import attrs
from aiohttp import web

from . import _data
from ._shapes import NO_BODY

__all__ = ["Fault", "Latency", "draw_fault", "draw_latency", "respond"]


class Fault(enum.Enum):
    """A failure the fake can inject (see the module's table)."""

    SERVER_ERROR = "500"
    BAD_GATEWAY = "502"
    UNAVAILABLE = "503"
    DROP_BEFORE = "drop_before"
    DROP_AFTER = "drop_after"
    HTML_200 = "html_200"
    TRUNCATED = "truncated"
    STALL = "stall"

    @property
    def after_work(self) -> bool:
        """The operation runs (and charges) before this fault strikes."""
        return self in _AFTER_WORK


_AFTER_WORK: Final = frozenset(
    {Fault.SERVER_ERROR, Fault.DROP_AFTER, Fault.TRUNCATED, Fault.STALL}
)


@attrs.frozen
class Latency:
    """Time an operation takes on the server: uniform in ``mean ± jitter`` seconds, before
    ``time_scale`` applies."""

    mean: float = attrs.field(validator=attrs.validators.ge(0))
    jitter: float = attrs.field(default=0.0, validator=attrs.validators.ge(0))


def draw_fault(
    seed: int, faults: Mapping[Fault, float], operation: str, body: str, occurrence: int
) -> Fault | None:
    """The fault (or ``None``) for this arrival; ``faults`` maps each kind to its probability."""
    if not faults:
        return None
    u = _data.fraction(seed, "fault", operation, body, occurrence)
    total = 0.0
    for fault in Fault:  # a fixed order, so the same u always means the same fault
        total += faults.get(fault, 0.0)
        if u < total:
            return fault
    return None


def draw_latency(
    seed: int, latency: Latency | None, operation: str, body: str, occurrence: int
) -> float:
    """Seconds (unscaled) this arrival takes."""
    if latency is None or (latency.mean == 0 and latency.jitter == 0):
        return 0.0
    u = _data.fraction(seed, "latency", operation, body, occurrence)
    return max(0.0, latency.mean + latency.jitter * (2 * u - 1))


_BAD_GATEWAY: Final = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center></body></html>"
)
_LOGIN_PAGE: Final = (
    "<!doctype html><html><head><title>Pronto</title></head>"
    "<body><form action=\"/users/sign_in\">Sign in</form></body></html>"
)


async def respond(
    fault: Fault,
    request: web.Request,
    reply: tuple[int, Any] | None,
    time_scale: float,
    stall_seconds: float,
) -> web.StreamResponse:
    """Answer (or not) as ``fault`` dictates; ``reply`` is the operation's own answer when
    the fault strikes after the work."""
    if fault is Fault.SERVER_ERROR:
        return web.json_response({"error": "Internal Server Error"}, status=500)
    if fault is Fault.BAD_GATEWAY:
        return web.Response(text=_BAD_GATEWAY, status=502, content_type="text/html")
    if fault is Fault.UNAVAILABLE:
        return web.json_response(
            {"error": "Service Unavailable"}, status=503,
            headers={"Retry-After": f"{time_scale:.3f}"},
        )
    if fault is Fault.HTML_200:
        return web.Response(text=_LOGIN_PAGE, status=200, content_type="text/html")
    if fault in (Fault.DROP_BEFORE, Fault.DROP_AFTER):
        if request.transport is not None:
            request.transport.abort()
        # Ends the handler without writing: aiohttp treats it as a client gone away.
        raise asyncio.CancelledError
    assert reply is not None
    status, data = reply
    if data is NO_BODY:  # nothing to cut short, nothing to encode
        if fault is Fault.STALL:
            await asyncio.sleep(stall_seconds)
        return web.Response(status=status)
    if fault is Fault.TRUNCATED:
        encoded = json.dumps(data).encode()
        return web.Response(
            body=encoded[: max(1, len(encoded) // 2)], status=status,
            content_type="application/json",
        )
    await asyncio.sleep(stall_seconds)  # STALL
    return web.json_response(data, status=status)

"""Raw access to any typed call: the HTTP exchange next to the model.

``raw = await pronto.with_raw_response(pronto.searches.get, "abc")`` runs the call as usual
and returns a :class:`RawResponse`: the parsed model, and the status, headers and decoded JSON
of the exchange that produced it. The method and its arguments are checked by the type checker
as a direct call would be (``ParamSpec``), which a ``client.with_raw_response.searches.get``
attribute chain (openai/openai-python, ``src/openai/_response.py``) cannot do without a
generated twin of every resource.

The transport fills a context variable set for the call with each exchange it completes; the
last one is the call's. A context variable follows the call into the tasks it starts and
across the blocking facade's hop to its loop thread (``run_coroutine_threadsafe`` copies the
caller's context), so concurrent calls never see each other's exchanges.
"""

from __future__ import annotations

import contextvars
from collections.abc import Mapping
from typing import Any, Final, Generic, TypeVar

import attrs

__all__ = ["Exchange", "RawResponse", "Recorder", "raw_response", "recording"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Exchange:
    """One completed exchange, as the transport saw it."""

    operation: str
    status: int
    headers: Mapping[str, str]
    json: Any
    elapsed: float
    attempts: int


class Recorder:
    """Where the transport notes the exchanges of the call being recorded."""

    __slots__ = ("exchanges",)

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []


#: The recorder of the call in progress in this context, if one is being recorded.
recording: Final[contextvars.ContextVar[Recorder | None]] = contextvars.ContextVar(
    "pronto_async_raw_response", default=None
)


@attrs.frozen(kw_only=True, repr=False)
class RawResponse(Generic[T]):
    """A typed call's result with the HTTP exchange behind it.

    Attributes:
        parsed: What the call returned (the model).
        status: The HTTP status of the answer.
        headers: The response headers (case-insensitive; credentials shown as
            ``<redacted>``).
        json: The decoded JSON body, before the model was made from it.
        elapsed: Seconds the last attempt took.
        attempts: How many attempts the request took (1 without retries).
        operation: The operation that answered (``"searches.get"``).
        requests: How many requests the call made (a recovered search makes more than one;
            the fields above are the last one's).
    """

    parsed: T
    status: int
    headers: Mapping[str, str]
    json: Any
    elapsed: float
    attempts: int
    operation: str
    requests: int = 1

    def __repr__(self) -> str:
        return (
            f"RawResponse(operation={self.operation!r}, status={self.status}, "
            f"attempts={self.attempts}, elapsed={self.elapsed:.3f}, "
            f"parsed={type(self.parsed).__name__})"
        )


def raw_response(parsed: T, recorder: Recorder) -> RawResponse[T]:
    """``parsed`` with the last exchange ``recorder`` holds.

    Raises:
        TypeError: the call made no request (a method that returns an iterator or a job
            handle without sending, or not an SDK call at all).
    """
    if not recorder.exchanges:
        raise TypeError(
            "with_raw_response: the call made no request; give it a method that sends one "
            "and returns its answer (for a paged list, call the page method itself)"
        )
    last = recorder.exchanges[-1]
    return RawResponse(
        parsed=parsed, status=last.status, headers=last.headers, json=last.json,
        elapsed=last.elapsed, attempts=last.attempts, operation=last.operation,
        requests=len(recorder.exchanges),
    )

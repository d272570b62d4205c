"""Request and response hooks: what every attempt of every call looks like from outside.

``AsyncPronto(on_request=..., on_response=...)`` (or ``with_options(...)``) takes a callable
or a list of callables per event, plain or ``async``. They are called for every attempt of
every request, retries and 429s included, on the event loop that sends it (for the blocking
``Pronto``: its loop thread), in the order given, before the attempt goes out
(:class:`RequestEvent`) and once its answer or failure is known (:class:`ResponseEvent`).

Hooks are observers, as httpx's ``event_hooks`` are for metrics and audit logs: a hook that
raises is logged (``pronto_async`` logger, with its traceback) and the request goes on, since a
paid answer must not be lost to a broken metrics hook. A hook runs inline: a slow one slows
the request it observes.

The events never carry the API key: the key header is shown as ``<redacted>``, and any text
equal to the key in a header value is replaced.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs

__all__ = [
    "AttemptOutcome",
    "Hook",
    "RequestEvent",
    "RequestHook",
    "ResponseEvent",
    "ResponseHook",
    "as_hooks",
    "call_hooks",
]

_log = logging.getLogger("pronto_async")

#: How one attempt ended: ``"ok"`` (2xx JSON), ``"not_sent"`` (connection refused, DNS,
#: connect timeout: the request never left), ``"lost"`` (timeout or dropped connection after
#: sending), ``"garbled"`` (a 2xx that is not JSON), ``"rate_limited"`` (429),
#: ``"server_error"`` (408, 409, 5xx), ``"client_error"`` (any other 4xx).
AttemptOutcome: TypeAlias = Literal[
    "ok", "not_sent", "lost", "garbled", "rate_limited", "server_error", "client_error"
]


@attrs.frozen(kw_only=True)
class RequestEvent:
    """One attempt about to be sent.

    Attributes:
        operation: The SDK's operation name (``"accounts.enrich"``).
        method: HTTP method.
        url: The full URL, without the query string.
        path: The path under the host's base URL (``/searches/abc``).
        attempt: 1 for the first attempt, 2 for the first retry, …
        headers: The request headers, the API key header shown as ``<redacted>``.
    """

    operation: str
    method: str
    url: str
    path: str
    attempt: int
    headers: Mapping[str, str]


@attrs.frozen(kw_only=True)
class ResponseEvent:
    """How one attempt ended.

    Attributes:
        operation: The SDK's operation name.
        method: HTTP method.
        url: The full URL, without the query string.
        path: The path under the host's base URL.
        attempt: 1 for the first attempt, 2 for the first retry, …
        status: The HTTP status, or ``None`` when no answer came (``outcome`` says why).
        headers: The response headers (empty without an answer); ``Set-Cookie`` and any
            credential header are shown as ``<redacted>``.
        request_headers: The headers sent, the API key header shown as ``<redacted>``.
        elapsed: Seconds from sending to the end of the answer (or of the failure).
        outcome: How the attempt ended (see :data:`AttemptOutcome`).
        retrying: ``True`` when the SDK will send this request again.
        error: Why no usable answer came (a connection failure's text), else ``None``.
    """

    operation: str
    method: str
    url: str
    path: str
    attempt: int
    status: int | None
    headers: Mapping[str, str]
    request_headers: Mapping[str, str]
    elapsed: float
    outcome: AttemptOutcome
    retrying: bool
    error: str | None = None

    @property
    def ok(self) -> bool:
        """``True`` when this attempt got the answer asked for."""
        return self.outcome == "ok"


#: A hook: called with the event; may return an awaitable, which is awaited.
Hook: TypeAlias = Callable[[Any], object]
RequestHook: TypeAlias = Callable[[RequestEvent], object]
ResponseHook: TypeAlias = Callable[[ResponseEvent], object]


def as_hooks(name: str, value: Any, problems: list[str]) -> tuple[Hook, ...]:
    """``value`` (``None``, a callable, or a list or tuple of callables) as a tuple of hooks;
    anything else adds to ``problems``."""
    if value is None:
        return ()
    if callable(value):
        return (value,)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        bad = [repr(v) for v in value if not callable(v)]
        if bad:
            problems.append(f"{name} must hold callables, got {', '.join(bad[:3])}")
            return ()
        return tuple(value)
    problems.append(f"{name} must be a callable or a list of callables, got {value!r}")
    return ()


async def call_hooks(hooks: Sequence[Hook], event: RequestEvent | ResponseEvent) -> None:
    """Call each hook with ``event`` (awaiting what it returns, if awaitable); a hook that
    raises is logged and the others still run."""
    for hook in hooks:
        try:
            result = hook(event)
            if inspect.isawaitable(result):
                await result
        except Exception:
            _log.warning(
                "%s hook %s raised on %s %s (attempt %d); the request goes on",
                "on_request" if isinstance(event, RequestEvent) else "on_response",
                getattr(hook, "__qualname__", repr(hook)), event.method, event.path,
                event.attempt, exc_info=True,
            )

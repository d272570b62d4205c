"""The one request pipeline: limiter → send → decode → map errors → retry (DESIGN §4, §5).

This is the only module that touches aiohttp's request API, and the one place where aiohttp's
exceptions become ours (``raise … from``). The API key goes into one header and nowhere else:
not into logs, not into exceptions (server messages that echo it are redacted).
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
import platform
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final
from urllib.parse import quote

import aiohttp
import attrs
from aiohttp.helpers import get_env_proxy_for_url
from yarl import URL

from . import _retry
from ._endpoints import Endpoint, Host
from ._limits import RateLimiter, gate_seconds
from ._sending import about_to_send
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ProntoError,
    RateLimitError,
    UnexpectedResponseError,
    ValidationError,
    error_class_for,
    server_message,
)

__all__ = ["Proxy", "Transport", "env_proxies"]

_log = logging.getLogger("pronto_async")

_USER_AGENT: Final = f"pronto-async/{__version__} python/{platform.python_version()}"
_BODY_SNIPPET: Final = 2000
#: Seconds allowed to open a connection (DNS + TCP + TLS) within an attempt's total timeout.
_CONNECT_TIMEOUT: Final = 10.0


@attrs.frozen
class _Reply:
    """What came back from one attempt, or why nothing did."""

    outcome: _retry.Outcome
    status: int | None = None
    data: Any = None
    text: str = ""
    content_type: str | None = None
    retry_after: float | None = None
    failure: BaseException | None = None


@attrs.frozen
class Proxy:
    """Where one host's requests go through (``url`` ``None``: straight)."""

    url: URL | None = None
    auth: aiohttp.BasicAuth | None = None


_NO_PROXY: Final = Proxy()


def env_proxies(base_urls: Mapping[Host, str]) -> dict[Host, Proxy]:
    """Each host's proxy from ``HTTP(S)_PROXY``, ``NO_PROXY`` and ``~/.netrc``, as aiohttp's
    ``trust_env`` would find it on every request (blocking: reads files)."""
    proxies: dict[Host, Proxy] = {}
    for host, base_url in base_urls.items():
        try:
            url, auth = get_env_proxy_for_url(URL(base_url))
        except LookupError:
            continue
        proxies[host] = Proxy(url, auth)
    return proxies


class Transport:
    """Sends requests for one client. Built by ``AsyncPronto``; not public."""

    def __init__(
        self,
        *,
        api_key: str,
        base_urls: Mapping[Host, str],
        limiter: RateLimiter,
        get_session: Callable[[], Awaitable[aiohttp.ClientSession]],
        max_retries: int,
        retry_ambiguous: bool,
        timeout: float | None,
    ) -> None:
        self._api_key = api_key
        self._base_urls = {host: url.rstrip("/") for host, url in base_urls.items()}
        self.limiter = limiter
        self._get_session = get_session
        self._max_retries = max_retries
        self._retry_ambiguous = retry_ambiguous
        self._timeout = timeout
        #: The proxy of each host (HTTPS_PROXY / NO_PROXY …), read once when the client
        #: opens its own session; empty for a session the user passed in (its own
        #: ``trust_env`` decides).
        self.proxies: Mapping[Host, Proxy] = {}

    def url(self, endpoint: Endpoint, path_params: Mapping[str, str] | None = None) -> str:
        """The full URL of ``endpoint`` (path parameters quoted)."""
        quoted: dict[str, str] = {}
        for name, value in (path_params or {}).items():
            if not isinstance(value, str) or not value.strip():
                raise ValidationError(
                    [f"{name} must be a non-empty string"], endpoint=endpoint.name
                )
            quoted[name] = quote(value.strip(), safe="")
        try:
            path = endpoint.url_path(quoted)
        except KeyError as exc:
            raise ValidationError(
                [f"missing path parameter {exc}"], endpoint=endpoint.name
            ) from None
        return self._base_urls[endpoint.host] + path

    async def request(
        self,
        endpoint: Endpoint,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        path_params: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one operation, retrying per the credit-safe policy; return the decoded JSON."""
        url = self.url(endpoint, path_params)
        path = url[len(self._base_urls[endpoint.host]) :]
        headers = {
            "X-API-KEY": self._api_key,
            "Accept": "application/json",
            "User-Agent": _USER_AGENT,
        }
        body: bytes | None = None
        if json is not None:
            body = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        timeout = aiohttp.ClientTimeout(
            total=self._timeout or endpoint.timeout, sock_connect=_CONNECT_TIMEOUT
        )
        session = await self._get_session()
        loop = asyncio.get_running_loop()
        if self.limiter.rate(endpoint) is not None:
            # Let tasks started in the same tick (a fan-out's workers) finish their own
            # preparation before this one takes a pacing slot: a slot taken now would reach
            # the wire only after their CPU burst, late enough that request N + 1 lands in
            # its window (benchmarks/RESULTS.md, fan-out). Paced calls wait for slots anyway.
            await asyncio.sleep(0)

        attempt = 0
        while True:
            waited = await self.limiter.acquire(endpoint)
            await about_to_send()  # e.g. the fan-out's ledger: "submitted" from now on
            started = loop.time()
            _log.debug(
                "%s %s: attempt %d (waited %.3f s for the rate limit)",
                endpoint.method, path, attempt + 1, waited,
            )
            reply = await self._send(session, endpoint, url, body, headers, params, timeout)
            elapsed = loop.time() - started
            _log.info(
                "%s %s -> %s in %.3f s (attempt %d)",
                endpoint.method, path, reply.status or reply.outcome.value, elapsed, attempt + 1,
            )
            if reply.outcome is _retry.Outcome.OK:
                return reply.data

            decision = _retry.decide(
                reply.outcome,
                charges=endpoint.charges,
                attempt=attempt,
                max_retries=self._max_retries,
                retry_ambiguous=self._retry_ambiguous,
            )
            delay = _retry.backoff(attempt)
            if reply.outcome is _retry.Outcome.RATE_LIMITED:
                if reply.retry_after is not None and reply.retry_after > _retry.MAX_RETRY_AFTER:
                    decision = attrs.evolve(decision, retry=False)
                else:
                    hold = gate_seconds(self.limiter.rate(endpoint), reply.retry_after, delay)
                    closing = self.limiter.block(endpoint, hold)
                    if closing is not None:  # a shared store writes the gate first
                        await closing
                    delay = 0.0  # the gate does the waiting, for every task on this endpoint
            elif reply.retry_after is not None:  # 503 + Retry-After on a free call
                delay = reply.retry_after
                if delay > _retry.MAX_RETRY_AFTER:
                    decision = attrs.evolve(decision, retry=False)

            if not decision.retry:
                raise self._error(endpoint, path, reply, decision.may_have_charged)
            _log.info(
                "%s %s: retrying after %s%s (retry %d of %d)",
                endpoint.method, path, reply.status or reply.outcome.value,
                f" in {delay:.2f} s" if delay else " when the rate-limit gate reopens",
                attempt + 1, self._max_retries,
            )
            if delay:
                await asyncio.sleep(delay)
            attempt += 1

    async def _send(
        self,
        session: aiohttp.ClientSession,
        endpoint: Endpoint,
        url: str,
        body: bytes | None,
        headers: Mapping[str, str],
        params: Mapping[str, str] | None,
        client_timeout: aiohttp.ClientTimeout,
    ) -> _Reply:
        """One attempt. aiohttp's exceptions are caught here and nowhere else."""
        proxy = self.proxies.get(endpoint.host, _NO_PROXY)
        try:
            async with session.request(
                endpoint.method, url, data=body, params=params, headers=headers,
                timeout=client_timeout, allow_redirects=False,
                proxy=proxy.url, proxy_auth=proxy.auth,
            ) as response:
                raw = await response.read()
                status = response.status
                content_type = response.headers.get("Content-Type")
                retry_after = _retry.parse_retry_after(response.headers.get("Retry-After"))
        except aiohttp.ConnectionTimeoutError as exc:
            return _Reply(_retry.Outcome.NOT_SENT, failure=exc)
        except aiohttp.ClientConnectorError as exc:
            return _Reply(_retry.Outcome.NOT_SENT, failure=exc)
        except (TimeoutError, aiohttp.ClientError) as exc:
            return _Reply(_retry.Outcome.LOST, failure=exc)
        return _decode(status, raw, content_type, retry_after)

    def _redact(self, value: Any) -> Any:
        """``value`` with every occurrence of the API key replaced (servers echo input)."""
        if isinstance(value, str):
            return value.replace(self._api_key, "***")
        if isinstance(value, Mapping):
            return {k: self._redact(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact(v) for v in value]
        return value

    def _error(
        self, endpoint: Endpoint, path: str, reply: _Reply, may_have_charged: bool
    ) -> ProntoError:
        where: dict[str, Any] = {
            "method": endpoint.method,
            "path": path,
            "endpoint": endpoint.name,
            "may_have_charged": may_have_charged,
        }
        if reply.status is None:  # nothing came back
            failure = reply.failure
            sent = reply.outcome is not _retry.Outcome.NOT_SENT
            detail = self._redact(str(failure) or type(failure).__name__)
            if isinstance(failure, TimeoutError):
                timeout = self._timeout or endpoint.timeout
                cls: type[APIConnectionError] = APITimeoutError
                message = f"no answer within {timeout:g} s"
            else:
                cls = APIConnectionError
                message = f"connection failed: {detail}"
            error: ProntoError = cls(message, sent=sent, **where)
            error.__cause__ = failure
            return error
        body = self._redact(reply.data if reply.data is not None else reply.text)
        if reply.outcome is _retry.Outcome.GARBLED:
            return UnexpectedResponseError(
                _garbled_message(reply), status=reply.status, body=body,
                content_type=reply.content_type, **where,
            )
        message = server_message(body) or f"HTTP {reply.status}"
        error_cls = error_class_for(reply.status, message)
        if error_cls is RateLimitError:
            return RateLimitError(
                message, status=reply.status, body=body, retry_after=reply.retry_after, **where
            )
        api_error: APIError = error_cls(message, status=reply.status, body=body, **where)
        return api_error


def _decode(status: int, raw: bytes, content_type: str | None, retry_after: float | None) -> _Reply:
    """Turn a status and raw body into a reply: JSON when it is JSON, text otherwise."""
    text = raw.decode("utf-8", errors="replace")
    data: Any = None
    parsed = False
    if text.strip():
        try:
            data = jsonlib.loads(text)
            parsed = True
        except ValueError:
            pass
    outcome = _retry.Outcome.of_status(status)
    if outcome is _retry.Outcome.OK and text.strip() and not parsed:
        outcome = _retry.Outcome.GARBLED
    return _Reply(
        outcome,
        status=status,
        data=data,
        text=text[:_BODY_SNIPPET],
        content_type=content_type,
        retry_after=retry_after,
    )


def _garbled_message(reply: _Reply) -> str:
    snippet = " ".join(reply.text[:80].split())
    if "html" in (reply.content_type or "").lower() or reply.text.lstrip().startswith("<"):
        return (
            f"expected JSON, got an HTML page ({snippet!r}); "
            "check the base URL, a proxy, or the API key"
        )
    return f"expected JSON, got an unreadable body ({snippet!r}…)"

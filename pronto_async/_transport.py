"""The one request pipeline: limiter → send → decode → map errors → retry (DESIGN §4, §5).

This is the only module that touches aiohttp's request API, and the one place where aiohttp's
exceptions become ours (``raise … from``).

The API key goes into one header and nowhere else: not into logs, not into exceptions (server
messages that echo it are redacted), and not into a frame local of the request path, since
error trackers record those (Sentry does by default). The transport holds it as a
:class:`Secret`, masked in memory and redacted in its repr; the header dict that carries it is
built inside :func:`_exchange`, the one function that hands it to aiohttp, and a failure
aiohttp raises has its frames cleared and its copy of the request headers redacted before the
SDK keeps it as the ``__cause__`` of its own error.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import json as jsonlib
import logging
import platform
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from types import FrameType
from typing import Any, Final, NoReturn
from urllib.parse import quote

import aiohttp
import attrs
from aiohttp.helpers import get_env_proxy_for_url
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from . import _raw, _retry
from ._answer import note_status
from ._endpoints import Endpoint, Host
from ._hooks import RequestEvent, ResponseEvent, call_hooks
from ._limits import RateLimiter, gate_seconds
from ._options import Options, merge_headers
from ._sending import about_to_send
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ProntoError,
    UnexpectedResponseError,
    ValidationError,
    status_error,
)

__all__ = ["Proxy", "Secret", "Transport", "env_proxies"]

_log = logging.getLogger("pronto_async")

_USER_AGENT: Final = f"pronto-async/{__version__} python/{platform.python_version()}"
_BODY_SNIPPET: Final = 2000
#: Seconds allowed to open a connection (DNS + TCP + TLS) within an attempt's total timeout.
_CONNECT_TIMEOUT: Final = 10.0
_KEY_HEADER: Final = "X-API-KEY"
_REDACTED: Final = "<redacted>"
#: Shown as ``<redacted>`` wherever headers are shown (hooks, errors, raw responses).
_SECRET_HEADERS: Final = frozenset(
    {_KEY_HEADER.lower(), "authorization", "proxy-authorization", "cookie", "set-cookie"}
)
_NO_HEADERS: Final[Mapping[str, str]] = CIMultiDictProxy(CIMultiDict())


class Secret:
    """A string that must not be seen: masked in memory (XOR with a random pad, so no object
    graph a tracker or a debugger walks holds the text), redacted in ``repr``/``str``, not
    picklable. :meth:`reveal` gives it back, for the one place that sends it."""

    __slots__ = ("_length", "_masked", "_pad")

    def __init__(self, value: str) -> None:
        raw = value.encode()
        pad = secrets.token_bytes(len(raw))
        self._length = len(raw)
        self._pad = int.from_bytes(pad, "big")
        self._masked = int.from_bytes(raw, "big") ^ self._pad

    def reveal(self) -> str:
        return (self._masked ^ self._pad).to_bytes(self._length, "big").decode()

    def __repr__(self) -> str:
        return f"Secret({_REDACTED})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("an API key is not picklable")


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
    #: The response headers as received (shown only through :meth:`Transport._shown`).
    headers: Mapping[str, str] = attrs.field(factory=lambda: _NO_HEADERS)


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
    ) -> None:
        self._key = Secret(api_key)
        self._base_urls = {host: url.rstrip("/") for host, url in base_urls.items()}
        self.limiter = limiter
        self._get_session = get_session
        #: The proxy of each host (HTTPS_PROXY / NO_PROXY …), read once when the client
        #: opens its own session; empty for a session the user passed in (its own
        #: ``trust_env`` decides).
        self.proxies: Mapping[Host, Proxy] = {}
        #: The last ``Date`` header each host sent, with this machine's ``time.time()`` when
        #: it arrived: what :meth:`server_clock_offset` reads.
        self.server_dates: dict[Host, tuple[str, float]] = {}

    def server_clock_offset(self, host: Host = Host.APP) -> float | None:
        """Seconds the server's clock is ahead of this machine's (negative: behind), from the
        last ``Date`` header ``host`` sent (1 s resolution), or ``None`` before any."""
        seen = self.server_dates.get(host)
        if seen is None:
            return None
        header, local = seen
        try:
            server = email.utils.parsedate_to_datetime(header).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return server - local

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
        options: Options,
    ) -> Any:
        """Send one operation, retrying per the credit-safe policy; return the decoded JSON.

        ``options`` (the calling client's or view's) give the timeout, the retries, the
        ambiguity policy, the extra headers and the hooks of this request.

        Raises:
            ValidationError: a path parameter is blank, or ``json`` cannot be encoded (a value
                JSON cannot carry, a cycle, a lone surrogate); nothing was sent.
        """
        url = self.url(endpoint, path_params)
        path = url[len(self._base_urls[endpoint.host]) :]
        body = None if json is None else _encode(endpoint, json)
        seconds = options.timeout_for(endpoint)
        timeout = aiohttp.ClientTimeout(total=seconds, sock_connect=_CONNECT_TIMEOUT)
        headers = _headers(options, body is not None)
        hooked = bool(options.on_request or options.on_response)
        shown = self._shown({**headers, _KEY_HEADER: _REDACTED}) if hooked else _NO_HEADERS
        recorder = _raw.recording.get()
        session = await self._get_session()
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
            started = asyncio.get_running_loop().time()
            _log.debug(
                "%s %s: attempt %d (waited %.3f s for the rate limit)",
                endpoint.method, path, attempt + 1, waited,
            )
            if options.on_request:
                await call_hooks(options.on_request, RequestEvent(
                    operation=endpoint.name, method=endpoint.method, url=url, path=path,
                    attempt=attempt + 1, headers=shown,
                ))
                started = asyncio.get_running_loop().time()  # the hook's time is not the call's
            reply = await self._send(session, endpoint, url, body, params, timeout, headers)
            elapsed = asyncio.get_running_loop().time() - started
            _log.info(
                "%s %s -> %s in %.3f s (attempt %d)",
                endpoint.method, path, reply.status or reply.outcome.value, elapsed, attempt + 1,
            )
            if reply.outcome is _retry.Outcome.OK:
                # For whoever parses it (see _answer.receipt).
                note_status(reply.status, functools.partial(self._shown, reply.headers))
                if options.on_response:
                    await self._responded(options, endpoint, url, path, attempt, reply, elapsed,
                                          shown, retrying=False)
                if recorder is not None:
                    recorder.exchanges.append(_raw.Exchange(
                        operation=endpoint.name, status=reply.status or 0,
                        headers=self._shown(reply.headers), json=reply.data, elapsed=elapsed,
                        attempts=attempt + 1,
                    ))
                return reply.data

            decision = _retry.decide(
                reply.outcome,
                charges=endpoint.charges,
                attempt=attempt,
                max_retries=options.max_retries,
                retry_ambiguous=options.retry_ambiguous,
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

            if options.on_response:
                await self._responded(options, endpoint, url, path, attempt, reply, elapsed,
                                      shown, retrying=decision.retry)
            if not decision.retry:
                error = self._error(endpoint, path, reply, decision.may_have_charged, seconds)
                if isinstance(error, APIError):
                    error.headers = self._shown(reply.headers)
                raise error
            _log.info(
                "%s %s: retrying after %s%s (retry %d of %d)",
                endpoint.method, path, reply.status or reply.outcome.value,
                f" in {delay:.2f} s" if delay else " when the rate-limit gate reopens",
                attempt + 1, options.max_retries,
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
        params: Mapping[str, str] | None,
        client_timeout: aiohttp.ClientTimeout,
        request_headers: Mapping[str, str],
    ) -> _Reply:
        """One attempt. aiohttp's exceptions are caught here and nowhere else."""
        proxy = self.proxies.get(endpoint.host, _NO_PROXY)
        try:
            status, raw, headers = await _exchange(
                session, endpoint.method, url, self._key, body=body, params=params,
                timeout=client_timeout, proxy=proxy, headers=request_headers,
            )
        except aiohttp.ConnectionTimeoutError as exc:
            return _Reply(_retry.Outcome.NOT_SENT, failure=_scrubbed(exc))
        except aiohttp.ClientConnectorError as exc:
            return _Reply(_retry.Outcome.NOT_SENT, failure=_scrubbed(exc))
        except (TimeoutError, aiohttp.ClientError) as exc:
            return _Reply(_retry.Outcome.LOST, failure=_scrubbed(exc))
        except BaseException as exc:
            # A cancellation (the caller's asyncio.wait_for, a task group) leaves through
            # aiohttp's frames too; a tracker records it as the context of what follows.
            _scrubbed(exc)
            raise
        date = headers.get("Date")
        if date is not None:
            self.server_dates[endpoint.host] = (date, time.time())
        retry_after = _retry.parse_retry_after(headers.get("Retry-After"))
        return _decode(status, raw, headers, retry_after)

    def _shown(self, headers: Mapping[str, str]) -> Mapping[str, str]:
        """``headers`` safe to show (hooks, errors, raw responses): credentials and cookies
        as ``<redacted>``, any text equal to the API key replaced. Read-only, case-insensitive."""
        out: CIMultiDict[str] = CIMultiDict()
        for name, value in headers.items():
            # The key is revealed inside the expression, never held by a local.
            out.add(name, _REDACTED if name.lower() in _SECRET_HEADERS
                    else value.replace(self._key.reveal(), "***"))
        return CIMultiDictProxy(out)

    async def _responded(
        self, options: Options, endpoint: Endpoint, url: str, path: str, attempt: int,
        reply: _Reply, elapsed: float, shown: Mapping[str, str], *, retrying: bool,
    ) -> None:
        """Tell the ``on_response`` hooks how the attempt ended."""
        failure = reply.failure
        await call_hooks(options.on_response, ResponseEvent(
            operation=endpoint.name, method=endpoint.method, url=url, path=path,
            attempt=attempt + 1, status=reply.status, headers=self._shown(reply.headers),
            request_headers=shown, elapsed=elapsed,
            outcome=reply.outcome.value,
            retrying=retrying,
            error=None if failure is None
            else self._redact(str(failure) or type(failure).__name__),
        ))

    def _redact(self, value: Any) -> Any:
        """``value`` with every occurrence of the API key replaced (servers echo input)."""
        if isinstance(value, str):
            return value.replace(self._key.reveal(), "***")
        if isinstance(value, Mapping):
            return {k: self._redact(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact(v) for v in value]
        return value

    def _error(
        self, endpoint: Endpoint, path: str, reply: _Reply, may_have_charged: bool,
        timeout: float,
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
        return status_error(reply.status, body, retry_after=reply.retry_after, **where)


def _encode(endpoint: Endpoint, body: Any) -> bytes:
    """The JSON body as bytes, or a ValidationError before anything is sent: resource methods
    validate their bodies already; this also guards what ``pronto.request`` is given."""
    try:
        text = jsonlib.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValidationError(
            [f"the request body cannot be encoded as JSON: {exc}"], endpoint=endpoint.name
        ) from None
    try:
        return text.encode()
    except UnicodeEncodeError as exc:
        raise ValidationError(
            [f"the request body cannot be encoded as UTF-8: a lone surrogate "
             f"{text[exc.start]!r} (fix how the text was decoded)"], endpoint=endpoint.name,
        ) from None


async def _exchange(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    key: Secret,
    *,
    body: bytes | None,
    params: Mapping[str, str] | None,
    timeout: aiohttp.ClientTimeout,
    proxy: Proxy,
    headers: Mapping[str, str],
) -> tuple[int, bytes, Mapping[str, str]]:
    """One request and its whole answer. The only frame where the key is text: the header
    dict is built in the call (no local holds it), and the response, whose ``request_info``
    carries the headers, does not outlive this function."""
    async with session.request(
        method, url, data=body, params=params, timeout=timeout, allow_redirects=False,
        proxy=proxy.url, proxy_auth=proxy.auth,
        headers={**headers, _KEY_HEADER: key.reveal()},
    ) as response:
        return response.status, await response.read(), response.headers


def _headers(options: Options, has_body: bool) -> dict[str, str]:
    """The request's headers but the key: the SDK's, then the options' extra headers (which
    cannot name the SDK's own: :class:`~pronto_async._options.Options` refuses them)."""
    headers = {"Accept": "application/json", "User-Agent": options.user_agent(_USER_AGENT)}
    if has_body:
        headers["Content-Type"] = "application/json"
    return dict(merge_headers(headers, options.headers)) if options.headers else headers


def _scrubbed(failure: BaseException) -> BaseException:
    """``failure`` made safe to keep, report or re-raise: the frames of aiohttp (and of this
    module) in its traceback and in those of the exceptions chained to it are cleared of their
    locals (aiohttp's request frames hold the header dict), and any copy of the request
    headers aiohttp put on it (``ClientResponseError.request_info``) is redacted. Frames of
    other code (an exception of the caller's that happened to be chained) are left alone."""
    seen: set[int] = set()
    todo: list[BaseException] = [failure]
    while todo:
        exc = todo.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None:
            if _holds_request(tb.tb_frame):
                # A frame still executing is our own _send, which holds no key.
                with contextlib.suppress(RuntimeError):
                    tb.tb_frame.clear()
            tb = tb.tb_next
        for name, value in list(vars(exc).items()):
            if isinstance(value, aiohttp.RequestInfo):
                setattr(exc, name, _redacted_info(value))
            elif name == "history":
                setattr(exc, name, ())  # earlier responses carry the request headers too
        if any(isinstance(arg, aiohttp.RequestInfo) for arg in exc.args):
            # ClientResponseError passes (request_info, history) to Exception.__init__ too.
            exc.args = tuple(
                _redacted_info(arg) if isinstance(arg, aiohttp.RequestInfo)
                else () if isinstance(arg, tuple) else arg
                for arg in exc.args
            )
        todo.extend(e for e in (exc.__cause__, exc.__context__) if e is not None)
    return failure


def _holds_request(frame: FrameType) -> bool:
    module = str(frame.f_globals.get("__name__", ""))
    return module == __name__ or module.split(".", 1)[0] in ("aiohttp", "multidict", "yarl")


def _redacted_info(info: aiohttp.RequestInfo) -> aiohttp.RequestInfo:
    headers = CIMultiDict(info.headers)
    if _KEY_HEADER in headers:
        headers[_KEY_HEADER] = _REDACTED
    return info._replace(headers=CIMultiDictProxy(headers))


def _decode(
    status: int, raw: bytes, headers: Mapping[str, str], retry_after: float | None
) -> _Reply:
    """Turn a status and raw body into a reply: JSON when it is JSON, text otherwise."""
    content_type = headers.get("Content-Type")
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
        headers=headers,
    )


def _garbled_message(reply: _Reply) -> str:
    snippet = " ".join(reply.text[:80].split())
    if "html" in (reply.content_type or "").lower() or reply.text.lstrip().startswith("<"):
        return (
            f"expected JSON, got an HTML page ({snippet!r}); "
            "check the base URL, a proxy, or the API key"
        )
    return f"expected JSON, got an unreadable body ({snippet!r}…)"

"""Every exception pronto_async raises.

::

    ProntoError
    ├── ValidationError            (also ValueError) bad input, raised before any request
    ├── QuotaExceededError         a per-day quota is used up; nothing was sent
    ├── AmbiguousChargeError       the ledger holds an input that may have been charged
    ├── ClaimedElsewhereError      another live run sharing the ledger is sending this input
    ├── LedgerError                the ledger cannot be read or written (names its file)
    ├── JobFailedError             a followed job ended in an error status
    ├── JobTimeoutError            (also TimeoutError) a followed job did not end in time
    ├── LimiterUnavailableError    the shared rate limiter's store (Redis) cannot be reached
    ├── RunStoppedError            a fan-out was stopped before this input finished
    │   └── NotSentError           ... before it was sent: nothing was charged
    ├── RepeatedFailureError       a fan-out's first calls all failed the same way (wrong host?)
    ├── APIConnectionError         the request failed on the network
    │   └── APITimeoutError        (also TimeoutError) no answer in time
    └── APIError                   the server answered
        ├── UnexpectedResponseError    a 2xx that is not the JSON we expect (HTML, truncated)
        └── APIStatusError             a non-2xx status
            ├── BadRequestError            400
            ├── AuthenticationError        401 (and a missing API key, before any request)
            ├── PermissionDeniedError      403
            ├── NotFoundError              404
            ├── UnprocessableEntityError   422
            │   ├── InsufficientCreditsError   not enough credits (402, or any status that says so)
            │   ├── PlanLimitError             the plan's limits refuse it (monthly imports)
            │   └── ConsentRequiredError       personal-email consent missing
            ├── RateLimitError             429 (``retry_after``)
            └── InternalServerError        5xx

Every error that followed a request carries ``method``, ``path`` and ``endpoint`` (never the
API key), an :class:`APIError` the response ``headers`` (credentials redacted), and
``may_have_charged``: ``True`` when the request may have reached
the server and consumed credits although no usable answer came back. Re-sending such a call
may pay twice; see ``retry_ambiguous``.

A non-2xx answer becomes its class by what the body says before what the status says (see
:func:`error_class_for`): an error code (``{"error": "insufficient_credits"}``) at any status,
then a documented message at a 4xx, then the status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from multidict import CIMultiDict

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousChargeError",
    "AuthenticationError",
    "BadRequestError",
    "ClaimedElsewhereError",
    "ConsentRequiredError",
    "InsufficientCreditsError",
    "InternalServerError",
    "JobFailedError",
    "JobTimeoutError",
    "LedgerError",
    "LimiterUnavailableError",
    "NotFoundError",
    "NotSentError",
    "PermissionDeniedError",
    "PlanLimitError",
    "ProntoError",
    "QuotaExceededError",
    "RateLimitError",
    "RepeatedFailureError",
    "RunStoppedError",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
    "ValidationError",
]


class ProntoError(Exception):
    """Base of every pronto_async error.

    Attributes:
        message: What went wrong, in one sentence.
        method: HTTP method of the failed request, or ``None`` when none was made.
        path: Path of the failed request (no host, no query), or ``None``.
        endpoint: The SDK's operation name (``"accounts.enrich"``), or ``None``.
        may_have_charged: ``True`` when credits may have been consumed.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        endpoint: str | None = None,
        may_have_charged: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.endpoint = endpoint
        self.may_have_charged = may_have_charged

    def __str__(self) -> str:
        where = f"{self.method} {self.path}: " if self.method and self.path else ""
        charged = " (the request may have been charged)" if self.may_have_charged else ""
        return f"{where}{self.message}{charged}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, not by constructor arguments: most errors take required
        keyword-only arguments, which :class:`Exception`'s default (``cls(*args)``) cannot
        give back, so an error raised in a worker process (``multiprocessing``,
        ``concurrent.futures``, Celery's pickle serializer) could not reach its parent."""
        state = dict(self.__dict__)
        headers = state.get("headers")
        if isinstance(headers, Mapping) and not isinstance(headers, dict | CIMultiDict):
            state["headers"] = CIMultiDict(headers)  # a read-only proxy does not pickle
        return (_rebuild, (type(self), self.args, state))


def _rebuild(cls: type[ProntoError], args: tuple[Any, ...], state: dict[str, Any]) -> ProntoError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ValidationError(ProntoError, ValueError):
    """The arguments are invalid; raised before any request, so nothing was charged.

    Attributes:
        problems: Every problem found, not just the first.
    """

    def __init__(self, problems: Iterable[str], *, endpoint: str | None = None) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        prefix = f"invalid arguments for {endpoint}: " if endpoint else "invalid arguments: "
        super().__init__(prefix + "; ".join(self.problems), endpoint=endpoint)


class QuotaExceededError(ProntoError):
    """A per-day quota is used up in this process; nothing was sent.

    Attributes:
        retry_after: Seconds until the oldest counted request leaves the 24 h window.
    """

    def __init__(self, message: str, *, endpoint: str, retry_after: float) -> None:
        super().__init__(message, endpoint=endpoint)
        self.retry_after = retry_after


class AmbiguousChargeError(ProntoError):
    """A ledger says an earlier run sent this input and may have been charged without getting
    a result; it is not re-sent unless the run (or the client) has ``retry_ambiguous=True``
    (``may_have_charged`` is ``True``)."""


class ClaimedElsewhereError(ProntoError):
    """Another run sharing the ledger claimed this input and is sending it now; this run did
    not send it (nothing was charged by this run). Raised for that input only when the
    ledger was opened with ``on_claimed="report"``; by default the run waits for the other
    run's result instead.

    Attributes:
        run_id: The other run's id.
        pid: Its process id.
        host: The host name it runs on.
    """

    def __init__(self, message: str, *, run_id: str, pid: int, host: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.run_id = run_id
        self.pid = pid
        self.host = host


class LedgerError(ProntoError):
    """The ledger cannot be used: its file is not a database (corrupt, truncated, a
    directory), cannot be opened, or stayed locked by another process past the ledger's
    ``lock_timeout``. The message names the file.

    A request is never sent without its claim written, so an input whose claim failed this
    way was not sent. When the write of a *paid result* fails, the fan-out's outcome keeps
    the result in ``outcome.value`` next to this error: keep it, the ledger does not have it.

    Attributes:
        path: The ledger's file (or store address).
    """

    def __init__(self, message: str, *, path: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.path = path


class JobFailedError(ProntoError):
    """A job ended in an error status (a search: ``RATE_LIMITED``, ``UNAUTHORIZED``,
    ``FORBIDDEN`` or ``ERROR``).

    Attributes:
        job_id: The job's id.
        status: The status it ended in.
    """

    def __init__(self, message: str, *, job_id: str, status: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.job_id = job_id
        self.status = status


class JobTimeoutError(ProntoError, TimeoutError):
    """A job did not end within the time given to ``wait()`` or its iterator.

    Attributes:
        job_id: The job's id; the job itself goes on on the server.
    """

    def __init__(self, message: str, *, job_id: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.job_id = job_id


class LimiterUnavailableError(ProntoError):
    """The shared rate limiter could not be consulted (Redis down, unreachable, refusing the
    script); nothing was sent, since a request never leaves without a slot. Opt in to a
    per-process fallback with ``RedisLimiter(url, fallback="local")``."""


class RunStoppedError(ProntoError):
    """A fan-out was asked to stop (``run.stop()``, the first Ctrl-C of ``pronto enrich``)
    before this input finished. With ``may_have_charged`` it was sent (an asynchronous
    enrichment whose id is in the ledger: a re-run follows it without paying again)."""


class NotSentError(RunStoppedError):
    """A fan-out stopped before this input was sent: nothing was charged, a re-run sends it."""


class RepeatedFailureError(ProntoError):
    """The first calls of a fan-out all failed the same way (a 5xx, an answer that is not
    JSON): every row would, so the run stops instead of spending the whole file on it. Most
    often the host is wrong; the message names the setting to check.

    Attributes:
        failures: How many calls failed alike before the run stopped.
        first: The first of those errors.
    """

    def __init__(self, message: str, *, failures: int, first: ProntoError, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.failures = failures
        self.first = first


class APIConnectionError(ProntoError):
    """The request failed on the network: refused, reset, dropped, or TLS failure.

    Attributes:
        sent: ``False`` when the failure happened before the request could reach the server.
    """

    def __init__(self, message: str, *, sent: bool, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.sent = sent


class APITimeoutError(APIConnectionError, TimeoutError):
    """No complete answer arrived within the timeout."""


class APIError(ProntoError):
    """The server answered, but not with what was asked for.

    Attributes:
        status: HTTP status code.
        body: The decoded JSON body, or up to 2,000 characters of the raw text.
        headers: The response headers (case-insensitive; cookies and credentials shown as
            ``<redacted>``), empty when the error was not made from a response.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.status = status
        self.body = body
        self.headers: Mapping[str, str] = headers if headers is not None else {}

    def __str__(self) -> str:
        where = f"{self.method} {self.path} -> " if self.method and self.path else ""
        charged = " (the request may have been charged)" if self.may_have_charged else ""
        return f"{where}{self.status}: {self.message}{charged}"


class UnexpectedResponseError(APIError):
    """A 2xx answer whose body is not the JSON expected: an HTML page, truncated JSON.

    Attributes:
        content_type: The ``Content-Type`` the server sent.
    """

    def __init__(self, message: str, *, content_type: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.content_type = content_type


class APIStatusError(APIError):
    """A non-2xx answer.

    Attributes:
        code: The machine-readable error code the body carried (``"insufficient_credits"``:
            ``{"error": "insufficient_credits"}``, ``{"code": …}``, ``{"error": {"code": …}}``),
            or ``None`` when it carried words or nothing.
    """

    def __init__(self, message: str, *, code: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.code = code


class BadRequestError(APIStatusError):
    """400: the server rejected the arguments."""


class AuthenticationError(APIStatusError):
    """401, or no API key configured at all (then ``status`` is 401 and nothing was sent)."""


class PermissionDeniedError(APIStatusError):
    """403: the key has no access to this operation."""


class NotFoundError(APIStatusError):
    """404: no such object (or, for enrichment of an account, no such company)."""


class UnprocessableEntityError(APIStatusError):
    """422: the server understood the request and refused it."""


class InsufficientCreditsError(UnprocessableEntityError):
    """Not enough credits: buy more, every further paid call would be refused the same way.

    Raised whatever the status when the body says so: Pronto answers 422 ``"Insufficient
    enrichment credits"`` (real-usage.md §2), 401 ``"Insufficient credits"`` for some signals
    (reference, signals/growth), and ``{"error": "insufficient_credits"}`` when the balance is
    empty (the code named by Pronto's n8n node, ``Pipecorn/n8n-nodes-pipecorn`` README.md,
    "Credits and errors"). A 402 Payment Required is this error too, unless its body names a
    plan limit (then :class:`PlanLimitError`). A fan-out stops at it.
    """


class PlanLimitError(UnprocessableEntityError):
    """The plan's limits refuse the request (``"Search exceeds your monthly import limits"``):
    credits do not help, a bigger plan or the next period does. A fan-out stops at it.

    Pronto's own CLI has this class and maps to it a 422 whose message matches
    ``/import limits|plan limit/`` (``Pipecorn/cli-pipecorn`` src/api/errors.ts,
    src/api/client.ts; the message is the fixture of test/api/client.test.ts). Here the same
    words map at any 4xx (and a 402), and so do codes such as ``plan_limit_reached`` or
    ``monthly_import_limit_exceeded``. A subclass of :class:`UnprocessableEntityError`, the
    class such a 422 had before, so ``except UnprocessableEntityError`` still catches it.
    """


class ConsentRequiredError(UnprocessableEntityError):
    """422: personal-email enrichment needs the account's GDPR consent (settings page)."""


class RateLimitError(APIStatusError):
    """429 after every allowed retry, or with a ``Retry-After`` too long to wait.

    Attributes:
        retry_after: Seconds the server asked to wait, when it said.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


STATUS_ERRORS: Final[Mapping[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientCreditsError,  # Payment Required: see InsufficientCreditsError
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

_CREDITS: Final = re.compile(
    r"insufficient (enrichment )?(credits?|balance)|not enough (enrichment )?credits"
    r"|out of credits|no credits? (left|remaining)|credits? (exhausted|depleted)",
    re.I,
)
# "import limits" in the plural, as in Pronto's message: "the import limit must be <= 1000"
# would be about the ``limit`` argument, not the plan.
_PLAN_LIMIT: Final = re.compile(
    r"\bimport limits\b|\b(plan|monthly|subscription)( \w+)? limits?\b", re.I
)
_PLAN_LIMIT_CODE: Final = re.compile(
    r"\b(import|plan|monthly|subscription)( \w+)? limits?\b", re.I
)
_CONSENT: Final = re.compile(r"without consenting|consent", re.I)

# Documented messages that name a more precise cause than the status does, read at a 4xx:
# 422 "Insufficient enrichment credits" (real-usage.md §2); growth answers 401
# "Insufficient credits" (reference, signals/growth); 422 consent (sync_single_enrich);
# 422 "Search exceeds your monthly import limits" (Pipecorn/cli-pipecorn
# test/api/client.test.ts, matched there by /import limits|plan limit/).
_MESSAGE_ERRORS: Final[tuple[tuple[re.Pattern[str], type[APIStatusError]], ...]] = (
    (_CREDITS, InsufficientCreditsError),
    (_PLAN_LIMIT, PlanLimitError),
    (_CONSENT, ConsentRequiredError),
)
# Error codes, read as words (``insufficient_credits`` -> "insufficient credits").
_CODE_ERRORS: Final[tuple[tuple[re.Pattern[str], type[APIStatusError]], ...]] = (
    (_CREDITS, InsufficientCreditsError),
    (_PLAN_LIMIT_CODE, PlanLimitError),
    (_CONSENT, ConsentRequiredError),
)

#: What an error code looks like: ``insufficient_credits``, ``PLAN_LIMIT``, ``import-limit``
#: (words joined by ``_``, ``-`` or ``.``), never a sentence or a bare word.
_CODE_SHAPE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)+$")
_CODE_GLUE: Final = re.compile(r"[_.-]+")


def error_class_for(status: int, message: str, code: str | None = None) -> type[APIStatusError]:
    """The exception class for a non-2xx answer.

    In order: the body's error ``code`` (any status: a code is meant for machines, whatever
    status carries it), the documented message (a 4xx: a 5xx that mentions credits is still
    the server failing), then the status (``STATUS_ERRORS``; any 5xx is
    :class:`InternalServerError`, any other status :class:`APIStatusError`).

    Args:
        status: The HTTP status.
        message: The server's words (:func:`server_message`).
        code: The body's error code (:func:`server_code`), if any.
    """
    if code:
        words = _CODE_GLUE.sub(" ", code)
        for pattern, cls in _CODE_ERRORS:
            if pattern.search(words):
                return cls
    if 400 <= status < 500:
        for pattern, cls in _MESSAGE_ERRORS:
            if pattern.search(message):
                return cls
    if status >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status, APIStatusError)


def server_message(body: Any) -> str | None:
    """The server's own words from an error body: ``error``, then ``message``, then ``errors``.

    ``error`` is skipped when it is not text (the reference shows ``{"error": 400, "message":
    "…"}``); an ``error`` object gives its own ``message`` (``{"error": {"code": …,
    "message": …}}``).
    """
    if isinstance(body, str):
        return body.strip() or None
    if not isinstance(body, Mapping):
        return None
    for key in ("error", "message"):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    nested = body.get("error")
    if isinstance(nested, Mapping):
        inner = server_message({k: v for k, v in nested.items() if k != "error"})
        if inner is not None:
            return inner
    errors = body.get("errors")
    if isinstance(errors, str):
        return errors
    if isinstance(errors, list):
        parts = [
            e if isinstance(e, str) else str(e.get("message") or e.get("detail") or e)
            for e in errors
            if isinstance(e, str | Mapping)
        ]
        return "; ".join(parts) or None
    if isinstance(errors, Mapping):  # {"field": ["problem", ...]}
        return "; ".join(f"{k}: {v}" for k, v in errors.items()) or None
    return None


def server_code(body: Any) -> str | None:
    """The machine-readable error code of an error body, or ``None``.

    Read from ``code`` or ``error_code``, from ``error`` when it is a code rather than a
    sentence (``{"error": "insufficient_credits"}``, the form Pronto's n8n node documents,
    ``Pipecorn/n8n-nodes-pipecorn`` README.md), or from an ``error`` object's ``code`` or
    ``type``. A value counts as a code when it is words joined by ``_``, ``-`` or ``.``.
    """
    if not isinstance(body, Mapping):
        return None
    nested = body.get("error")
    candidates = [body.get("code"), body.get("error_code"), nested]
    if isinstance(nested, Mapping):
        candidates += [nested.get("code"), nested.get("type")]
    for value in candidates:
        if isinstance(value, str) and _CODE_SHAPE.match(value.strip()):
            return value.strip()
    return None


def status_error(
    status: int, body: Any, *, retry_after: float | None = None, **where: Any
) -> APIStatusError:
    """The exception for a non-2xx answer whose (redacted) body is ``body``.

    Args:
        status: The HTTP status.
        body: The decoded JSON body, or the raw text.
        retry_after: The ``Retry-After`` seconds, kept on a :class:`RateLimitError`.
        **where: ``method``, ``path``, ``endpoint``, ``may_have_charged``.
    """
    message = server_message(body) or f"HTTP {status}"
    code = server_code(body)
    cls = error_class_for(status, message, code)
    if cls is RateLimitError:
        return RateLimitError(
            message, status=status, body=body, code=code, retry_after=retry_after, **where
        )
    return cls(message, status=status, body=body, code=code, **where)

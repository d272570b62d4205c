"""The options every request reads: one frozen value per client (or view), validated once.

:class:`Options` holds what may differ from one call to the next (timeouts, retries, the
ambiguity policy, extra headers, the User-Agent suffix, hooks); what a client shares with its
views (the session, the rate limits, the ledger, the key) is not here. ``AsyncPronto(...)``
builds one from its settings; :meth:`AsyncPronto.with_options` evolves it into a view, as
openai's ``client.with_options(timeout=5, max_retries=0)`` does
(openai/openai-python, ``src/openai/_client.py``, ``copy``/``with_options``).

Timeouts: a value given for one call (``with_options(timeout=...)`` or a method's
``timeout=``) is that call's timeout, whatever the operation. ``timeouts={"contacts.enrich":
200}`` sets operations by name. The client-wide ``AsyncPronto(timeout=...)`` replaces the
general default (30 s); an operation whose table row has a longer default of its own (the
synchronous enrichment waterfall's 120 s, the LinkedIn feeds' 60 s) keeps the longer of its
own and the client-wide value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, TypedDict

import attrs

from ._endpoints import ENDPOINTS, Endpoint
from ._hooks import Hook, RequestHook, ResponseHook, as_hooks
from .errors import ValidationError

__all__ = [
    "GENERAL_TIMEOUT", "INIT_KEYS", "CallOptions", "ClientOptions", "Options", "merge_headers"
]

#: The default timeout of an operation whose table row sets none (``Endpoint.timeout``).
GENERAL_TIMEOUT: Final[float] = Endpoint(
    name="", method="GET", path="", charges=False, ref=""
).timeout

_NAMES: Final = frozenset(e.name for e in ENDPOINTS)
_TOKEN: Final = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
#: Headers the SDK sets itself and no option may replace: the credentials, the framing, the
#: body's type, and the User-Agent (``user_agent_suffix`` appends to it instead).
_RESERVED: Final = {
    "x-api-key": "it carries the API key; give the key as api_key=",
    "authorization": "Pronto authenticates with the API key header, set from api_key=",
    "proxy-authorization": "proxy credentials come from HTTPS_PROXY or ~/.netrc",
    "host": "the host comes from base_url / enrich_base_url",
    "content-length": "the SDK frames the body",
    "transfer-encoding": "the SDK frames the body",
    "content-type": "the SDK sends JSON bodies",
    "user-agent": "use user_agent_suffix= to add your application's name",
}
_SUFFIX_MAX: Final = 200
_EMPTY: Final[Mapping[str, Any]] = MappingProxyType({})


class CallOptions(TypedDict, total=False):
    """Options of one call: ``pronto.with_options(**options)``, or a method's keywords.

    Attributes:
        timeout: Total seconds per attempt of this call, whatever the operation; ``None``
            goes back to the client's timeouts.
        max_retries: Retries after the first attempt, for what the credit-safe policy allows.
        retry_ambiguous: Also re-send a charging call that may already have been charged.
        extra_headers: Headers sent with the request, over the client's ``default_headers``
            (not the API key's header, ``Authorization``, ``Content-Type``, ``User-Agent``).
    """

    timeout: float | None
    max_retries: int
    retry_ambiguous: bool
    extra_headers: Mapping[str, str]


class ClientOptions(CallOptions, total=False):
    """What :meth:`~pronto_async.AsyncPronto.with_options` takes: :class:`CallOptions` and
    these, which are usually set once per client.

    Attributes:
        timeouts: Seconds per attempt by operation name (``{"contacts.enrich": 200}``),
            merged over the client's.
        user_agent_suffix: Your application's name (``"acme-crm-sync/2.1"``), appended to
            the SDK's User-Agent so Pronto can tell your traffic apart; ``None`` removes it.
        on_request: Hooks added after the client's, called before every attempt.
        on_response: Hooks added after the client's, called after every attempt.
    """

    timeouts: Mapping[str, float]
    user_agent_suffix: str | None
    on_request: RequestHook | Sequence[RequestHook] | None
    on_response: ResponseHook | Sequence[ResponseHook] | None


#: What ``with_options`` accepts, and what only the constructor does.
_VIEW_KEYS: Final = frozenset(ClientOptions.__annotations__) | frozenset(
    CallOptions.__annotations__
)
#: What the constructor sets (``default_*`` instead of ``extra_headers``).
INIT_KEYS: Final = (_VIEW_KEYS - {"extra_headers"}) | {"default_timeout", "default_headers"}


def _repr_headers(headers: Mapping[str, str]) -> str:
    # Values may be credentials of the caller's own (a gateway token): names only.
    return "{" + ", ".join(f"{name!r}: '***'" for name in headers) + "}"


def _repr_hooks(hooks: tuple[Hook, ...]) -> str:
    return "[" + ", ".join(getattr(h, "__qualname__", type(h).__name__) for h in hooks) + "]"


@attrs.frozen(kw_only=True, repr=False)
class Options:
    """Everything the pipeline reads for one request, frozen.

    Build one with :meth:`build` (validated); evolve one with :meth:`evolve`. Clients build
    theirs from their settings; users meet it as ``pronto.options``.

    Attributes:
        timeout: Seconds per attempt for every operation (set per call or per view), or
            ``None``: the timeouts below decide.
        default_timeout: The client-wide timeout (``AsyncPronto(timeout=...)``): it replaces
            the general 30 s default; an operation with a longer default of its own (the
            waterfall's 120 s) keeps the longer of the two. ``None``: the table's defaults.
        timeouts: Seconds per attempt by operation name, over ``default_timeout``.
        max_retries: Retries after the first attempt.
        retry_ambiguous: Re-send charging calls that may already have been charged.
        headers: Extra headers sent with every request (``default_headers`` and
            ``extra_headers`` merged; case-insensitive names, later ones win).
        user_agent_suffix: Appended to the SDK's User-Agent, or ``None``.
        on_request: Hooks called before every attempt.
        on_response: Hooks called after every attempt.
    """

    timeout: float | None = None
    default_timeout: float | None = None
    # Mappings are left out of the hash (equal options still hash alike).
    timeouts: Mapping[str, float] = attrs.field(default=_EMPTY, hash=False)
    max_retries: int = 3
    retry_ambiguous: bool = False
    headers: Mapping[str, str] = attrs.field(default=_EMPTY, hash=False)
    user_agent_suffix: str | None = None
    on_request: tuple[Hook, ...] = ()
    on_response: tuple[Hook, ...] = ()

    @classmethod
    def build(cls, **settings: Any) -> Options:
        """Options from the constructor's settings (:class:`ClientOptions`' keys, with
        ``default_timeout`` and ``default_headers`` instead of ``extra_headers``).

        Raises:
            ValidationError: every invalid setting, named.
            TypeError: an unknown setting.
        """
        problems: list[str] = []
        options = _DEFAULT.changed(settings, problems, allowed=INIT_KEYS, where="Options")
        if problems:
            raise ValidationError(problems)
        return options

    def evolve(self, **changes: Any) -> Options:
        """These options with ``changes`` (:class:`ClientOptions`' keys) applied: headers and
        ``timeouts`` merged over the current ones, hooks added after them.

        Raises:
            ValidationError: every invalid option, named.
            TypeError: an unknown option.
        """
        problems: list[str] = []
        options = self.changed(changes, problems, allowed=_VIEW_KEYS, where="with_options")
        if problems:
            raise ValidationError(problems)
        return options

    def changed(
        self, changes: Mapping[str, Any], problems: list[str], *, allowed: frozenset[str],
        where: str,
    ) -> Options:
        """:meth:`evolve`'s engine: the new options, problems appended to ``problems``."""
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise TypeError(f"{where}() got an unexpected keyword argument {unknown[0]!r}")
        new: dict[str, Any] = {}
        for key, value in changes.items():
            if key in ("timeout", "default_timeout"):  # the constructor calls both "timeout"
                new[key] = _seconds("timeout", value, problems, optional=True)
            elif key == "timeouts":
                new[key] = MappingProxyType({**self.timeouts, **_timeouts(value, problems)})
            elif key == "max_retries":
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    problems.append(f"max_retries must be an integer >= 0, got {value!r}")
                new[key] = value
            elif key == "retry_ambiguous":
                if not isinstance(value, bool):
                    problems.append(f"retry_ambiguous must be True or False, got {value!r}")
                new[key] = value
            elif key in ("extra_headers", "default_headers"):
                new["headers"] = merge_headers(self.headers, _headers(key, value, problems))
            elif key == "user_agent_suffix":
                new[key] = _suffix(value, problems)
            else:  # on_request, on_response
                new[key] = getattr(self, key) + as_hooks(key, value, problems)
        return attrs.evolve(self, **new) if not problems else self

    def timeout_for(self, endpoint: Endpoint) -> float:
        """Seconds one attempt of ``endpoint`` may take (see the module's rule)."""
        if self.timeout is not None:
            return self.timeout
        named = self.timeouts.get(endpoint.name)
        if named is not None:
            return named
        if self.default_timeout is None:
            return endpoint.timeout
        if endpoint.timeout == GENERAL_TIMEOUT:
            return self.default_timeout
        return max(self.default_timeout, endpoint.timeout)

    def user_agent(self, base: str) -> str:
        """``base`` (the SDK's User-Agent) with the suffix appended."""
        return f"{base} {self.user_agent_suffix}" if self.user_agent_suffix else base

    def __repr__(self) -> str:
        fields = [
            f"timeout={self.timeout!r}",
            f"default_timeout={self.default_timeout!r}",
            f"timeouts={dict(self.timeouts)!r}",
            f"max_retries={self.max_retries!r}",
            f"retry_ambiguous={self.retry_ambiguous!r}",
            f"headers={_repr_headers(self.headers)}",
            f"user_agent_suffix={self.user_agent_suffix!r}",
            f"on_request={_repr_hooks(self.on_request)}",
            f"on_response={_repr_hooks(self.on_response)}",
        ]
        return f"Options({', '.join(fields)})"


_DEFAULT: Final = Options()


def merge_headers(base: Mapping[str, str], over: Mapping[str, str]) -> Mapping[str, str]:
    """``over`` on top of ``base``, names compared case-insensitively (read-only)."""
    replaced = {name.lower() for name in over}
    merged = {k: v for k, v in base.items() if k.lower() not in replaced}
    merged.update(over)
    return MappingProxyType(merged)


def _seconds(name: str, value: Any, problems: list[str], *, optional: bool) -> float | None:
    if value is None and optional:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        problems.append(f"{name} must be > 0 seconds (a finite number), got {value!r}")
        return None
    return float(value)


def _timeouts(value: Any, problems: list[str]) -> dict[str, float]:
    if not isinstance(value, Mapping):
        problems.append(f"timeouts must be a mapping of operation name to seconds, got {value!r}")
        return {}
    out: dict[str, float] = {}
    for name, seconds in value.items():
        if name not in _NAMES:
            problems.append(f"timeouts: unknown operation {name!r}")
            continue
        checked = _seconds(f"timeouts[{name!r}]", seconds, problems, optional=False)
        if checked is not None:
            out[name] = checked
    return out


def _headers(key: str, value: Any, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        problems.append(f"{key} must be a mapping of header name to value, got {value!r}")
        return {}
    out: dict[str, str] = {}
    for name, text in value.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            problems.append(f"{key}: {name!r} is not a valid header name")
            continue
        reason = _RESERVED.get(name.lower())
        if reason is not None:
            problems.append(f"{key}: {name} cannot be set ({reason})")
            continue
        if not isinstance(text, str) or any(c in text for c in "\r\n\0"):
            # The value is not echoed: it may be a credential.
            problems.append(f"{key}[{name!r}] must be a string without line breaks")
            continue
        out[name] = text
    return out


def _suffix(value: Any, problems: list[str]) -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > _SUFFIX_MAX
        or not value.isprintable()
    ):
        problems.append(
            f"user_agent_suffix must be printable text of 1 to {_SUFFIX_MAX} characters "
            f"(your application's name and version), got {value!r}"
        )
        return None
    return value.strip()

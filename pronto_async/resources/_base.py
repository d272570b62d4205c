"""What every resource shares: the client handle, parsing, and docstrings from the table.

A resource method does three things (DESIGN §3): validate its arguments into a body (pure,
before any request), ``request`` it, structure the JSON into a model.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from .. import _recover
from .._answer import parse as _parse
from .._answer import receipt
from .._answer import shape_error as _shape_error
from .._convert import Model
from .._endpoints import endpoint
from .._options import CallOptions
from .._recover import ByName
from .._validate import Problems
from ..errors import ProntoError
from ..jobs import Job
from ..webhooks import Subscription, WebhookReceiver

if TYPE_CHECKING:
    from .._client import AsyncPronto

__all__ = ["ByName", "Resource", "named", "operation", "webhook_target"]

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])
J = TypeVar("J", bound=Job[Any])

_log = logging.getLogger("pronto_async")

#: Attribute naming the operation a method performs (read by tests and the docs).
OPERATION_ATTR: Final = "__pronto_operation__"
#: The keywords every operation method takes for one call (``timeout=``, ``max_retries=``…).
CALL_OPTIONS: Final = frozenset(CallOptions.__annotations__)


def operation(name: str) -> Callable[[F], F]:
    """Mark a method as performing operation ``name``: append the table's facts (rate limit,
    credits, retry policy, reference section) to its docstring, so they cannot drift, and
    take the per-call options (:class:`~pronto_async.CallOptions`) as keywords.

    The docstring is cleaned (:func:`inspect.cleandoc`) before the facts are appended at the
    same left margin, so ``inspect.getdoc()`` and ``help()`` keep its ``Args:``/``Returns:``
    sections where they were written.

    The options (``timeout=``, ``max_retries=``, ``retry_ambiguous=``, ``extra_headers=``)
    are taken out of the keywords before the method runs; when any is given, the method runs
    on the same resource of ``client.with_options(**options)`` (a view sharing the session,
    the limits and the ledger), so they apply to every request the call makes: a returned
    job's polls and a returned pager's pages included, as openai's per-call options do
    (openai/openai-python, ``src/openai/_base_client.py``, ``FinalRequestOptions``). A
    keyword that is neither a parameter nor an option is a ``TypeError``, as Python's own.
    """
    facts = _facts(name)

    def mark(method: F) -> F:
        wrapper = _with_call_options(method)
        wrapper.__doc__ = _with_facts(method.__doc__, facts)
        setattr(wrapper, OPERATION_ATTR, name)
        return wrapper

    return mark


def _with_call_options(method: F) -> F:
    """``method`` taking :class:`~pronto_async.CallOptions` as keywords (see
    :func:`operation`); a coroutine function stays one, and so does an async generator."""
    parameters = inspect.signature(method).parameters.values()
    named = frozenset(
        p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    )
    where = method.__qualname__

    def bound(resource: Resource, kwargs: dict[str, Any]) -> Resource:
        """The resource to run on, with the options taken out of ``kwargs``."""
        options: dict[str, Any] = {}
        for key in [k for k in kwargs if k not in named]:
            if key not in CALL_OPTIONS:
                raise TypeError(f"{where}() got an unexpected keyword argument {key!r}")
            options[key] = kwargs.pop(key)
        if not options:
            return resource
        return type(resource)(resource._client.with_options(**options))

    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def call(self: Resource, /, *args: Any, **kwargs: Any) -> Any:
            return await method(bound(self, kwargs), *args, **kwargs)

        return call  # type: ignore[return-value]

    if inspect.isasyncgenfunction(method):

        @functools.wraps(method)
        async def stream(self: Resource, /, *args: Any, **kwargs: Any) -> Any:
            # Closed with this one (a caller's break), not left to the garbage collector.
            async with contextlib.aclosing(method(bound(self, kwargs), *args, **kwargs)) as items:
                async for item in items:
                    yield item

        return stream  # type: ignore[return-value]

    @functools.wraps(method)
    def plain(self: Resource, /, *args: Any, **kwargs: Any) -> Any:
        # A method returning a pager: bound now, so the pages are fetched through the view.
        return method(bound(self, kwargs), *args, **kwargs)

    return plain  # type: ignore[return-value]


def _facts(name: str) -> str:
    """The endpoint table's facts about operation ``name``, as docstring lines."""
    row = endpoint(name)
    rate = f"{row.rate} per key" if row.rate else "none documented"
    credits = f"{row.credits} per request" if row.credits is not None else "not documented"
    if row.type_credits is not None:
        credits = ", ".join(f"{n} per {t} found" for t, n in row.type_credits.items())
        credits += " (Pronto's CLI estimate; the reference states none)"
    retry = (
        "not re-sent once it may have reached the server (may_have_charged)"
        if row.charges
        else "retried on 408/409/429/5xx, connection errors and timeouts"
    )
    return (
        f"Operation: ``{row.method} {row.path}`` ({row.host.value} host).\n"
        f"Rate limit: {rate}.\n"
        f"Credits: {credits}.\n"
        f"Retries: {retry}.\n"
        f"Reference: {row.ref}"
    )


#: The ``**options`` entry every operation's ``Args:`` section ends with.
_OPTIONS_ARG: Final = (
    "    **options: Per-call options (:class:`~pronto_async.CallOptions`): ``timeout``,\n"
    "        ``max_retries``, ``retry_ambiguous``, ``extra_headers``; they apply to every\n"
    "        request of this call (a returned job's polls, a returned pager's pages)."
)
#: Google-style section headers that may follow ``Args:``.
_SECTIONS: Final = ("Returns:", "Yields:", "Raises:", "Examples:", "Example:", "Note:")


def _with_facts(doc: str | None, facts: str) -> str:
    """``doc`` cleaned, with ``**options`` ending its ``Args:`` section (made when missing,
    before ``Returns:``/``Raises:``) and ``facts`` appended, all at the same margin."""
    lines = inspect.cleandoc(doc).splitlines() if doc else []
    if "Args:" in lines:
        end = lines.index("Args:") + 1
        while end < len(lines) and (not lines[end] or lines[end].startswith(" ")):
            end += 1
        while lines[end - 1] == "":  # back over the blank lines closing the section
            end -= 1
        lines[end:end] = [_OPTIONS_ARG]
    else:
        at = next((i for i, line in enumerate(lines) if line in _SECTIONS), len(lines))
        block = ["Args:", _OPTIONS_ARG]
        lines[at:at] = [*block, ""] if at < len(lines) else (["", *block] if lines else block)
    return "\n".join(lines) + f"\n\n{facts}\n"


class Resource:
    """Base of the resources hung on :class:`AsyncPronto` (``pronto.accounts`` …)."""

    __slots__ = ("_client",)

    def __init__(self, client: AsyncPronto) -> None:
        self._client = client

    async def _call(
        self,
        name: str,
        model: type[M],
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        path_params: Mapping[str, str] | None = None,
    ) -> M:
        with receipt() as got:
            data = await self._client.request(
                name, json=json, params=params, path_params=path_params
            )
            got.body = data
        return _parse(name, data, model, status=got.status, headers=got.headers)

    async def _call_list(
        self,
        name: str,
        model: type[M],
        *,
        keys: Sequence[str],
        json: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> list[M]:
        """For collections that arrive as a bare list or as ``{key: [...]}``."""
        with receipt() as got:
            data = await self._client.request(name, json=json, params=params)
            got.body = data
        items = data
        if isinstance(data, Mapping):
            items = next((data[k] for k in keys if isinstance(data.get(k), list)), None)
        if data is None:
            items = []
        if not isinstance(items, list):
            raise _shape_error(
                name, data, f"a list (or an object with {', '.join(keys)})", status=got.status
            )
        return [_parse(name, item, model, status=got.status, headers=got.headers) for item in items]


    async def _start(
        self,
        name: str,
        model: type[M],
        job: Callable[..., J],
        *,
        json: Any,
        id_keys: Sequence[str],
        subscription: Subscription | None = None,
        expected: int | None = None,
        recover: ByName | None = None,
    ) -> J:
        """Start server-side work and wrap the answer in a job handle.

        Args:
            id_keys: Where the id may be, in order; ``"message.id"`` looks inside ``message``
                (the advanced search nests its record there).
            subscription: The webhook subscription the job reports to, if any.
            expected: How many results the webhook will carry, when known.
            recover: How to find the job again by name when the answer is lost (a timeout,
                a dropped connection, a 5xx, an unreadable body: anything that may have
                charged); the handle is then marked ``recovered``.

        Raises:
            UnexpectedResponseError: the answer carries no id (``may_have_charged`` tells
                whether the work may have started anyway).
            ProntoError: the request failed and the work could not be found again (its
                message says what was looked for).
        """
        sent_at = time.time()
        try:
            with receipt() as got:
                data = await self._client.request(name, json=json)
                got.body = data
            response = _parse(name, data, model, status=got.status, headers=got.headers)
            job_id = _find_id(data, id_keys)
            if job_id is None:
                raise _shape_error(
                    name, data, f"an id under {' or '.join(id_keys)}", status=got.status
                )
        except ProntoError as error:
            if recover is None or not error.may_have_charged:
                raise
            found = await _recover.recover(self._client, recover, json, sent_at, error)
            _recover.remember(self._client, str(found.id))
            _log.warning(
                "%s: the answer was lost (%s); found the %s again by name: %s",
                name, type(error).__name__, recover.kind, found.id,
            )
            return job(
                id=str(found.id),
                response=_parse(name, recover.answer(found), model, status=None),
                client=self._client, subscription=subscription, expected=expected,
                recovered=True,
            )
        if recover is not None:
            _recover.remember(self._client, job_id)
        return job(
            id=job_id, response=response, client=self._client, subscription=subscription,
            expected=expected,
        )


def named(
    p: Problems,
    name: Any,
    label: str,
    *,
    kind: Literal["search", "import"] = "search",
    nest: str | None = None,
) -> tuple[str | None, ByName]:
    """The ``name`` to send (the caller's, or a unique one made from ``label`` when none is
    given) and how to find the job again by it if the creation's answer is lost."""
    if name is None:
        return _recover.fresh_name(label), ByName(
            field="name", kind=kind, generated=True, nest=nest
        )
    return p.text("name", name), ByName(field="name", kind=kind, nest=nest)


def webhook_target(
    p: Problems, webhook_url: Any, webhook: Any
) -> tuple[Any, Subscription | None]:
    """``webhook_url``, or a fresh unguessable path on ``webhook`` (a receiver) that the job
    will read its results from. Giving both is a problem."""
    if webhook is None:
        return webhook_url, None
    if not isinstance(webhook, WebhookReceiver):
        p.add(f"webhook must be a WebhookReceiver, got {type(webhook).__name__}")
        return webhook_url, None
    if webhook_url is not None:
        p.add("give webhook_url or webhook, not both")
        return webhook_url, None
    subscription = webhook.subscribe()
    return subscription.url, subscription


def _find_id(data: Any, keys: Sequence[str]) -> str | None:
    for key in keys:
        value: Any = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None

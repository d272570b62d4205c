"""Reading a 2xx answer into a model: the real HTTP status, empty bodies, and what an
unreadable body is reported as.

The transport returns the decoded JSON only (``AsyncPronto.request`` is public and returns
just that). The status of a successful answer reaches the code that parses it through a
:class:`Receipt`: :func:`receipt` opens one around a request, the transport writes the status
into it (:func:`note_status`), and the parser reads it, so an :class:`UnexpectedResponseError`
reports the status the server really sent (a 204, a 201) instead of assuming 200. The receipt
is a mutable object in a context variable, so it is seen (and written) from a task the
pipeline may spawn for the request (a copied context shares the object).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, TypeVar

from ._convert import Model, structure
from ._endpoints import endpoint
from .errors import UnexpectedResponseError

__all__ = [
    "EMPTY_IS_SUCCESS",
    "Receipt",
    "body_keys",
    "note_status",
    "parse",
    "receipt",
    "shape_error",
]

M = TypeVar("M", bound=Model)

#: Operations whose answer carries nothing the caller needs: an empty body (an empty 200, a
#: 204) is their success, parsed as the model with every field ``None``. Pronto's CLI reads an
#: empty body as ``{}`` on every call and prints success for ``jobs delete`` without reading it
#: (Pipecorn/cli-pipecorn, src/api/client.ts ``parseJson``, src/commands/jobs/delete.ts).
EMPTY_IS_SUCCESS: Final = frozenset({"searches.delete", "lists.update"})

#: How many of a body's keys an error message quotes.
_KEYS_QUOTED: Final = 12


class Receipt:
    """What the transport saw of one successful answer: its status, and the decoded body
    (written by the resource that parsed it)."""

    __slots__ = ("body", "headers", "status")

    def __init__(self) -> None:
        self.status: int | None = None
        self.body: Any = None
        #: The answer's headers as hooks see them (credentials redacted).
        self.headers: Mapping[str, str] | None = None


_RECEIPT: contextvars.ContextVar[Receipt | None] = contextvars.ContextVar(
    "pronto_async_receipt", default=None
)


@contextlib.contextmanager
def receipt() -> Iterator[Receipt]:
    """A fresh :class:`Receipt` for the requests made inside the block (the last one wins).

    Receipts nest: when the block ends, what it recorded is copied to the enclosing receipt,
    so a follower that opens one around ``client.searches.get(...)`` sees the status and body
    the resource method read.
    """
    outer = _RECEIPT.get()
    current = Receipt()
    token = _RECEIPT.set(current)
    try:
        yield current
    finally:
        _RECEIPT.reset(token)
        if outer is not None and current.status is not None:
            outer.status, outer.body = current.status, current.body
            outer.headers = current.headers


def note_status(
    status: int | None, headers: Callable[[], Mapping[str, str]] | None = None
) -> None:
    """Record the status (and the redacted headers, made only when a receipt is open) of a
    successful answer in the open receipt, if any (the transport's side)."""
    current = _RECEIPT.get()
    if current is not None and status is not None:
        current.status = status
        current.headers = headers() if headers is not None else None


def body_keys(data: Any) -> str:
    """The top-level keys of a decoded body, for a message (``"id, name, leads"``)."""
    if isinstance(data, Mapping):
        keys = [str(key) for key in data]
        if not keys:
            return "an empty object"
        shown = ", ".join(keys[:_KEYS_QUOTED])
        more = len(keys) - _KEYS_QUOTED
        return f"keys {shown}" + (f" and {more} more" if more > 0 else "")
    if data is None:
        return "an empty body"
    return f"a {type(data).__name__}, not an object"


def _described(data: Any, status: int | None) -> str:
    if data is None:
        return "an empty body" + (f" (HTTP {status})" if status is not None else "")
    if isinstance(data, Mapping):
        return f"an object with {body_keys(data)}"
    return type(data).__name__


def parse(
    name: str,
    data: Any,
    model: type[M],
    *,
    status: int | None,
    headers: Mapping[str, str] | None = None,
) -> M:
    """``data`` as ``model``; an empty body is a model with every field ``None`` for the
    operations of :data:`EMPTY_IS_SUCCESS`.

    Raises:
        UnexpectedResponseError: the body is not an object (nor an accepted empty body),
            reported with ``status``.
    """
    if data is None and name in EMPTY_IS_SUCCESS:
        return model()
    try:
        return structure(data, model)
    except (TypeError, ValueError) as exc:
        raise shape_error(
            name, data, f"an object for {model.__name__}", status=status, headers=headers
        ) from exc


def shape_error(
    name: str,
    data: Any,
    expected: str,
    *,
    status: int | None,
    detail: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> UnexpectedResponseError:
    """The error for a 2xx body of operation ``name`` that is not what was ``expected``.

    Args:
        status: The status the server sent; ``None`` for a body that came from no request
            (an answer rebuilt from a listing), reported as 200.
        detail: Replaces the default "got …" part of the message.
        headers: The answer's headers (redacted), carried by the error.
    """
    row = endpoint(name)
    got = detail or f"got {_described(data, status)}"
    return UnexpectedResponseError(
        f"expected {expected}, {got}",
        status=200 if status is None else status,
        body=data,
        headers=headers,
        method=row.method,
        path=row.path,
        endpoint=name,
        may_have_charged=row.charges,
    )

"""Checks the fake applies to request bodies, with the reference's statuses and messages.

A handler raises :class:`Reject` to answer an error; the helpers here raise it with the
documented wording where the reference gives one, and a plain, specific one otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn
from urllib.parse import urlsplit

__all__ = [
    "Reject",
    "at_least_one",
    "bad_request",
    "check_enum",
    "check_url",
    "given",
    "int_at_least",
    "missing_keys",
    "string_list",
    "unprocessable",
]


class Reject(Exception):
    """Answer ``status`` with JSON ``body`` instead of the operation's result."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body


def bad_request(message: str) -> NoReturn:
    """400 in the reference's shape ``{"error": 400, "message": ...}``."""
    raise Reject(400, {"error": 400, "message": message})


def unprocessable(message: str) -> NoReturn:
    raise Reject(422, {"error": message})


def given(value: Any) -> bool:
    """Present and not empty: ``None``, ``""``, ``[]`` and ``{}`` count as absent."""
    return value not in (None, "", [], {}) and value is not False


def at_least_one(body: Mapping[str, Any], names: Iterable[str]) -> None:
    """The reference's "Provide at least one of: a, b, c" 400."""
    names = list(names)
    if not any(given(body.get(n)) for n in names):
        bad_request("Provide at least one of: " + ", ".join(names))


def missing_keys(body: Mapping[str, Any], names: Iterable[str]) -> None:
    """The reference's "Missing required keys: a" 400 (signals/posts)."""
    missing = [n for n in names if body.get(n) in (None, "")]
    if missing:
        bad_request("Missing required keys: " + ", ".join(missing))


def check_url(body: Mapping[str, Any], name: str, *, required: bool) -> str | None:
    """``name`` must be an http(s) URL; 400 when missing (if required) or malformed.

    The fake accepts ``http://`` too, so tests can receive webhooks on loopback.
    """
    value = body.get(name)
    if value in (None, ""):
        if required:
            bad_request(f"Missing required keys: {name}")
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        bad_request(f"Invalid {name} format: {value!r}")
    return str(value)


def string_list(body: Mapping[str, Any], name: str) -> list[str] | None:
    """``name`` must be a JSON array of strings or numbers (422 otherwise)."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in value
    ):
        unprocessable(f"{name} must be an array of strings")
    return [str(v) for v in value]


def check_enum(body: Mapping[str, Any], name: str, allowed: type[enum.Enum]) -> None:
    """Every value of ``name`` (a list) must be one of ``allowed``; 422 lists the bad ones and
    the valid set, as the reference describes for ``functions``/``seniority_levels``."""
    values = string_list(body, name)
    if values is None:
        return
    valid = [str(m.value) for m in allowed]
    # The reference: en-dashes in company sizes are normalised to hyphens on the server.
    bad = [v for v in values if v.replace("\u2013", "-") not in valid]
    if bad:
        unprocessable(
            f"Invalid {name}: {', '.join(bad)}. Valid values: {', '.join(valid)}"
        )


def int_at_least(body: Mapping[str, Any], name: str, minimum: int) -> int | None:
    """``name`` must be an integer >= ``minimum`` when present (400 otherwise)."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        bad_request(f"{name} must be an integer >= {minimum}")
    return value

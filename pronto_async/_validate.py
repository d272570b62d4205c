"""Validation before spend: pure checks that collect every problem, then raise once.

Credits are money, so bad input is refused before any request with a ``ValidationError``
that lists all problems, not just the first.
"""

from __future__ import annotations

import enum
import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .errors import ValidationError

__all__ = ["Problems", "build_body"]

E = TypeVar("E", bound=enum.Enum)


class Problems:
    """Collects the problems of one call's arguments.

    Each ``check`` method returns the cleaned value (or ``None``) so a body can be built in
    the same pass; :meth:`raise_if_any` ends the pass.
    """

    __slots__ = ("_items", "operation")

    def __init__(self, operation: str) -> None:
        self.operation = operation
        self._items: list[str] = []

    def add(self, problem: str) -> None:
        self._items.append(problem)

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise ValidationError(self._items, endpoint=self.operation)

    def text(self, name: str, value: Any, *, required: bool = False) -> str | None:
        """A non-blank string, stripped."""
        if value is None:
            if required:
                self.add(f"{name} is required")
            return None
        if not isinstance(value, str):
            self.add(f"{name} must be a string, got {type(value).__name__}")
            return None
        stripped: str = value.strip()
        if not stripped:
            self.add(f"{name} must not be blank")
            return None
        return stripped

    def url(self, name: str, value: Any, *, required: bool = False) -> str | None:
        """An http(s) URL; a missing scheme is accepted (``www.linkedin.com/in/…``) and
        completed with ``https://``, since users paste LinkedIn URLs both ways."""
        text = self.text(name, value, required=required)
        if text is None:
            return None
        candidate = text if "://" in text else "https://" + text
        parts = urlsplit(candidate)
        host = parts.hostname
        if parts.scheme not in ("http", "https") or not host or (
            "." not in host and not is_loopback(host)
        ):
            self.add(f"{name} must be a URL, got {text!r}")
            return None
        return candidate

    def integer(
        self, name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(f"{name} must be an integer, got {type(value).__name__}")
            return None
        if minimum is not None and value < minimum:
            self.add(f"{name} must be >= {minimum}, got {value}")
            return None
        if maximum is not None and value > maximum:
            self.add(f"{name} must be <= {maximum}, got {value}")
            return None
        return value

    def boolean(self, name: str, value: Any) -> bool | None:
        if value is None:
            return None
        if not isinstance(value, bool):
            self.add(f"{name} must be True or False, got {value!r}")
            return None
        return value

    def mapping(self, name: str, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            self.add(f"{name} must be a mapping with string keys")
            return None
        return dict(value)

    def strings(self, name: str, value: Any, *, allow_empty: bool = False) -> list[str] | None:
        """A list of non-blank strings (a lone string is refused: it is a common slip)."""
        if value is None:
            return None
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            self.add(f"{name} must be a list of strings, got {type(value).__name__}")
            return None
        items = list(value)
        if not items and not allow_empty:
            self.add(f"{name} must not be empty")
            return None
        bad = [item for item in items if not isinstance(item, str) or not item.strip()]
        if bad:
            self.add(f"{name} must contain non-blank strings only, got {bad[:3]!r}")
            return None
        return [item.strip() for item in items]

    def ids(self, name: str, value: Any, *, allow_empty: bool = False) -> list[str] | None:
        """A list of IDs (LinkedIn geoRegion, industry, list IDs): strings or integers, sent as
        strings (the reference's examples use strings)."""
        if value is None:
            return None
        if isinstance(value, str | bytes | int) or not isinstance(value, Iterable):
            self.add(f"{name} must be a list of IDs, got {type(value).__name__}")
            return None
        items = list(value)
        if not items and not allow_empty:
            self.add(f"{name} must not be empty")
            return None
        out: list[str] = []
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool):
                out.append(str(item))
            elif isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.add(f"{name} must contain IDs (strings or integers), got {item!r}")
                return None
        return out

    def choices(
        self,
        name: str,
        value: Any,
        enum_cls: type[E],
        *,
        allow_empty: bool = False,
        normalise: Any = None,
    ) -> list[str] | None:
        """A list of values of ``enum_cls`` (members or their plain values), deduplicated in
        order; ``normalise`` maps a raw string to its canonical value first."""
        if value is None:
            return None
        if isinstance(value, str | bytes | enum.Enum) or not isinstance(value, Iterable):
            self.add(f"{name} must be a list, got {type(value).__name__}")
            return None
        valid = {str(member.value): member for member in enum_cls}
        out: list[str] = []
        unknown: list[Any] = []
        for item in value:
            raw = item.value if isinstance(item, enum.Enum) else item
            if isinstance(raw, int) and not isinstance(raw, bool):
                raw = str(raw)
            if isinstance(raw, str) and normalise is not None:
                raw = normalise(raw)
            if isinstance(raw, str) and raw in valid:
                if raw not in out:
                    out.append(raw)
            else:
                unknown.append(item)
        if unknown:
            self.add(
                f"{name} has values outside the documented list: {unknown[:5]!r} "
                f"(valid: {', '.join(valid)})"
            )
            return None
        if not out and not allow_empty:
            self.add(f"{name} must not be empty")
            return None
        return out

    def choice(self, name: str, value: Any, enum_cls: type[E]) -> str | None:
        """One value of ``enum_cls`` (a member or its plain value)."""
        if value is None:
            return None
        result = self.choices(name, [value], enum_cls)
        return result[0] if result else None

    def at_least_one(self, fields: Mapping[str, Any]) -> None:
        """At least one of ``fields`` was given (documented "provide at least one of")."""
        if all(v is None for v in fields.values()):
            self.add("provide at least one of: " + ", ".join(fields))


def build_body(
    problems: Problems, fields: Mapping[str, Any], extra_body: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The JSON body: ``fields`` without ``None`` values, then ``extra_body`` for fields the SDK
    does not know yet. ``extra_body`` may not silently override a field the SDK sets."""
    body = {k: v for k, v in fields.items() if v is not None}
    if extra_body is not None:
        extra = problems.mapping("extra_body", extra_body)
        if extra is not None:
            clash = sorted(set(extra) & set(body))
            if clash:
                problems.add(f"extra_body repeats fields set by arguments: {', '.join(clash)}")
            body.update(extra)
    problems.raise_if_any()
    return body


def is_loopback(host: str | None) -> bool:
    """``localhost`` or a loopback address: where plain ``http://`` is fine (a local test
    server, a FakePronto, a receiver on this machine)."""
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

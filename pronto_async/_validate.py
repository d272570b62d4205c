"""Validation before spend: pure checks that collect every problem, then raise once.

Credits are money, so bad input is refused before any request with a ``ValidationError``
that lists all problems, not just the first. What is refused everywhere, whatever the
argument:

- a string that cannot be encoded as UTF-8 (a lone surrogate such as ``"\\ud800"``, which
  broken decoders and JSON from JavaScript produce): nothing on the wire may carry one;
- for list arguments, anything that is not an ordered collection: a plain string (a common
  slip for ``["…"]``), ``bytes``/``bytearray``/``memoryview``, a dict (its keys would be
  sent) and a set or ``dict.keys()`` (no defined order, so the same call would send
  different bodies). Lists, tuples and other iterables (a generator) are accepted;
- for free-form JSON (``custom``, ``extra_body``): a value JSON cannot carry (a set, bytes,
  an object, ``NaN``), a key that is not a string, a container that contains itself, nesting
  deeper than :data:`MAX_DEPTH` levels;
- integers outside 64 bits (a 5,000-digit number is not an id, a count or a limit).
"""

from __future__ import annotations

import enum
import math
import reprlib
from collections.abc import Iterable, Mapping, Set
from typing import Any, Final, TypeVar

from ._urls import is_loopback, url_problem, webhook_problem
from .errors import ValidationError

__all__ = ["MAX_DEPTH", "MAX_INT", "Problems", "build_body", "is_loopback", "show"]

E = TypeVar("E", bound=enum.Enum)

#: How deep ``custom`` and ``extra_body`` may nest (a deeper one is a mistake, not data).
MAX_DEPTH: Final = 32
#: The largest integer sent: JSON parsers on the server side hold integers in 64 bits.
MAX_INT: Final = 2**63 - 1

_repr = reprlib.Repr()
_repr.maxlevel = 3
_repr.maxstring = 80
_repr.maxother = 60
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxfrozenset = _repr.maxdict = 5
_BAD: Final = object()


def show(value: Any) -> str:
    """``value`` for a problem message: short, bounded in depth (a 5,000-deep or circular
    value cannot make the message itself fail), and safe for any object."""
    try:
        return _repr.repr(value)
    except Exception:  # a hostile __repr__ must not replace the real problem
        return f"<{type(value).__name__}>"


def _completed(text: str) -> tuple[str, str | None]:
    """``text`` with ``https://`` added when it has no scheme (``www.linkedin.com/in/…``,
    ``hooks.example.com/h``), or why it cannot be completed: a relative or path-only value
    (``../../etc/passwd``, ``/hook``) or an e-mail-like one (``mailto:``, ``user@host``)."""
    if "://" in text:
        return text, None
    if text.startswith(("/", ".", "\\")):
        return text, "it is a relative path, not an absolute URL"
    if "@" in text.split("/", 1)[0] or text.lower().startswith(("mailto:", "javascript:", "data:")):
        return text, "it is not a web address"
    return "https://" + text, None


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

    # -- scalars ------------------------------------------------------------------------------

    def encodable(self, name: str, text: str) -> bool:
        """Whether ``text`` can go on the wire (UTF-8); a problem is filed when not."""
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            self.add(
                f"{name} contains a character that cannot be sent: the lone surrogate "
                f"{text[exc.start]!r} at position {exc.start} (fix how the text was decoded)"
            )
            return False
        return True

    def text(self, name: str, value: Any, *, required: bool = False) -> str | None:
        """A non-blank string, stripped."""
        if value is None:
            if required:
                self.add(f"{name} is required")
            return None
        if not isinstance(value, str):
            self.add(f"{name} must be a string, got {type(value).__name__}")
            return None
        stripped = str(value.strip())
        if not stripped:
            self.add(f"{name} must not be blank")
            return None
        if not self.encodable(name, stripped):
            return None
        return stripped

    def url(self, name: str, value: Any, *, required: bool = False) -> str | None:
        """An http(s) URL naming a real host; a missing scheme is accepted
        (``www.linkedin.com/in/…``) and completed with ``https://``, since users paste
        LinkedIn URLs both ways."""
        text = self.text(name, value, required=required)
        if text is None:
            return None
        candidate, problem = _completed(text)
        if problem is None:
            problem = url_problem(candidate)
        if problem is not None:
            self.add(f"{name} must be a URL ({problem}), got {show(text)}")
            return None
        return candidate

    def webhook(self, name: str, value: Any, *, required: bool = False) -> str | None:
        """Where Pronto will POST results: an absolute ``https://`` URL to a real host;
        ``http://`` only on loopback. The one rule for every webhook argument."""
        candidate = self.url(name, value, required=required)
        if candidate is None:
            return None
        problem = webhook_problem(candidate)
        if problem is not None:
            self.add(f"{name} must be an https:// URL ({problem}), got {show(value.strip())}")
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
        # A 5,000-digit number cannot even be printed (int-to-str limit): show its size.
        shown = value if abs(value) <= MAX_INT else f"a {value.bit_length()}-bit integer"
        if minimum is not None and value < minimum:
            self.add(f"{name} must be >= {minimum}, got {shown}")
            return None
        top = MAX_INT if maximum is None else maximum
        if value > top or value < -MAX_INT:
            self.add(f"{name} must be <= {top}, got {shown}")
            return None
        return int(value)

    def boolean(self, name: str, value: Any) -> bool | None:
        if value is None:
            return None
        if not isinstance(value, bool):
            self.add(f"{name} must be True or False, got {show(value)}")
            return None
        return value

    def path_id(self, name: str, value: Any) -> str:
        """An id for the path (``/searches/{id}``): a non-blank string, or an integer.

        Returns ``""`` when invalid, with the problem filed; the caller raises before sending.
        """
        if isinstance(value, int) and not isinstance(value, bool):
            if 0 <= value <= MAX_INT:
                return str(value)
            self.add(f"{name} must be a non-negative integer of at most 64 bits")
            return ""
        return self.text(name, value, required=True) or ""

    # -- JSON -------------------------------------------------------------------------------

    def mapping(self, name: str, value: Any) -> dict[str, Any] | None:
        """Free-form JSON data (``custom``, ``extra_body``): a mapping with string keys whose
        values JSON can carry, returned as plain dicts and lists."""
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.add(f"{name} must be a mapping with string keys, got {type(value).__name__}")
            return None
        clean = self._json(name, value, 0, set())
        return None if clean is _BAD else clean

    def _json(self, where: str, value: Any, depth: int, active: set[int]) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                self.add(f"{where} is a {value.bit_length()}-bit integer; at most 64 bits")
                return _BAD
            return int(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                self.add(f"{where} must be a finite number, got {value!r} (not valid JSON)")
                return _BAD
            return float(value)
        if isinstance(value, str):
            return str(value) if self.encodable(where, value) else _BAD
        if not isinstance(value, Mapping | list | tuple):
            self.add(f"{where} cannot be sent as JSON: {type(value).__name__} {show(value)}")
            return _BAD
        if id(value) in active:
            self.add(f"{where} contains itself (a circular reference)")
            return _BAD
        if depth >= MAX_DEPTH:
            self.add(f"{where} nests more than {MAX_DEPTH} levels deep")
            return _BAD
        active.add(id(value))
        try:
            if isinstance(value, Mapping):
                out: dict[str, Any] = {}
                for key, item in value.items():
                    if not isinstance(key, str):
                        self.add(f"{where} has a key that is not a string: {show(key)}")
                        return _BAD
                    if not self.encodable(f"{where} key {show(key)}", key):
                        return _BAD
                    clean = self._json(f"{where}[{show(key)}]", item, depth + 1, active)
                    if clean is _BAD:
                        return _BAD
                    out[str(key)] = clean
                return out
            items: list[Any] = []
            for index, item in enumerate(value):
                clean = self._json(f"{where}[{index}]", item, depth + 1, active)
                if clean is _BAD:
                    return _BAD
                items.append(clean)
            return items
        finally:
            active.discard(id(value))

    # -- lists ------------------------------------------------------------------------------

    def items(self, name: str, value: Any, what: str) -> list[Any] | None:
        """``value`` as a list, if it is an ordered collection (see the module's docstring);
        ``what`` names the expected items in the problem."""
        if isinstance(value, str):
            self.add(f"{name} must be a list of {what}, got a single string "
                     f"(write [{show(value)}])")
            return None
        if isinstance(value, bytes | bytearray | memoryview):
            self.add(f"{name} must be a list of {what}, got {type(value).__name__}")
            return None
        if isinstance(value, Mapping):
            self.add(f"{name} must be a list of {what}, got a {type(value).__name__} "
                     "(its keys would be sent)")
            return None
        if isinstance(value, Set):
            self.add(f"{name} must be a list of {what}, got a {type(value).__name__}, which "
                     "has no order (pass sorted(...) or a list)")
            return None
        if not isinstance(value, Iterable):
            self.add(f"{name} must be a list of {what}, got {type(value).__name__}")
            return None
        return list(value)

    def strings(self, name: str, value: Any, *, allow_empty: bool = False) -> list[str] | None:
        """A list of non-blank strings, stripped."""
        if value is None:
            return None
        items = self.items(name, value, "strings")
        if items is None:
            return None
        if not items and not allow_empty:
            self.add(f"{name} must not be empty")
            return None
        bad = [item for item in items if not isinstance(item, str) or not item.strip()]
        if bad:
            self.add(f"{name} must contain non-blank strings only, got {show(bad[:3])}")
            return None
        out = [str(item.strip()) for item in items]
        if not all(self.encodable(f"{name}[{i}]", item) for i, item in enumerate(out)):
            return None
        return out

    def ids(self, name: str, value: Any, *, allow_empty: bool = False) -> list[str] | None:
        """A list of IDs (LinkedIn geoRegion, industry, list IDs): strings or integers, sent as
        strings (the reference's examples use strings)."""
        if value is None:
            return None
        if isinstance(value, int):
            self.add(f"{name} must be a list of IDs, got {type(value).__name__}")
            return None
        items = self.items(name, value, "IDs")
        if items is None:
            return None
        if not items and not allow_empty:
            self.add(f"{name} must not be empty")
            return None
        out: list[str] = []
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= MAX_INT:
                out.append(str(item))
            elif isinstance(item, str) and item.strip():
                if not self.encodable(name, item):
                    return None
                out.append(str(item.strip()))
            else:
                self.add(f"{name} must contain IDs (strings or integers), got {show(item)}")
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
        if isinstance(value, enum.Enum):
            self.add(f"{name} must be a list, got {type(value).__name__} (write [{show(value)}])")
            return None
        items = self.items(name, value, "values")
        if items is None:
            return None
        valid = {str(member.value): member for member in enum_cls}
        out: list[str] = []
        unknown: list[Any] = []
        for item in items:
            raw = item.value if isinstance(item, enum.Enum) else item
            if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) <= MAX_INT:
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
                f"{name} has values outside the documented list: {show(unknown[:5])} "
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

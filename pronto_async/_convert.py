"""The private cattrs converter and the base of every response model.

Responses are parsed tolerantly, because the server's shapes drift (real-usage.md §10):

- an unknown field never fails: it is kept in the model's ``extra`` mapping;
- a missing field is ``None``;
- a field may arrive under several spellings (``phone``/``phones``, ``firstname``/
  ``first_name``/``firstName``): the model lists them and takes the first present; the
  others, if also present, are kept in ``extra``;
- a field whose value has the wrong type (``"abc"`` for a count) does not lose the rest of
  the response: the field is ``None``, the raw value is kept in ``extra`` under its wire name,
  and a warning is logged;
- scalars are converted only without loss: ``"26"`` becomes ``26`` but ``3.7`` never becomes
  ``3``, and ``"false"`` never becomes ``True``.

The converter is built by :func:`make_converter`, never the global cattrs one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Final, TypeVar, get_args, get_origin

import attrs
import cattrs

__all__ = ["CONVERTER", "Model", "make_converter", "structure", "unstructure", "wire"]

_log = logging.getLogger("pronto_async")

_WIRE: Final = "pronto_async.wire"

M = TypeVar("M", bound="Model")


def wire(*names: str, default: Any = None) -> Any:
    """An optional model field read from the first of ``names`` present in the payload.

    The first name is the one written back by :func:`unstructure`.
    """
    return attrs.field(default=default, metadata={_WIRE: names})


@attrs.frozen(kw_only=True)
class Model:
    """Base of every response model: frozen, keyword-only, tolerant.

    A subclass may set ``scalar_field`` (a ``ClassVar``) to accept a bare value for the whole
    model: ``Phone`` reads ``"+33…"`` as ``Phone(number="+33…")``. It may define a static
    ``reshape_wire(data) -> data`` to bring another shape of the same answer to the one its
    fields describe before they are read (the flat search detail); nothing may be dropped.
    """

    scalar_field: ClassVar[str | None] = None

    #: Fields the server sent that this model does not know (never lost).
    extra: Mapping[str, Any] = attrs.field(factory=dict, repr=False)


def _wire_names(field: attrs.Attribute[Any]) -> tuple[str, ...]:
    names: tuple[str, ...] = field.metadata.get(_WIRE, ())
    return names or (field.name,)


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a count")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return int(value.strip())
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return float(value.strip())
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise TypeError(f"expected a boolean, got {value!r}")


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    # Identifiers arrive as numbers on some endpoints and strings on others.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected text, got {type(value).__name__}")


def _is_list(type_: Any) -> bool:
    return get_origin(type_) in (list, Sequence)


def _list_structure_fn(conv: cattrs.Converter, type_: Any) -> Callable[[Any, Any], list[Any]]:
    args = get_args(type_)
    item_type = args[0] if args else Any

    def structure_list(value: Any, _: Any) -> list[Any]:
        # A single item where a list is expected becomes a one-item list ("phone": "+33…"),
        # and a string is never split into characters.
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            value = [value]
        return [conv.structure(item, item_type) for item in value]

    return structure_list


def _model_structure_fn(conv: cattrs.Converter, cls: type[M]) -> Callable[[Any, Any], M]:
    attrs.resolve_types(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "extra"]
    plan = [(f.name, _wire_names(f), f.type) for f in fields]
    # Each field's hook, looked up on first use (not here: a model may refer to one whose
    # hook is not built yet) instead of through the converter's dispatch on every value.
    hooks: list[Callable[[Any, Any], Any] | None] = [None] * len(plan)
    scalar_field: str | None = getattr(cls, "scalar_field", None)
    reshape: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = getattr(
        cls, "reshape_wire", None
    )

    def structure_model(data: Any, _: Any) -> M:
        if isinstance(data, cls):
            return data
        if scalar_field is not None and not isinstance(data, Mapping | list):
            data = {scalar_field: data}
        if not isinstance(data, Mapping):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        if reshape is not None:
            data = reshape(data)
        kwargs: dict[str, Any] = {}
        used: set[str] = set()
        extra: dict[str, Any] = {}
        for index, (name, wire_names, type_) in enumerate(plan):
            chosen = False
            for key in wire_names:
                if key not in data:
                    continue
                value = data[key]
                if value is None:
                    used.add(key)
                    continue
                if chosen:
                    continue  # a second spelling with a value of its own: kept in extra
                used.add(key)
                chosen = True
                hook = hooks[index]
                if hook is None:
                    hook = hooks[index] = conv.get_structure_hook(type_)
                try:
                    kwargs[name] = hook(value, type_)
                except Exception as exc:  # one bad field must not lose the rest of the response
                    extra[key] = value
                    _log.warning(
                        "%s.%s: kept the unreadable value in .extra[%r] (%s)",
                        cls.__name__, name, key, type(exc).__name__,
                    )
        for key, value in data.items():
            if key not in used:
                extra[key] = value
        return cls(extra=MappingProxyType(extra), **kwargs)

    return structure_model


def _model_unstructure_fn(conv: cattrs.Converter, cls: type[Model]) -> Callable[[Any], Any]:
    attrs.resolve_types(cls)
    fields = [(f.name, _wire_names(f)[0]) for f in attrs.fields(cls) if f.name != "extra"]

    def unstructure_model(obj: Model) -> dict[str, Any]:
        out: dict[str, Any] = dict(obj.extra)
        for name, key in fields:
            value = getattr(obj, name)
            if value is not None:
                out[key] = conv.unstructure(value)
        return out

    return unstructure_model


def make_converter() -> cattrs.Converter:
    """Build the converter every model goes through (never cattrs' global one)."""
    conv = cattrs.Converter()
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(Any, lambda value, _: value)
    conv.register_structure_hook_factory(_is_list, lambda t: _list_structure_fn(conv, t))
    conv.register_structure_hook_factory(_is_model, lambda cls: _model_structure_fn(conv, cls))
    conv.register_unstructure_hook_factory(_is_model, lambda cls: _model_unstructure_fn(conv, cls))
    conv.register_unstructure_hook(MappingProxyType, dict)
    return conv


CONVERTER: Final = make_converter()


def structure(data: Any, cls: type[M]) -> M:
    """Parse a decoded JSON object into ``cls``.

    Raises:
        TypeError, ValueError: ``data`` is not an object at all.
    """
    return CONVERTER.structure(data, cls)


def unstructure(obj: Model) -> dict[str, Any]:
    """The wire-shaped dict of a model, ``extra`` included (the inverse of :func:`structure`)."""
    result: dict[str, Any] = CONVERTER.unstructure(obj)
    return result

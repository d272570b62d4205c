"""Public classes show under ``pronto_async`` (or their public submodule), never under the
private module that defines them; pickling and cattrs still find them."""

from __future__ import annotations

import ast
import inspect
import pickle
import subprocess
import sys

import attrs
import pytest

import pronto_async
from pronto_async._convert import structure, unstructure


def _private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


PUBLIC_CLASSES = sorted(
    name for name in pronto_async.__all__ if inspect.isclass(getattr(pronto_async, name))
)


def test_there_are_classes_from_private_modules_to_check() -> None:
    assert {"AsyncPronto", "Pronto", "Rate", "Table", "LocalLimiter"} <= set(PUBLIC_CLASSES)


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_repr_and_module_name_no_private_module(name: str) -> None:
    cls = getattr(pronto_async, name)
    assert cls.__module__.startswith("pronto_async"), cls.__module__
    assert not _private(cls.__module__), f"{name}: {cls.__module__}"
    assert "._" not in repr(cls), repr(cls)
    home = sys.modules[cls.__module__]
    assert getattr(home, cls.__qualname__) is cls  # where pickle and pydoc look it up


def test_instances_name_no_private_module() -> None:
    client = pronto_async.AsyncPronto("key")
    assert "._" not in repr(type(client)) and "pronto_async._" not in repr(client)
    with pronto_async.Pronto("key") as pronto:
        assert "pronto_async._" not in repr(pronto) and "._" not in repr(type(pronto))


def test_pickling_finds_them_again() -> None:
    rate = pronto_async.Rate(10, 60.0)
    assert pickle.loads(pickle.dumps(rate)) == rate
    host = next(iter(pronto_async.Host))
    assert pickle.loads(pickle.dumps(host)) is host
    line = pronto_async.BadLine("not JSON")
    assert pickle.loads(pickle.dumps(line)) == line
    endpoint = pronto_async.ENDPOINTS[0]
    assert pickle.loads(pickle.dumps(endpoint)) == endpoint
    assert b"pronto_async._" not in pickle.dumps(rate)


def test_attrs_and_cattrs_still_read_their_types() -> None:
    moved = [n for n in PUBLIC_CLASSES if pronto_async._LAZY.get(n, "").startswith("._")]
    assert "Rate" in moved and "Table" in moved
    for name in moved:
        cls = getattr(pronto_async, name)
        if attrs.has(cls):
            attrs.resolve_types(cls)  # typing.get_type_hints under its new __module__
            assert not any(isinstance(f.type, str) for f in attrs.fields(cls)), name
    for model in (pronto_async.SearchDetail, pronto_async.Company):  # subclasses of Model
        attrs.resolve_types(model)
    rate = pronto_async.Rate(5, 1.0)
    assert structure(unstructure(rate), pronto_async.Rate) == rate


def test_a_fresh_interpreter_shows_loaded_classes_publicly() -> None:
    """Classes a program reaches without naming them (``Pronto`` builds an ``AsyncPronto``)
    are shown publicly too, once any public name has been loaded."""
    code = (
        "import pronto_async\n"
        "p = pronto_async.Pronto('key')\n"
        "print(repr([type(p._async).__module__, type(p).__module__]))\n"
        "p.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert ast.literal_eval(out) == ["pronto_async", "pronto_async"]

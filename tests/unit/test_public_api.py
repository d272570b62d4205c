"""What ``import pronto_async`` offers: explicit, sorted, complete, typed."""

from __future__ import annotations

import importlib.resources
import inspect

import pronto_async
from pronto_async import errors, models


def test_all_is_sorted_and_exists() -> None:
    names = pronto_async.__all__
    assert names == sorted(names)
    for name in names:
        assert hasattr(pronto_async, name), name


def test_every_public_error_and_model_is_exported() -> None:
    for module in (errors, models):
        for name in module.__all__:
            assert name in pronto_async.__all__, name
            assert getattr(pronto_async, name) is getattr(module, name)


def test_no_public_name_is_left_out() -> None:
    public = {
        name for name, value in vars(pronto_async).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public <= set(pronto_async.__all__)


def test_the_package_is_typed() -> None:
    assert importlib.resources.files("pronto_async").joinpath("py.typed").is_file()


def test_every_resource_method_documents_its_limit_and_cost() -> None:
    client = pronto_async.AsyncPronto("key")
    for resource in (client.account, client.accounts, client.contacts, client.locations):
        for name, method in inspect.getmembers(type(resource), inspect.iscoroutinefunction):
            if name.startswith("_"):
                continue
            doc = method.__doc__ or ""
            assert "Rate limit:" in doc and "Credits:" in doc and "Reference:" in doc, name

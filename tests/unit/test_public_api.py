"""What ``import pronto_async`` offers: explicit, sorted, complete, typed."""

from __future__ import annotations

import ast
import importlib.resources
import inspect
import subprocess
import sys

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
    assert set(pronto_async.__all__) <= set(dir(pronto_async))  # the lazy names too


def test_importing_the_package_loads_only_what_is_used() -> None:
    """``import pronto_async`` and the clients do not load the models, resources, webhook
    server or Redis limiter; a name's first use does (benchmarks/bench_import.py)."""
    code = (
        "import sys; from pronto_async import AsyncPronto, Pronto; "
        "print(sorted(m for m in sys.modules if m.startswith(('pronto_async', 'aiohttp.web', "
        "'redis'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = set(ast.literal_eval(out))  # a printed list of module names
    assert not {m for m in loaded if m.startswith(("pronto_async.models",
                                                    "pronto_async.resources", "aiohttp.web",
                                                    "redis"))}
    assert not loaded & {"pronto_async.webhooks", "pronto_async.jobs", "pronto_async.testing"}
    client = pronto_async.AsyncPronto("key")
    assert type(client.contacts).__name__ == "Contacts"  # built on first use
    assert client.contacts is client.contacts


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

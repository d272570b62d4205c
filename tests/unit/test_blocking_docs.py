"""The blocking facade documents what blocking code gets: iterators, Sync job handles and
plain values in ``help()`` and ``inspect.signature``, no ``async for``/``await`` in its
docstrings; while mypy still sees the same static types."""

from __future__ import annotations

import functools
import inspect
import pydoc
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from pronto_async import AsyncPronto, Pronto, _facade, jobs

_ASYNC_WORDS = re.compile(r"\basync\s+(for|with)\b|\bawait\s|\bAsyncPronto\b")
_ASYNC_RETURN = re.compile(
    r"\b(AsyncIterator|AsyncIterable|AsyncGenerator|AsyncPager|Awaitable|Coroutine)\b"
    r"|(?<!Sync)\b(SearchJob|EnrichmentJob|ImportJob|BulkEnrichmentJob|TrackingJob)\b"
)


def _sync_resources() -> dict[str, Any]:
    pronto = Pronto("key")
    names = [n for n, v in vars(Pronto).items() if isinstance(v, functools.cached_property)]
    resources = {name: getattr(pronto, name) for name in names}
    pronto.close()
    return resources


def _forwarded() -> list[tuple[str, Any]]:
    """Every forwarded method of every Sync resource and Sync job class, and ``request``."""
    found: list[tuple[str, Any]] = [("Pronto.request", Pronto.request)]
    holders: dict[str, type] = {name: type(r) for name, r in _sync_resources().items()}
    holders.update({cls.__name__: cls for cls in jobs._TWINS.values()})
    for holder_name, cls in holders.items():
        for name, value in vars(cls).items():
            if not name.startswith("_") and hasattr(value, "__wrapped__"):
                found.append((f"{holder_name}.{name}", value))
    return found


FORWARDED = _forwarded()


def test_every_resource_and_job_twin_is_covered() -> None:
    holders = {label.split(".")[0] for label, _ in FORWARDED}
    assert {"accounts", "contacts", "searches", "signals", "SyncSearchJob"} <= holders
    assert len(FORWARDED) >= 40


@pytest.mark.parametrize(("label", "method"), FORWARDED, ids=[label for label, _ in FORWARDED])
def test_signature_and_docstring_are_blocking(label: str, method: Any) -> None:
    original = method.__wrapped__
    signature = inspect.signature(method)
    returns = signature.return_annotation
    assert returns is not inspect.Signature.empty, label
    assert not _ASYNC_RETURN.search(str(returns)), f"{label} -> {returns}"
    assert not inspect.iscoroutinefunction(method) and not inspect.isasyncgenfunction(method)
    assert list(signature.parameters) == list(inspect.signature(original).parameters)
    doc = method.__doc__ or ""
    assert doc, label
    assert not _ASYNC_WORDS.search(doc), f"{label}: {_ASYNC_WORDS.search(doc)}"
    if inspect.isasyncgenfunction(original) or "Iterator" in str(returns):
        assert str(returns).startswith("Iterator["), f"{label} -> {returns}"


def test_the_rewrites_keep_the_async_docs_otherwise_unchanged() -> None:
    from pronto_async.resources.searches import Searches, SyncSearches

    doc = SyncSearches.list.__doc__ or ""
    assert "``for search in pronto.searches.list()``" in doc
    assert "A single-use iterator of :class:`SearchSummary`" in doc
    assert (Searches.list.__doc__ or "").replace("async for", "for").replace(
        "async iterator", "iterator"
    ) == doc
    assert inspect.signature(SyncSearches.list).return_annotation == "Iterator[SearchSummary]"
    assert inspect.signature(SyncSearches.get).return_annotation == "SearchDetail"


def test_job_starters_name_the_blocking_handles() -> None:
    from pronto_async.resources.leads import SyncLeads

    returns = str(inspect.signature(SyncLeads.advanced_search).return_annotation)
    assert returns.startswith("SyncSearchJob[")
    assert str(inspect.signature(jobs.SyncSearchJob.leads).return_annotation) == (
        "Iterator[SearchLead]"
    )
    assert str(inspect.signature(jobs.SyncSearchJob.wait).return_annotation) == "SearchDetail"


def test_help_shows_blocking_types() -> None:
    with Pronto("key") as pronto:
        text = pydoc.render_doc(pronto.searches.list, renderer=pydoc.plaintext)
        job_text = pydoc.render_doc(jobs.SyncSearchJob, renderer=pydoc.plaintext)
    assert "-> 'Iterator[SearchSummary]'" in text
    assert text.split("\n", 3)[2].startswith("list(")  # not "async list(...)"
    assert "leads(self, *, timeout: 'float | None' = None" in job_text
    assert "-> 'Iterator[SearchLead]'" in job_text
    assert "AsyncIterator" not in job_text and "async for" not in job_text


@pytest.mark.parametrize(
    ("annotation", "kind", "expected"),
    [
        ("AsyncIterator[SearchLead]", "iter", "Iterator[SearchLead]"),
        ("AsyncGenerator[int, None]", "iter", "Iterator[int]"),
        ("AsyncPager[Persona]", "iter", "Iterator[Persona]"),
        ("FanOut[Company]", "iter", "Iterator[Outcome[Company]]"),
        ("Awaitable[dict[str, Any]]", "call", "dict[str, Any]"),
        ("Coroutine[Any, Any, list[int]]", "call", "list[int]"),
        ("SearchDetail", "call", "SearchDetail"),
    ],
)
def test_return_rewrites(annotation: str, kind: str, expected: str) -> None:
    assert _facade._blocking_return(annotation, kind, ()) == expected


def test_doc_rewrites() -> None:
    doc = "``async for x in AsyncPronto().y()``; ``async with c:``; ``(await c.f()).g``"
    assert _facade.blocking_doc(doc) == "``for x in Pronto().y()``; ``with c:``; ``(c.f()).g``"
    assert _facade.blocking_doc("an async iterator of SearchJob", (("SearchJob", "S"),)) == (
        "an iterator of S"
    )
    assert _facade.blocking_doc(None) is None


def test_async_originals_are_untouched() -> None:
    assert "async for" in (AsyncPronto.map.__doc__ or "")
    from pronto_async.resources.searches import Searches

    assert "async for" in (Searches.list.__doc__ or "")
    assert str(inspect.signature(jobs.SearchJob.leads).return_annotation) == (
        "AsyncIterator[SearchLead]"
    )


_SNIPPET = textwrap.dedent(
    """
    from collections.abc import Iterator
    from pronto_async import Pronto, SearchDetail, SearchLead, SearchSummary, SyncSearchJob
    from pronto_async.models import AdvancedSearchStarted

    pronto = Pronto("key")
    listing: Iterator[SearchSummary] = pronto.searches.list()
    detail: SearchDetail = pronto.searches.get(id="abc")
    job: SyncSearchJob[AdvancedSearchStarted] = pronto.leads.advanced_search(name="x")
    leads: Iterator[SearchLead] = job.leads()
    waited: SearchDetail = job.wait()
    reveal_type(pronto.searches.list())
    reveal_type(job.leads())
    wrong: int = pronto.searches.get(id="abc")
    """
)


def test_mypy_sees_the_same_static_types(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(_SNIPPET)
    cache = Path(__file__).resolve().parents[2] / ".mypy_cache"
    out, err, status = api.run(
        [str(snippet), "--no-error-summary", "--cache-dir", str(cache), "--show-error-codes"]
    )
    lines = [line for line in out.splitlines() if "snippet.py" in line]
    assert any("Iterator[pronto_async.models.searches.SearchSummary]" in x for x in lines), out
    assert any("Iterator[pronto_async.models.searches.SearchLead]" in x for x in lines), out
    errors = [line for line in lines if ": error:" in line]
    assert len(errors) == 1 and "wrong" not in errors[0] and "SearchDetail" in errors[0], out
    assert status == 1, err


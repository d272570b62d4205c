"""Every operation's docstring, as ``inspect.getdoc()`` and ``help()`` show it: Google-style
sections at the left margin, every parameter documented in ``Args:`` (``**options`` last),
and the endpoint table's facts appended at the same margin."""

from __future__ import annotations

import inspect
import pydoc
import re
from collections.abc import Callable
from typing import Any

import pytest

from pronto_async import ENDPOINTS, AsyncPronto, Pronto
from pronto_async.resources._base import OPERATION_ATTR, _with_facts
from tests.unit.test_operations import operations

_SECTIONS = ("Args:", "Returns:", "Yields:", "Raises:")
_FACTS = ("Operation:", "Rate limit:", "Credits:", "Retries:", "Reference:")
#: An entry of a section (``    name: text``) or its continuation (8 spaces or more).
_ENTRY = re.compile(r"^    (\*{0,2}[\w, ]+|[A-Z]\w+(, [A-Z]\w+)*): \S")
_CONTINUATION = re.compile(r"^        \S")

_ASYNC = operations(AsyncPronto("key"))
_NAMES = sorted(_ASYNC)


def _sync_operations() -> dict[str, Callable[..., Any]]:
    client = Pronto("key")
    try:
        return {
            name: getattr(getattr(client, name.split(".")[0]), name.split(".")[1])
            for name in _NAMES
        }
    finally:
        client.close()


_SYNC = _sync_operations()


def _sections(doc: str) -> dict[str, list[str]]:
    """The lines under each section header, up to the next line at the margin."""
    lines = doc.splitlines()
    found: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if line in _SECTIONS:
            assert line not in found, f"{line} twice"
            body: list[str] = []
            for following in lines[index + 1:]:
                if following and not following.startswith(" "):
                    break
                body.append(following)
            while body and not body[-1]:
                body.pop()
            found[line] = body
    return found


def _check(name: str, method: Callable[..., Any]) -> None:
    doc = inspect.getdoc(method)
    assert doc, name
    lines = doc.splitlines()
    assert lines[0] and not lines[0][0].isspace(), (name, lines[0])
    # Only section bodies are indented, and only by the section's 4 (+4) spaces.
    sections = _sections(doc)
    assert "Args:" in sections, name
    for header, body in sections.items():
        assert body, (name, header)
        assert _ENTRY.match(body[0]) or header in ("Returns:", "Yields:"), (name, body[0])
        for line in body:
            assert (not line or _ENTRY.match(line) or _CONTINUATION.match(line)
                    or (header in ("Returns:", "Yields:") and line.startswith("    ")
                        and not line.startswith("     "))), (name, header, line)
    # Every parameter has its entry in Args, **options last.
    entries = [m.group(1) for line in sections["Args:"] if (m := _ENTRY.match(line))]
    documented = {part.strip() for entry in entries for part in entry.split(",")}
    parameters = [p for p in inspect.signature(method).parameters.values() if p.name != "self"]
    wanted = {("**" if p.kind is p.VAR_KEYWORD else "") + p.name for p in parameters}
    assert wanted <= documented, (name, wanted - documented)
    assert entries[-1] == "**options", name
    # The table's facts close the docstring, at the margin, one per line, in order.
    assert [line.split(":")[0] + ":" for line in lines[-len(_FACTS):]] == list(_FACTS), name
    row = {e.name: e for e in ENDPOINTS}[name]
    assert lines[-5] == f"Operation: ``{row.method} {row.path}`` ({row.host.value} host)."
    assert lines[-1] == f"Reference: {row.ref}"
    assert lines[-6] == "", name


@pytest.mark.parametrize("name", _NAMES)
def test_getdoc_shows_well_formed_sections_and_the_facts(name: str) -> None:
    _check(name, _ASYNC[name])
    assert getattr(_ASYNC[name], OPERATION_ATTR) == name


@pytest.mark.parametrize("name", _NAMES)
def test_the_blocking_twin_is_as_well_formed(name: str) -> None:
    _check(name, _SYNC[name])


@pytest.mark.parametrize("name", ["searches.get", "contacts.enrich", "account.credits"])
def test_help_renders_the_sections_under_the_summary(name: str) -> None:
    for method in (_ASYNC[name], _SYNC[name]):
        text = pydoc.render_doc(method, renderer=pydoc.plaintext)
        lines = text.splitlines()
        summary = inspect.getdoc(method).splitlines()[0]  # type: ignore[union-attr]
        margin = next(line for line in lines if line.strip() == summary).index(summary)
        for header in ("Args:", "Operation:"):
            (found,) = [line for line in lines if line.strip().startswith(header)]
            assert found.index(header) == margin, (name, header, found)
        (entry,) = [line for line in lines if line.strip().startswith("**options:")]
        assert entry.index("**options:") == margin + 4


def test_the_facts_go_to_the_margin_of_any_docstring() -> None:
    """The cases of ``_with_facts``: an Args section to end, one to add before Returns, one
    to add to a docstring with no section, none at all."""
    indented = """Summary.

        Args:
            x: The x.

        Returns:
            Something.
        """
    out = _with_facts(indented, "Operation: here.").splitlines()
    assert out[:3] == ["Summary.", "", "Args:"]
    assert out[3] == "    x: The x."
    assert out[4].startswith("    **options: ")
    assert out[out.index("Returns:") + 1] == "    Something."
    assert out[-1] == "Operation: here."

    no_args = _with_facts("Summary.\n\n        Raises:\n            E: bad.\n", "F.")
    assert no_args.splitlines()[:4] == ["Summary.", "", "Args:", no_args.splitlines()[3]]
    assert no_args.splitlines()[3].startswith("    **options: ")
    assert no_args.splitlines()[7] == "Raises:"

    prose = _with_facts("Summary only.", "F.").splitlines()
    assert prose[:4] == ["Summary only.", "", "Args:", prose[3]]
    assert prose[-2:] == ["", "F."]

    assert _with_facts(None, "F.").splitlines()[0] == "Args:"

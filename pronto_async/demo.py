"""The sandbox demo, kept importable as ``python -m pronto_async.demo``: ``pronto demo``.

    python -m pronto_async.demo [--contacts 300] [--seed 7] [--out PATH] [--progress MODE]

See :mod:`pronto_async.cli._demo` (what it runs) and ``pronto demo --help``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cli._demo import run, sample_contacts
from .cli._main import main as _main

__all__ = ["main", "run", "sample_contacts"]


def main(argv: Sequence[str] | None = None) -> int:
    """``pronto demo`` under its old name."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    return _main(["demo", *args], prog="python -m pronto_async.demo")


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``pronto`` command (DESIGN §11).

``pronto demo`` runs a bulk enrichment against an in-process sandbox; ``pronto sandbox``
serves one until Ctrl-C; ``pronto enrich contacts|accounts FILE`` enriches a CSV or JSONL file
with a ledger, so an interrupted run resumes without paying twice; ``pronto credits`` prints
the balance. Errors are one line on stderr: exit 2 for usage (bad flags, files, columns, no
key), 1 for what happened at run time (401, network), 130 after Ctrl-C.

The command is a thin layer over the public SDK: :class:`~pronto_async.AsyncPronto`,
``enrich_many`` with a :class:`~pronto_async.Ledger`, and
:class:`~pronto_async.testing.FakePronto`.
"""

from ._main import main

__all__ = ["main"]

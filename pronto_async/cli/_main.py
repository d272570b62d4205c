"""The ``pronto`` entry point: the argument parser and how every command ends.

A command returns its exit status or raises :class:`CLIError`, which becomes one line on
stderr (``pronto: error: ...``) and its status; an unexpected exception is reported the same
way (exit 1) rather than as a traceback, unless ``PRONTO_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .._version import __version__
from ..errors import ProntoError
from . import _credits, _demo, _enrich, _sandbox
from ._connect import runtime_error
from ._errors import EXIT_INTERRUPTED, EXIT_RUNTIME, EXIT_USAGE, CLIError

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line like every other error of the command."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser(prog: str = "pronto") -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(
        prog=prog,
        description="The Pronto API from the shell: a sandbox demo, a local sandbox server, "
        "file enrichment that resumes without paying twice, and the credit balance.",
        epilog="The API key comes from --api-key or PRONTO_API_KEY; the hosts from "
        "PRONTO_BASE_URL and PRONTO_ENRICH_BASE_URL. Exit status: 0 done, 1 runtime error, "
        "2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _demo.add_parser(commands)
    _sandbox.add_parser(commands)
    _enrich.add_parser(commands)
    _credits.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, prog: str = "pronto") -> int:
    """Run the ``pronto`` command; returns the exit status."""
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        status: int = args.run(args)
    except CLIError as exc:
        _fail(prog, str(exc))
        return exc.status
    except ProntoError as exc:
        _fail(prog, str(runtime_error(exc)))
        return EXIT_RUNTIME
    except KeyboardInterrupt:
        _fail(prog, "interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("PRONTO_DEBUG"):
            raise
        _fail(prog, f"unexpected {type(exc).__name__}: {exc} (PRONTO_DEBUG=1 shows where)")
        return EXIT_RUNTIME
    return status


def _fail(prog: str, message: str) -> None:
    sys.stdout.flush()
    print(f"{prog}: error: {message}", file=sys.stderr, flush=True)

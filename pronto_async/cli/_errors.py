"""How the command fails: one line on stderr and an exit status, never a traceback."""

from __future__ import annotations

from typing import Final

__all__ = ["EXIT_INTERRUPTED", "EXIT_RUNTIME", "EXIT_USAGE", "CLIError", "UsageError"]

#: A flag, a file, a column or the key is wrong: fix the command and run it again.
EXIT_USAGE: Final = 2
#: Something went wrong while running (401, the network, the server).
EXIT_RUNTIME: Final = 1
#: Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED: Final = 130


class CLIError(Exception):
    """An error the command reports as one line and exits with ``status``."""

    def __init__(self, message: str, *, status: int = EXIT_RUNTIME) -> None:
        super().__init__(message)
        self.status = status


class UsageError(CLIError):
    """The command line, an input file or the configuration is wrong (exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=EXIT_USAGE)

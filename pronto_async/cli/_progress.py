"""Progress on stderr: a tqdm bar when tqdm is installed (the ``cli`` extra) and stderr is a
terminal, otherwise a plain line every few seconds — or nothing (``--progress none``).

Modes: ``auto`` (the bar on a terminal, plain lines otherwise), ``bar`` (the bar even when
stderr is not a terminal; plain lines when tqdm is missing), ``plain``, ``none``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import time
from typing import IO, Any, Final, Protocol

__all__ = [
    "MODES", "NoProgress", "PlainProgress", "ProgressSink", "TqdmProgress", "make_progress",
]

MODES: Final = ("auto", "bar", "plain", "none")


class ProgressSink(Protocol):
    """What the commands report to."""

    def update(self, done: int, *, found: int, errors: int) -> None:
        """``done`` rows so far, ``found`` of them with a result, ``errors`` failed."""

    def note(self, message: str) -> None: ...

    def close(self) -> None: ...


class NoProgress:
    """``--progress none``: notes still go to stderr."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def update(self, done: int, *, found: int, errors: int) -> None:
        pass

    def note(self, message: str) -> None:
        print(message, file=self._stream, flush=True)

    def close(self) -> None:
        pass


class PlainProgress(NoProgress):
    """A line every ``interval`` seconds: fits logs and pipes."""

    def __init__(self, stream: IO[str], *, total: int | None, label: str,
                 interval: float = 2.0) -> None:
        super().__init__(stream)
        self._total = total
        self._label = label
        self._interval = interval
        self._started = time.monotonic()
        self._next = self._started + interval

    def update(self, done: int, *, found: int, errors: int) -> None:
        now = time.monotonic()
        if now < self._next and done != self._total:
            return
        self._next = now + self._interval
        of = f"/{self._total} ({done / self._total:.0%})" if self._total else ""
        elapsed = now - self._started
        rate = done / elapsed if elapsed else 0.0
        self.note(f"{self._label}: {done}{of} rows · {rate:.1f}/s · found {found} · "
                  f"errors {errors}")


class TqdmProgress:
    """The tqdm bar (imported only when used)."""

    def __init__(self, stream: IO[str], *, total: int | None, label: str) -> None:
        tqdm = importlib.import_module("tqdm").tqdm  # the cli extra (untyped)
        self._stream = stream
        self._bar: Any = tqdm(total=total, desc=label, unit="row", file=stream,
                              dynamic_ncols=True, smoothing=0.1)
        self._done = 0

    def update(self, done: int, *, found: int, errors: int) -> None:
        self._bar.update(done - self._done)
        self._done = done
        self._bar.set_postfix(found=found, errors=errors, refresh=False)

    def note(self, message: str) -> None:
        self._bar.write(message, file=self._stream)

    def close(self) -> None:
        self._bar.close()



def has_tqdm() -> bool:
    return importlib.util.find_spec("tqdm") is not None


def make_progress(mode: str, *, total: int | None, label: str,
                  stream: IO[str] | None = None) -> ProgressSink:
    """The sink ``mode`` asks for on ``stream`` (default stderr)."""
    stream = stream if stream is not None else sys.stderr
    if mode == "none":
        return NoProgress(stream)
    tty = hasattr(stream, "isatty") and stream.isatty()
    if (mode == "bar" or (mode == "auto" and tty)) and has_tqdm():
        return TqdmProgress(stream, total=total, label=label)
    return PlainProgress(stream, total=total, label=label)

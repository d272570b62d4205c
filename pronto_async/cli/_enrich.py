"""``pronto enrich contacts|accounts FILE``: a file in, a file out, paid once.

The rows are read lazily and fanned out through ``contacts.enrich_many`` /
``accounts.enrich_many`` at the documented rate, in input order. A :class:`Ledger` next to the
output (on by default) records each row before it is sent, so after Ctrl-C, a crash or a kill
the same command resumes: rows already done are written from the ledger without a request,
rows that may have been charged without an answer are reported ``ambiguous`` and not re-sent,
and the output is rewritten with every row exactly once.

Ctrl-C stops reading rows and lets the calls in flight finish (so they are recorded, not left
ambiguous); a second Ctrl-C stops at once.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from .._client import AsyncPronto
from ..bulk import Outcome
from ..enums import EnrichmentType
from ..errors import ProntoError
from ..ledger import Ledger
from ._columns import KINDS, Kind, normalise_domain, parse_maps, resolve_columns
from ._connect import FATAL, make_client, runtime_error
from ._errors import EXIT_INTERRUPTED, CLIError, UsageError
from ._files import BadLine, InputFile
from ._output import Record, Writer, record_of
from ._progress import MODES, ProgressSink, make_progress

__all__ = ["add_parser", "run"]

_TYPES = tuple(t.value for t in EnrichmentType)


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "enrich", help="enrich a CSV or JSONL file of contacts or accounts",
        description="Enrich every row of a CSV or JSONL file, at the documented rate, with a "
        "ledger so that an interrupted run resumes without paying twice.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="{contacts,accounts}", required=True)
    for kind, what in (("contacts", "find emails and phone numbers of people "
                        "(contacts.enrich_many, 50/s)"),
                       ("accounts", "firmographics of companies (accounts.enrich_many, 20/s)")):
        sub = kinds.add_parser(kind, help=what, description=what.capitalize() + ".")
        sub.add_argument("file", type=Path, metavar="FILE",
                         help="a .csv, .tsv, .txt, .jsonl or .xlsx file")
        sub.add_argument("--format", choices=("csv", "jsonl", "xlsx"),
                         help="the input's format (default: from the extension, else from "
                         "the content)")
        sub.add_argument("--encoding", metavar="NAME",
                         help="the input's text encoding (default: auto: a BOM, UTF-16, "
                         "UTF-8, else Windows-1252)")
        sub.add_argument("--delimiter", metavar="CHAR",
                         help="the CSV delimiter, e.g. ';' or tab (default: sniffed among "
                         ", ; tab |)")
        sub.add_argument("--sheet", metavar="NAME",
                         help="the .xlsx sheet, by name or 0-based index (default: the "
                         "first with data)")
        fields = ", ".join(f.name for f in KINDS[kind].fields)
        sub.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                         help=f"take FIELD from COLUMN (repeatable; fields: {fields}); "
                         "common header spellings are recognised without it")
        if kind == "contacts":
            sub.add_argument("--type", default="email", metavar="TYPES",
                             help=f"comma-separated, of {', '.join(_TYPES)} (default: email); "
                             "phone and personal_email need a LinkedIn URL column")
            sub.add_argument("--mode", choices=("sync", "async"), default="sync",
                             help="sync: the synchronous waterfall at 50/s (default); async: "
                             "queue each contact and poll for its result, its id in the "
                             "ledger first, so a killed run loses nothing already queued")
        sub.add_argument("-o", "--output", type=Path, metavar="PATH",
                         help="where to write results (default: next to FILE, "
                         "contacts.csv -> contacts.enriched.jsonl)")
        sub.add_argument("--output-format", choices=("csv", "jsonl"),
                         help="the output's format (default: from its extension, else jsonl)")
        sub.add_argument("--ledger", type=Path, metavar="PATH",
                         help="the ledger file (default: next to the output, "
                         "contacts.enriched.jsonl -> contacts.enriched.ledger.db)")
        sub.add_argument("--no-ledger", action="store_true",
                         help="no ledger: an interrupted run starts over and pays again")
        sub.add_argument("--retry-ambiguous", action="store_true",
                         help="re-send rows that may have been charged without an answer "
                         "(can pay twice)")
        sub.add_argument("--concurrency", type=int, metavar="N",
                         help="calls in flight (default: enough for the documented rate)")
        sub.add_argument("--progress", choices=MODES, default="auto",
                         help="progress on stderr: a bar on a terminal (auto), always a bar, "
                         "plain lines, or none")
        sub.add_argument("--api-key", help="the API key (default: PRONTO_API_KEY)")
        sub.set_defaults(run=run)


def _output_paths(args: argparse.Namespace) -> tuple[Path, str, Path | None]:
    source: Path = args.file
    output: Path = args.output or source.with_name(source.stem + ".enriched.jsonl")
    out_format: str = args.output_format or (
        "csv" if output.suffix.lower() == ".csv" else "jsonl"
    )
    if args.no_ledger:
        if args.ledger:
            raise UsageError("--ledger and --no-ledger contradict each other")
        return output, out_format, None
    ledger = args.ledger or output.with_name(
        output.name.removesuffix(output.suffix) + ".ledger.db"
    )
    return output, out_format, ledger


def _types(value: str) -> list[str]:
    types = [t.strip() for t in value.split(",") if t.strip()]
    wrong = [t for t in types if t not in _TYPES]
    if not types or wrong:
        given = ", ".join(wrong) or "nothing"
        raise UsageError(f"--type: {given} is not one of {', '.join(_TYPES)}")
    return types


class _Row(dict[str, Any]):
    """The arguments of one row (a dict for ``enrich_many``), with the row as read."""

    __slots__ = ("source",)

    source: Mapping[str, Any] | BadLine


def _arguments(
    rows: Iterator[dict[str, Any] | BadLine], kind: Kind, mapping: Mapping[str, str],
    stopping: asyncio.Event,
) -> Iterator[_Row | BadLine]:
    domains = {f.name for f in kind.fields if f.domain}
    for source in rows:
        if stopping.is_set():
            return
        if isinstance(source, BadLine):
            yield source  # not a mapping: enrich_many makes it this row's error, unsent
            continue
        row = _Row()
        for name, column in mapping.items():
            value = source.get(column)
            if isinstance(value, str):
                value = value.strip()
            if value in (None, ""):
                continue
            row[name] = normalise_domain(value) if name in domains else value
        row.source = source
        yield row


class _Tally:
    def __init__(self) -> None:
        self.by_status: collections.Counter[str] = collections.Counter()
        self.from_ledger = 0
        self.errors: collections.Counter[str] = collections.Counter()

    @property
    def done(self) -> int:
        return sum(self.by_status.values())

    @property
    def failed(self) -> int:
        return self.by_status["error"] + self.by_status["ambiguous"]

    def add(self, record: Record, outcome: Outcome[Any]) -> None:
        self.by_status[record.status] += 1
        served = outcome.from_ledger or outcome.resumed
        self.from_ledger += served and record.status in ("found", "not_found")
        if record.status == "error" and record.error:  # ambiguous rows get their own line
            self.errors[record.error.split(": ", 1)[-1][:120]] += 1


def run(args: argparse.Namespace) -> int:
    kind = KINDS[args.kind]
    source = InputFile.open(args.file, args.format, encoding=args.encoding,
                            delimiter=args.delimiter, sheet=args.sheet)
    mapping = resolve_columns(kind, source.headers, parse_maps(args.map, kind),
                              source=str(args.file))
    types: list[str] | None = None
    if kind.name == "contacts":
        types = _types(args.type)
        needing = [t for t in types if t in ("phone", "personal_email")]
        if needing and "linkedin_url" not in mapping:
            raise UsageError(
                f"--type {','.join(needing)} needs a LinkedIn URL column; none of "
                f"{', '.join(repr(h) for h in source.headers)} looks like one "
                "(name it with --map linkedin_url=COLUMN)"
            )
    if args.concurrency is not None and args.concurrency < 1:
        raise UsageError("--concurrency must be >= 1")
    output, out_format, ledger_path = _output_paths(args)
    if output.resolve() == args.file.resolve():
        raise UsageError(f"{output}: the output would overwrite the input; pass -o PATH")
    client = make_client(args.api_key, retry_ambiguous=args.retry_ambiguous)
    job = _Job(args=args, kind=kind, source=source, mapping=mapping, types=types,
               output=output, out_format=out_format, ledger_path=ledger_path)
    return asyncio.run(job.run(client))


@attrs.define(kw_only=True)
class _Job:
    """One run of ``pronto enrich``: what to read, where to write, and the stop signals."""

    args: argparse.Namespace
    kind: Kind
    source: InputFile
    mapping: Mapping[str, str]
    types: list[str] | None
    output: Path
    out_format: str
    ledger_path: Path | None
    tally: _Tally = attrs.field(factory=_Tally)
    #: Set by the first Ctrl-C (or a fatal error): read no more rows, finish those in flight.
    stopping: asyncio.Event = attrs.field(factory=asyncio.Event)
    progress: ProgressSink | None = None
    _task: asyncio.Task[Any] | None = None

    def interrupt(self) -> None:
        """First Ctrl-C: stop reading; the second: cancel the run."""
        if self.stopping.is_set():
            if self._task is not None:
                self._task.cancel()
            return
        self.stopping.set()
        if self.progress is not None:
            self.progress.note("stopping: finishing the calls in flight "
                               "(Ctrl-C again to stop now)")

    async def run(self, client: AsyncPronto) -> int:
        loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.interrupt)
        interrupted = False
        try:
            interrupted = await self._run(client)
        except asyncio.CancelledError:  # the second Ctrl-C, before or after the rows
            interrupted = True
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
        if not interrupted:
            return 0
        if self.ledger_path is not None:
            raise CLIError(f"interrupted; re-run the same command to resume (ledger: "
                           f"{self.ledger_path})", status=EXIT_INTERRUPTED)
        raise CLIError("interrupted; without a ledger (--no-ledger) a re-run starts over",
                       status=EXIT_INTERRUPTED)

    async def _run(self, client: AsyncPronto) -> bool:
        """The run; ``True`` when it was interrupted."""
        try:
            ledger = Ledger(self.ledger_path) if self.ledger_path is not None else None
        except Exception as exc:
            raise UsageError(f"{self.ledger_path}: cannot open the ledger ({exc})") from None
        with contextlib.ExitStack() as cleanup:
            if ledger is not None:
                cleanup.callback(ledger.close)
            async with client as pronto:
                try:
                    before = (await pronto.account.credits()).credits  # the key, the network
                except ProntoError as exc:
                    raise runtime_error(exc) from None
                try:
                    writer = Writer(self.output, self.out_format, kind=self.kind.name,
                                    headers=self.source.headers)
                except OSError as exc:
                    raise UsageError(
                        f"{self.output}: cannot write it ({exc.strerror or exc})"
                    ) from None
                cleanup.callback(writer.close)
                self._announce(ledger)
                started = time.monotonic()
                fatal, interrupted = await self._consume(pronto, ledger, writer)
                elapsed = time.monotonic() - started
                after = None
                if not interrupted:
                    with contextlib.suppress(ProntoError):
                        after = (await pronto.account.credits()).credits
            _summary(self.tally, self.source.total, elapsed, before, after, self.output,
                     self.ledger_path, interrupted)
        if fatal is not None:
            resume = (f"; fix it and re-run to resume (ledger: {self.ledger_path})"
                      if ledger is not None else "")
            raise CLIError(f"{runtime_error(fatal)} — stopped{resume}")
        return interrupted

    def _announce(self, ledger: Ledger | None) -> None:
        what = f"{self.kind.name} ({', '.join(self.types)})" if self.types else self.kind.name
        print(f"Enriching {self.source.total} {what} from {self.args.file} -> {self.output}",
              flush=True)
        done = ledger.summary().done if ledger is not None else 0
        if done:
            print(f"Resuming with the ledger {self.ledger_path} ({done} rows done before are "
                  "not re-sent)", flush=True)

    async def _consume(
        self, pronto: AsyncPronto, ledger: Ledger | None, writer: Writer
    ) -> tuple[ProntoError | None, bool]:
        """Fan the rows out and write each outcome; returns the error that stopped the run
        (if any) and whether it was interrupted."""
        progress = self.progress = make_progress(
            self.args.progress, total=self.source.total, label=f"enrich {self.kind.name}"
        )
        # A BadLine is not a mapping: enrich_many makes it that row's error, unsent.
        rows = cast("Iterator[Mapping[str, Any]]",
                    _arguments(self.source.rows(), self.kind, self.mapping, self.stopping))
        outcomes: AsyncIterator[Outcome[Any]]
        if self.types is not None:
            outcomes = pronto.contacts.enrich_many(
                rows, enrichment_type=self.types, concurrency=self.args.concurrency,
                ordered=True, ledger=ledger, mode=self.args.mode,
            )
        else:
            outcomes = pronto.accounts.enrich_many(
                rows, concurrency=self.args.concurrency, ordered=True, ledger=ledger,
            )
        fatal: ProntoError | None = None
        interrupted = False
        tally = self.tally
        try:
            async for outcome in outcomes:
                row = outcome.input
                record = record_of(outcome, row.source if isinstance(row, _Row) else row)
                writer.write(record)
                tally.add(record, outcome)
                progress.update(tally.done, found=tally.by_status["found"], errors=tally.failed)
                if isinstance(outcome.error, FATAL) and not outcome.from_ledger:
                    fatal = outcome.error
                    self.stopping.set()
        except asyncio.CancelledError:
            interrupted = True
        except FATAL as exc:  # the fan-out stops by itself on these, after the rows in flight
            fatal = fatal or exc
        finally:
            close = getattr(outcomes, "aclose", None)  # an async generator: stop its workers
            if close is not None:
                await close()
            progress.close()
        finished = tally.done == self.source.total
        return fatal, interrupted or (self.stopping.is_set() and fatal is None and not finished)


def _summary(
    tally: _Tally, total: int, elapsed: float, before: int | None, after: int | None,
    output: Path, ledger_path: Path | None, interrupted: bool,
) -> None:
    out = sys.stdout
    s = tally.by_status
    done = sum(s.values())
    head = "Stopped after" if interrupted else "Done:"
    rate = done / elapsed if elapsed else 0.0
    print(f"{head} {done} of {total} rows in {elapsed:.1f} s ({rate:.1f} rows/s)", file=out)
    print(f"  found {s['found']} · not found {s['not_found']} · errors {s['error']} · "
          f"ambiguous {s['ambiguous']} · from the ledger {tally.from_ledger}", file=out)
    if before is not None and after is not None:
        print(f"  credits spent {before - after} · balance {after}", file=out)
    if s["ambiguous"]:
        print(f"  {s['ambiguous']} rows may have been charged without an answer (a timeout, a "
              "5xx, an earlier run cut off); they are not re-sent (--retry-ambiguous to "
              "re-send them)", file=out)
    for message, count in tally.errors.most_common(3):
        print(f"  error ({count} rows): {message}", file=out)
    print(f"  output: {output}" + (f" · ledger: {ledger_path}" if ledger_path else ""),
          file=out, flush=True)

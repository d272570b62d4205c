"""``pronto enrich contacts|accounts FILE``: a file in, a file out, paid once.

The rows are read lazily and fanned out through ``contacts.enrich_many`` /
``accounts.enrich_many`` at the documented rate, in input order. A :class:`Ledger` next to the
output (on by default) records each row before it is sent, so after Ctrl-C, a crash or a kill
the same command resumes: rows already done are written from the ledger without a request,
rows that may have been charged without an answer are reported ``ambiguous`` and not re-sent,
and the output is rewritten with every row exactly once.

The mapping (which column feeds which field, which columns are unused) is printed before the
first paid request, with what the ledger already holds; ``--dry-run`` prints that, the
invalid rows and the credit estimate, and sends nothing paid.

Ctrl-C stops sending: rows still waiting for a rate-limit slot are not sent, the calls on the
wire finish (so they are recorded, not left ambiguous); a second Ctrl-C stops at once.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import signal
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from .._client import AsyncPronto
from .._fields import KINDS, FieldMapping
from .._plan import EnrichmentPlan
from .._tables import BadLine
from ..bulk import FanOut, Outcome
from ..enums import EnrichmentType
from ..errors import NotSentError, ProntoError
from ..ledger import Ledger
from ._columns import mapping_of, parse_maps
from ._connect import FATAL, STOPS, make_client, runtime_error
from ._errors import EXIT_INTERRUPTED, CLIError, UsageError
from ._files import InputFile
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
        fields = ", ".join(KINDS[kind].fields)
        sub.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                         help=f"take FIELD from COLUMN (repeatable; fields: {fields}); "
                         "FIELD= reads no column for it; the export headers of HubSpot, "
                         "Salesforce, Pipedrive, Apollo, Sales Navigator tools, Clay and "
                         "Lemlist are recognised without it")
        sub.add_argument("--dry-run", action="store_true",
                         help="read the whole file and send nothing paid: print the mapping, "
                         "valid and invalid rows, rows the ledger has, the credit estimate "
                         "and the balance")
        if kind == "contacts":
            sub.add_argument("--type", default="email", metavar="TYPES",
                             help=f"comma-separated, of {', '.join(_TYPES)} (default: email); "
                             "phone and personal_email need a LinkedIn URL: a row without "
                             "one is asked for the rest")
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


def _types(value: str) -> list[EnrichmentType]:
    types = [t.strip() for t in value.split(",") if t.strip()]
    wrong = [t for t in types if t not in _TYPES]
    if not types or wrong:
        given = ", ".join(wrong) or "nothing"
        raise UsageError(f"--type: {given} is not one of {', '.join(_TYPES)}")
    return [EnrichmentType(t) for t in types]


class _Tally:
    def __init__(self) -> None:
        self.by_status: collections.Counter[str] = collections.Counter()
        self.from_ledger = 0
        self.not_sent = 0
        self.skipped: collections.Counter[str] = collections.Counter()
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
        for kind in outcome.skipped:
            self.skipped[kind] += 1
        if record.status == "error" and record.error:  # ambiguous rows get their own line
            self.errors[record.error.split(": ", 1)[-1][:120]] += 1


def run(args: argparse.Namespace) -> int:
    kind = args.kind
    source = InputFile.open(args.file, args.format, encoding=args.encoding,
                            delimiter=args.delimiter, sheet=args.sheet)
    mapping = mapping_of(kind, source.headers, parse_maps(args.map, kind),
                         source=str(args.file),
                         stand_ins=getattr(args, "mode", "sync") == "sync")
    types: list[EnrichmentType] | None = None
    if kind == "contacts":
        types = _types(args.type)
        needing = [t for t in types if t in ("phone", "personal_email")]
        if needing and "linkedin_url" not in mapping.columns and len(needing) == len(types):
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
    client = make_client(args.api_key)
    job = _Job(args=args, kind=kind, source=source, mapping=mapping, types=types,
               output=output, out_format=out_format, ledger_path=ledger_path)
    return asyncio.run(job.run(client))


@attrs.define(kw_only=True)
class _Job:
    """One run of ``pronto enrich``: what to read, where to write, and the stop signals."""

    args: argparse.Namespace
    kind: str
    source: InputFile
    mapping: FieldMapping
    types: list[EnrichmentType] | None
    output: Path
    out_format: str
    ledger_path: Path | None
    tally: _Tally = attrs.field(factory=_Tally)
    #: Set by the first Ctrl-C (or a fatal error): send nothing more, finish what is on the wire.
    stopping: asyncio.Event = attrs.field(factory=asyncio.Event)
    progress: ProgressSink | None = None
    fan_out: FanOut[Any] | None = None
    _task: asyncio.Task[Any] | None = None

    def interrupt(self) -> None:
        """First Ctrl-C: send nothing more; the second: cancel the run."""
        if self.stopping.is_set():
            if self._task is not None:
                self._task.cancel()
            return
        self.stopping.set()
        if self.fan_out is not None:
            self.fan_out.stop()
        if self.progress is not None:
            self.progress.note("stopping: nothing more is sent; finishing the calls on the "
                               "wire (Ctrl-C again to stop now)")

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

    def _open_ledger(self) -> Ledger | None:
        path = self.ledger_path
        if path is None or (self.args.dry_run and not path.exists()):
            return None  # a dry run creates nothing
        try:
            return Ledger(path)
        except Exception as exc:
            raise UsageError(f"{path}: cannot open the ledger ({exc})") from None

    async def _run(self, client: AsyncPronto) -> bool:
        """The run; ``True`` when it was interrupted."""
        ledger = self._open_ledger()
        with contextlib.ExitStack() as cleanup:
            if ledger is not None:
                cleanup.callback(ledger.close)
            async with client as pronto:
                try:
                    before = (await pronto.account.credits()).credits  # the key, the network
                except ProntoError as exc:
                    raise runtime_error(exc) from None
                self._describe_input()
                plan = await self._plan(pronto, ledger)
                if self.args.dry_run:
                    print(attrs.evolve(plan, balance=before, mapping=None), flush=True)
                    return False
                try:
                    writer = Writer(self.output, self.out_format, kind=self.kind,
                                    headers=list(self.source.headers))
                except OSError as exc:
                    raise UsageError(
                        f"{self.output}: cannot write it ({exc.strerror or exc})"
                    ) from None
                cleanup.callback(writer.close)
                self._announce(plan)
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

    def _rows(self) -> Iterator[Mapping[str, Any] | BadLine]:
        return self.source.rows()  # a BadLine is that row's error in enrich_many, unsent

    def _fan_out(self, pronto: AsyncPronto, ledger: Ledger | None) -> FanOut[Any]:
        rows = self._rows()
        if self.types is not None:
            return pronto.contacts.enrich_many(
                rows, enrichment_type=self.types, columns=self.mapping,
                concurrency=self.args.concurrency, ordered=True, ledger=ledger,
                mode=self.args.mode, retry_ambiguous=self.args.retry_ambiguous,
            )
        return pronto.accounts.enrich_many(
            rows, columns=self.mapping, concurrency=self.args.concurrency, ordered=True,
            ledger=ledger, retry_ambiguous=self.args.retry_ambiguous,
        )

    async def _plan(self, pronto: AsyncPronto, ledger: Ledger | None) -> EnrichmentPlan:
        """The free pass over the whole file: what will be sent, what the ledger has."""
        rows = self._rows()
        if self.types is not None:
            return await pronto.contacts.plan(
                rows, enrichment_type=self.types, columns=self.mapping, ledger=ledger,
                mode=self.args.mode, retry_ambiguous=self.args.retry_ambiguous, balance=False,
            )
        return await pronto.accounts.plan(rows, columns=self.mapping, ledger=ledger,
                                          retry_ambiguous=self.args.retry_ambiguous,
                                          balance=False)

    def _describe_input(self) -> None:
        what = f"{self.kind} ({', '.join(self.types)})" if self.types else self.kind
        notes = "; ".join(getattr(self.source, "notes", ()) or ())
        print(f"Reading {self.source.total} {what} from {self.args.file}"
              + (f" ({notes})" if notes else ""), flush=True)
        print("Columns:\n" + self.mapping.describe(), flush=True)
        if self.types and "linkedin_url" not in self.mapping.columns:
            needing = [t for t in self.types if t in ("phone", "personal_email")]
            if needing:
                print(f"  no LinkedIn URL column: rows are not asked for {' or '.join(needing)}",
                      flush=True)
        company = {"domain", "company_name"} & set(self.mapping.columns)
        if self.types and "email" in self.types and self.args.mode == "async" and not company:
            print("  no domain or company column: --mode async needs one for email (name it "
                  "with --map domain=COLUMN or --map company_name=COLUMN)", flush=True)

    def _announce(self, plan: EnrichmentPlan) -> None:
        print(f"Enriching -> {self.output}: {plan.to_send} to send", flush=True)
        if plan.invalid:
            reason = plan.reasons[0][0] if plan.reasons else ""
            print(f"  {plan.invalid} invalid rows are not sent (e.g. {reason})", flush=True)
        if plan.duplicates:
            print(f"  {plan.duplicates} repeated rows are sent once", flush=True)
        if plan.done or plan.resumable or plan.ambiguous:
            print(f"Resuming with the ledger {self.ledger_path}: {plan.done} rows done before "
                  f"are not re-sent, {plan.resumable} are followed (free), {plan.ambiguous} "
                  "may have been charged and are not re-sent", flush=True)

    async def _consume(
        self, pronto: AsyncPronto, ledger: Ledger | None, writer: Writer
    ) -> tuple[ProntoError | None, bool]:
        """Fan the rows out and write each outcome; returns the error that stopped the run
        (if any) and whether it was interrupted."""
        progress = self.progress = make_progress(
            self.args.progress, total=self.source.total, label=f"enrich {self.kind}"
        )
        outcomes = self.fan_out = self._fan_out(pronto, ledger)
        if self.stopping.is_set():  # Ctrl-C while the plan was read
            outcomes.stop()
        fatal: ProntoError | None = None
        interrupted = False
        tally = self.tally
        try:
            async for outcome in outcomes:
                if isinstance(outcome.error, NotSentError):
                    tally.not_sent += 1  # not sent: the re-run sends it; no output line
                    continue
                record = record_of(outcome, outcome.input)
                writer.write(record)
                tally.add(record, outcome)
                progress.update(tally.done, found=tally.by_status["found"], errors=tally.failed)
                if isinstance(outcome.error, FATAL) and not outcome.from_ledger:
                    fatal = outcome.error
                    self.stopping.set()
        except asyncio.CancelledError:
            interrupted = True
        except STOPS as exc:  # the fan-out stops by itself on these, after the rows in flight
            fatal = fatal or exc
        finally:
            await outcomes.aclose()
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
    if tally.not_sent:
        print(f"  {tally.not_sent} rows were read but not sent (nothing charged; a re-run "
              "sends them)", file=out)
    for kind, count in tally.skipped.items():
        print(f"  {count} rows had no LinkedIn URL and were not asked for {kind}", file=out)
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

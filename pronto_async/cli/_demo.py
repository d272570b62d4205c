"""``pronto demo``: a bulk contact enrichment against an in-process sandbox.

It starts :class:`~pronto_async.testing.FakePronto` on loopback (documented limits enforced,
300 ± 100 ms per call, as the real waterfall's fast path), fans a bundled sample of contacts
out through ``contacts.enrich_many`` with a progress bar, writes the results as JSONL, and
prints what a user of the real API would care about: found / not found / errors, the request
rate against the documented 50/s, the 429s the server had to send (none: the SDK paces
itself), and the credits spent. No API key, no network.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .._endpoints import endpoint
from ..testing import FakePronto, Latency
from ._errors import UsageError
from ._output import Writer, record_of
from ._progress import MODES, make_progress

__all__ = ["DEFAULT_OUTPUT", "add_arguments", "add_parser", "run", "sample_contacts"]

#: Where the demo writes its results unless told otherwise: out of the way of any project.
DEFAULT_OUTPUT = Path(tempfile.gettempdir()) / "pronto-demo-results.jsonl"

_FIRST = ("Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald", "Frances",
          "Tim", "Radia", "Ken", "Margaret", "Dennis", "Hedy", "Linus", "Sophie")
_LAST = ("Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Knuth", "Allen",
         "Berners-Lee", "Perlman", "Thompson", "Hamilton", "Ritchie", "Lamarr", "Torvalds")
_COMPANIES = (("Acme", "acme.com"), ("Globex", "globex.io"), ("Initech", "initech.co"),
              ("Umbrella", "umbrella.dev"), ("Hooli", "hooli.xyz"), ("Stark", "stark.industries"))
_HEADERS = ["first_name", "last_name", "company_name", "domain", "custom"]


def sample_contacts(count: int) -> Iterator[dict[str, Any]]:
    """A deterministic sample of contacts, as a CRM export would give them."""
    people = itertools.product(_FIRST, _LAST)
    for index, ((first, last), (company, domain)) in enumerate(
        zip(itertools.cycle(people), itertools.cycle(_COMPANIES), strict=False)
    ):
        if index >= count:
            return
        yield {
            "first_name": first,
            "last_name": last,
            "company_name": company,
            "domain": domain,
            "custom": {"crm_id": f"crm-{index:05d}"},
        }


async def run(
    count: int = 300,
    seed: int = 7,
    out: IO[str] = sys.stdout,
    *,
    results: Path | None = None,
    progress: str = "none",
) -> dict[str, Any]:
    """Run the demo; returns the figures it printed.

    Args:
        count: How many sample contacts.
        seed: The sandbox's data seed.
        out: Where the summary goes.
        results: Write one JSONL line per contact here (``None``: nowhere).
        progress: A mode of :func:`~pronto_async.cli._progress.make_progress` (on stderr).
    """
    limit = endpoint("contacts.enrich").rate
    assert limit is not None
    try:
        writer = Writer(results, "jsonl", kind="contacts", headers=_HEADERS) if results else None
    except OSError as exc:
        raise UsageError(f"{results}: cannot write it ({exc.strerror or exc})") from None
    counts = {"found": 0, "not_found": 0, "error": 0, "ambiguous": 0}
    errors: list[str] = []
    try:
        async with FakePronto(seed=seed, latency=Latency(0.3, 0.1)) as fake:
            print(f"pronto_async demo: FakePronto sandbox at {fake.base_url} "
                  "(no API key, no network)", file=out)
            print(f"Enriching {count} contacts (email) through contacts.enrich_many; the SDK "
                  f"paces them to the documented {limit}.", file=out, flush=True)
            bar = make_progress(progress, total=count, label="demo")
            async with fake.client() as pronto:
                started = time.perf_counter()
                try:
                    async for outcome in pronto.contacts.enrich_many(
                        sample_contacts(count), enrichment_type=["email"], ordered=True,
                    ):
                        record = record_of(outcome, outcome.input)
                        counts[record.status] += 1
                        bar.update(sum(counts.values()), found=counts["found"],
                                   errors=counts["error"] + counts["ambiguous"])
                        if record.error:
                            errors.append(record.error)
                        if writer is not None:
                            writer.write(record)
                finally:
                    bar.close()
                elapsed = time.perf_counter() - started
    finally:
        if writer is not None:
            writer.close()
    stats = fake.stats["contacts.enrich"]
    rate = stats.requests / elapsed if elapsed else 0.0
    documented = limit.requests / limit.per
    failed = counts["error"] + counts["ambiguous"]
    figures = {
        "found": counts["found"], "not_found": counts["not_found"], "errors": failed,
        "seconds": elapsed, "rate": rate, "rate_share": rate / documented,
        "server_429s": stats.rate_limited, "busiest_window": stats.max_in_window,
        "credits": fake.stats.credits,
        "duplicate_charges": fake.stats.duplicate_charges,
        "results": None if results is None else str(results),
    }
    print(f"  found {counts['found']} · not found {counts['not_found']} · errors {failed}",
          file=out)
    print(f"  {elapsed:.1f} s · {rate:.1f} requests/s = {rate / documented:.0%} of the "
          f"documented {limit} (start-up and the last answers included; busiest window: "
          f"{stats.max_in_window}) · 429s from the server: {stats.rate_limited}", file=out)
    print(f"  credits charged {fake.stats.credits} · charged twice "
          f"{fake.stats.duplicate_charges}", file=out)
    for error in errors[:3]:
        print(f"  error: {error}", file=out)
    if results is not None:
        print(f"  results: {results}", file=out)
    out.flush()
    return figures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The demo's flags (shared with ``python -m pronto_async.demo``)."""
    parser.add_argument("--contacts", type=int, default=300, help="how many (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="the sandbox's data seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, metavar="PATH",
                        help=f"write the results here as JSONL (default {DEFAULT_OUTPUT})")
    parser.add_argument("--progress", choices=MODES, default="auto",
                        help="progress on stderr (default: a bar on a terminal)")
    parser.set_defaults(run=run_command)


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "demo", help="bulk-enrich a sample of contacts against the built-in sandbox",
        description="Bulk-enrich a sample of contacts against the built-in FakePronto "
        "sandbox: no API key, no network.",
    )
    add_arguments(parser)


def run_command(args: argparse.Namespace) -> int:
    if args.contacts < 1:
        raise UsageError("--contacts must be >= 1")
    figures = asyncio.run(run(args.contacts, args.seed, results=args.out,
                              progress=args.progress))
    return 1 if figures["errors"] else 0

"""The sandbox demo: a bulk contact enrichment against FakePronto, no API key, no network.

    python -m pronto_async.demo [--contacts 300] [--seed 7]

It starts :class:`~pronto_async.testing.FakePronto` on loopback (documented limits enforced,
300 ± 100 ms per call, as the real waterfall's fast path), fans a bundled sample of contacts
out through ``contacts.enrich`` at once, and prints what a user of the real API would care
about: found / not found / errors, the request rate against the documented 50/s, the 429s the
server had to send (none: the SDK paces itself), and the credits spent.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from ._endpoints import endpoint
from .errors import ProntoError
from .models import ContactEnrichment
from .testing import FakePronto, Latency

__all__ = ["main", "run", "sample_contacts"]

_FIRST = ("Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald", "Frances",
          "Tim", "Radia", "Ken", "Margaret", "Dennis", "Hedy", "Linus", "Sophie")
_LAST = ("Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Knuth", "Allen",
         "Berners-Lee", "Perlman", "Thompson", "Hamilton", "Ritchie", "Lamarr", "Torvalds")
_COMPANIES = (("Acme", "acme.com"), ("Globex", "globex.io"), ("Initech", "initech.co"),
              ("Umbrella", "umbrella.dev"), ("Hooli", "hooli.xyz"), ("Stark", "stark.industries"))


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


async def run(count: int = 300, seed: int = 7, out: Any = sys.stdout) -> dict[str, Any]:
    """Run the demo; returns the figures it printed."""
    limit = endpoint("contacts.enrich").rate
    assert limit is not None
    async with FakePronto(seed=seed, latency=Latency(0.3, 0.1)) as fake:
        print(f"pronto_async demo: FakePronto sandbox at {fake.base_url} "
              "(no API key, no network)", file=out)
        print(f"Enriching {count} contacts (email) through contacts.enrich, all at once; "
              f"the SDK paces them to the documented {limit}.", file=out)
        async with fake.client() as pronto:
            started = time.perf_counter()
            results = await asyncio.gather(
                *(pronto.contacts.enrich(enrichment_type=["email"], **row)
                  for row in sample_contacts(count)),
                return_exceptions=True,
            )
            elapsed = time.perf_counter() - started
    found = sum(isinstance(r, ContactEnrichment) and r.found for r in results)
    missing = sum(isinstance(r, ContactEnrichment) and not r.found for r in results)
    errors = [r for r in results if isinstance(r, BaseException)]
    stats = fake.stats["contacts.enrich"]
    rate = stats.requests / elapsed if elapsed else 0.0
    documented = limit.requests / limit.per
    figures = {
        "found": found, "not_found": missing, "errors": len(errors), "seconds": elapsed,
        "rate": rate, "rate_share": rate / documented, "server_429s": stats.rate_limited,
        "credits": fake.stats.credits, "duplicate_charges": fake.stats.duplicate_charges,
    }
    print(f"  found {found} · not found {missing} · errors {len(errors)}", file=out)
    print(f"  {elapsed:.1f} s · {rate:.1f} requests/s = {rate / documented:.0%} of the "
          f"documented {limit} · 429s from the server: {stats.rate_limited}", file=out)
    print(f"  credits charged {fake.stats.credits} · charged twice "
          f"{fake.stats.duplicate_charges}", file=out)
    for error in errors[:3]:
        reason = str(error) if isinstance(error, ProntoError) else repr(error)
        print(f"  error: {reason}", file=out)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pronto_async.demo",
        description="Bulk-enrich a sample of contacts against the built-in FakePronto sandbox.",
    )
    parser.add_argument("--contacts", type=int, default=300, help="how many (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="the sandbox's data seed")
    args = parser.parse_args(argv)
    if args.contacts < 1:
        parser.error("--contacts must be >= 1")
    figures = asyncio.run(run(args.contacts, args.seed))
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

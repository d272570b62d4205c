"""Fan-out: 1,000 synchronous contact enrichments at the documented 50/s, as users write it.

A FakePronto in its own process (``_fakeproc``) enforces ``contacts.enrich``'s documented
50 requests per second (a strict sliding window: the 51st request in any second gets 429)
and answers each admitted request after 300 ± 100 ms, in real time (nothing is scaled).
Contenders, each with its own API key (its own rate window) and the same 1,000 rows:

- ``pronto_async enrich_many``: ``contacts.enrich_many(rows, enrichment_type="email")``
  with every default;
- ``aiohttp gather (naive)``: ``asyncio.gather`` of one ``session.post`` per row, no
  retry: what a first script does;
- ``aiohttp gather + retry 429``: the same, re-sending after ``Retry-After`` on a 429 (up to
  10 tries): what the second script does;
- ``requests 16 threads``: a 16-thread pool, one ``requests.Session`` per thread, no retry;
- ``requests sequential``: one ``requests.Session`` in a loop, no retry. At ~0.3 s a call
  this would take ~5 minutes for 1,000 rows, so it runs on the first ``SEQUENTIAL_ROWS``
  rows and its "wall for 1,000" is EXTRAPOLATED from its measured rate (marked ``*``).

Reported per contender (median over the repeats; the contenders' order rotates each repeat):
wall time, useful throughput (rows enriched per second) as a share of the 50/s limit, the
429s the fake sent (its own counter), and the outcomes (ok / still 429 / other errors); and
for the SDK, which of its requests the 429s fell on.
Target: ``enrich_many`` within 1.04 x the 20 s that 1,000 rows need at 50/s, with no 429.

    python benchmarks/bench_fanout.py [REPEATS] [ROWS]     # default: 3 repeats of 1,000 rows
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import requests
from _fakeproc import FakeProcess

from pronto_async import AsyncPronto

OPERATION = "contacts.enrich"
LIMIT = 50  # requests per second, documented
SEQUENTIAL_ROWS = 100


def make_rows(count: int) -> list[dict[str, str]]:
    return [
        {"first_name": f"First{i}", "last_name": "Last", "domain": f"company-{i}.example.com"}
        for i in range(count)
    ]


def wire(row: dict[str, str]) -> dict[str, Any]:
    """The body the SDK sends for ``row`` (so every contender sends the same bytes)."""
    return {"firstname": row["first_name"], "lastname": row["last_name"],
            "domain": row["domain"], "enrichment_type": ["email"]}


Tally = dict[str, int]  # ok / 429 / error


def tally_status(tally: Tally, status: int | BaseException) -> None:
    if status == 200:
        tally["ok"] += 1
    elif status == 429:
        tally["429"] += 1
    else:
        tally["error"] += 1


async def sdk(url: tuple[str, str], key: str, rows: list[dict[str, str]], tally: Tally) -> None:
    async with AsyncPronto(key, base_url=url[0], enrich_base_url=url[1]) as pronto:
        async for outcome in pronto.contacts.enrich_many(rows, enrichment_type="email"):
            if outcome.ok:
                tally["ok"] += 1
            elif getattr(outcome.error, "status", None) == 429:
                tally["429"] += 1
            else:
                tally["error"] += 1


async def post(session: aiohttp.ClientSession, url: str, key: str, row: dict[str, str]) -> int:
    async with session.post(url, json=wire(row), headers={"X-API-KEY": key}) as response:
        await response.json()
        return response.status


async def gather_naive(url: str, key: str, rows: list[dict[str, str]], tally: Tally) -> None:
    async with aiohttp.ClientSession() as session:
        statuses = await asyncio.gather(
            *(post(session, url, key, row) for row in rows), return_exceptions=True
        )
    for status in statuses:
        tally_status(tally, status)


async def gather_retry(url: str, key: str, rows: list[dict[str, str]], tally: Tally) -> None:
    async def one(session: aiohttp.ClientSession, row: dict[str, str]) -> int:
        for _ in range(10):
            async with session.post(url, json=wire(row), headers={"X-API-KEY": key}) as r:
                await r.json()
                if r.status != 429:
                    return r.status
                wait = float(r.headers.get("Retry-After", "1"))
            await asyncio.sleep(wait)
        return 429

    async with aiohttp.ClientSession() as session:
        statuses = await asyncio.gather(*(one(session, row) for row in rows),
                                        return_exceptions=True)
    for status in statuses:
        tally_status(tally, status)


def requests_sequential(url: str, key: str, rows: list[dict[str, str]], tally: Tally) -> None:
    with requests.Session() as session:
        for row in rows:
            try:
                response = session.post(url, json=wire(row), headers={"X-API-KEY": key})
                response.json()
                tally_status(tally, response.status_code)
            except requests.RequestException as exc:
                tally_status(tally, exc)


def requests_threads(url: str, key: str, rows: list[dict[str, str]], tally: Tally) -> None:
    local = threading.local()

    def one(row: dict[str, str]) -> int | BaseException:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        try:
            response = local.session.post(url, json=wire(row), headers={"X-API-KEY": key})
            response.json()
            status: int = response.status_code
            return status
        except requests.RequestException as exc:
            return exc

    with ThreadPoolExecutor(16) as pool:
        for status in pool.map(one, rows):
            tally_status(tally, status)


CONTENDERS: dict[str, Callable[..., Any]] = {
    "pronto_async enrich_many": sdk,
    "aiohttp gather (naive)": gather_naive,
    "aiohttp gather + retry 429": gather_retry,
    "requests 16 threads": requests_threads,
    "requests sequential": requests_sequential,
}


def run_one(name: str, fake: FakeProcess, key: str, rows: list[dict[str, str]]) -> dict[str, Any]:
    if name == "requests sequential":
        rows = rows[:SEQUENTIAL_ROWS]
    url = fake.enrich_base_url + "/contacts/single_enrich"
    tally: Tally = {"ok": 0, "429": 0, "error": 0}
    before = fake.stats(OPERATION)["rate_limited"]
    started = time.perf_counter()
    contender = CONTENDERS[name]
    if name.startswith("pronto_async"):
        asyncio.run(contender((fake.base_url, fake.enrich_base_url), key, rows, tally))
    elif name.startswith("aiohttp"):
        asyncio.run(contender(url, key, rows, tally))
    else:
        contender(url, key, rows, tally)
    wall = time.perf_counter() - started
    sent_429 = fake.stats(OPERATION)["rate_limited"] - before
    refused_at = fake.refusals(key, OPERATION)
    return {"rows": len(rows), "wall": wall, "sent_429": sent_429, "refused_at": refused_at,
            **tally}


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rows = make_rows(count)
    names = list(CONTENDERS)
    keys = [f"bench-{r}-{i}" for r in range(repeats) for i in range(len(names))]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    with FakeProcess(keys=keys, latency=(0.3, 0.1)) as fake:
        for r in range(repeats):
            order = names[r % len(names):] + names[: r % len(names)]  # rotate
            for i, name in enumerate(order):
                result = run_one(name, fake, keys[r * len(names) + i], rows)
                results[name].append(result)
                print(f"# repeat {r + 1} {name}: {result}", file=sys.stderr, flush=True)
                time.sleep(1.1)  # let the last window drain (each run has its own key anyway)
    ideal = count / LIMIT
    print(f"$ python benchmarks/bench_fanout.py {repeats} {count}")
    print(f"{count:,} contacts.enrich at the documented {LIMIT}/s, latency 300 ± 100 ms, "
          f"real time; medians of {repeats} runs (429s and outcomes: every run)\n")
    print(f"| contender | rows | wall s | wall for {count:,} / {ideal:.0f} s | "
          f"rows/s / limit | 429s sent by the fake | outcomes ok / 429 / error |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        runs = results[name]
        wall = statistics.median(r["wall"] for r in runs)
        rate = statistics.median(r["ok"] / r["wall"] for r in runs)
        n = runs[0]["rows"]
        if any(r["ok"] < r["rows"] for r in runs):
            full = "- (rows lost)"  # it did not enrich every row: no wall time to compare
        elif n == count:
            full = f"{wall / ideal:.3f}"
        else:  # extrapolated from the measured rate: said so in the table
            full = f"{count / statistics.median(r['rows'] / r['wall'] for r in runs) / ideal:.1f}*"
        sent = " / ".join(str(r["sent_429"]) for r in runs)
        outcomes = " ; ".join(f"{r['ok']}/{r['429']}/{r['error']}" for r in runs)
        print(f"| {name} | {n:,} | {wall:.2f} | {full} | {rate / LIMIT:.3f} | {sent} | "
              f"{outcomes} |")
    print(f"\n* requests sequential ran {SEQUENTIAL_ROWS} rows; its ratio for {count:,} is "
          "extrapolated from its measured rate (rows / s), not measured.")
    name = names[0]
    where = " ; ".join(str(r["refused_at"]) for r in results[name])
    print(f"{name}: the 429s fell on arrivals # {where} (from 0, per run)")


if __name__ == "__main__":
    main()

"""Peak memory of ``pronto.map`` over 10,000 vs 100,000 lazy inputs.

Each size runs in a fresh subprocess (peak RSS is a per-process high-water mark):

- ``fake``: ``accounts.stack`` against a zero-latency FakePronto on loopback (limits lifted
  on both sides), so every input is a real HTTP round trip. The fake runs in a process of
  its own: it keeps a record of every charge (to count duplicates), which must not be
  counted as the client's memory;
- ``stub``: the same fan-out over an async method that does no I/O, isolating ``map`` itself.

Flat means the 100k run's peak RSS is within 10% of the 10k run's: inputs are read lazily
and at most ``concurrency`` outcomes are held.

    python benchmarks/bench_map_memory.py            # the table (both modes, both sizes)
    python benchmarks/bench_map_memory.py --run fake 10000   # one measurement
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

SIZES = (10_000, 100_000)


def rows(count: int) -> Iterator[dict[str, str]]:
    for i in range(count):
        yield {"company_domain": f"company-{i}.example.com"}


SERVER = """
import sys, time
from pronto_async.testing import FakePronto
fake = FakePronto(api_key="bench", rate_limits={"accounts.stack": None}).start_in_thread()
print(fake.base_url, flush=True)
sys.stdin.read()
fake.close()
"""


async def measure(mode: str, count: int, base_url: str | None) -> dict[str, Any]:
    from pronto_async import AsyncPronto

    started = time.perf_counter()
    ok = 0
    if base_url is None:  # stub: no I/O at all

        async def stack(**kwargs: Any) -> dict[str, Any]:
            await asyncio.sleep(0)
            return {"technologies": ["React"], **kwargs}

        async with AsyncPronto("bench") as pronto:
            async for outcome in pronto.map(stack, rows(count), concurrency=64):
                ok += outcome.ok
    else:
        unlimited = {"accounts.stack": None}
        async with AsyncPronto("bench", base_url=base_url, rate_limits=unlimited) as pronto:
            async for outcome in pronto.map(pronto.accounts.stack, rows(count), concurrency=64):
                ok += outcome.ok
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mode": mode, "inputs": count, "ok": ok, "seconds": seconds, "peak_mib": peak_kib / 1024
    }


def run_one(mode: str, count: int) -> dict[str, Any]:
    if mode == "stub":
        return asyncio.run(measure(mode, count, None))
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    if server.stdout is None or server.stdin is None:
        raise RuntimeError("no pipe to the fake's process")
    try:
        return asyncio.run(measure(mode, count, server.stdout.readline().strip()))
    finally:
        server.stdin.close()
        server.wait(timeout=30)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        print(json.dumps(run_one(sys.argv[2], int(sys.argv[3]))))
        return
    results = []
    for mode in ("stub", "fake"):
        for count in SIZES:
            out = subprocess.run(
                [sys.executable, __file__, "--run", mode, str(count)],
                capture_output=True, text=True, check=True,
            )
            results.append(json.loads(out.stdout))
    print("$ python benchmarks/bench_map_memory.py")
    print("| mode | inputs | ok | seconds | inputs/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['mode']} | {r['inputs']:,} | {r['ok']:,} | {r['seconds']:.1f} | "
              f"{r['inputs'] / r['seconds']:,.0f} | {r['peak_mib']:.1f} |")
    for mode in ("stub", "fake"):
        small, large = (r for r in results if r["mode"] == mode)
        print(f"{mode}: peak RSS 100k / 10k = {large['peak_mib'] / small['peak_mib']:.3f}")


if __name__ == "__main__":
    main()

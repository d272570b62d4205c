"""Pacing on a real event loop: the SDK's grid pacer vs aiolimiter's buckets.

Fires 3N concurrent acquisitions at a documented N/s limit and reports, for each limiter,
the achieved rate as a share of N/s and the most acquisitions seen in any 1 s window (a
server counting in sliding windows 429s everything above N). ``AsyncLimiter(N, 1)`` is the
textbook bucket; ``AsyncLimiter(1, 1/N)`` is the no-burst variant DESIGN §4 first chose.

    python benchmarks/bench_pacing.py [N]
"""

from __future__ import annotations

import asyncio
import bisect
import sys
import time

from aiolimiter import AsyncLimiter

from pronto_async import Rate
from pronto_async._endpoints import endpoint
from pronto_async._limits import LocalLimiter


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(bisect.bisect_right(times, t + window) - i for i, t in enumerate(times))


async def run(acquire: object, count: int) -> list[float]:
    times: list[float] = []

    async def one() -> None:
        await acquire()  # type: ignore[operator]
        times.append(time.perf_counter())

    await asyncio.gather(*(one() for _ in range(count)))
    return times


async def main(n: int) -> None:
    count = 3 * n
    row = endpoint("contacts.enrich")
    sdk = LocalLimiter("bench", overrides={row.name: Rate(n, 1)})
    bursty = AsyncLimiter(n, 1)
    spaced = AsyncLimiter(1, 1.02 / n)  # same 2% margin as the SDK
    results = {
        "pronto_async LocalLimiter (grid)": await run(lambda: sdk.acquire(row), count),
        "aiolimiter AsyncLimiter(N, 1)": await run(bursty.acquire, count),
        "aiolimiter AsyncLimiter(1, 1.02/N)": await run(spaced.acquire, count),
    }
    print(f"$ python benchmarks/bench_pacing.py {n}")
    print(f"{count} concurrent acquisitions at a limit of {n}/s\n")
    print("| limiter | wall s | rate / limit | max in any 1 s window | over limit |")
    print("|---|---|---|---|---|")
    for name, times in results.items():
        span = max(times) - min(times)
        rate = (count - 1) / span if span else float("inf")
        worst = max_in_window(times, 1.0)
        print(f"| {name} | {span:.2f} | {rate / n:.3f} | {worst} | {max(0, worst - n)} |")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))

"""Import time of ``pronto_async`` vs ``aiohttp``, each in a fresh interpreter.

Every run is a new ``python -c`` process that times one import statement with
``perf_counter`` (so interpreter start-up, the same for all, is left out); the contenders
take turns run by run, their order alternating, so a burst of load on the shared machine
hits all of them. Reported: the median and quartiles per statement, and the ratio of
medians to the first. ``import aiohttp`` is the floor: the SDK cannot import faster than its
own HTTP client.

    python benchmarks/bench_import.py [RUNS] [STATEMENT ...]   # default: 40 runs, the three
                                                               # statements below

To see where the time goes: ``python -X importtime -c "import pronto_async" 2>&1 | sort -t'|'
-k2 -n | tail -30``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

DEFAULT_STATEMENTS = (
    "import aiohttp",
    "import pronto_async",
    "from pronto_async import AsyncPronto, Pronto",
)
TIMER = "import time; t = time.perf_counter(); {0}; print(time.perf_counter() - t)"


def once(statement: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", TIMER.format(statement)], capture_output=True, text=True,
        check=True,
    )
    return float(out.stdout)


def main() -> None:
    args = sys.argv[1:]
    runs = int(args.pop(0)) if args and args[0].isdigit() else 40
    statements = tuple(args) or DEFAULT_STATEMENTS
    times: dict[str, list[float]] = {s: [] for s in statements}
    for i in range(runs):
        order = statements if i % 2 == 0 else statements[::-1]  # alternate who goes first
        for statement in order:
            times[statement].append(once(statement))
    base = statistics.median(times[statements[0]])
    quoted = " ".join(f"'{s}'" for s in statements)
    print(f"$ python benchmarks/bench_import.py {runs} {quoted}")
    print(f"{runs} fresh interpreters per statement, order alternating\n")
    print(f"| statement | median ms | p25 ms | p75 ms | median / `{statements[0]}` |")
    print("|---|---|---|---|---|")
    for statement, values in times.items():
        q1, med, q3 = statistics.quantiles(values, n=4)
        print(f"| `{statement}` | {med * 1000:.1f} | {q1 * 1000:.1f} | {q3 * 1000:.1f} | "
              f"{med / base:.2f} |")


if __name__ == "__main__":
    main()

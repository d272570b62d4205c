"""Per-call client overhead with rate limits off: the SDK vs raw aiohttp vs httpx.

The same ``POST /v2/contacts/single_enrich`` (the same body) and JSON decode, one call at a
time, against a zero-latency FakePronto whose limits are lifted, running in its own process
(``_fakeproc``), so this process's CPU time is the client's alone. Contenders, all on one
event loop, in rounds whose order rotates (a burst of load on the shared machine hits
every contender):

- ``aiohttp``: ``session.post(url, json=body)`` then ``await response.json()``;
- ``httpx``: ``httpx.AsyncClient.post(url, json=body)`` then ``response.json()``;
- ``SDK request()``: ``pronto.request("contacts.enrich", json=body)``: the SDK's whole
  pipeline (limiter, retry policy, error mapping) returning decoded JSON, like the two above;
- ``SDK contacts.enrich``: the typed method: validation, the body built from keyword
  arguments, the pipeline, and the answer parsed into a ``ContactEnrichment`` model.

Reported: CPU (``time.process_time``) and wall time per call, medians over the rounds, and
the ratio to aiohttp's. Target: the SDK within 1.15 x raw aiohttp's CPU per call.

    python benchmarks/bench_overhead.py [ROUNDS] [CALLS]     # default: 15 rounds of 300 calls
    python benchmarks/bench_overhead.py --callgrind [CALLS]  # instructions per call (valgrind)
    python benchmarks/bench_overhead.py --trust-env-off [ROUNDS] [CALLS]   # an experiment
    python benchmarks/bench_overhead.py --callgrind --trust-env-off [CALLS]

``--trust-env-off`` is the experiment that found the SDK's overhead: it turns off
``trust_env`` on the SDK's own aiohttp session after it opens. With ``trust_env=True``
aiohttp looks up ``~/.netrc`` and the proxy variables in a worker thread on every request
(two thread hand-offs per call); see RESULTS.md. Once the SDK opens its session with
``trust_env=False`` the flag changes nothing.

``--callgrind`` runs each contender alone under ``valgrind --tool=callgrind`` twice (100
and 100 + CALLS calls, default 300) and reports the difference per call: instruction counts,
immune to the machine's noise, start-up and imports cancelled out.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import httpx
from _fakeproc import FakeProcess

from pronto_async import AsyncPronto

OPERATION = "contacts.enrich"
KEY = "bench-overhead"
ROW: dict[str, Any] = {
    "first_name": "Ada", "last_name": "Lovelace", "domain": "example.com"
}
BODY = {"firstname": "Ada", "lastname": "Lovelace", "domain": "example.com",
        "enrichment_type": ["email"]}
HEADERS = {"X-API-KEY": KEY, "Accept": "application/json"}
NAMES = ("aiohttp", "httpx", "SDK request()", "SDK contacts.enrich")

Call = Callable[[], Awaitable[Any]]


async def contenders(
    fake_urls: tuple[str, str], stack: list[Any], trust_env_off: bool = False
) -> dict[str, Call]:
    """One zero-argument coroutine function per contender, their clients opened."""
    base_url, enrich_base_url = fake_urls
    url = enrich_base_url + "/contacts/single_enrich"
    session = aiohttp.ClientSession()
    client = httpx.AsyncClient()
    pronto = AsyncPronto(KEY, base_url=base_url, enrich_base_url=enrich_base_url,
                         rate_limits={OPERATION: None})
    stack.extend([session.close, client.aclose, pronto.close])

    async def raw_aiohttp() -> Any:
        async with session.post(url, json=BODY, headers=HEADERS) as response:
            return await response.json()

    async def raw_httpx() -> Any:
        response = await client.post(url, json=BODY, headers=HEADERS)
        return response.json()

    if trust_env_off:
        await pronto.request(OPERATION, json=BODY)  # opens the session
        pronto._session._trust_env = False  # type: ignore[union-attr]  # the experiment

    async def sdk_request() -> Any:
        return await pronto.request(OPERATION, json=BODY)

    async def sdk_typed() -> Any:
        return await pronto.contacts.enrich(enrichment_type=["email"], **ROW)

    return dict(zip(NAMES, (raw_aiohttp, raw_httpx, sdk_request, sdk_typed), strict=True))


async def timed(call: Call, count: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(count):
        await call()
    return (time.process_time() - cpu) / count, (time.perf_counter() - wall) / count


async def measure(
    fake_urls: tuple[str, str], rounds: int, count: int, trust_env_off: bool
) -> dict[str, Any]:
    stack: list[Any] = []
    calls = await contenders(fake_urls, stack, trust_env_off)
    try:
        for call in calls.values():  # warm up: connections, caches, converters
            await timed(call, 50)
        cpu: dict[str, list[float]] = {name: [] for name in NAMES}
        wall: dict[str, list[float]] = {name: [] for name in NAMES}
        for r in range(rounds):
            order = NAMES[r % len(NAMES):] + NAMES[: r % len(NAMES)]
            for name in order:
                c, w = await timed(calls[name], count)
                cpu[name].append(c)
                wall[name].append(w)
        return {"cpu": cpu, "wall": wall}
    finally:
        for close in stack:
            await close()


def table(rounds: int, count: int, trust_env_off: bool) -> None:
    with FakeProcess(keys=[KEY], unlimited=(OPERATION,)) as fake:
        result = asyncio.run(
            measure((fake.base_url, fake.enrich_base_url), rounds, count, trust_env_off)
        )
    cpu = {name: statistics.median(v) for name, v in result["cpu"].items()}
    wall = {name: statistics.median(v) for name, v in result["wall"].items()}
    flag = "--trust-env-off " if trust_env_off else ""
    print(f"$ python benchmarks/bench_overhead.py {flag}{rounds} {count}")
    print(f"{rounds} rounds x {count} sequential calls per contender, order rotating; "
          "medians over the rounds\n")
    print("| contender | CPU us / call | CPU / aiohttp | wall us / call | wall / aiohttp |")
    print("|---|---|---|---|---|")
    for name in NAMES:
        print(f"| {name} | {cpu[name] * 1e6:.0f} | {cpu[name] / cpu['aiohttp']:.2f} | "
              f"{wall[name] * 1e6:.0f} | {wall[name] / wall['aiohttp']:.2f} |")


async def only(name: str, fake_urls: tuple[str, str], count: int, trust_env_off: bool) -> None:
    stack: list[Any] = []
    call = (await contenders(fake_urls, stack, trust_env_off))[name]
    try:
        await timed(call, count)
    finally:
        for close in stack:
            await close()


def callgrind(count: int, trust_env_off: bool) -> None:
    base = 100
    results: dict[str, float] = {}
    with FakeProcess(keys=[KEY], unlimited=(OPERATION,)) as fake, \
            tempfile.TemporaryDirectory() as tmp:
        for name in NAMES:
            totals = []
            for n in (base, base + count):
                out = subprocess.run(
                    ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out",
                     sys.executable, __file__, "--only", name, str(n),
                     fake.base_url, fake.enrich_base_url, str(trust_env_off)],
                    capture_output=True, text=True, check=True,
                )
                match = re.search(r"Collected : (\d+)", out.stderr)
                if match is None:
                    raise RuntimeError(out.stderr[-2000:])
                totals.append(int(match.group(1)))
            results[name] = (totals[1] - totals[0]) / count
    flag = " --trust-env-off" if trust_env_off else ""
    print(f"$ python benchmarks/bench_overhead.py --callgrind{flag} {count}")
    print(f"instructions per call: (Ir at {base + count} calls - Ir at {base} calls) / {count}\n")
    print("| contender | instructions / call | / aiohttp |")
    print("|---|---|---|")
    for name in NAMES:
        print(f"| {name} | {results[name]:,.0f} | {results[name] / results['aiohttp']:.2f} |")


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--only"]:
        asyncio.run(only(args[1], (args[3], args[4]), int(args[2]), args[5] == "True"))
    elif args[:1] == ["--callgrind"]:
        trust_env_off = args[1:2] == ["--trust-env-off"]
        args = args[1 + trust_env_off:]
        callgrind(int(args[0]) if args else 300, trust_env_off)
    else:
        trust_env_off = args[:1] == ["--trust-env-off"]
        args = args[trust_env_off:]
        table(int(args[0]) if args else 15, int(args[1]) if len(args) > 1 else 300, trust_env_off)


if __name__ == "__main__":
    main()

"""The blocking facade vs ``requests.Session``: sequential calls from a plain script.

The same ``POST /v2/contacts/single_enrich`` and JSON decode, one call at a time, against a
zero-latency FakePronto with its limits lifted, in its own process (``_fakeproc``).
Contenders, in rounds whose order rotates:

- ``requests.Session``: ``session.post(url, json=body).json()``;
- ``Pronto.request()``: the blocking facade's raw pipeline (decoded JSON, like requests);
- ``Pronto contacts.enrich``: the typed blocking method (validation, model parsing).

The facade sends each call to its event-loop thread and waits, so a call costs a thread
hop on top of the async pipeline; requests does all the work in the caller's thread.
Reported: wall time per call (what a script waits) and CPU per call (both threads), medians
over the rounds, and the ratio to requests'. Target: the facade's wall <= 1.0 x requests'.

    python benchmarks/bench_sync.py [ROUNDS] [CALLS]     # default: 15 rounds of 300 calls
    python benchmarks/bench_sync.py --trust-env-off [ROUNDS] [CALLS]   # an experiment

``--trust-env-off``: as in ``bench_overhead.py``, the experiment turning off ``trust_env`` on
the facade's aiohttp session once it is open (a no-op once the SDK does it; see RESULTS.md).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import requests
from _fakeproc import FakeProcess

from pronto_async import Pronto

OPERATION = "contacts.enrich"
KEY = "bench-sync"
ROW: dict[str, Any] = {
    "first_name": "Ada", "last_name": "Lovelace", "domain": "example.com"
}
BODY = {"firstname": "Ada", "lastname": "Lovelace", "domain": "example.com",
        "enrichment_type": ["email"]}
NAMES = ("requests.Session", "Pronto.request()", "Pronto contacts.enrich")


def timed(call: Callable[[], Any], count: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(count):
        call()
    return (time.process_time() - cpu) / count, (time.perf_counter() - wall) / count


def main() -> None:
    args = sys.argv[1:]
    trust_env_off = args[:1] == ["--trust-env-off"]
    args = args[trust_env_off:]
    rounds = int(args[0]) if args else 15
    count = int(args[1]) if len(args) > 1 else 300
    cpu: dict[str, list[float]] = {name: [] for name in NAMES}
    wall: dict[str, list[float]] = {name: [] for name in NAMES}
    with FakeProcess(keys=[KEY], unlimited=(OPERATION,)) as fake, \
            requests.Session() as session, \
            Pronto(KEY, base_url=fake.base_url, enrich_base_url=fake.enrich_base_url,
                   rate_limits={OPERATION: None}) as pronto:
        url = fake.enrich_base_url + "/contacts/single_enrich"
        headers = {"X-API-KEY": KEY, "Accept": "application/json"}
        calls: dict[str, Callable[[], Any]] = {
            "requests.Session": lambda: session.post(url, json=BODY, headers=headers).json(),
            "Pronto.request()": lambda: pronto.request(OPERATION, json=BODY),
            "Pronto contacts.enrich": lambda: pronto.contacts.enrich(
                enrichment_type=["email"], **ROW
            ),
        }
        for call in calls.values():  # warm up: connections, the loop thread, converters
            timed(call, 50)
        if trust_env_off:  # the experiment: the facade's session, now open
            pronto._async._session._trust_env = False  # type: ignore[union-attr]
        for r in range(rounds):
            for name in NAMES[r % len(NAMES):] + NAMES[: r % len(NAMES)]:
                c, w = timed(calls[name], count)
                cpu[name].append(c)
                wall[name].append(w)
    med_cpu = {name: statistics.median(v) for name, v in cpu.items()}
    med_wall = {name: statistics.median(v) for name, v in wall.items()}
    base = "requests.Session"
    flag = "--trust-env-off " if trust_env_off else ""
    print(f"$ python benchmarks/bench_sync.py {flag}{rounds} {count}")
    print(f"{rounds} rounds x {count} sequential calls per contender, order rotating; "
          "medians over the rounds\n")
    print("| contender | wall us / call | wall / requests | CPU us / call | CPU / requests |")
    print("|---|---|---|---|---|")
    for name in NAMES:
        print(f"| {name} | {med_wall[name] * 1e6:.0f} | {med_wall[name] / med_wall[base]:.2f} | "
              f"{med_cpu[name] * 1e6:.0f} | {med_cpu[name] / med_cpu[base]:.2f} |")


if __name__ == "__main__":
    main()

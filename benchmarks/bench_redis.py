"""Several processes, one key: each with its own limits vs. one RedisLimiter (issue 7).

Starts a redis-server on a free port (stopped at the end) and a FakePronto in real time in
a thread, then runs the worker processes twice, each sending ``contacts.enrich`` (50/s
documented) from 32 tasks for the given seconds: once with the built-in per-process limits,
once sharing a ``RedisLimiter``. Reports what reached the fake per second as a share of the
documented rate, what it accepted, its 429s, and the most it admitted in any 1 s window.

    python benchmarks/bench_redis.py [--workers 4] [--seconds 5]

Needs ``redis-server`` on PATH and the ``redis`` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import shutil
import socket
import subprocess
import sys
import time
from typing import Any

from pronto_async import AsyncPronto, ProntoError, RedisLimiter
from pronto_async.testing import FakePronto

OPERATION = "contacts.enrich"
TASKS = 32


def _worker(mode: str, settings: dict[str, Any], start_at: float, seconds: float) -> None:
    async def run() -> None:
        limiter = RedisLimiter(settings.pop("redis_url")) if mode == "redis" else None
        async with AsyncPronto(**settings, limiter=limiter, max_retries=0) as client:
            await asyncio.gather(*(client.account.credits() for _ in range(TASKS)))  # warm up
            await asyncio.sleep(max(0.0, start_at - time.time()))
            loop = asyncio.get_running_loop()
            end = loop.time() + seconds

            async def task() -> None:
                while loop.time() < end:
                    try:
                        await client.contacts.enrich(
                            first_name="Ada", last_name="Lovelace", domain="example.com",
                            enrichment_type=["email"],
                        )
                    except ProntoError:
                        await asyncio.sleep(0.01)

            tasks = [asyncio.create_task(task()) for _ in range(TASKS)]
            _, pending = await asyncio.wait(tasks, timeout=max(0.0, end - loop.time()))
            for running in pending:
                running.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    asyncio.run(run())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run(mode: str, workers: int, seconds: float, redis_url: str) -> tuple[str, ...]:
    with FakePronto() as fake:
        settings: dict[str, Any] = {
            "api_key": fake.api_key, "base_url": fake.base_url,
            "enrich_base_url": fake.enrich_base_url, "redis_url": redis_url,
        }
        if mode != "redis":
            del settings["redis_url"]
        spawn = multiprocessing.get_context("spawn")
        start_at = time.time() + 3.0  # after every worker has imported and warmed up
        processes = [
            spawn.Process(target=_worker, args=(mode, dict(settings), start_at, seconds))
            for _ in range(workers)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        stats = fake.stats[OPERATION]
        documented = fake.rates[OPERATION]
        assert documented is not None
        limit = documented.requests / documented.per
        label = "one RedisLimiter" if mode == "redis" else "per-process limits"
        return (
            f"{workers} x {label}", f"{stats.requests / seconds / limit:.3f}",
            f"{stats.accepted / seconds / limit:.3f}", str(stats.rate_limited),
            str(stats.max_in_window),
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    binary = shutil.which("redis-server")
    if binary is None:
        print("redis-server is not on PATH", file=sys.stderr)
        return 1
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        rows = [
            _run(mode, args.workers, args.seconds, f"redis://127.0.0.1:{port}/0")
            for mode in ("local", "redis")
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"$ python benchmarks/bench_redis.py --workers {args.workers} "
          f"--seconds {args.seconds:g}")
    print(f"{OPERATION} (50/s documented), {TASKS} tasks per process, FakePronto in real time\n")
    print("| limiter | sent / limit | accepted / limit | 429s | max in any 1 s window |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One worker process of tests/redis/test_workers.py (and benchmarks/bench_redis.py).

``python _worker.py '<json settings>'``: prints ``ready`` once imported and set up, reads the
shared start time (``time.time()``) from stdin, sends one operation from ``tasks``
concurrent tasks through an AsyncPronto with a RedisLimiter for ``duration`` seconds, and
prints one JSON line: successes, errors by type, whether it fell back and how many
warnings it logged. A task that meets ``LimiterUnavailableError`` stops, as a worker would;
the process then exits with status 3.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import sys
import time
from typing import Any

from pronto_async import AsyncPronto, LimiterUnavailableError, ProntoError, Rate, RedisLimiter


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def _run(cfg: dict[str, Any]) -> dict[str, Any]:
    warnings = _Warnings()
    logging.getLogger("pronto_async").addHandler(warnings)
    limiter = RedisLimiter(
        cfg["redis_url"],
        rate_limits={name: Rate(*limit) for name, limit in cfg["rate_limits"].items()},
        margin=cfg["margin"],
        fallback=cfg["fallback"],
        fallback_share=cfg["share"],
        timeout=1.0,
    )
    ok = 0
    errors: collections.Counter[str] = collections.Counter()
    first_error_at: float | None = None
    async with AsyncPronto(
        cfg["api_key"], base_url=cfg["base_url"], enrich_base_url=cfg["enrich_base_url"],
        limiter=limiter,
    ) as client:
        operation = cfg["operation"]
        resource, method = operation.split(".")
        call = getattr(getattr(client, resource), method)
        loop = asyncio.get_running_loop()
        # Warm up: one HTTP and one Redis connection per task, the script loaded, all on
        # an operation without a limit, so the run measures pacing, not connecting.
        await asyncio.gather(*(client.account.credits() for _ in range(cfg["tasks"])))
        print("ready", flush=True)
        start_at = float(await loop.run_in_executor(None, sys.stdin.readline))
        await asyncio.sleep(max(0.0, start_at - time.time()))

        async def task() -> None:
            nonlocal ok, first_error_at
            # Cancelled at the end; the clock check also ends a task whose cancellation
            # was turned into a timeout on its way (Python 3.11's timeouts can do that).
            while loop.time() < end:
                try:
                    await call(**cfg["kwargs"])
                except LimiterUnavailableError:
                    errors["LimiterUnavailableError"] += 1
                    first_error_at = first_error_at or time.time()
                    return
                except ProntoError as exc:
                    if loop.time() < end:  # not a cancellation at the end, converted
                        errors[type(exc).__name__] += 1
                    await asyncio.sleep(0.01)  # never a busy loop, whatever the error
                else:
                    ok += 1

        end = loop.time() + max(0.0, start_at + cfg["duration"] - time.time())
        tasks = [asyncio.create_task(task()) for _ in range(cfg["tasks"])]
        _, pending = await asyncio.wait(tasks, timeout=max(0.0, end - loop.time()))
        for running in pending:
            running.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        bound = client._transport.limiter
        fell_back = isinstance(bound, RedisLimiter) and bound.fell_back
    return {
        "worker": cfg["worker"], "ok": ok, "errors": dict(errors), "fell_back": fell_back,
        "warnings": warnings.messages, "first_error_at": first_error_at,
    }


def main() -> int:
    result = asyncio.run(_run(json.loads(sys.argv[1])))
    print(json.dumps(result), flush=True)
    return 3 if result["errors"].get("LimiterUnavailableError") else 0


if __name__ == "__main__":
    sys.exit(main())

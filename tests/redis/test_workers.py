"""Done-when for issue 7: four worker processes share one key through Redis against one
FakePronto (in a thread of this process), together at >= 95% of the documented rate with no
429 and never more than N in any window; and when Redis is killed mid-run they raise the
typed error, or fall back to local limits, without ever sending a request unpaced.

The fake counts in a strict sliding window and answers 429 to a request that would make
N + 1, so ``rate_limited == 0`` means no window of the fake's ever held more than N
(``max_in_window`` only counts what it admitted). The clients' limits are the fake's,
lengthened by its jitter allowance as ``fake.client()`` does, with an allowance of 1% of
the window instead of 50 ms, so allowance + margin (2%) leave the 95% bar reachable.

Why the fake runs at ``time_scale=1.0`` here: the slack that absorbs scheduling jitter
(allowance + margin, 30 ms of a 1 s window) is a fraction of the window, while the jitter
is absolute. On the shared 2-core box, with four workers, the fake, Redis and other test
runs, Redis round trips spike past 100 ms; at ``time_scale=0.5`` the fleet measured 92-97%
of the rate and one run in six got a 429, at 0.25 under 95% every time. At 1.0: 97.0% in
each of several runs. The whole module takes about 25 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pronto_async.testing import FakePronto
from tests.redis.conftest import RedisServer, wait_for

WORKERS = 4
TASKS = 6  # per worker: enough waiters to keep the shared grid full
TIME_SCALE = 1.0  # see the module docstring
JITTER = 0.01  # the fake's jitter allowance, as a fraction of the window
DURATION = 4.0  # seconds each run sends for
OPERATION = "contacts.enrich"  # 50/s documented: 12 per window each when they fall back
KWARGS = {"first_name": "Ada", "last_name": "Lovelace", "enrichment_type": ["email"],
          "domain": "example.com"}
WORKER = Path(__file__).with_name("_worker.py")


class Fleet:
    """The worker processes of one test; whatever is left running is killed at teardown."""

    def __init__(self, logs: Path) -> None:
        self.processes: list[subprocess.Popen[str]] = []
        self.logs = logs

    def start(self, fake: FakePronto, redis_url: str, **settings: Any) -> None:
        """Start the workers, wait until every one is ready, then let them all go at once."""
        limit = fake.client_rate_limits()[OPERATION]
        assert limit is not None
        cfg = {
            "redis_url": redis_url, "api_key": fake.api_key, "base_url": fake.base_url,
            "enrich_base_url": fake.enrich_base_url, "operation": OPERATION, "kwargs": KWARGS,
            "rate_limits": {OPERATION: [limit.requests, limit.per]}, "margin": 0.02,
            "fallback": "error", "share": 1.0, "tasks": TASKS, "duration": DURATION,
        }
        cfg.update(settings)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRONTO_")}
        for n in range(WORKERS):
            with (self.logs / f"worker{n}.err").open("w") as stderr:
                self.processes.append(subprocess.Popen(
                    [sys.executable, str(WORKER), json.dumps({**cfg, "worker": n})],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                    text=True, env=env,
                ))
        for process in self.processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.strip() == "ready", f"a worker failed to start: {line!r}"
        start_at = time.time() + 0.2
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.write(f"{start_at}\n")
            process.stdin.close()

    def results(self) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for n, process in enumerate(self.processes):
            process.wait(timeout=60)
            assert process.stdout is not None
            stdout = process.stdout.read()
            stderr = (self.logs / f"worker{n}.err").read_text()
            assert stdout.strip(), f"a worker printed nothing; stderr:\n{stderr}"
            out.append((process.returncode, json.loads(stdout.strip().splitlines()[-1])))
        return out

    def kill(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    workers = Fleet(tmp_path)
    try:
        yield workers
    finally:
        workers.kill()


@pytest.fixture
def fake() -> Iterator[FakePronto]:
    server = FakePronto(time_scale=TIME_SCALE, jitter_allowance=JITTER * TIME_SCALE)
    with server:
        yield server


def test_four_processes_share_one_keys_rate(
    fake: FakePronto, own_redis: RedisServer, fleet: Fleet
) -> None:
    fleet.start(fake, own_redis.url)
    results = fleet.results()
    stats = fake.stats[OPERATION]
    documented = fake.scaled_rate_limits()[OPERATION]
    assert documented is not None
    assert [code for code, _ in results] == [0] * WORKERS
    assert all(result["errors"] == {} and not result["fell_back"] for _, result in results)
    assert stats.rate_limited == 0
    assert stats.max_in_window <= documented.requests
    # Every worker had its share, and together they kept the documented pace.
    assert all(result["ok"] > 0 for _, result in results)
    assert stats.accepted >= 0.95 * documented.requests / documented.per * DURATION
    assert stats.accepted >= sum(result["ok"] for _, result in results)


def test_redis_killed_mid_run_workers_raise_and_send_nothing_more(
    fake: FakePronto, own_redis: RedisServer, fleet: Fleet
) -> None:
    fleet.start(fake, own_redis.url)
    stats = fake.stats[OPERATION]
    wait_for(lambda: stats.accepted >= 40)  # a second into the run, all workers going
    killed_at = time.time()
    own_redis.kill()
    accepted_at_kill = stats.accepted
    results = fleet.results()

    assert [code for code, _ in results] == [3] * WORKERS
    for _, result in results:
        assert result["ok"] > 0
        assert result["errors"] == {"LimiterUnavailableError": TASKS}
        assert result["first_error_at"] >= killed_at
        assert not result["fell_back"]
    # After the kill no slot is handed out: the only requests the fake still saw are the
    # ones already granted (at most one per task), and none was over the limit.
    assert stats.accepted - accepted_at_kill <= WORKERS * TASKS
    assert stats.rate_limited == 0


def test_redis_killed_mid_run_workers_fall_back_within_their_share(
    fake: FakePronto, own_redis: RedisServer, fleet: Fleet
) -> None:
    fleet.start(fake, own_redis.url, fallback="local", share=1 / WORKERS)
    stats = fake.stats[OPERATION]
    wait_for(lambda: stats.accepted >= 40)
    own_redis.kill()
    accepted_at_kill = stats.accepted
    results = fleet.results()

    assert [code for code, _ in results] == [0] * WORKERS
    for _, result in results:
        assert result["fell_back"] and result["errors"] == {}
        assert len(result["warnings"]) == 1
        assert "local limits (25% of each limit)" in result["warnings"][0]
    # They went on after the kill, each on a quarter of the limit, and a window never held
    # more than N: not across the switch (local slots start a window after it), not after.
    assert stats.accepted > accepted_at_kill
    assert stats.rate_limited == 0

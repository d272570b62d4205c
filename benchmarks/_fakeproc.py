"""A FakePronto in a process of its own, for the benchmarks.

The fake runs on its own interpreter (its own GIL, its own core when there is one), so what
a benchmark measures in its own process is the client alone, and the fake's CPU never counts
as a contender's. Its counters are read over a pipe: write an operation name, read back that
operation's ``EndpointStats`` as JSON, or ``refusals KEY OPERATION`` to read the arrival
numbers (from 0) of the requests the rate limit refused for that key and operation: where in
a run the 429s fell. (That count swaps the fake's private ``SlidingWindow`` for a counting
subclass, in the fake's process only: a benchmark instrument.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from types import TracebackType
from typing import Any

SERVER = """
import json, sys
import attrs
from pronto_async.testing import FakePronto, Latency, _server
cfg = json.loads(sys.argv[1])
class CountingWindow(_server.SlidingWindow):
    def __init__(self, *args):
        super().__init__(*args)
        self.arrivals = 0
        self.refusals = []

    def admit(self, now):
        result = super().admit(now)
        if not result[0]:
            self.refusals.append(self.arrivals)
        self.arrivals += 1
        return result

_server.SlidingWindow = CountingWindow
fake = FakePronto(
    api_key=cfg["keys"][0],
    latency=Latency(*cfg["latency"]) if cfg["latency"] else None,
    rate_limits={name: None for name in cfg["unlimited"]},
)
for key in cfg["keys"][1:]:
    fake.add_key(key)
fake.start_in_thread()
print(fake.base_url, fake.enrich_base_url, flush=True)
for line in sys.stdin:
    words = line.split()
    if words[0] == "refusals":  # refusals KEY OPERATION
        window = fake._windows.get((words[1], words[2]))
        print(json.dumps(window.refusals if window else []), flush=True)
    else:
        print(json.dumps(attrs.asdict(fake.stats[words[0]])), flush=True)
fake.close()
"""


class FakeProcess:
    """``with FakeProcess(keys=[...], latency=(0.3, 0.1)) as fake:`` — a FakePronto on
    loopback in a subprocess; ``fake.base_url``, ``fake.enrich_base_url``, ``fake.stats(op)``.
    """

    def __init__(
        self,
        *,
        keys: list[str],
        latency: tuple[float, float] | None = None,
        unlimited: tuple[str, ...] = (),
    ) -> None:
        config = {"keys": keys, "latency": latency, "unlimited": list(unlimited)}
        self._process = subprocess.Popen(
            [sys.executable, "-c", SERVER, json.dumps(config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        if self._process.stdout is None or self._process.stdin is None:
            raise RuntimeError("no pipe to the fake's process")
        self._out, self._in = self._process.stdout, self._process.stdin
        self.base_url, self.enrich_base_url = self._out.readline().split()

    def stats(self, operation: str) -> dict[str, Any]:
        """The fake's counters of ``operation`` (``requests``, ``rate_limited``, ...)."""
        self._in.write(operation + "\n")
        self._in.flush()
        result: dict[str, Any] = json.loads(self._out.readline())
        return result

    def refusals(self, key: str, operation: str) -> list[int]:
        """Arrival numbers (from 0) of ``key``'s requests to ``operation`` refused with 429."""
        self._in.write(f"refusals {key} {operation}\n")
        self._in.flush()
        result: list[int] = json.loads(self._out.readline())
        return result

    def close(self) -> None:
        self._in.close()
        self._process.wait(timeout=30)

    def __enter__(self) -> FakeProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

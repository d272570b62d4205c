"""``pronto sandbox``: serve FakePronto until Ctrl-C, for trying code without an API key.

It prints the base URLs, the sandbox's API key, and the environment lines that point the SDK
(and ``pronto enrich``/``pronto credits``) at it. Ctrl-C (or SIGTERM) stops it cleanly with
exit status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any

from ..testing import FakePronto, Latency
from ._errors import CLIError, UsageError

__all__ = ["DEFAULT_KEY", "DEFAULT_PORT", "add_parser", "parse_latency", "run"]

#: A fixed key, so the environment lines stay valid across restarts (it is a sandbox).
DEFAULT_KEY = "pk_sandbox"
DEFAULT_PORT = 8765


def parse_latency(value: str) -> Latency:
    """``"0.3"`` or ``"0.3,0.1"`` (mean, jitter in seconds) as a :class:`Latency`."""
    mean, _, jitter = value.partition(",")
    try:
        latency = Latency(float(mean), float(jitter or 0))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"want MEAN[,JITTER] in seconds, e.g. 0.3,0.1; got {value!r}"
        ) from None
    if latency.mean < 0 or latency.jitter < 0 or latency.jitter > latency.mean:
        raise argparse.ArgumentTypeError(f"want 0 <= JITTER <= MEAN; got {value!r}")
    return latency


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "sandbox", help="serve the FakePronto sandbox until Ctrl-C",
        description="Serve FakePronto (every documented operation, documented limits and "
        "credits, seeded data) until Ctrl-C, and print how to point the SDK at it.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"the port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--seed", type=int, default=0, help="the data seed (default 0)")
    parser.add_argument("--latency", type=parse_latency, metavar="MEAN[,JITTER]",
                        help="server time per request in seconds (default none), e.g. 0.3,0.1")
    parser.add_argument("--api-key", default=DEFAULT_KEY,
                        help=f"the key the sandbox accepts (default {DEFAULT_KEY})")
    parser.add_argument("--credits", type=int, default=1_000_000,
                        help="the key's starting balance (default 1000000)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0 to 65535, got {args.port}")
    return asyncio.run(_serve(args))


async def _serve(args: argparse.Namespace) -> int:
    fake = FakePronto(api_key=args.api_key, credits=args.credits, seed=args.seed,
                      latency=args.latency, host=args.host, port=args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        try:
            await fake.start()
        except OSError as exc:
            raise CLIError(f"cannot listen on {args.host}:{args.port}: "
                           f"{exc.strerror or exc}") from None
        port = fake.port
        origin = fake.origin
        out = sys.stdout
        print(f"pronto sandbox: FakePronto listening on {args.host}:{port} "
              "(Ctrl-C to stop)", file=out)
        print("Point the SDK (or the pronto command) at it:", file=out)
        print(f"  export PRONTO_BASE_URL={origin}/api/v2", file=out)
        print(f"  export PRONTO_ENRICH_BASE_URL={origin}/v2", file=out)
        print(f"  export PRONTO_API_KEY={fake.api_key}", file=out)
        print("The SDK accepts http:// only for loopback hosts.", file=out, flush=True)
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await fake.stop()
    stats = fake.stats
    print(f"pronto sandbox: stopped after {stats.requests} requests, {stats.credits} credits "
          f"charged, {stats.rate_limited} answered 429", file=sys.stdout, flush=True)
    return 0

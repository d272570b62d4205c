"""``pronto credits``: the account's credit balance."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from ..errors import ProntoError
from ._connect import make_client, runtime_error

__all__ = ["add_parser", "run"]


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "credits", help="print the credit balance",
        description="Print the credit balance of the API key (GET /credits; free).",
    )
    parser.add_argument("--api-key", help="the API key (default: PRONTO_API_KEY)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_credits(args.api_key))


async def _credits(api_key: str | None) -> int:
    async with make_client(api_key, max_retries=1) as pronto:
        try:
            credits = await pronto.account.credits()
        except ProntoError as exc:
            raise runtime_error(exc) from None
    balance = "unknown (the server sent no balance)" if credits.credits is None else credits.credits
    print(f"credits: {balance}", file=sys.stdout)
    return 0

"""``pronto credits``: the account's credit balance."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from ..errors import ProntoError
from ..models import Credits
from ._connect import make_client, runtime_error

__all__ = ["add_parser", "describe", "run"]

#: How many of an answer's fields a "no balance" line names.
_FIELDS_SHOWN = 8


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
    print(f"credits: {describe(credits)}", file=sys.stdout)
    return 0


def describe(credits: Credits) -> str:
    """The balance, or, when the answer has none under a known name, what it did have (a
    balance under another name is then there to read)."""
    if credits.credits is not None:
        return str(credits.credits)
    if not credits.extra:
        return "unknown (the server sent an empty answer)"
    fields = [
        f"{key}={value!r}" if isinstance(value, int | float | str | bool) or value is None
        else f"{key}=<{type(value).__name__}>"
        for key, value in list(credits.extra.items())[:_FIELDS_SHOWN]
    ]
    more = len(credits.extra) - _FIELDS_SHOWN
    listed = ", ".join(fields) + (f" and {more} more" if more > 0 else "")
    return (
        f"unknown: none of {', '.join(Credits.balance_keys)} in the answer, which had "
        f"{listed}"
    )

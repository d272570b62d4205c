"""Reading and decoding one webhook body, whatever server carries it (DESIGN §9).

The aiohttp handler, the ASGI app and the receiver's own server all read a delivery through
:func:`read_body` and decode it with :func:`decode_body`, so the three apply the same limits:
the whole body is read (not what happens to be buffered), under a size cap checked against
``Content-Length`` before reading and against the bytes themselves while they stream, within
a deadline, and its JSON nesting is bounded *before* the parser recurses into it. Every
refusal is a :class:`Refused` carrying a 4xx status; nothing a sender does leads to a 5xx.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from itertools import accumulate
from typing import Any, Final

import attrs

__all__ = [
    "DEFAULT_BODY_TIMEOUT",
    "Answer",
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_DEPTH",
    "Refused",
    "check_depth",
    "decode_body",
    "read_body",
]

#: Bytes above which a delivery is refused with 413. An envelope of 1,000 leads is ~1.2 MB
#: with empty texts, ~5 MB with typical profile texts and ~7.7 MB with every text at
#: LinkedIn's maximum (tests/integration/test_webhooks_limits.py builds them): 32 MiB leaves
#: room for non-ASCII text escaped as ``\uXXXX``.
DEFAULT_MAX_BODY: Final = 32 * 1024 * 1024
#: Nesting above this many arrays/objects is refused with 400; a lead envelope nests 5 deep.
DEFAULT_MAX_DEPTH: Final = 64
#: Seconds from a request's head to its last body byte (32 MiB then needs ~0.6 MB/s).
DEFAULT_BODY_TIMEOUT: Final = 60.0

# One JSON string: a quote, then runs of plain characters and escapes, then a quote. The
# unrolled form has no ambiguous alternation, so it matches in linear time.
_STRING: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS: Final = bytes(b for b in range(256) if b not in b"[]{}")
#: Openers to +1 and closers to -1 (as signed bytes).
_STEPS: Final = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


@attrs.frozen
class Answer:
    """What to answer one delivery, whichever server sends it."""

    status: int
    body: dict[str, Any]
    #: Answer with ``Connection: close``: the connection is not worth keeping.
    close: bool = False
    #: Seconds for a ``Retry-After`` header (a failure of ours the sender should retry).
    retry_after: int | None = None


class Refused(Exception):
    """A delivery refused with a 4xx answer.

    Args:
        status: The HTTP status to answer.
        message: Why, for the sender (never echoes the body).
        close: Close the connection after answering (the sender is still sending).
    """

    def __init__(self, status: int, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.close = close


async def read_body(
    read_chunk: Callable[[], Awaitable[bytes]],
    *,
    content_length: int | None,
    max_body: int,
    timeout: float,
) -> bytes:
    """The whole body, read chunk by chunk until the end of the stream.

    Args:
        read_chunk: Returns the next bytes of the body, ``b""`` at its end.
        content_length: The declared length, if any: over ``max_body`` is refused before a
            byte is read.
        max_body: The size cap, checked again while a chunked body streams.
        timeout: Seconds the whole body may take.

    Raises:
        Refused: 413 over the cap, 408 past the deadline, 400 if the sender hung up.
    """
    if content_length is not None and content_length > max_body:
        raise Refused(413, f"a delivery is at most {max_body} bytes", close=True)
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            while chunk := await read_chunk():
                size += len(chunk)
                if size > max_body:
                    raise Refused(413, f"a delivery is at most {max_body} bytes", close=True)
                chunks.append(chunk)
    except TimeoutError:
        raise Refused(408, f"the body took more than {timeout:g} s", close=True) from None
    except Refused:
        raise
    except Exception:  # the sender hung up or broke the framing: nothing to acknowledge
        raise Refused(400, "incomplete body", close=True) from None
    return b"".join(chunks)


def check_depth(raw: bytes, max_depth: int) -> None:
    """Refuse JSON nested deeper than ``max_depth`` without parsing it.

    Strings are cut out (brackets inside them do not count), each remaining bracket becomes
    +1 or -1, and the running sum is the depth. It runs over the bytes in C-implemented
    steps (a UTF-8 body's multi-byte sequences never contain these ASCII bytes), in time
    linear in the body: ~50 ns a bracket at worst, so ~1.5 s for 32 MiB of nothing but
    brackets, which the receiver decodes in a worker thread.

    Raises:
        Refused: 400, too deep.
    """
    steps = _STRING.sub(b"", raw).translate(_STEPS, _NOT_BRACKETS)
    # A run of openers is a lower bound of the depth: a 100,000-deep array stops here.
    if re.search(b"\x01{%d}" % (max_depth + 1), steps):
        raise Refused(400, f"a delivery nests at most {max_depth} arrays or objects deep")
    if max(accumulate(memoryview(steps).cast("b")), default=0) > max_depth:
        raise Refused(400, f"a delivery nests at most {max_depth} arrays or objects deep")


def decode_body(raw: bytes, *, max_depth: int) -> Any:
    """The JSON value of a UTF-8 body whose nesting is at most ``max_depth``.

    Raises:
        Refused: 400 for anything but such a body.
    """
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise Refused(400, "a delivery must be UTF-8 JSON") from None
    check_depth(raw, max_depth)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError only with a huge max_depth
        raise Refused(400, "a delivery must be JSON") from None

"""One request as a handler sees it, and the handler signature."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._endpoints import Endpoint
from ._jobs import World
from ._rules import Reject
from ._state import KeyAccount

__all__ = ["Call", "Handler", "Reply"]

#: ``(status, JSON body)``.
Reply = tuple[int, Any]


@attrs.define(kw_only=True)
class Call:
    """What a handler gets: the operation, the caller's account, the decoded body."""

    endpoint: Endpoint
    account: KeyAccount
    #: The decoded JSON body: a dict for POST and PUT (the server checked), else ``None``.
    body: Any
    params: Mapping[str, str]
    query: Mapping[str, str]
    world: World
    #: Credits to bill when the answer is 2xx; ``None`` bills the documented cost (or 0).
    cost: int | None = None

    @property
    def seed(self) -> int:
        return self.world.seed

    def get(self, name: str, default: Any = None) -> Any:
        return self.body.get(name, default) if isinstance(self.body, dict) else default

    def need(self, credits: int, message: str = "Insufficient credits", status: int = 422) -> None:
        """Reject unless the balance covers ``credits`` (checked before any work)."""
        if self.account.credits < credits:
            raise Reject(status, {"error": message})


Handler = Callable[[Call], Reply]

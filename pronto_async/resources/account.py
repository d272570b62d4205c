"""``pronto.account``: credit balance and account details."""

from __future__ import annotations

from typing import Unpack

from .._facade import SyncResource, forward
from .._options import CallOptions
from ..models.account import AccountInfo, Credits
from ._base import Resource, operation

__all__ = ["Account", "SyncAccount"]


class Account(Resource):
    """Your Pronto account."""

    __slots__ = ()

    @operation("account.credits")
    async def credits(self, **options: Unpack[CallOptions]) -> Credits:
        """Your current credit balance.

        Returns:
            The balance in ``credits`` (read from any of ``Credits.balance_keys``; ``None``
            when the answer has none of them); every other field of the answer in ``extra``.
        """
        return await self._call("account.credits", Credits)

    @operation("account.info")
    async def info(self, **options: Unpack[CallOptions]) -> AccountInfo:
        """Information about your account (also a cheap way to check a key).

        Raises:
            AuthenticationError: the key is wrong.
        """
        return await self._call("account.info", AccountInfo)


class SyncAccount(SyncResource):
    """Blocking twin of :class:`Account`."""

    __slots__ = ()
    credits = forward(Account.credits)
    info = forward(Account.info)

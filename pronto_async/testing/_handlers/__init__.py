"""One handler per documented operation, by operation name (the names of ``_endpoints``)."""

from __future__ import annotations

from typing import Final

from .._call import Handler
from . import accounts, contacts, leads, misc, signals

__all__ = ["HANDLERS"]

HANDLERS: Final[dict[str, Handler]] = {
    **accounts.HANDLERS,
    **contacts.HANDLERS,
    **leads.HANDLERS,
    **signals.HANDLERS,
    **misc.HANDLERS,
}

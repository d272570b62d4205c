"""Logging for ``pronto_async``: one logger, silent unless the application or ``PRONTO_LOG``
turns it on.

``PRONTO_LOG=debug`` or ``PRONTO_LOG=info`` attaches a stderr handler to the
``pronto_async`` logger (once per process). Records carry the method, path, status, attempt
and the seconds spent waiting for the rate limiter; never a header, a body or the API key.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Final

__all__ = ["LOGGER_NAME", "configure_from_env"]

LOGGER_NAME: Final = "pronto_async"
_LEVELS: Final = {"debug": logging.DEBUG, "info": logging.INFO}
_lock = threading.Lock()
_configured = False


def configure_from_env() -> None:
    """Apply ``PRONTO_LOG`` to the ``pronto_async`` logger, once per process."""
    global _configured
    level = _LEVELS.get(os.environ.get("PRONTO_LOG", "").strip().lower())
    if level is None:
        return
    with _lock:
        if _configured:
            return
        _configured = True
        logger = logging.getLogger(LOGGER_NAME)
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
        )
        logger.addHandler(handler)
        logger.setLevel(level)

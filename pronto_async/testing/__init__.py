"""Test your code against a real, local Pronto: ``FakePronto`` (DESIGN §10).

>>> from pronto_async.testing import FakePronto
>>> async with FakePronto(time_scale=0.01) as fake:            # doctest: +SKIP
...     async with fake.client() as pronto:
...         print((await pronto.account.credits()).credits)

With pytest, the ``pronto_fake`` fixture (registered by this package's plugin) gives a
running fake per test.
"""

from ._faults import Fault, Latency
from ._jobs import WebhookShape
from ._server import FakePronto
from ._shapes import AdvancedSearchShape, ResponseShapes, SearchDetailShape
from ._state import EndpointStats, KeyAccount, Stats, WebhookStats

__all__ = [
    "AdvancedSearchShape",
    "EndpointStats",
    "FakePronto",
    "Fault",
    "KeyAccount",
    "Latency",
    "ResponseShapes",
    "SearchDetailShape",
    "Stats",
    "WebhookShape",
    "WebhookStats",
]

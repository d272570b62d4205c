"""The pytest plugin of ``pronto_async.testing`` (registered through the ``pytest11`` entry
point, so installing pronto-async is enough).

``pronto_fake`` gives each test a running :class:`FakePronto`. It runs on a loop thread of
its own, so the same fixture serves synchronous tests, async tests on any event loop, and
tests that use the blocking ``Pronto``. Configure it per test with the marker::

    @pytest.mark.pronto_fake(time_scale=0.01, credits=100)
    def test_low_balance(pronto_fake): ...

The marker's keyword arguments are :class:`FakePronto`'s.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._server import FakePronto

__all__ = ["pronto_fake"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pronto_fake(**settings): FakePronto settings for the pronto_fake fixture",
    )


@pytest.fixture
def pronto_fake(request: pytest.FixtureRequest) -> Iterator[FakePronto]:
    """A running :class:`FakePronto`; ``pronto_fake.client()`` / ``.sync_client()`` return
    clients pointed at it."""
    settings: dict[str, object] = {}
    for marker in reversed(list(request.node.iter_markers("pronto_fake"))):
        settings.update(marker.kwargs)  # the closest marker (the test's own) wins
    fake = FakePronto(**settings)  # type: ignore[arg-type]
    fake.start_in_thread()
    try:
        yield fake
    finally:
        fake.close()

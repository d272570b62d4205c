"""Redis-backed limiter tests: real ``redis-server`` processes on free loopback ports.

A session server serves the tests that only need a store (each test uses a prefix of its
own); tests that kill Redis start their own. Without the ``redis-server`` binary or redis-py
these tests skip, unless ``PRONTO_REQUIRE_REDIS=1`` (CI), where they fail instead.
Real event loop, real time: limits are overridden to short windows, never slept through
at their documented length.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

REQUIRED = os.environ.get("PRONTO_REQUIRE_REDIS") == "1"


def _missing(what: str) -> None:
    message = f"{what}; install it (Debian: apt-get install redis-server; pip install redis)"
    if REQUIRED:
        pytest.fail(f"PRONTO_REQUIRE_REDIS=1 but {message}", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """One ``redis-server`` child process: no persistence, loopback only."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self._record(self._process.pid)
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    @staticmethod
    def _record(pid: int, *, remove: bool = False) -> None:
        """Note the pid in ``$PRONTO_REDIS_PIDS`` (CI kills what a killed run left)."""
        where = os.environ.get("PRONTO_REDIS_PIDS")
        if where:
            path = os.path.join(where, f"{pid}.pid")
            if remove:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            else:
                with open(path, "w") as file:
                    file.write(str(pid))

    def kill(self) -> None:
        """SIGKILL: Redis vanishes mid-run, as a crashed server would."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._record(self._process.pid, remove=True)
            self._process = None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            self._record(process.pid, remove=True)


@pytest.fixture(scope="session")
def redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("the redis-server binary is not on PATH")
    try:
        import redis.asyncio  # noqa: F401
    except ModuleNotFoundError:
        _missing("redis-py is not installed")
    assert binary is not None
    return binary


@pytest.fixture(scope="session")
def redis_server(redis_binary: str) -> Iterator[RedisServer]:
    """A server shared by the session (tests keep apart by key prefix)."""
    server = RedisServer(redis_binary)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_redis(redis_binary: str) -> Iterator[RedisServer]:
    """A server for this test alone (it may kill it)."""
    server = RedisServer(redis_binary)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def prefix() -> str:
    """A key prefix of this test's own on the shared server."""
    return "t" + secrets.token_hex(6)


@pytest.fixture
async def raw_redis(redis_server: RedisServer) -> AsyncIterator[Any]:
    """A plain redis-py client on the shared server, to look at what the limiter wrote."""
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(redis_server.url, decode_responses=True)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "PRONTO_API_KEY", "PRONTO_BASE_URL", "PRONTO_ENRICH_BASE_URL", "PRONTO_LOG",
        "PRONTO_REDIS_URL",
    ):
        monkeypatch.delenv(name, raising=False)


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll ``predicate`` until it holds (a test's own bound, not an assertion on time)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)

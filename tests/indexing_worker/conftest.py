"""A real Celery worker on a real Redis broker, for the indexing integration tests.

The session runs Celery eagerly (tests/conftest.py); these fixtures point the app
at Redis, switch eager mode off, start a worker and put everything back after.
Tests here use `transaction=True`: the worker reads the rows from its own
database connection, so they must be committed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from rtes_site.celery import app

from search.engines.base import SearchQuery
from tests.conftest import require_service

# The indexing helper's own Redis database on the shared server.
REDIS_URL = os.environ.get("RTES_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


def eventually(predicate: Callable[[], object], timeout: float = 15) -> bool:
    """Poll until `predicate()` is true; False if it never became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


def found(engine, text: str = "", **filters) -> set[str]:
    """Titles the engine returns for a text and facet selections."""
    query = SearchQuery(text=text, filters={k: tuple(v) for k, v in filters.items()})
    return {hit.title for hit in engine.searcher.search(query).hits}


def redis_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_url() -> str:
    """The shared Redis, in this test folder's own database (emptied first)."""
    require_service(redis_reachable(REDIS_URL), f"needs Redis at {REDIS_URL}")
    redis.Redis.from_url(REDIS_URL).flushdb()  # only our database number
    return REDIS_URL


def reset_connections() -> None:
    """Forget the app's pools so the next send uses the new URL.

    Not closed: kombu keeps pools per URL and would hand a closed one back.
    """
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker(url: str, **transport_options) -> Iterator:
    """Send tasks to `url` for real (not eagerly) within the block."""
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "broker_transport_options", "task_always_eager")
    }
    app.conf.broker_url = url
    app.conf.broker_transport_options = {
        "visibility_timeout": 3600,
        **transport_options,
    }
    app.conf.task_always_eager = False
    reset_connections()
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset_connections()


def _close_worker_connections(**kwargs):
    # The worker thread's database connections must not outlive the test: the
    # test database is flushed, and on PostgreSQL dropped, after it.
    connections.close_all()


@contextmanager
def worker(**options) -> Iterator:
    """A worker thread consuming from the app's current broker."""
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(
            app,
            **{
                "pool": "solo",
                "perform_ping_check": False,  # it needs a result backend
                "loglevel": "WARNING",
                "shutdown_timeout": 30,
                **options,
            },
        ) as running:
            yield running
    finally:
        task_postrun.disconnect(_close_worker_connections)


@pytest.fixture
def redis_worker(redis_url, transactional_db):
    """Tasks go through Redis to a real worker running beside the test."""
    with broker(redis_url), worker():
        yield app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of our own on a free port, which a test may stop and restart."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.dir)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not eventually(lambda: redis_reachable(self.url), timeout=10):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def throwaway_redis(tmp_path):
    require_service(
        shutil.which("redis-server") is not None, "needs redis-server on the PATH"
    )
    server = ThrowawayRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()

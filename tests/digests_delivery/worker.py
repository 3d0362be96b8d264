"""A real Celery worker for the tests, on Redis database 13."""

from __future__ import annotations

import contextlib
import os
import time

import pytest
import redis

BROKER_URL = os.environ.get("DIGESTS_TEST_BROKER_URL", "redis://127.0.0.1:6379/13")


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(BROKER_URL, socket_timeout=2).ping()
    except redis.RedisError:
        return False


@contextlib.contextmanager
def real_broker():
    """Tasks go through Redis (not eager) for the duration, queue emptied first."""
    from rtes_site.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = BROKER_URL
    app.conf.task_always_eager = False
    # The app caches its connection pools: drop them so the new URL is used.
    app._pool = None
    app.amqp._producer_pool = None
    redis.Redis.from_url(BROKER_URL).flushdb()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool = None
        app.amqp._producer_pool = None


def wait_for(predicate, timeout: float = 30.0) -> bool:
    """Whether `predicate()` came true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def worker(transactional_db):
    """A Celery worker (solo pool) on the test broker, for the test's duration."""
    from celery.contrib.testing.worker import start_worker

    from tests.conftest import require_service

    require_service(redis_available(), "needs Redis (database 13)")
    with (
        real_broker() as app,
        start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"),
    ):
        yield app

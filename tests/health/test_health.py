"""/health/ reports each service's reachability without leaking configuration."""

import datetime as dt
import socket

import pytest
from django.conf import settings
from django.utils import timezone
from rtes_site.celery import app as celery_app
from rtes_site.models import WorkerHeartbeat
from rtes_site.tasks import heartbeat

from search.engines import get_engine
from tests.conftest import require_service


@pytest.fixture
def broker_url():
    """Point Celery at another broker for one test."""
    original = celery_app.conf.broker_url
    yield lambda url: setattr(celery_app.conf, "broker_url", url)
    celery_app.conf.broker_url = original


def redis_running() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def test_all_services_up(client, db):
    heartbeat()  # as a worker runs it when beat sends it
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "search": "ok",
        "worker": "ok",
        "search_engine": get_engine().name,
    }


def test_no_recent_heartbeat_is_a_503_naming_the_worker(client, db):
    assert client.get("/health/").json()["worker"] == "unavailable"  # none yet
    heartbeat()
    late = timezone.now() - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE + 1)
    WorkerHeartbeat.objects.update(at=late)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"] == "unavailable"


def test_beat_sends_the_heartbeat_often_enough():
    (entry,) = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == heartbeat.name
    ]
    assert entry["schedule"] * 2 < settings.WORKER_HEARTBEAT_MAX_AGE


def test_real_redis_broker(client, db, broker_url):
    require_service(redis_running(), "needs Redis on 127.0.0.1:6379")
    broker_url("redis://127.0.0.1:6379/15")
    assert client.get("/health/").json()["broker"] == "ok"


def test_broker_down_is_a_503_naming_no_url(client, db, broker_url):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    broker_url(f"redis://:s3cret@127.0.0.1:{port}/0")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    body = response.content.decode()
    assert "s3cret" not in body and str(port) not in body

"""/health/ knows whether a worker runs: beat's heartbeat task, run by a real one."""

import pytest
from rtes_site.models import WorkerHeartbeat
from rtes_site.tasks import heartbeat

from .conftest import eventually

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_health_names_the_worker_until_one_runs_the_heartbeat(client, redis_worker):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"] == "unavailable"

    heartbeat.delay()  # as beat sends it every 30 s
    assert eventually(lambda: WorkerHeartbeat.objects.exists())
    response = client.get("/health/")
    assert response.json()["worker"] == "ok"
    assert response.status_code == 200, response.json()

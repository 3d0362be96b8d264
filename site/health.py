"""/health/: is each service this site depends on reachable? For monitoring."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.engines import get_engine

from .celery import app as celery_app
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: database unreachable", exc_info=True)
        return False
    return True


def broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - any failure means "unreachable"
        logger.warning("Health check: broker unreachable", exc_info=True)
        return False
    return True


def worker_ok() -> bool:
    """A worker ran beat's heartbeat task lately (so both are running)."""
    since = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    try:
        return WorkerHeartbeat.objects.filter(at__gte=since).exists()
    except DatabaseError:
        return False


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """ "ok"/"unavailable" per service; 503 when any is down. Names no host or URL."""
    engine = get_engine()
    checks = {
        "database": database_ok(),
        "broker": broker_ok(),
        "search": engine.is_available(),
        "worker": worker_ok(),
    }
    return JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
        | {"search_engine": engine.name},
        status=200 if all(checks.values()) else 503,
    )

"""The site's own periodic task: the worker's heartbeat, for /health/."""

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Sent by beat every 30 s: run by a worker, it proves both are running."""
    WorkerHeartbeat.objects.update_or_create(
        name="worker", defaults={"at": timezone.now()}
    )

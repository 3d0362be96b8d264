"""The site's own tasks: the worker's heartbeat, the membership requests' e-mails."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from digests.tasks import MAIL_ERRORS, MAIL_TASK

from . import members
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Sent by beat every 30 s: run by a worker, it proves both are running."""
    WorkerHeartbeat.objects.update_or_create(
        name="worker", defaults={"at": timezone.now()}
    )


# After the last retry the request is still pending, and the sweep sends it.
@shared_task(**MAIL_TASK)
def send_membership_request(pk: int) -> None:
    """E-mail one membership request to the RTES team (nothing if already sent)."""
    members.send_request(pk)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_pending_membership_requests() -> None:
    """Beat: send the requests a broker or mail outage left waiting; forget the
    ones handled long ago."""
    members.purge_old_requests()
    for pk in members.pending_requests():
        try:
            members.send_request(pk)
        except MAIL_ERRORS as error:
            logger.warning("Membership requests still pending: %r", error)
            return


def send_after_commit(pk: int) -> None:
    """Queue the e-mail of request `pk` once the request is committed."""
    transaction.on_commit(lambda: _queue(pk))


def _queue(pk: int) -> None:
    try:
        send_membership_request.delay(pk)
    except Exception:  # noqa: BLE001 - broker down: the sweep sends it later
        logger.warning("Membership request %s left for the sweep (broker down)", pk)

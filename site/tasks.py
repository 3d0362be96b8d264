"""The site's own tasks: the worker's heartbeat, the e-mails of the membership
requests and of the members' messages to practices' contacts."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from digests.tasks import MAIL_ERRORS, MAIL_TASK

from . import contact_messages, members
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


# After the last retry the message is still pending, and the sweep sends it.
@shared_task(**MAIL_TASK)
def send_contact_message(pk: int) -> None:
    """E-mail one member's message to a practice's contact, then its copy."""
    contact_messages.send_message(pk)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_pending_contact_messages() -> None:
    """Beat: send the messages a broker or mail outage left waiting; empty the
    contents of those sent long ago."""
    contact_messages.forget_old_contents()
    for pk in contact_messages.pending_messages():
        try:
            contact_messages.send_message(pk)
        except MAIL_ERRORS as error:
            logger.warning("Contact messages still pending: %r", error)
            return


def send_contact_after_commit(pk: int) -> None:
    """Queue the e-mails of contact message `pk` once it is committed."""
    transaction.on_commit(lambda: _queue_contact(pk))


def _queue_contact(pk: int) -> None:
    try:
        send_contact_message.delay(pk)
    except Exception:  # noqa: BLE001 - broker down: the sweep sends it later
        logger.warning("Contact message %s left for the sweep (broker down)", pk)

"""Celery tasks of the digests: thin wrappers around planning and sending.

Beat runs `plan_digests` weekly (DIGEST_SCHEDULE) and `send_digests` every few
minutes; the latter fans out `send_digest_batches` tasks, each claiming rows until
nothing is due. Every task is `acks_late`: a worker killed mid-run gives its
message back, and rows it had claimed are taken over after the sending timeout.
"""

from __future__ import annotations

import datetime
import logging
import math
import smtplib

from celery import shared_task
from django.db import transaction

from . import planning, sending, stale_reminders, subscriptions

logger = logging.getLogger(__name__)

# At most this many batch tasks at once: the SMTP server sets the pace, not us.
FAN_OUT = 4
ROWS_PER_TASK = 500
# A batch task stops claiming after this long and leaves the rest to the next one,
# far below the broker's visibility timeout (3,600 s) and the sending timeout.
TIME_BUDGET = 240.0


@shared_task(acks_late=True, reject_on_worker_lost=True)
def plan_digests(period: str | None = None) -> dict:
    """Plan the period (default: the current one) and start sending."""
    planned = planning.plan_period(planning.parse_period(period) if period else None)
    logger.info(
        "Digests of %s: %d planned, %d already planned, %d skipped",
        planned.period,
        planned.planned,
        planned.already,
        planned.skipped,
    )
    transaction.on_commit(send_digests.delay)
    return {"period": planned.period.isoformat(), "planned": planned.planned}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digests() -> int:
    """Start as many batch tasks as the waiting rows need (at most FAN_OUT)."""
    waiting = sending.claimable_count()
    tasks = min(FAN_OUT, math.ceil(waiting / ROWS_PER_TASK))
    for _ in range(tasks):
        send_digest_batches.delay()
    return tasks


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digest_batches() -> dict:
    """Claim, render and send until nothing is due or the time budget is spent."""
    report = sending.send_pending(time_budget=TIME_BUDGET)
    logger.info(
        "Digests: %d sent, %d empty, %d to retry, %d failed in %.1f s",
        report.sent,
        report.empty,
        report.retrying,
        report.failed,
        report.seconds,
    )
    if report.seconds > TIME_BUDGET and sending.claimable_count():
        send_digest_batches.delay()  # more is due: carry on in a fresh task
    return {"sent": report.sent, "failed": report.failed, "retrying": report.retrying}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_unconfirmed() -> int:
    """Forget the addresses never confirmed in time."""
    return subscriptions.purge_unconfirmed()


# Mail server down or refusing: retried with backoff, every countdown well under
# the broker's visibility timeout (an hour); after the last retry the row is still
# unsent and the next planning run (or sweep) queues it again.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
# The options of a task sending one stored e-mail (the site's tasks use them too).
MAIL_TASK = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": MAIL_ERRORS,
    "retry_backoff": 60,
    "retry_backoff_max": 1200,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def plan_stale_reminders(month: str | None = None) -> int:
    """Beat: write this month's reminder rows, then send the unsent ones."""
    # ``2026-12`` or ``2026-12-01``: that month.
    day = datetime.date.fromisoformat(month[:7] + "-01") if month else None
    pending = stale_reminders.plan_month(day)
    transaction.on_commit(lambda: [send_stale_reminder.delay(pk) for pk in pending])
    return len(pending)


@shared_task(**MAIL_TASK)
def send_stale_reminder(pk: int) -> bool:
    """Send one editor's monthly reminder (nothing if already sent)."""
    return stale_reminders.send_reminder(pk)

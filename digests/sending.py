"""Send planned digests: claim rows, render, send over SMTP, mark sent.

Exactly once, as far as SMTP allows:

- a row is claimed (PENDING → SENDING) in a short transaction with
  `select_for_update(skip_locked=True)`, so two workers never claim one row
  (on SQLite the IMMEDIATE transaction holds the write lock instead);
- it is marked SENT in its own short transaction right after the SMTP server
  accepted the message, and only if this worker's claim still holds;
- a row left in SENDING longer than DIGEST_SENDING_TIMEOUT (worker killed) is
  claimable again.

What remains: a worker killed after the server accepted a message and before the
SENT row committed (milliseconds) leaves a claim that is later reclaimed, and the
digest goes out twice. The Message-ID is the same on both copies
(`rendering.message_id`), so receivers that deduplicate drop the second.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import DigestDelivery
from .rendering import DigestComposer
from .selection import ChangeCatalogue, subscriptions_by_subscriber

logger = logging.getLogger(__name__)

CLAIM_BATCH = 20
EMAIL = re.compile(r"[^\s<>@]+@[^\s<>@]+")
Status = DigestDelivery.Status


@dataclass
class SendReport:
    sent: int = 0
    empty: int = 0
    retrying: int = 0
    failed: int = 0
    lost_claims: int = 0  # claims taken over by another worker meanwhile
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, other: SendReport) -> None:
        for name in ("sent", "empty", "retrying", "failed", "lost_claims"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def claimable(now: dt.datetime) -> Q:
    """Pending rows due now, and claims abandoned by a killed worker."""
    due = Q(status=Status.PENDING) & (
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    )
    abandoned = Q(
        status=Status.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=settings.DIGEST_SENDING_TIMEOUT),
    )
    return due | abandoned


def claimable_count(period: dt.date | None = None) -> int:
    rows = DigestDelivery.objects.filter(claimable(timezone.now()))
    return rows.filter(period=period).count() if period else rows.count()


def claim(limit: int, period: dt.date | None = None) -> tuple[list[int], dt.datetime]:
    """Claim up to `limit` rows in one short transaction: (ids, claim time)."""
    now = timezone.now()
    with transaction.atomic():
        rows = DigestDelivery.objects.select_for_update(skip_locked=True).filter(
            claimable(now)
        )
        if period:
            rows = rows.filter(period=period)
        ids = list(rows.order_by("period", "pk").values_list("pk", flat=True)[:limit])
        if ids:
            DigestDelivery.objects.filter(pk__in=ids).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return ids, now


def describe_error(error: BaseException) -> str:
    """The error for the admin and the logs, without any e-mail address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{code} {msg!r}" for code, msg in error.recipients.values())
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {error.smtp_error!r}"
    else:
        text = str(error)
    return EMAIL.sub("<address>", f"{type(error).__name__}: {text}")[:1000]


def is_permanent(error: BaseException) -> bool:
    """A 5xx answer: the same message will be refused again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(
        seconds=settings.DIGEST_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    )


class Sender:
    """Sends claimed rows; keeps one SMTP connection and the loaded changes."""

    def __init__(self, connection=None):
        self.connection = connection or get_connection()
        # One SMTP session for many messages. Other backends get a new instance per
        # message: the file backend names its file once per instance, and would
        # otherwise put every digest in one file.
        self.keep_open = isinstance(self.connection, SmtpBackend)
        self.catalogue: ChangeCatalogue | None = None
        self.composers: dict[dt.date, DigestComposer] = {}

    def _catalogue(self, deliveries) -> ChangeCatalogue:
        start = min(d.window_start for d in deliveries)
        end = max(d.window_end for d in deliveries)
        if self.catalogue is None or not self.catalogue.covers(start, end):
            if self.catalogue is not None:  # widen, never narrow
                start, end = (
                    min(start, self.catalogue.start),
                    max(end, self.catalogue.end),
                )
            self.catalogue = ChangeCatalogue(start, end)
        return self.catalogue

    def _composer(self, period: dt.date) -> DigestComposer:
        if period not in self.composers:
            self.composers[period] = DigestComposer(period)
        return self.composers[period]

    def send_claimed(self, ids: list[int], claimed_at: dt.datetime) -> SendReport:
        report = SendReport()
        mine = DigestDelivery.objects.filter(
            status=Status.SENDING, claimed_at=claimed_at
        )
        deliveries = list(mine.filter(pk__in=ids).select_related("subscriber"))
        if not deliveries:
            return report
        catalogue = self._catalogue(deliveries)
        subscriptions = subscriptions_by_subscriber(d.subscriber_id for d in deliveries)
        for composer in {self._composer(d.period) for d in deliveries}:
            composer.prepare_labels(
                s for d in deliveries for s in subscriptions[d.subscriber_id]
            )
        empty = []
        for index, delivery in enumerate(deliveries):
            groups = catalogue.digest(
                subscriptions[delivery.subscriber_id],
                delivery.window_start,
                delivery.window_end,
            )
            if not groups:
                empty.append(delivery.pk)
                continue
            content = self._composer(delivery.period).compose(
                delivery.subscriber, groups
            )
            message = EmailMultiAlternatives(
                subject=content.subject,
                body=content.text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[delivery.subscriber.email],
                headers={**content.headers, "Message-ID": content.message_id},
                connection=self.connection if self.keep_open else get_connection(),
            )
            message.attach_alternative(content.html, "text/html")
            try:
                if self.keep_open:
                    self.connection.open()  # no-op once open
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                self._failed(delivery, claimed_at, error, report)
                if not isinstance(error, smtplib.SMTPResponseException):
                    # The server is gone: give the rest back without an attempt.
                    self.connection.close()
                    self._release(deliveries[index + 1 :], claimed_at, error)
                    report.retrying += len(deliveries) - index - 1
                    break
                continue
            # Its own short transaction (autocommit), right after the server said yes.
            marked = mine.filter(pk=delivery.pk).update(
                status=Status.SENT,
                sent_at=timezone.now(),
                practice_count=content.practice_count,
                message_id=content.message_id,
                last_error="",
                not_before=None,
            )
            if marked:
                report.sent += 1
            else:
                report.lost_claims += 1
                logger.warning(
                    "Delivery %s was reclaimed while being sent", delivery.pk
                )
        if empty:
            report.empty += mine.filter(pk__in=empty).update(
                status=Status.EMPTY, sent_at=timezone.now(), practice_count=0
            )
        return report

    def _failed(self, delivery, claimed_at, error, report: SendReport) -> None:
        text = describe_error(error)
        final = is_permanent(error) or delivery.attempts >= settings.DIGEST_MAX_ATTEMPTS
        changes = {"last_error": text}
        if final:
            changes["status"] = Status.FAILED
            report.failed += 1
        else:
            changes["status"] = Status.PENDING
            changes["not_before"] = timezone.now() + retry_delay(delivery.attempts)
            report.retrying += 1
        DigestDelivery.objects.filter(
            pk=delivery.pk, status=Status.SENDING, claimed_at=claimed_at
        ).update(**changes)
        report.errors.append(text)
        logger.warning(
            "Digest delivery %s (attempt %s) failed%s: %s",
            delivery.pk,
            delivery.attempts,
            "" if not final else ", giving up",
            text,
        )

    def _release(self, deliveries, claimed_at, error) -> None:
        DigestDelivery.objects.filter(
            pk__in=[d.pk for d in deliveries],
            status=Status.SENDING,
            claimed_at=claimed_at,
        ).update(
            status=Status.PENDING,
            attempts=F("attempts") - 1,
            not_before=timezone.now() + retry_delay(1),
            last_error=describe_error(error),
        )


def send_pending(
    period: dt.date | None = None,
    time_budget: float | None = None,
    batch: int = CLAIM_BATCH,
) -> SendReport:
    """Claim and send batches until nothing is due (or the time budget is spent)."""
    started = time.monotonic()
    report = SendReport()
    sender = Sender()
    try:
        while True:
            ids, claimed_at = claim(batch, period)
            if not ids:
                break
            report.add(sender.send_claimed(ids, claimed_at))
            if time_budget is not None and time.monotonic() - started > time_budget:
                break
    finally:
        sender.connection.close()
    report.seconds = time.monotonic() - started
    return report


def requeue_failed(deliveries) -> int:
    """Give failed deliveries a fresh set of attempts (editorial re-send)."""
    return deliveries.filter(status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, not_before=None
    )

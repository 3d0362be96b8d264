"""Plan a period's digests: one delivery row per confirmed subscriber, in bulk.

A period is named by its Monday (Europe/Paris); its digests cover the changes up
to that Monday 00:00. Each subscriber's window starts where their previous digest
stopped, so a week nobody planned (beat down) is covered by the next digest, and
a period planned twice (beat firing twice) creates nothing the second time: the
unique constraint on (subscriber, period) settles any race.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from .models import DigestDelivery, Subscriber, Subscription

BATCH_SIZE = 2000


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_of(moment: dt.datetime | None = None) -> dt.date:
    """The period (Monday, Europe/Paris) that `moment` (default now) falls in."""
    local = timezone.localtime(moment or timezone.now(), local_zone()).date()
    return local - dt.timedelta(days=local.weekday())


def period_end(period: dt.date) -> dt.datetime:
    """Where the digests of `period` stop: that Monday, 00:00 Europe/Paris."""
    return dt.datetime.combine(period, dt.time(0), tzinfo=local_zone())


def parse_period(value: str) -> dt.date:
    """A period from YYYY-MM-DD: any day of the week names its Monday."""
    day = dt.date.fromisoformat(value)
    return day - dt.timedelta(days=day.weekday())


@dataclass
class PlanReport:
    period: dt.date
    planned: int  # rows created now
    already: int  # subscribers whose row existed (a second run)
    skipped: int  # nothing to cover yet, or a later period already planned


def plan_period(period: dt.date | None = None) -> PlanReport:
    """Create the period's missing deliveries, in bulk; safe to run any number of
    times, concurrently too. A fixed number of queries, whatever the subscribers."""
    period = period or period_of()
    if period.weekday() != 0:
        raise ValueError("a period is named by its Monday")
    end = period_end(period)
    if end > timezone.now():
        raise ValueError("this period has not started yet")

    subscribers = (
        Subscriber.objects.filter(confirmed_at__isnull=False, confirmed_at__lt=end)
        .filter(Exists(Subscription.objects.filter(subscriber=OuterRef("pk"))))
        .values_list("pk", "confirmed_at")
    )
    # Per subscriber: where the previous digest stopped, and the latest period
    # planned. A failed digest's window is covered again by the next one; a
    # pending one (workers down) is not, or both would list the same practices.
    history = {
        row["subscriber_id"]: row
        for row in DigestDelivery.objects.values("subscriber_id").annotate(
            last_end=Max(
                "window_end",
                filter=Q(period__lt=period) & ~Q(status=DigestDelivery.Status.FAILED),
            ),
            latest=Max("period"),
        )
    }
    rows, already, skipped = [], 0, 0
    for pk, confirmed_at in subscribers.iterator(chunk_size=BATCH_SIZE):
        past = history.get(pk)
        if past and past["latest"] == period:
            already += 1
            continue
        if past and past["latest"] > period:
            skipped += 1  # a later digest covers this time already
            continue
        start = max(confirmed_at, past["last_end"] or confirmed_at) if past else None
        start = start or confirmed_at
        if start >= end:
            skipped += 1
            continue
        rows.append(
            DigestDelivery(
                subscriber_id=pk, period=period, window_start=start, window_end=end
            )
        )
    DigestDelivery.objects.bulk_create(
        rows, batch_size=BATCH_SIZE, ignore_conflicts=True
    )
    return PlanReport(period, planned=len(rows), already=already, skipped=skipped)

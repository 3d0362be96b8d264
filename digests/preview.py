"""The digest a subscriber gets (or would get) for a period, for the admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from .models import DigestDelivery, Subscriber
from .planning import period_end
from .rendering import DigestComposer, DigestContent
from .selection import ChangeCatalogue, subscriptions_by_subscriber


@dataclass
class Preview:
    window_start: dt.datetime
    window_end: dt.datetime
    delivery: DigestDelivery | None
    content: DigestContent | None  # None: nothing to send


def preview_window(subscriber: Subscriber, period: dt.date):
    """The planned window, or the one planning would give (same rule)."""
    delivery = subscriber.deliveries.filter(period=period).first()
    if delivery is not None:
        return delivery, delivery.window_start, delivery.window_end
    last_end = (
        subscriber.deliveries.filter(period__lt=period)
        .exclude(status=DigestDelivery.Status.FAILED)
        .aggregate(end=Max("window_end"))["end"]
    )
    start = last_end or subscriber.confirmed_at or subscriber.created_at
    return None, start, period_end(period)


def preview_digest(subscriber: Subscriber, period: dt.date) -> Preview:
    delivery, start, end = preview_window(subscriber, period)
    subscriptions = subscriptions_by_subscriber([subscriber.pk])[subscriber.pk]
    groups = ChangeCatalogue(start, end).digest(subscriptions, start, end)
    content = None
    if groups:
        composer = DigestComposer(period)
        composer.prepare_labels(subscriptions)
        content = composer.compose(subscriber, groups)
    return Preview(start, end, delivery, content)

"""Demo subscribers, so that `make run` leaves digests to open in var/mail/.

Demo data only: the demo practices were all published a moment ago, after this
week's period ended, so their news is dated back into last week to give the
demo subscribers something to read. Idempotent: a second run changes nothing
and sends nothing again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from practices.models import PracticePage, Theme
from territories.models import Territory

from .models import PracticeChange, Subscriber
from .planning import period_end, period_of, plan_period
from .sending import SendReport, send_pending
from .subscriptions import Target, add_subscriptions

DEMO_DOMAIN = "demo.rtes.example"


@transaction.atomic
def _create_subscribers() -> list[Subscriber]:
    since = timezone.now() - dt.timedelta(days=30)
    people = []
    for name in ("camille", "dominique", "sacha"):
        person, created = Subscriber.objects.get_or_create(
            email=f"{name}@{DEMO_DOMAIN}"
        )
        if created or person.confirmed_at is None:
            Subscriber.objects.filter(pk=person.pk).update(confirmed_at=since)
            person.confirmed_at = since
        people.append(person)
    camille, dominique, sacha = people
    themes = Theme.objects.order_by("name")[:2]
    add_subscriptions(camille, [Target.of(theme) for theme in themes])
    region = (
        Territory.objects.filter(
            kind=Territory.Kind.REGION, pk__in=_regions_with_practices()
        )
        .order_by("name")
        .first()
    )
    if region is not None:
        add_subscriptions(dominique, [Target.of(region)])
    add_subscriptions(sacha, [Target.search("insertion", {})])
    return people


def _regions_with_practices():
    return PracticePage.objects.live().values("territory__region")


def load_demo_subscriptions() -> SendReport:
    """Create three confirmed demo subscribers and send them this week's digest."""
    _create_subscribers()
    period = period_of()
    end = period_end(period)
    # Demo practices (imported, with an external id) published just now: their
    # news moves into last week.
    PracticeChange.objects.filter(
        happened_at__gt=end, page__external_id__isnull=False
    ).update(happened_at=end - dt.timedelta(days=2))
    plan_period(period)
    return send_pending(period=period)

"""Planning a period: one row per confirmed subscriber, idempotent, nothing lost."""

import datetime as dt

import pytest
from django.utils import timezone

from digests.models import DigestDelivery, Subscriber, Subscription
from digests.planning import parse_period, period_end, period_of, plan_period

from .conftest import subscriber


@pytest.fixture
def period():
    return period_of()


def test_periods_are_mondays_in_paris():
    # Sunday 23:30 UTC is already Monday in Paris (UTC+1 in winter).
    sunday_night = dt.datetime(2026, 1, 11, 23, 30, tzinfo=dt.UTC)
    assert period_of(sunday_night) == dt.date(2026, 1, 12)
    assert period_end(dt.date(2026, 1, 12)).isoformat() == "2026-01-12T00:00:00+01:00"
    assert parse_period("2026-01-15") == dt.date(2026, 1, 12)


def test_one_row_per_confirmed_subscriber_with_subscriptions(db, theme, period):
    follower = subscriber("a@example.org", theme=theme)
    subscriber("nothing-followed@example.org")
    unconfirmed = Subscriber.objects.create(email="b@example.org")
    Subscription.objects.create(subscriber=unconfirmed, kind="theme", theme=theme)

    report = plan_period(period)

    delivery = DigestDelivery.objects.get()
    assert delivery.subscriber == follower
    assert (delivery.window_start, delivery.window_end) == (
        follower.confirmed_at,
        period_end(period),
    )
    assert delivery.status == "pending"
    assert (report.planned, report.already) == (1, 0)


def test_planning_twice_creates_nothing_more(db, theme, period):
    subscriber("a@example.org", theme=theme)
    plan_period(period)
    again = plan_period(period)
    assert DigestDelivery.objects.count() == 1
    assert (again.planned, again.already) == (0, 1)


def test_a_missed_week_is_covered_by_the_next_digest(db, theme, period):
    person = subscriber("a@example.org", confirmed_days_ago=60, theme=theme)
    three_weeks_ago = period - dt.timedelta(weeks=3)
    DigestDelivery.objects.create(
        subscriber=person,
        period=three_weeks_ago,
        window_start=person.confirmed_at,
        window_end=period_end(three_weeks_ago),
        status="sent",
    )
    plan_period(period)
    latest = person.deliveries.get(period=period)
    assert latest.window_start == period_end(three_weeks_ago)


def test_a_failed_window_is_covered_again_a_pending_one_is_not(db, theme, period):
    failed = subscriber("failed@example.org", confirmed_days_ago=60, theme=theme)
    waiting = subscriber("waiting@example.org", confirmed_days_ago=60, theme=theme)
    last_week = period - dt.timedelta(weeks=1)
    for person, status in ((failed, "failed"), (waiting, "pending")):
        DigestDelivery.objects.create(
            subscriber=person,
            period=last_week,
            window_start=person.confirmed_at,
            window_end=period_end(last_week),
            status=status,
        )
    plan_period(period)
    assert failed.deliveries.get(period=period).window_start == failed.confirmed_at
    assert waiting.deliveries.get(period=period).window_start == period_end(last_week)


def test_a_subscriber_confirmed_after_the_period_waits_for_the_next(db, theme, period):
    person = subscriber("new@example.org", theme=theme)
    Subscriber.objects.filter(pk=person.pk).update(confirmed_at=timezone.now())
    report = plan_period(period)
    assert DigestDelivery.objects.count() == 0
    assert report.planned == 0


def test_a_period_not_yet_started_is_refused(db, period):
    with pytest.raises(ValueError, match="not started"):
        plan_period(period + dt.timedelta(weeks=1))
    with pytest.raises(ValueError, match="Monday"):
        plan_period(period + dt.timedelta(days=1))


def test_planning_uses_a_fixed_number_of_queries(
    db, theme, period, django_assert_max_num_queries
):
    for i in range(60):
        subscriber(f"p{i}@example.org", theme=theme)
    with django_assert_max_num_queries(4):
        assert plan_period(period).planned == 60

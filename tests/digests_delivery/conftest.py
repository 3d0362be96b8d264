import datetime as dt

import pytest
from django.utils import timezone

from digests.models import Subscriber, Subscription
from tests.factories import TerritoryFactory, ThemeFactory, member_page

from .worker import worker  # noqa: F401 - a real Celery worker, for test_worker_smtp


@pytest.fixture(autouse=True)
def _digest_settings(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://rtes.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DIGEST_RETRY_BASE_SECONDS = 60


@pytest.fixture
def territory_page(home):
    region = TerritoryFactory(kind="region", code="76", name="Occitanie")
    departement = TerritoryFactory(
        kind="departement", code="34", name="Hérault", region=region
    )
    return member_page(departement)


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Économie circulaire", slug="economie-circulaire")


def subscriber(email: str, confirmed_days_ago: int = 30, **follows) -> Subscriber:
    """A confirmed subscriber following the given things.

    follows: theme=..., lever=..., territory=..., search=("text", {filters}).
    """
    confirmed = timezone.now() - dt.timedelta(days=confirmed_days_ago)
    person = Subscriber.objects.create(email=email)
    Subscriber.objects.filter(pk=person.pk).update(confirmed_at=confirmed)
    person.refresh_from_db()
    for kind, value in follows.items():
        if kind == "search":
            text, filters = value
            Subscription.objects.create(
                subscriber=person, kind="search", query=text, filters=filters
            )
        else:
            Subscription.objects.create(subscriber=person, kind=kind, **{kind: value})
    return person


def this_period():
    from digests.planning import period_of

    return period_of()


def make_news_of(period, *pages, hours_before=1):
    """Date the recorded news of these pages just before the period's end."""
    from digests.models import PracticeChange
    from digests.planning import period_end

    PracticeChange.objects.filter(page__in=pages).update(
        happened_at=period_end(period) - dt.timedelta(hours=hours_before)
    )

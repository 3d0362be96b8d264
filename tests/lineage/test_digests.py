"""The weekly digest tells the followers of an original that a territory adapted it."""

import datetime as dt
import email
import email.policy

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digests.models import DigestDelivery, PracticeChange, Subscriber
from digests.planning import period_end, plan_period
from digests.sending import send_pending
from practices.models import PracticeInspiration, PracticePage
from tests.digests_delivery.conftest import (  # noqa: F401 - the fixture
    _digest_settings,
    make_news_of,
    subscriber,
    this_period,
)
from tests.factories import LeverFactory, ThemeFactory, practice

pytestmark = pytest.mark.django_db

ADAPTED = (
    "Val-de-Marne a adapté une pratique que vous suivez : « Recyclerie girondine »"
)


def parsed(message):
    """The message as a mail client reads it: (subject, plain text, HTML)."""
    parsed = email.message_from_bytes(
        message.message().as_bytes(), policy=email.policy.default
    )
    return (
        parsed["Subject"],
        parsed.get_body(preferencelist=("plain",)).get_content(),
        parsed.get_body(preferencelist=("html",)).get_content(),
    )


def received() -> dict[str, tuple[str, str, str]]:
    return {m.to[0]: parsed(m) for m in mail.outbox}


def send_period():
    plan_period(this_period())
    return send_pending()


def long_ago(*pages):
    """Their news happened before any subscriber's window."""
    PracticeChange.objects.filter(page__in=pages).update(
        happened_at=timezone.now() - dt.timedelta(days=400)
    )


def latest_is_news(page):
    """Only the latest news of `page` falls in this period's window."""
    latest = PracticeChange.objects.filter(page=page).latest("happened_at", "pk")
    long_ago(page)
    PracticeChange.objects.filter(pk=latest.pk).update(
        happened_at=period_end(this_period()) - dt.timedelta(hours=1)
    )


def publish_inspired(page, *sources):
    for source in sources:
        page.inspirations.add(PracticeInspiration(source=source, note="Adapté."))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def circular(db):
    return ThemeFactory(name="Économie circulaire", slug="economie-circulaire")


@pytest.fixture
def original(territory_b, circular):
    lever = LeverFactory(name="Subvention", slug="subvention")
    page = practice(
        territory_b, title="Recyclerie girondine", themes=[circular], levers=[lever]
    )
    long_ago(page)
    return page


@pytest.fixture
def adaptation(territory_a, original):
    """A new practice of A, inspired by B's original, published this week."""
    page = practice(
        territory_a,
        live=False,
        title="Ressourcerie du Val-de-Marne",
        themes=[ThemeFactory(name="Réemploi", slug="reemploi")],
    )
    publish_inspired(page, original)
    make_news_of(this_period(), page)
    return page


def test_the_originals_followers_hear_it_was_adapted(
    adaptation, original, circular, territory_a, territory_b
):
    subscriber("theme@example.org", theme=circular)
    subscriber("place@example.org", territory=territory_b.territory)
    subscriber("lever@example.org", lever=original.levers.get())
    subscriber("adapter@example.org", territory=territory_a.territory)

    report = send_period()

    messages = received()
    assert set(messages) == {
        "theme@example.org",
        "place@example.org",
        "adapter@example.org",
    }
    assert (report.sent, report.empty) == (3, 1)
    subject, text, html = messages["theme@example.org"]
    assert subject.endswith(": 1 pratique nouvelle ou mise à jour")
    assert "== Adaptations de pratiques que vous suivez ==" in text
    assert "* Ressourcerie du Val-de-Marne (Val-de-Marne)" in text
    assert ADAPTED in text
    assert (
        "Pourquoi cette pratique : elle adapte « Recyclerie girondine » et vous "
        "suivez le thème « Économie circulaire »." in text
    )
    assert f"https://rtes.example{original.url}" in text
    assert f'href="https://rtes.example{original.url}"' in html
    assert "Val-de-Marne a adapté une pratique que vous suivez" in html
    _subject, text, _html = messages["place@example.org"]
    assert ADAPTED in text
    assert "et vous suivez le territoire « Gironde »" in text
    # The adapter's own followers get the practice, without the lineage line.
    _subject, text, _html = messages["adapter@example.org"]
    assert "Ressourcerie du Val-de-Marne" in text
    assert "a adapté une pratique que vous suivez" not in text
    assert "Adaptations de pratiques" not in text


def test_an_adaptation_followed_directly_is_listed_once_with_both_reasons(
    adaptation, circular, territory_a
):
    subscriber("both@example.org", theme=circular, territory=territory_a.territory)
    send_period()
    (message,) = mail.outbox
    _subject, text, _html = parsed(message)
    assert text.count("* Ressourcerie du Val-de-Marne") == 1
    assert "== Territoire « Val-de-Marne » ==" in text
    assert "Adaptations de pratiques" not in text
    assert ADAPTED in text
    assert (
        "vous suivez le territoire « Val-de-Marne », elle adapte « Recyclerie "
        "girondine » et vous suivez le thème « Économie circulaire »." in text
    )
    assert DigestDelivery.objects.get().practice_count == 1


def test_a_source_named_by_an_update_is_news_for_the_originals_followers(
    territory_a, original, circular
):
    page = practice(territory_a, title="Ressourcerie du Val-de-Marne")
    long_ago(page)
    publish_inspired(page, original)
    change = PracticeChange.objects.filter(page=page).latest("happened_at")
    assert (change.kind, change.note, change.source_ids) == (
        "updated",
        "Désormais inspirée de : « Recyclerie girondine »",
        [original.pk],
    )
    latest_is_news(page)
    subscriber("theme@example.org", theme=circular)
    send_period()
    (message,) = mail.outbox
    _subject, text, _html = parsed(message)
    assert ADAPTED in text
    assert "Mise à jour : Désormais inspirée de : « Recyclerie girondine »" in text


def test_an_old_adaptation_updated_this_week_is_not_announced_again(
    territory_a, original, circular
):
    page = practice(territory_a, live=False, title="Ressourcerie du Val-de-Marne")
    publish_inspired(page, original)
    long_ago(page)
    page.summary = "Un tout autre résumé, réécrit de bout en bout pour la saison."
    page.title = "Ressourcerie du Val-de-Marne, deuxième saison"
    page.save_revision().publish()
    change = PracticeChange.objects.filter(page=page).latest("happened_at")
    assert (change.kind, change.source_ids) == ("updated", [])
    latest_is_news(page)
    subscriber("theme@example.org", theme=circular)
    report = send_period()
    assert (mail.outbox, report.empty) == ([], 1)


def test_an_original_unpublished_since_is_not_announced(adaptation, original, circular):
    original.unpublish()
    subscriber("theme@example.org", theme=circular)
    report = send_period()
    assert (mail.outbox, report.empty) == ([], 1)


def test_an_adaptation_unpublished_since_is_not_announced(
    adaptation, original, circular
):
    adaptation.unpublish()
    assert not PracticePage.objects.get(pk=adaptation.pk).live
    subscriber("theme@example.org", theme=circular)
    report = send_period()
    assert (mail.outbox, report.empty) == ([], 1)


def test_lineage_costs_a_bounded_number_of_queries(adaptation, circular):
    def queries_for(count, start):
        for i in range(start, start + count):
            subscriber(f"p{i}@example.org", theme=circular)
        plan_period(this_period())
        with CaptureQueriesContext(connection) as queries:
            send_pending(batch=100)
        DigestDelivery.objects.all().delete()
        Subscriber.objects.all().delete()
        return len(queries)

    few, many = queries_for(5, 0), queries_for(40, 100)
    assert len(mail.outbox) == 45
    assert all(ADAPTED in parsed(m)[1] for m in mail.outbox)
    # One UPDATE per message sent (marking it), nothing else per subscriber.
    assert many - few == 35

"""What a digest holds: the right practices, grouped, with why-lines and headers."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from digests.models import DigestDelivery, Subscriber
from digests.planning import plan_period
from digests.sending import send_pending
from digests.tokens import read_token
from tests.factories import (
    LeverFactory,
    TerritoryFactory,
    ThemeFactory,
    member_page,
    practice,
)

from .conftest import make_news_of, subscriber, this_period


@pytest.fixture
def catalogue(territory_page, theme, settings):
    settings.LANGUAGE_CODE = "en"  # wording pinned in English
    other_theme = ThemeFactory(name="Finance solidaire", slug="finance-solidaire")
    pages = {
        "circular": practice(
            territory_page, title="Recyclerie du Lodévois", themes=[theme]
        ),
        "insertion": practice(
            territory_page,
            title="Clauses sociales",
            summary="Des clauses d'insertion dans les marchés publics.",
            themes=[other_theme],
        ),
        "elsewhere": practice(
            member_page(TerritoryFactory(kind="departement", code="75", name="Paris")),
            title="Monnaie locale",
            themes=[other_theme],
        ),
    }
    make_news_of(this_period(), *pages.values())
    return pages


def send_period():
    plan_period(this_period())
    return send_pending()


def messages_by_recipient():
    return {m.to[0]: m for m in mail.outbox}


def test_each_subscriber_gets_the_practices_they_follow(catalogue, theme):
    occitanie = catalogue["circular"].territory.region
    subscriber("theme@example.org", theme=theme)
    subscriber("place@example.org", territory=occitanie)
    subscriber("search@example.org", search=("insertions", {"region": ["76"]}))
    subscriber("lever@example.org", lever=LeverFactory())

    report = send_period()

    received = messages_by_recipient()
    assert set(received) == {
        "theme@example.org",
        "place@example.org",
        "search@example.org",
    }
    assert (report.sent, report.empty) == (3, 1)
    theme_mail = received["theme@example.org"]
    assert "Recyclerie du Lodévois" in theme_mail.body
    assert "Clauses sociales" not in theme_mail.body
    assert "Why this practice: you follow the theme “Économie circulaire”." in (
        theme_mail.body
    )
    place_mail = received["place@example.org"]
    assert "Recyclerie du Lodévois" in place_mail.body
    assert "Clauses sociales" in place_mail.body
    assert "Monnaie locale" not in place_mail.body  # Paris is not in Occitanie
    search_mail = received["search@example.org"]
    assert "Clauses sociales" in search_mail.body
    assert "it matches your saved search “insertions”" in search_mail.body
    assert "Recyclerie" not in search_mail.body
    statuses = dict(DigestDelivery.objects.values_list("subscriber__email", "status"))
    assert statuses["lever@example.org"] == "empty"


def test_a_practice_is_listed_once_with_every_reason(catalogue, theme):
    occitanie = catalogue["circular"].territory.region
    subscriber("both@example.org", theme=theme, territory=occitanie)
    send_period()
    (message,) = mail.outbox
    assert message.body.count("Recyclerie du Lodévois") == 1
    assert (
        "Why this practice: you follow the theme “Économie circulaire”, "
        "you follow the territory “Occitanie”." in message.body
    )
    assert message.body.index("== Theme “Économie circulaire” ==") < message.body.index(
        "== Territory “Occitanie” =="
    )
    delivery = DigestDelivery.objects.get()
    assert delivery.practice_count == 2


def test_the_message_has_both_parts_links_and_unsubscribe_headers(catalogue, theme):
    person = subscriber("theme@example.org", theme=theme)
    send_period()
    (message,) = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert 'href="https://rtes.example/' in html
    assert "<link" not in html and "<img" not in html and "<script" not in html
    assert message.subject.startswith("RTES digest of ")
    assert message.subject.endswith(": 1 new or updated practice")
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://rtes.example/") and unsubscribe.endswith(
        ">"
    )
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_token(token, "unsubscribe") == person
    assert "theme@example.org" not in unsubscribe
    manage_prefix = (
        "https://rtes.example"
        + reverse("digests:manage", kwargs={"token": "x"}).rsplit("x/", 1)[0]
    )
    assert manage_prefix in message.body and manage_prefix in html
    delivery = DigestDelivery.objects.get()
    assert message.extra_headers["Message-ID"] == delivery.message_id
    assert (
        delivery.message_id
        == f"<digest.{person.pk}.{this_period():%Y%m%d}@rtes.example>"
    )


def test_a_second_run_of_the_period_sends_nothing(catalogue, theme):
    subscriber("theme@example.org", theme=theme)
    send_period()
    report = send_period()
    assert len(mail.outbox) == 1
    assert report.sent == 0


def test_news_outside_the_window_is_not_sent(catalogue, theme):
    subscriber("theme@example.org", theme=theme, confirmed_days_ago=30)
    make_news_of(this_period(), catalogue["circular"], hours_before=24 * 40)
    report = send_period()
    assert mail.outbox == [] and report.empty == 1


def test_sending_uses_a_bounded_number_of_queries(catalogue, theme):
    def queries_for(count, start):
        for i in range(start, start + count):
            subscriber(f"p{i}@example.org", theme=theme, search=("recyclerie", {}))
        plan_period(this_period())
        with CaptureQueriesContext(connection) as queries:
            send_pending(batch=100)
        DigestDelivery.objects.all().delete()
        Subscriber.objects.all().delete()
        return len(queries)

    few, many = queries_for(5, 0), queries_for(60, 100)
    assert len(mail.outbox) == 65
    # One UPDATE per message sent (marking it), nothing else per subscriber.
    assert many - few == 55


def test_a_long_group_shows_twenty_and_links_to_the_rest(
    territory_page, theme, settings
):
    settings.LANGUAGE_CODE = "en"
    pages = [practice(territory_page, themes=[theme]) for _ in range(22)]
    make_news_of(this_period(), *pages)
    subscriber("many@example.org", theme=theme)
    send_period()
    (message,) = mail.outbox
    assert message.body.count("Why this practice") == 20
    assert "And 2 more practices: see them on the site" in message.body
    assert (
        "https://rtes.example/recherche/?theme=economie-circulaire&sort=newest"
        in message.body
    )
    assert message.subject.endswith(": 22 new or updated practices")
    assert DigestDelivery.objects.get().practice_count == 22

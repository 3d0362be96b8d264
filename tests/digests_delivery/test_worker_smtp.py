"""End to end: a real Celery worker on Redis, a real SMTP server (aiosmtpd).

Subscribe and confirm through the public pages, publish practices, let a week
pass (news and confirmation dated back), run the period, and read what the SMTP
server accepted with Python's email package.
"""

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from digests.models import DigestDelivery, Subscriber
from digests.planning import period_end, plan_period
from digests.tasks import plan_digests, send_digests
from tests.factories import practice

from .conftest import make_news_of, subscriber, this_period
from .smtp import smtp_delivery
from .worker import wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def settled() -> bool:
    """No delivery waits in the queue or in a worker's hands."""
    return not DigestDelivery.objects.filter(status__in=["pending", "sending"]).exists()


@pytest.fixture
def smtp(settings):
    settings.LANGUAGE_CODE = "en"  # wording pinned in English
    with smtp_delivery(settings) as handler:
        yield handler


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def confirm_through_the_site(client, smtp, address, theme):
    response = client.post(
        reverse("digests:subscribe"), {"email": address, "themes": [theme.slug]}
    )
    assert response.status_code == 302
    assert wait_for(lambda: address in smtp.recipients(), 10)
    confirmation = next(m for m in smtp.accepted if m["X-Envelope-To"] == address)
    link = re.search(r"https?://\S+/confirmer/[^/\s]+/", text_part(confirmation))
    path = "/" + link.group().split("/", 3)[3]
    assert client.post(path).status_code == 200
    smtp.accepted.remove(confirmation)
    person = Subscriber.objects.get(email=address)
    assert person.confirmed_at is not None
    # A week passes: the confirmation moves back before the period's window.
    Subscriber.objects.filter(pk=person.pk).update(
        confirmed_at=timezone.now() - dt.timedelta(days=20)
    )
    return person


def test_subscribe_confirm_publish_and_receive_the_digest_once(
    client, smtp, worker, territory_page, theme
):
    person = confirm_through_the_site(client, smtp, "lea@example.org", theme)
    subscriber("other@example.org", theme=theme)
    news = practice(territory_page, title="Recyclerie du Lodévois", themes=[theme])
    practice(territory_page, title="Sans rapport")
    make_news_of(this_period(), *territory_page.get_children().specific())

    plan_digests.delay()
    assert wait_for(lambda: len(smtp.accepted) == 2 and settled())

    assert smtp.recipients() == ["lea@example.org", "other@example.org"]
    message = next(m for m in smtp.accepted if m["To"] == "lea@example.org")
    assert message["Subject"].startswith("RTES digest of ")
    assert message["Subject"].endswith(": 1 new or updated practice")
    text, html = text_part(message), html_part(message)
    for part in (text, html):
        assert "Recyclerie du Lodévois" in part
        assert "Sans rapport" not in part
        assert news.url_path.rstrip("/").rsplit("/", 1)[1] in part
    why = "Why this practice: you follow the theme “Économie circulaire”."
    assert why in text and why in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert "lea@example.org" not in unsubscribe
    delivery = person.deliveries.get()
    assert message["Message-ID"] == delivery.message_id
    assert (delivery.status, delivery.practice_count) == ("sent", 1)

    # The one-click unsubscribe link works as a mail client uses it.
    response = client.post(
        "/" + unsubscribe.split("/", 3)[3],
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert not person.subscriptions.exists()

    # Beat firing again, and the periodic sender: nothing more is sent.
    plan_digests.delay()
    send_digests.delay()
    time.sleep(3)
    assert settled()
    assert len(smtp.accepted) == 2


def test_smtp_refusing_then_accepting_sends_each_digest_once(
    smtp, worker, territory_page, theme, settings
):
    settings.DIGEST_RETRY_BASE_SECONDS = 1
    for name in ("a", "b", "c"):
        subscriber(f"{name}@example.org", theme=theme)
    make_news_of(this_period(), practice(territory_page, themes=[theme]))
    smtp.refuse_next = 2

    plan_digests.delay()
    assert wait_for(lambda: len(smtp.accepted) == 1 and settled() is False)
    assert wait_for(
        lambda: (
            DigestDelivery.objects.filter(status="pending").count() == 2
            and not DigestDelivery.objects.filter(status="sending").exists()
        )
    )
    waiting = DigestDelivery.objects.filter(status="pending")
    assert all("451" in d.last_error and d.not_before for d in waiting)
    assert all("@" not in d.last_error for d in waiting)

    time.sleep(1.2)  # the backoff passes; beat's periodic sender runs
    send_digests.delay()
    assert wait_for(settled)
    assert smtp.recipients() == ["a@example.org", "b@example.org", "c@example.org"]
    assert smtp.attempts == 5
    retried = DigestDelivery.objects.filter(attempts=2)
    assert retried.count() == 2 and all(d.status == "sent" for d in retried)


def test_a_period_missed_while_workers_were_down_is_sent_late(
    smtp, worker, territory_page, theme
):
    person = subscriber("late@example.org", theme=theme, confirmed_days_ago=30)
    last_week = this_period() - dt.timedelta(weeks=1)
    old = practice(
        territory_page, title="Pratique d'il y a deux semaines", themes=[theme]
    )
    new = practice(territory_page, title="Pratique de la semaine", themes=[theme])
    make_news_of(last_week, old)
    make_news_of(this_period(), new)
    # Beat planned last week's digest, but no worker was there to send it.
    plan_period(last_week)

    plan_digests.delay()  # the workers are back: this week's planning...
    assert wait_for(lambda: len(smtp.accepted) == 2 and settled())

    by_period = {d.period: d for d in person.deliveries.all()}
    assert set(by_period) == {last_week, this_period()}
    assert by_period[this_period()].window_start == period_end(last_week)
    bodies = {m["Message-ID"]: text_part(m) for m in smtp.accepted}
    late = bodies[by_period[last_week].message_id]
    current = bodies[by_period[this_period()].message_id]
    assert "deux semaines" in late and "de la semaine" not in late
    assert "de la semaine" in current and "deux semaines" not in current

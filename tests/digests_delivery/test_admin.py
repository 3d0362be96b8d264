"""The editorial team's digest pages; territory editors never see addresses."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME

from digests.models import DigestDelivery
from digests.planning import plan_period
from tests.factories import UserFactory, editor_of, practice

from .conftest import make_news_of, subscriber, this_period


@pytest.fixture
def planned(territory_page, theme, settings):
    settings.LANGUAGE_CODE = "en"
    make_news_of(
        this_period(), practice(territory_page, title="Recyclerie", themes=[theme])
    )
    sent = subscriber("sent@example.org", theme=theme)
    failed = subscriber("failed@example.org", theme=theme)
    plan_period(this_period())
    sent.deliveries.update(status="sent")
    failed.deliveries.update(
        status="failed", attempts=5, last_error="SMTPDataError: 451"
    )
    return failed


@pytest.fixture
def editorial(client, home):
    user = UserFactory(username="relecture", is_staff=False)
    user.groups.add(Group.objects.get(name=EDITORIAL_GROUP_NAME))
    client.force_login(user)
    return client


def test_the_editorial_team_sees_counts_per_period(editorial, planned):
    response = editorial.get(reverse("digests_admin"))
    assert response.status_code == 200
    row = next(r for r in response.context["periods"] if r["period"] == this_period())
    assert (row["total"], row["sent"], row["failed"], row["waiting"]) == (2, 1, 1, 0)


def test_the_period_page_lists_deliveries_and_filters_failed(editorial, planned):
    url = reverse("digests_admin_period", args=[this_period().isoformat()])
    response = editorial.get(url, {"status": "failed"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "failed@example.org" in content and "sent@example.org" not in content
    assert "SMTPDataError: 451" in content


def test_preview_shows_the_digest_a_subscriber_gets(editorial, planned):
    url = reverse("digests_admin_subscriber", args=[planned.pk])
    response = editorial.get(url, {"period": this_period().isoformat()})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert "Recyclerie" in preview.content.text
    html = editorial.get(
        reverse(
            "digests_admin_preview_html", args=[planned.pk, this_period().isoformat()]
        )
    )
    assert "Recyclerie" in html.content.decode()
    assert "default-src 'none'" in html["Content-Security-Policy"]


def test_resend_a_failed_digest(editorial, planned, django_capture_on_commit_callbacks):
    delivery = planned.deliveries.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = editorial.post(reverse("digests_admin_resend", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    # Eager Celery in tests: the queued task sent it at once (locmem backend).
    assert delivery.status == "sent"
    assert delivery.attempts == 1


def test_bad_periods_are_404_not_500(editorial, planned):
    url = reverse("digests_admin_period", args=["not-a-date"])
    assert editorial.get(url).status_code == 404
    url = reverse("digests_admin_subscriber", args=[planned.pk])
    assert editorial.get(url, {"period": "2026-13-45"}).status_code == 404


def test_territory_editors_see_no_address(client, planned, territory_page):
    client.force_login(editor_of(territory_page))
    for url in (
        reverse("digests_admin"),
        reverse("digests_admin_period", args=[this_period().isoformat()]),
        reverse("digests_admin_subscriber", args=[planned.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"@example.org" not in response.content
    admin_home = client.get(reverse("wagtailadmin_home"))
    assert reverse("digests_admin").encode() not in admin_home.content
    delivery = planned.deliveries.get()
    assert client.post(
        reverse("digests_admin_resend", args=[delivery.pk])
    ).status_code in (302, 403)
    assert DigestDelivery.objects.get(pk=delivery.pk).status == "failed"

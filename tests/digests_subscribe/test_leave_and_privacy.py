"""Leaving (one-click included), seeing and deleting one's data, non-disclosure."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.utils import timezone

from digests.models import DigestDelivery, Subscriber, Subscription
from digests.tokens import make_token

from .conftest import without_csrf


@pytest.fixture
def subscriber(followable):
    subscriber = Subscriber.objects.create(
        email="sacha@example.org", confirmed_at=timezone.now()
    )
    for theme in (followable.insertion, followable.circular):
        Subscription.objects.create(subscriber=subscriber, kind="theme", theme=theme)
    Subscription.objects.create(
        subscriber=subscriber, kind="search", query="tiers-lieux", filters={}
    )
    DigestDelivery.objects.create(
        subscriber=subscriber,
        period=timezone.localdate(),
        window_start=timezone.now(),
        window_end=timezone.now(),
        status=DigestDelivery.Status.SENT,
        sent_at=timezone.now(),
        practice_count=3,
    )
    return subscriber


def test_one_click_post_without_csrf_or_cookies(subscriber):
    # A mail client, RFC 8058: no CSRF token, no cookie, this body only.
    mail_client = Client(enforce_csrf_checks=True)
    path = f"/abonnements/desabonner/{make_token(subscriber, 'unsubscribe')}/"
    response = mail_client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not subscriber.subscriptions.exists()
    # Idempotent: a second POST (client retry) answers the same and changes nothing.
    again = mail_client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 200
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_unsubscribe_get_shows_a_button_and_changes_nothing(client, subscriber):
    path = f"/abonnements/desabonner/{make_token(subscriber, 'unsubscribe')}/"
    html = client.get(path).content.decode()
    assert f'action="{path}"' in html and 'method="post"' in html
    assert subscriber.subscriptions.count() == 3


def test_one_click_after_the_data_was_deleted_is_a_no_op(subscriber):
    path = f"/abonnements/desabonner/{make_token(subscriber, 'unsubscribe')}/"
    Subscriber.objects.filter(pk=subscriber.pk).delete()
    response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 200


def test_other_posts_need_the_csrf_token(subscriber):
    strict = Client(enforce_csrf_checks=True)
    manage = make_token(subscriber, "manage")
    for path, data in (
        ("/abonnements/", {"email": "x@example.org", "themes": ["insertion"]}),
        (f"/abonnements/gerer/{manage}/supprimer/", {}),
        (f"/abonnements/gerer/{manage}/retirer/", {"subscription": "1"}),
        (f"/abonnements/confirmer/{make_token(subscriber, 'confirm')}/", {}),
    ):
        assert strict.post(path, data).status_code == 403, path
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert subscriber.subscriptions.count() == 3


def test_manage_page_removes_one_subscription(client, subscriber, followable):
    manage = make_token(subscriber, "manage")
    html = client.get(f"/abonnements/gerer/{manage}/").content.decode()
    assert "sacha@example.org" in html
    assert "Insertion" in html and "tiers-lieux" in html
    # Each remove button names what it removes, for screen readers.
    assert html.count('name="subscription"') == 3
    target = subscriber.subscriptions.get(theme=followable.insertion)
    response = client.post(
        f"/abonnements/gerer/{manage}/retirer/", {"subscription": target.pk}
    )
    assert response.status_code == 302
    assert not Subscription.objects.filter(pk=target.pk).exists()
    assert subscriber.subscriptions.count() == 2


def test_leave_everything_from_the_manage_page(client, subscriber):
    manage = make_token(subscriber, "manage")
    html = client.get(f"/abonnements/gerer/{manage}/").content.decode()
    action = html.split('action="/abonnements/desabonner/')[1].split('"')[0]
    assert client.post("/abonnements/desabonner/" + action).status_code == 200
    assert not subscriber.subscriptions.exists()


def test_see_my_data_lists_everything_held(client, subscriber):
    manage = make_token(subscriber, "manage")
    html = client.get(f"/abonnements/gerer/{manage}/donnees/").content.decode()
    assert "sacha@example.org" in html
    assert "Insertion" in html and "Économie circulaire" in html
    assert "tiers-lieux" in html
    assert "<table" in html and '<td class="numeric">3</td>' in html


def test_delete_my_data_asks_then_deletes_every_row(client, subscriber):
    path = f"/abonnements/gerer/{make_token(subscriber, 'manage')}/supprimer/"
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # only asked
    assert client.post(path).status_code == 200
    assert not Subscriber.objects.filter(email="sacha@example.org").exists()
    assert not Subscription.objects.filter(subscriber_id=subscriber.pk).exists()
    assert not DigestDelivery.objects.filter(subscriber_id=subscriber.pk).exists()
    # The links die with the data.
    assert client.post(path).status_code == 400
    manage = f"/abonnements/gerer/{make_token(subscriber, 'manage')}/"
    assert client.get(manage).status_code == 400


def responses_for(client, email, **extra):
    """Everything a visitor sees after subscribing `email`: status, place, page."""
    data = {"email": email, "themes": ["insertion"], **extra}
    response = client.post("/abonnements/", data)
    page = client.get(response["Location"])
    return (
        response.status_code,
        response["Location"],
        without_csrf(page.content.decode()),
    )


def test_the_page_never_tells_whether_an_address_is_known(
    client, subscriber, mailoutbox
):
    Subscriber.objects.create(email="pending@example.org")  # unconfirmed
    unknown = responses_for(client, "nobody@example.org")
    confirmed = responses_for(client, "SACHA@example.org")
    pending = responses_for(client, "pending@example.org")
    assert unknown == confirmed == pending
    # Behind the identical page: a confirmation for new or unconfirmed addresses,
    # and for the confirmed one a notice with a link to add, nothing added yet.
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {
        "nobody@example.org",
        "sacha@example.org",
        "pending@example.org",
    }
    assert "/abonnements/confirmer/" in sent["nobody@example.org"].body
    assert "/abonnements/confirmer/" in sent["pending@example.org"].body
    notice = sent["sacha@example.org"].body
    assert "/abonnements/ajouter/" in notice and "/abonnements/confirmer/" not in notice
    assert subscriber.subscriptions.count() == 3  # a stranger cannot add anything


def test_the_add_link_adds_for_a_confirmed_address(client, subscriber, mailoutbox):
    client.post(
        "/abonnements/", {"email": "sacha@example.org", "levers": ["subvention"]}
    )
    (notice,) = mailoutbox
    path = (
        "/abonnements/ajouter/"
        + notice.body.split("/abonnements/ajouter/")[1].split()[0]
    )
    assert client.post(path).status_code == 200
    assert subscriber.subscriptions.filter(kind="lever").count() == 1
    client.post(path)  # twice: no duplicate
    assert subscriber.subscriptions.filter(kind="lever").count() == 1


def test_manage_link_request_answers_the_same_for_any_address(
    client, subscriber, mailoutbox
):
    pages = []
    for email in ("sacha@example.org", "nobody@example.org"):
        response = client.post("/abonnements/lien/", {"email": email})
        pages.append(
            (
                response.status_code,
                response["Location"],
                without_csrf(client.get(response["Location"]).content.decode()),
            )
        )
    assert pages[0] == pages[1]
    (message,) = mailoutbox  # only the known address gets a link
    assert message.to == ["sacha@example.org"]
    assert "/abonnements/gerer/" in message.body


def test_addresses_appear_in_no_url_and_no_log(client, subscriber, mailoutbox, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(
        "/abonnements/", {"email": "nobody@example.org", "themes": ["insertion"]}
    )
    client.post(
        "/abonnements/", {"email": "sacha@example.org", "themes": ["insertion"]}
    )
    client.post("/abonnements/lien/", {"email": "sacha@example.org"})
    paths = [line for m in mailoutbox for line in m.body.split() if "://" in line]
    assert paths and not any("example.org" in p or "sacha" in p for p in paths)
    assert "sacha" not in caplog.text and "nobody" not in caplog.text

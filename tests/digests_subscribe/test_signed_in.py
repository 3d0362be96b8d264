"""Signed-in users: their subscriptions in one place, under their account address."""

from __future__ import annotations

import pytest
from django.utils import timezone

from digests.models import Subscriber, Subscription
from tests.factories import UserFactory


@pytest.fixture
def member(followable):
    return UserFactory(username="claude", email="Claude@Example.org")


def test_anonymous_visitors_are_sent_to_the_site_login(client, followable):
    response = client.get("/abonnements/mes-abonnements/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/abonnements/mes-abonnements/"


def test_page_confirms_the_account_address_and_adds_at_once(
    client, member, followable, mailoutbox
):
    client.force_login(member)
    assert client.get("/abonnements/mes-abonnements/").status_code == 200
    subscriber = Subscriber.objects.get(user=member)
    assert subscriber.email == "claude@example.org" and subscriber.is_confirmed

    response = client.post(
        "/abonnements/mes-abonnements/",
        {"themes": ["insertion"], "regions": ["11"]},
    )
    assert response.status_code == 302
    assert subscriber.subscriptions.count() == 2
    assert not mailoutbox  # the account's own address needs no e-mail round trip


def test_existing_subscriber_with_the_account_address_is_linked(
    client, member, followable
):
    existing = Subscriber.objects.create(email="claude@example.org")
    Subscription.objects.create(
        subscriber=existing, kind="theme", theme=followable.circular
    )
    client.force_login(member)
    html = client.get("/abonnements/mes-abonnements/").content.decode()
    assert "Économie circulaire" in html
    existing.refresh_from_db()
    assert existing.user == member and existing.is_confirmed


def test_remove_one_and_foreign_ids_are_404(client, member, followable):
    client.force_login(member)
    client.post("/abonnements/mes-abonnements/", {"themes": ["insertion"]})
    mine = Subscription.objects.get()
    other = Subscriber.objects.create(email="other@example.org")
    foreign = Subscription.objects.create(
        subscriber=other, kind="theme", theme=followable.insertion
    )
    for value in (str(foreign.pk), "0", "abc", "9" * 30):
        response = client.post("/abonnements/mes-abonnements/", {"subscription": value})
        assert response.status_code == 404
    assert Subscription.objects.count() == 2
    response = client.post("/abonnements/mes-abonnements/", {"subscription": mine.pk})
    assert response.status_code == 302
    assert list(Subscription.objects.all()) == [foreign]


def test_subscribing_with_the_own_address_from_a_public_form(
    client, member, followable, mailoutbox
):
    client.force_login(member)
    page = client.get("/abonnements/").content.decode()
    assert 'value="Claude@Example.org"' in page  # prefilled from the account
    response = client.post(
        "/abonnements/", {"email": "claude@example.org", "themes": ["insertion"]}
    )
    assert response["Location"] == "/abonnements/mes-abonnements/"
    assert Subscriber.objects.get(user=member).subscriptions.count() == 1
    assert not mailoutbox


def test_another_address_from_a_signed_in_user_still_needs_confirming(
    client, member, followable, mailoutbox
):
    client.force_login(member)
    response = client.post(
        "/abonnements/", {"email": "friend@example.org", "themes": ["insertion"]}
    )
    assert response["Location"] == "/abonnements/envoye/"
    assert not Subscriber.objects.get(email="friend@example.org").is_confirmed
    assert len(mailoutbox) == 1


def test_account_without_address(client, followable):
    user = UserFactory(username="noaddress", email="")
    client.force_login(user)
    response = client.get("/abonnements/mes-abonnements/")
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert 'href="/admin/account/' in response.content.decode()


def test_address_of_another_account_is_not_taken_over(client, member, followable):
    first = UserFactory(username="first", email="shared@example.org")
    Subscriber.objects.create(
        email="shared@example.org", user=first, confirmed_at=timezone.now()
    )
    second = UserFactory(username="second", email="shared@example.org")
    client.force_login(second)
    response = client.get("/abonnements/mes-abonnements/")
    assert response.status_code == 200
    assert Subscriber.objects.get().user == first


def test_empty_or_oversized_additions_are_refused(client, member, followable):
    client.force_login(member)
    assert client.post("/abonnements/mes-abonnements/", {}).status_code == 400
    many = {"themes": [f"t{i}" for i in range(150)]}
    assert client.post("/abonnements/mes-abonnements/", many).status_code == 400
    assert not Subscription.objects.exists()

"""Signed links: forged, expired, revoked or malformed ones change nothing."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.utils import timezone

from digests.models import Subscriber, Subscription
from digests.subscriptions import Target, make_add_token
from digests.tokens import MAX_AGE, make_token

PAGES = {
    "confirm": ["/abonnements/confirmer/{}/"],
    "manage": [
        "/abonnements/gerer/{}/",
        "/abonnements/gerer/{}/donnees/",
        "/abonnements/gerer/{}/supprimer/",
    ],
    "unsubscribe": ["/abonnements/desabonner/{}/"],
}
# Pages that only show (GET); the others act on POST.
READ_ONLY = {"/abonnements/gerer/{}/", "/abonnements/gerer/{}/donnees/"}


@pytest.fixture
def subscriber(followable):
    subscriber = Subscriber.objects.create(email="dominique@example.org")
    Subscription.objects.create(
        subscriber=subscriber, kind="theme", theme=followable.insertion
    )
    return subscriber


def signed_in_the_past(subscriber, purpose, seconds_ago, monkeypatch):
    # signing.time is the shared time module: read "now" before patching it.
    now = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: now - seconds_ago)
        return make_token(subscriber, purpose)


def state(subscriber):
    """What a link could change, to compare before and after."""
    row = Subscriber.objects.filter(pk=subscriber.pk).values().first()
    return row, list(Subscription.objects.values_list("pk", flat=True))


def assert_refused(client, path, subscriber, *, method="post"):
    before = state(subscriber)
    response = getattr(client, method)(path)
    assert response.status_code == 400, path
    assert "/abonnements/lien/" in response.content.decode()  # a way out
    assert state(subscriber) == before


BAD_TOKENS = [
    "",
    "garbage",
    "1.abc:xyz:sig",
    "a.b.c:d:e:f",
    "1.x:1:" + "A" * 43,
    "é" * 50,
    "x" * 5000,
    "%00",
]


@pytest.mark.parametrize("token", [t for t in BAD_TOKENS if t])
def test_malformed_tokens_give_a_clear_400(client, subscriber, token):
    for paths in PAGES.values():
        for pattern in paths:
            methods = ("get",) if pattern in READ_ONLY else ("get", "post")
            for method in methods:
                assert_refused(client, pattern.format(token), subscriber, method=method)


def test_forged_tokens_are_refused(client, subscriber):
    for purpose, paths in PAGES.items():
        genuine = make_token(subscriber, purpose)
        value, stamp, signature = genuine.rsplit(":", 2)
        other_id = f"{subscriber.pk + 1}.{subscriber.token_key}:{stamp}:{signature}"
        tampered = f"{value}:{stamp}:{signature[:-2]}xx"
        for forged in (other_id, tampered):
            for pattern in paths:
                method = "get" if pattern in READ_ONLY else "post"
                assert_refused(
                    client, pattern.format(forged), subscriber, method=method
                )


def test_a_token_for_one_purpose_does_not_open_another(client, subscriber):
    manage = make_token(subscriber, "manage")
    assert_refused(client, f"/abonnements/desabonner/{manage}/", subscriber)
    assert_refused(client, f"/abonnements/confirmer/{manage}/", subscriber)
    unsubscribe = make_token(subscriber, "unsubscribe")
    assert_refused(client, f"/abonnements/gerer/{unsubscribe}/supprimer/", subscriber)
    assert_refused(
        client, f"/abonnements/gerer/{unsubscribe}/", subscriber, method="get"
    )


@pytest.mark.parametrize("purpose", list(PAGES))
def test_expired_tokens_are_refused(client, subscriber, purpose, monkeypatch):
    expired = signed_in_the_past(
        subscriber, purpose, MAX_AGE[purpose] + 60, monkeypatch
    )
    fresh = signed_in_the_past(subscriber, purpose, MAX_AGE[purpose] - 60, monkeypatch)
    for pattern in PAGES[purpose]:
        method = "get" if pattern in READ_ONLY else "post"
        assert_refused(client, pattern.format(expired), subscriber, method=method)
        assert client.get(pattern.format(fresh)).status_code == 200


def test_rotating_the_key_revokes_every_link(client, subscriber):
    tokens = {purpose: make_token(subscriber, purpose) for purpose in PAGES}
    subscriber.token_key = "rotated"
    subscriber.save()
    for purpose, paths in PAGES.items():
        for pattern in paths:
            method = "get" if pattern in READ_ONLY else "post"
            path = pattern.format(tokens[purpose])
            assert_refused(client, path, subscriber, method=method)


def test_removing_an_unknown_or_foreign_subscription_is_a_404(client, subscriber):
    other = Subscriber.objects.create(email="other@example.org")
    foreign = Subscription.objects.create(
        subscriber=other, kind="theme", theme=subscriber.subscriptions.get().theme
    )
    path = f"/abonnements/gerer/{make_token(subscriber, 'manage')}/retirer/"
    for value in ("999999", str(foreign.pk), "abc", "1" * 40, ""):
        before = Subscription.objects.count()
        response = client.post(path, {"subscription": value})
        assert response.status_code == 404, value
        assert Subscription.objects.count() == before


def test_add_links_are_signed_and_expire(client, subscriber, followable, monkeypatch):
    subscriber.confirmed_at = timezone.now()
    subscriber.save()
    targets = [Target.of(followable.circular)]
    token = make_add_token(subscriber, targets)
    before = state(subscriber)
    assert client.get(f"/abonnements/ajouter/{token}/").status_code == 200
    assert state(subscriber) == before  # GET shows a button only
    for bad in (token[:-3] + "abc", "garbage", "x" * 5000):
        assert_refused(client, f"/abonnements/ajouter/{bad}/", subscriber)
    now = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: now - MAX_AGE["confirm"] - 60)
        old = make_add_token(subscriber, targets)
    assert_refused(client, f"/abonnements/ajouter/{old}/", subscriber)
    assert client.post(f"/abonnements/ajouter/{token}/").status_code == 200
    assert subscriber.subscriptions.filter(theme=followable.circular).exists()


def test_wrong_methods_are_refused(client, subscriber):
    manage = make_token(subscriber, "manage")
    assert client.post(f"/abonnements/gerer/{manage}/").status_code == 405
    assert client.get(f"/abonnements/gerer/{manage}/retirer/").status_code == 405
    assert client.put("/abonnements/").status_code == 405

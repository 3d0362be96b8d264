"""The subscription pages in English, under /en/."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from digests.models import Subscriber
from digests.tokens import make_token

from .conftest import link


def test_english_pages_and_french_mail(client, followable, mailoutbox):
    page = client.get("/en/abonnements/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert "Subscribe to the weekly digest" in html
    assert 'action="/en/abonnements/"' in html
    # Theme names are French editorial content, marked as such.
    assert '<label for="id_themes_0" lang="fr">' in html

    response = client.post(
        "/en/abonnements/", {"email": "robin@example.org", "themes": ["insertion"]}
    )
    assert response["Location"] == "/en/abonnements/envoye/"
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    # The e-mail is in French, whatever the page's language.
    with translation.override("fr"):
        assert mailoutbox[0].subject == gettext(
            "Confirm your subscription to the RTES digest"
        )
    assert link(mailoutbox[0], "/abonnements/confirmer/")


def test_english_manage_and_error_pages(client, followable):
    subscriber = Subscriber.objects.create(email="robin@example.org")
    manage = client.get(f"/en/abonnements/gerer/{make_token(subscriber, 'manage')}/")
    assert "Your subscriptions" in manage.content.decode()
    bad = client.get("/en/abonnements/gerer/forged/")
    assert bad.status_code == 400
    assert "This link does not work" in bad.content.decode()
    from tests.factories import practice

    practice(followable.val_de_marne, title="Une recyclerie")
    search = client.get("/en/recherche/", {"q": "recyclerie"}).content.decode()
    assert 'href="/en/abonnements/recherche/?q=recyclerie' in search
    assert "Follow this search by e-mail" in search


def test_follow_search_english(client, followable):
    response = client.get("/en/abonnements/recherche/", {"theme": "insertion"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Theme: Insertion" in html
    assert 'href="/en/recherche/?theme=insertion"' in html

"""Follow links on the search page and territory pages."""

from __future__ import annotations

import datetime as dt

import pytest

from digests.models import Subscriber, Subscription
from digests.rendering import DigestComposer
from digests.subscriptions import purge_unconfirmed
from digests.tokens import MAX_AGE

from .conftest import link


def follow_href(html: str, marker: str) -> str:
    chunk = html.split(f'class="{marker}"')[1]
    return chunk.split('href="')[1].split('"')[0].replace("&amp;", "&")


def test_search_page_follows_its_text_and_facets(client, followable, mailoutbox):
    from tests.factories import practice

    practice(
        followable.val_de_marne, title="Des tiers-lieux", themes=[followable.insertion]
    )
    html = client.get(
        "/recherche/", {"q": "tiers-lieux", "theme": "insertion", "region": "11"}
    ).content.decode()
    href = follow_href(html, "follow-search")
    assert href.startswith("/abonnements/recherche/?")
    page = client.get(href)
    assert page.status_code == 200
    assert "tiers-lieux" in page.content.decode()
    response = client.post(
        "/abonnements/recherche/",
        {
            "email": "alix@example.org",
            "q": "tiers-lieux",
            "theme": "insertion",
            "region": "11",
        },
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.kind == "search"
    assert subscription.query == "tiers-lieux"
    assert subscription.filters == {"region": ["11"], "theme": ["insertion"]}
    assert "Insertion" in mailoutbox[0].body  # the confirmation says what


def test_a_search_of_one_theme_follows_the_theme(client, followable):
    client.post(
        "/abonnements/recherche/", {"email": "alix@example.org", "theme": "insertion"}
    )
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.theme) == ("theme", followable.insertion)


def test_saved_search_drops_unknown_and_malformed_values(client, followable):
    response = client.post(
        "/abonnements/recherche/",
        {
            "email": "alix@example.org",
            "q": "x" * 5000,
            "theme": ["insertion", "nope", "<script>"],
            "lever": "subvention",
            "sort": "newest",
            "unknown": "1",
        },
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert len(subscription.query) == 200
    assert subscription.filters == {"lever": ["subvention"], "theme": ["insertion"]}


def test_follow_search_with_a_bad_address(client, followable):
    response = client.post(
        "/abonnements/recherche/", {"email": "nope", "q": "tiers-lieux"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="q" value="tiers-lieux"' in html  # the search is kept
    assert not Subscriber.objects.exists()


def test_territory_page_links_to_following_it(client, followable):
    page = followable.val_de_marne
    html = client.get(page.url).content.decode()
    href = follow_href(html, "follow-territory")
    assert href == f"/abonnements/?territory={page.territory.pk}"
    form = client.get(href).content.decode()
    assert f'value="{page.territory.pk}" id="id_territories_0" checked' in form


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "/abonnements/"),
        ("?theme=insertion", "/abonnements/?theme=insertion"),
        ("?lever=subvention", "/abonnements/?lever=subvention"),
        ("?region=11", "/abonnements/?territory={idf}"),
        (
            "?theme=insertion&region=11",
            "/abonnements/recherche/?theme=insertion&region=11",
        ),
    ],
)
def test_search_without_words_follows_one_theme_lever_or_region_alone(
    client, followable, query, expected
):
    from tests.factories import practice

    practice(
        followable.val_de_marne,
        themes=[followable.insertion],
        levers=[followable.grant],
    )
    html = client.get("/recherche/" + query).content.decode()
    assert follow_href(html, "follow-search") == expected.format(idf=followable.idf.pk)


def test_a_search_that_found_nothing_offers_no_follow_link(client, followable):
    html = client.get("/recherche/", {"q": "xqzwv"}).content.decode()
    assert "follow-search" not in html


def test_purge_deletes_only_expired_unconfirmed(client, followable, mailoutbox):
    from django.utils import timezone

    client.post("/abonnements/", {"email": "old@example.org", "themes": ["insertion"]})
    client.post("/abonnements/", {"email": "new@example.org", "themes": ["insertion"]})
    confirmed = Subscriber.objects.create(
        email="kept@example.org", confirmed_at=timezone.now()
    )
    long_ago = timezone.now() - timezone.timedelta(seconds=MAX_AGE["confirm"] + 60)
    Subscriber.objects.filter(email__in=["old@example.org", "kept@example.org"]).update(
        created_at=long_ago
    )
    assert purge_unconfirmed() == 1
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "new@example.org",
        confirmed.email,
    }
    assert Subscription.objects.count() == 1  # the purged one's went with it
    # The purged address's link now says it no longer works.
    old_link = link(mailoutbox[0], "/abonnements/confirmer/")
    assert client.post(old_link).status_code == 400


def test_a_new_confirmation_link_restarts_the_purge_clock(client, followable):
    from django.utils import timezone

    client.post("/abonnements/", {"email": "slow@example.org", "themes": ["insertion"]})
    long_ago = timezone.now() - timezone.timedelta(seconds=MAX_AGE["confirm"] + 60)
    Subscriber.objects.update(created_at=long_ago)
    client.post("/abonnements/", {"email": "slow@example.org", "themes": ["insertion"]})
    assert purge_unconfirmed() == 0


@pytest.mark.parametrize("kind", ["departement", "epci-CC", "commune"])
def test_a_search_by_kind_of_territory_can_be_followed_end_to_end(
    client, followable, mailoutbox, kind
):
    # Its labels are translated lazily: joined as strings they once raised a
    # TypeError after the subscriber had been written.
    page = client.get("/abonnements/recherche/", {"territory_kind": kind})
    assert page.status_code == 200
    response = client.post(
        "/abonnements/recherche/", {"email": "alix@example.org", "territory_kind": kind}
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.filters == {"territory_kind": [kind]}
    described = page.context["description"]
    assert described.startswith("Recherche : Type de territoire : ")
    assert described in mailoutbox[0].body
    confirm = link(mailoutbox[0], "/abonnements/confirmer/")
    assert client.post(confirm).status_code in (200, 302)
    assert Subscriber.objects.get().is_confirmed

    composer = DigestComposer(dt.date(2026, 11, 30))
    composer.prepare_labels([subscription])
    assert composer.title(subscription).startswith("Recherche enregistrée (Type de")

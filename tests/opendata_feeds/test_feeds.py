"""Atom feeds: per kind and per search, valid, dated, following the finder."""

import datetime as dt

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digests.models import PracticeChange
from opendata import feeds
from search.indexing import index_practices, mark_dirty
from tests.factories import practice

LONG_TEXT = " ".join(f"mot{i}" for i in range(200))


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def titles(feed):
    return {entry.title for entry in feed.entries}


def kind_urls(catalogue):
    return {
        "theme": "/flux/theme/achats-responsables/",
        "lever": "/flux/levier/subvention/",
        "audience": "/flux/public/jeunes/",
        "territory": f"/flux/territoire/{catalogue.member.territory_id}/",
        "region": "/flux/region/11/",
    }


@pytest.mark.parametrize("kind", ["theme", "lever", "audience", "territory", "region"])
def test_each_kind_of_feed_parses_with_dated_entries(client, catalogue, kind):
    feed = parsed(client, kind_urls(catalogue)[kind])
    assert feed.entries
    for entry in feed.entries:
        assert entry.updated_parsed and entry.published_parsed
        assert entry.link.startswith("http://testserver/")
        assert entry.author == "Val-de-Marne"
    expected = {
        "theme": {"Clauses sociales dans les marchés"},
        "lever": {"Clauses sociales dans les marchés"},
        "audience": {"Chantiers d'insertion pour les jeunes"},
        "territory": {
            "Clauses sociales dans les marchés",
            "Chantiers d'insertion pour les jeunes",
        },
        "region": {
            "Clauses sociales dans les marchés",
            "Chantiers d'insertion pour les jeunes",
        },
    }
    assert titles(feed) == expected[kind]
    assert feed.feed.title.startswith("Pratiques")


def test_search_feed_follows_the_filters_and_words(client, catalogue):
    everything = parsed(client, "/flux/recherche/")
    assert len(everything.entries) == 2
    one = parsed(client, "/flux/recherche/?q=chantier&audience=jeunes")
    assert titles(one) == {"Chantiers d'insertion pour les jeunes"}
    none = parsed(client, "/flux/recherche/?q=chantier&theme=achats-responsables")
    assert none.entries == []
    assert "chantier" in one.feed.title
    links = {link.rel: link.href for link in one.feed.links}
    assert (
        links["self"] == "http://testserver/flux/recherche/?q=chantier&audience=jeunes"
    )
    assert (
        links["alternate"] == "http://testserver/recherche/?q=chantier&audience=jeunes"
    )


def test_entry_categories_are_the_theme_names(client, catalogue):
    feed = parsed(client, "/flux/theme/achats-responsables/")
    assert [t.term for t in feed.entries[0].tags] == ["Achats responsables"]


def test_drafts_never_appear(client, catalogue):
    practice(
        catalogue.member, live=False, title="Brouillon secret", themes=[catalogue.iae]
    )
    catalogue.hired.title = "Titre de brouillon"
    catalogue.hired.save_revision()  # a draft of a live page: not published
    for url in ("/flux/recherche/", "/flux/theme/iae/"):
        found = titles(parsed(client, url))
        assert "Brouillon secret" not in found
        assert "Titre de brouillon" not in found
        assert "Chantiers d'insertion pour les jeunes" in found


def updated_of(client, title):
    feed = parsed(client, "/flux/recherche/")
    (entry,) = [e for e in feed.entries if e.title == title]
    return dt.datetime(*entry.updated_parsed[:6], tzinfo=dt.UTC)


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    index_practices([page.pk])


def test_a_substantial_update_moves_the_entry_date_a_minor_edit_does_not(
    client, catalogue
):
    page = catalogue.bought
    publish(page, summary=LONG_TEXT)
    # Back-date what was recorded, so that a new date is told apart to the second.
    past = timezone.now() - dt.timedelta(days=30)
    PracticeChange.objects.filter(page=page).update(happened_at=past)
    page.__class__.objects.filter(pk=page.pk).update(first_published_at=past)
    page.refresh_from_db()
    mark_dirty([page.pk])  # a new version, which Elasticsearch takes
    index_practices([page.pk])
    before = updated_of(client, page.title)
    assert abs(before - past) < dt.timedelta(seconds=2)

    publish(page, summary=LONG_TEXT.replace("mot5 ", "mot5, "))  # a typo
    assert updated_of(client, page.title) == before

    rewritten = " ".join(f"autre{i}" for i in range(120))
    publish(page, summary=rewritten)
    after = updated_of(client, page.title)
    assert after > before + dt.timedelta(days=29)
    feed = parsed(client, "/flux/recherche/")
    assert dt.datetime(*feed.feed.updated_parsed[:6], tzinfo=dt.UTC) >= after


def test_an_old_practice_substantially_revised_comes_back_to_the_top(
    client, catalogue, monkeypatch
):
    # A feed holds the FEED_SIZE latest news: one here, so that the older
    # practice is out of it until it is rewritten.
    monkeypatch.setattr(feeds, "FEED_SIZE", 1)
    old, recent = catalogue.bought, catalogue.hired
    past = timezone.now() - dt.timedelta(days=400)
    PracticeChange.objects.filter(page=old).update(happened_at=past)
    old.__class__.objects.filter(pk=old.pk).update(first_published_at=past)
    old.refresh_from_db()
    mark_dirty([old.pk])
    index_practices([old.pk])
    assert [e.title for e in parsed(client, "/flux/recherche/").entries] == [
        recent.title
    ]

    publish(old, summary=" ".join(f"nouveau{i}" for i in range(60)))
    (entry,) = parsed(client, "/flux/recherche/").entries
    assert entry.title == old.title
    assert dt.datetime(
        *entry.updated_parsed[:6], tzinfo=dt.UTC
    ) > recent.first_published_at - dt.timedelta(seconds=1)
    assert dt.datetime(
        *entry.published_parsed[:6], tzinfo=dt.UTC
    ) < past + dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    "url",
    [
        "/flux/theme/nothing-like-this/",
        "/flux/levier/inconnu/",
        "/flux/public/inconnu/",
        "/flux/territoire/999999/",
        "/flux/territoire/99999999999999999999999/",
        "/flux/region/99/",
    ],
)
def test_unknown_objects_are_404(client, catalogue, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "theme=nothing-like-this",
        "theme=%3Cscript%3E",
        "colour=blue",
        "sort=sideways",
        "q=" + "x" * 300,
        "territory=abc",
    ],
)
def test_bad_search_parameters_are_400(client, catalogue, query):
    assert client.get("/flux/recherche/?" + query).status_code == 400


def test_a_feed_costs_a_constant_number_of_queries(client, catalogue):
    def count():
        with CaptureQueriesContext(connection) as queries:
            parsed(client, "/flux/recherche/")
        return len(queries)

    count()  # the facet labels' cache filled
    few = count()
    for n in range(5):
        practice(catalogue.member, title=f"Autre pratique {n}", themes=[catalogue.iae])
    assert count() == few


def test_english_feed_under_en(client, catalogue):
    feed = parsed(client, "/en/flux/theme/iae/")
    assert feed.feed.title.startswith("Practices of the theme")

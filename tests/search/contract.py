"""The engine contract: every search engine must pass these tests.

Subclass `EngineContract` and provide an `engine` fixture; features an engine
cannot offer are marked `xfail` in the subclass, never deleted.
"""

import datetime

import pytest
from django.utils import timezone

from digests.models import PracticeChange
from search.analysis import fold
from search.engines.base import SearchError, SearchQuery
from search.indexing import index_practices, mark_dirty
from territories.models import Territory
from tests.factories import ThemeFactory, member_page, practice


def published(practice_page, days_ago: int):
    """Give a practice a known publication date (sorts depend on it), and its
    news of a first publication the same date."""
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    type(practice_page).objects.filter(pk=practice_page.pk).update(
        first_published_at=moment
    )
    PracticeChange.objects.filter(page_id=practice_page.pk).update(happened_at=moment)
    return practice_page


@pytest.fixture
def catalogue(home):
    """Five practices in three territories of two régions, with French texts."""
    idf = Territory.objects.create(kind="region", code="11", name="Île-de-France")
    occitanie = Territory.objects.create(kind="region", code="76", name="Occitanie")
    val_de_marne = member_page(
        Territory.objects.create(
            kind="departement", code="94", name="Val-de-Marne", region=idf
        )
    )
    agglo = member_page(
        Territory.objects.create(
            kind="epci",
            code="200066777",
            name="Agglo du Pic",
            epci_type="CA",
            region=occitanie,
        )
    )
    commune = member_page(
        Territory.objects.create(
            kind="commune", code="34172", name="Montpellier", region=occitanie
        )
    )
    procurement = ThemeFactory(slug="achats-publics-responsables", name="Achats")
    iae = ThemeFactory(slug="insertion", name="Insertion")
    circular = ThemeFactory(slug="economie-circulaire", name="Économie circulaire")
    thirds = ThemeFactory(slug="tiers-lieux", name="Tiers-lieux")
    pages = {
        "achats": practice(
            val_de_marne,
            title="Des achats responsables dans les marchés du département",
            summary="Clauses sociales et environnementales dans la commande publique.",
            themes=[procurement, iae],
            status="ongoing",
            start_date=datetime.date(2009, 3, 1),
        ),
        "siae": practice(
            val_de_marne,
            title="Soutenir les SIAE par le programme départemental d'insertion",
            summary="Le département finance l'insertion par l'activité économique.",
            themes=[iae],
            status="completed",
            start_date=datetime.date(2010, 1, 1),
        ),
        "ressourcerie": practice(
            agglo,
            title="Une ressourcerie intercommunale",
            summary="L'économie circulaire portée par une SCIC de réemploi.",
            context=(
                "<p>Au cœur du Pic-Saint-Loup, un atelier d'éco-conception tenu "
                "par la coopérative O’Neill, et un chantier d'écoconstruction.</p>"
            ),
            themes=[circular],
            status="ongoing",
            start_date=datetime.date(2018, 6, 1),
        ),
        "tiers_lieu": practice(
            commune,
            title="Un réseau de tiers-lieux ruraux ouverts aux habitants",
            summary="Un lieu partagé pour les associations et les coopératives.",
            themes=[thirds, circular],
            status="planned",
            start_date=datetime.date(2024, 9, 1),
        ),
        "draft": practice(
            commune,
            live=False,
            title="Un projet de tiers-lieu en brouillon",
            summary="Jamais visible en recherche publique.",
            themes=[thirds],
        ),
    }
    for days_ago, key in enumerate(["tiers_lieu", "ressourcerie", "siae", "achats"]):
        published(pages[key], days_ago=days_ago * 30)
    return pages


def titles(results):
    return {hit.title for hit in results.hits}


class EngineContract:
    """Behaviour every engine shares; subclasses provide the `engine` fixture."""

    @pytest.fixture
    def indexed(self, engine, catalogue):
        index_practices([page.pk for page in catalogue.values()], engine)
        return catalogue

    def search(self, engine, text="", sort="relevance", page=1, per_page=20, **filters):
        query = SearchQuery(
            text=text,
            filters={k: tuple(v) for k, v in filters.items()},
            sort=sort,
            page=page,
            per_page=per_page,
        )
        return engine.searcher.search(query)

    # --- Indexing and deletion --------------------------------------------------------

    def test_every_live_practice_is_found_without_text(self, engine, indexed):
        results = self.search(engine)
        assert results.total == 4
        assert indexed["draft"].title not in titles(results)

    def test_deleted_practice_is_no_longer_found(self, engine, indexed):
        engine.index.delete_item(indexed["siae"].pk)
        engine.index.refresh()
        assert indexed["siae"].title not in titles(self.search(engine, "SIAE"))
        engine.index.delete_item(indexed["siae"].pk)  # deleting twice is not an error

    def test_unpublished_practice_is_never_returned(self, engine, indexed):
        indexed["achats"].unpublish()
        index_practices([indexed["achats"].pk], engine)
        assert indexed["achats"].title not in titles(self.search(engine, "achats"))

    def test_stale_version_does_not_overwrite_a_newer_one(self, engine, indexed):
        from search.documents import indexable_practices, practice_document

        page = indexable_practices().get(pk=indexed["siae"].pk)
        newer = practice_document(page, version=5)
        newer.title = "Titre le plus récent"
        older = practice_document(page, version=3)
        older.title = "Titre périmé"
        assert engine.index.add_items([newer]) == []
        engine.index.add_items([older])
        engine.index.refresh()
        assert engine.index.indexed_versions()[page.pk] == 5
        assert "Titre le plus récent" in titles(self.search(engine, "récent"))
        assert self.search(engine, "périmé").total == 0

    # --- French matching --------------------------------------------------------------

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("economie circulaire", "ressourcerie"),  # accents
            ("insertion", "siae"),  # elision: "l'insertion"
            ("achat responsable", "achats"),  # plural
            ("tiers lieux", "tiers_lieu"),  # hyphen
            ("SCIC", "ressourcerie"),  # acronyms
            ("siae", "siae"),
            ("coopérative", "tiers_lieu"),  # singular finds plural
        ],
    )
    def test_french_matching(self, engine, indexed, text, expected):
        assert indexed[expected].title in titles(self.search(engine, text))

    def test_a_query_of_stop_words_only_matches_everything(self, engine, indexed):
        # Like an empty query (Elasticsearch: zero_terms_query "all").
        assert self.search(engine, "le la les des").total == 4

    def test_two_words_must_both_match(self, engine, indexed):
        assert self.search(engine, "ressourcerie habitants").total == 0

    def test_three_words_in_four_are_enough(self, engine, indexed):
        # The ressourcerie has no inhabitants; the tiers-lieux only have those.
        found = self.search(engine, "ressourcerie réemploi SCIC habitants")
        assert titles(found) == {indexed["ressourcerie"].title}

    def test_function_words_are_never_required(self, engine, indexed):
        found = self.search(engine, "comment soutenir les SIAE ?")
        assert indexed["siae"].title in titles(found)

    def test_a_query_of_function_words_only_matches_everything(self, engine, indexed):
        assert self.search(engine, "comment faire quels").total == 4

    def test_more_words_held_rank_higher(self, engine, indexed):
        # The tiers-lieux hold "économie circulaire" by their theme only.
        hits = self.search(engine, "économie circulaire réemploi").hits
        assert [hit.title for hit in hits[:2]] == [
            indexed["ressourcerie"].title,
            indexed["tiers_lieu"].title,
        ]

    def test_taxonomy_labels_are_searched(self, engine, indexed):
        # Tagged "Insertion", without the word in its texts.
        assert indexed["achats"].title in titles(self.search(engine, "insertion"))

    @pytest.mark.parametrize(
        "text",
        ["coeur", "cœur", "ecoconception", "éco-conception", "oneill", "O'Neill"],
    )
    def test_ligatures_compounds_and_names_are_found_however_typed(
        self, engine, indexed, text
    ):
        assert titles(self.search(engine, text)) == {indexed["ressourcerie"].title}

    @pytest.mark.parametrize("text", ["écoconstruction", "éco-construction"])
    def test_a_compound_typed_with_a_hyphen_finds_it_written_as_one_word(
        self, engine, indexed, text
    ):
        assert titles(self.search(engine, text)) == {indexed["ressourcerie"].title}

    # --- Typos and unfinished words ---------------------------------------------------

    @pytest.mark.parametrize(
        ("text", "expected", "correction"),
        [
            ("insertoin", "siae", "insertion"),  # two letters swapped
            ("ressourcrie", "ressourcerie", "ressourcerie"),  # one letter missing
            ("econimie circulaire", "ressourcerie", "economie circulaire"),
            ("achats resposables", "achats", "achats responsables"),
        ],
    )
    def test_a_typo_is_corrected_and_found(
        self, engine, indexed, text, expected, correction
    ):
        results = self.search(engine, text)
        assert indexed[expected].title in titles(results)
        # Written as the catalogue writes it (the database engine) or folded.
        assert fold(results.correction) == correction

    def test_words_the_catalogue_holds_are_not_corrected(self, engine, indexed):
        results = self.search(engine, "économie circulaire")
        assert results.correction == ""
        # Nor words it does not hold that are too short to guess from.
        assert self.search(engine, "zqx").total == 0

    def test_a_word_too_far_from_any_other_finds_nothing(self, engine, indexed):
        results = self.search(engine, "xylophone")
        assert (results.total, results.correction) == (0, "")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("ressourc", "ressourcerie"), ("achats responsab", "achats")],
    )
    def test_the_last_word_may_be_unfinished(self, engine, indexed, text, expected):
        assert indexed[expected].title in titles(self.search(engine, text))

    @pytest.mark.parametrize("text", ["tiers lieu", "tiers lieux", "lieu"])
    def test_eux_plurals_meet_their_singular(self, engine, indexed, text):
        assert indexed["tiers_lieu"].title in titles(self.search(engine, text))

    # --- Facets -----------------------------------------------------------------------

    def counts(self, results, facet):
        return {f.value: f.count for f in results.facets[facet]}

    def test_facet_counts(self, engine, indexed):
        results = self.search(engine)
        assert self.counts(results, "theme") == {
            "insertion": 2,
            "economie-circulaire": 2,
            "achats-publics-responsables": 1,
            "tiers-lieux": 1,
        }
        assert self.counts(results, "region") == {"11": 2, "76": 2}
        assert self.counts(results, "territory_kind") == {
            "departement": 2,
            "epci-CA": 1,
            "commune": 1,
        }
        assert self.counts(results, "status") == {
            "ongoing": 2,
            "completed": 1,
            "planned": 1,
        }
        assert self.counts(results, "start_year")["2009"] == 1

    def test_selecting_a_theme_keeps_the_other_themes_counts(self, engine, indexed):
        results = self.search(engine, theme=["insertion"])
        assert results.total == 2
        # theme counts ignore the theme selection itself (multi-select)...
        assert self.counts(results, "theme")["economie-circulaire"] == 2
        # ...but other facets are counted under it.
        assert self.counts(results, "region") == {"11": 2}

    def test_values_within_a_facet_are_ored_across_facets_anded(self, engine, indexed):
        assert self.search(engine, theme=["insertion", "tiers-lieux"]).total == 3
        assert self.search(engine, theme=["insertion"], region=["76"]).total == 0

    def test_selected_value_with_no_match_stays_visible(self, engine, indexed):
        results = self.search(engine, theme=["tiers-lieux"], region=["11"])
        assert results.total == 0
        region = {f.value: f for f in results.facets["region"]}
        assert region["11"].selected and region["11"].count == 0

    def test_facets_follow_the_text(self, engine, indexed):
        results = self.search(engine, "insertion")
        assert self.counts(results, "theme").get("tiers-lieux", 0) == 0

    # --- Highlights, sorts, paging ----------------------------------------------------

    def test_highlights_mark_the_matched_words(self, engine, indexed):
        hits = self.search(engine, "économie circulaire").hits
        (hit,) = [h for h in hits if h.title == indexed["ressourcerie"].title]
        assert any("<mark>" in h for h in hit.highlights)

    def test_sorts(self, engine, indexed):
        newest = [h.title for h in self.search(engine, sort="newest").hits]
        oldest = [h.title for h in self.search(engine, sort="oldest").hits]
        assert newest[0] == indexed["tiers_lieu"].title
        assert oldest == list(reversed(newest))

    def test_updated_sorts_by_the_last_news(self, engine, indexed):
        # The oldest practice, substantially revised just now (the digests'
        # rule records it), comes first by "updated" and stays last by "newest".
        revised = indexed["achats"]
        now = timezone.now()
        PracticeChange.objects.create(
            page_id=revised.pk,
            kind=PracticeChange.Kind.UPDATED,
            happened_at=now,
            note="Description substantially revised",
        )
        mark_dirty([revised.pk])  # a new version: engines refuse a stale write
        index_practices([revised.pk], engine)
        updated = self.search(engine, sort="updated").hits
        assert [h.title for h in updated][:2] == [
            revised.title,
            indexed["tiers_lieu"].title,
        ]
        assert updated[0].updated_at == now
        assert updated[1].updated_at == updated[1].published_at
        newest = [h.title for h in self.search(engine, sort="newest").hits]
        assert newest[-1] == revised.title
        # With words too, and a selection.
        found = self.search(engine, "département", sort="updated", theme=["insertion"])
        assert [h.title for h in found.hits] == [revised.title, indexed["siae"].title]

    def test_paging(self, engine, indexed):
        first = self.search(engine, sort="newest", per_page=3)
        second = self.search(engine, sort="newest", per_page=3, page=2)
        assert (len(first.hits), len(second.hits), second.total) == (3, 1, 4)
        assert not titles(first) & titles(second)

    def test_paging_past_the_result_window_is_refused(self, engine, indexed):
        with pytest.raises(SearchError):
            self.search(engine, page=10_000, per_page=20)

    # --- Related and suggestions ------------------------------------------------------

    def test_related_practices_share_themes(self, engine, indexed):
        related = engine.searcher.related(indexed["achats"].pk)
        assert [hit.title for hit in related] == [indexed["siae"].title]

    def test_suggestions_complete_titles(self, engine, indexed):
        assert indexed["ressourcerie"].title in engine.searcher.suggest("ressour")

"""The engine contract against the database engine (SQLite, or PostgreSQL in CI),
and what is particular to it: plain SQL on every search, nothing cached."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME

from search.engines import fulltext
from search.engines.base import SearchQuery
from search.engines.database import DatabaseSearchEngine
from search.engines.fulltext import PostgresFullText
from search.indexing import index_practices
from search.models import IndexedPractice, Synonym
from tests.factories import UserFactory, practice

from .contract import EngineContract, catalogue  # noqa: F401 - the fixture


class TestDatabaseEngine(EngineContract):
    @pytest.fixture
    def engine(self, db):
        return DatabaseSearchEngine()


def found(engine, text="", **filters):
    return engine.searcher.search(
        SearchQuery(text=text, filters={k: tuple(v) for k, v in filters.items()})
    )


def titles(results):
    return {hit.title for hit in results.hits}


def test_a_write_by_anyone_else_is_seen_at_once(engine, indexed):
    assert found(engine, "SIAE").total == 1
    # As another process, or a cascade, would: no call to this engine.
    IndexedPractice.objects.filter(pk=indexed["siae"].pk).delete()
    results = found(engine)
    assert results.total == 3
    assert {f.value: f.count for f in results.facets["status"]}.get("completed") is None
    assert found(engine, "SIAE").total == 0


def test_a_search_costs_a_few_statements_whatever_it_asks(engine, indexed):
    def statements(**asked):
        """Queries asked (planner settings and savepoints aside)."""
        with CaptureQueriesContext(connection) as queries:
            found(engine, **asked)
        asked = [q["sql"].lstrip()[:6].upper() for q in queries.captured_queries]
        return sum(sql in ("SELECT", "WITH M") for sql in asked)

    # The synonyms and the vocabulary (with text), facet counts with the page
    # and its total (one statement on PostgreSQL, two on SQLite), the page's
    # rows, the labels of their cards.
    most = 5 if connection.vendor == "postgresql" else 6
    assert statements() <= most
    assert statements(text="économie circulaire", theme=["insertion"]) <= most
    assert (
        statements(
            text="insertion", theme=["insertion"], region=["11"], status=["ongoing"]
        )
        <= most
    )
    # An unknown last word: its corrections, then its completions.
    assert statements(text="achats insertoin") <= most + 2
    # Nothing is cached: a search right after a write costs the same.
    index_practices([indexed["siae"].pk], engine)
    assert statements(text="insertion") <= most


def test_deleting_a_page_removes_it_from_results_and_counts(engine, indexed):
    assert found(engine, theme=["insertion"]).total == 2
    indexed["siae"].delete()  # the index row goes by cascade
    assert found(engine, theme=["insertion"]).total == 1


def test_unpublished_page_is_hidden_before_the_index_catches_up(engine, indexed):
    before = found(engine)
    indexed["achats"].unpublish()  # no indexing: the index still holds it
    after = found(engine)
    assert after.total == before.total - 1
    assert indexed["achats"].title not in titles(after)
    themes = {f.value: f.count for f in after.facets["theme"]}
    assert "achats-publics-responsables" not in themes
    assert found(engine, "achats").total == 0


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_pages_follow_one_another_without_gaps_or_repeats(engine, indexed, sort):
    def pages(text):
        return [
            [
                hit.page_id
                for hit in engine.searcher.search(
                    SearchQuery(text=text, sort=sort, page=n, per_page=1)
                ).hits
            ]
            for n in (1, 2, 3, 4, 5)
        ]

    everything, economy = pages(""), pages("économie")
    assert [len(page) for page in everything] == [1, 1, 1, 1, 0]
    # Two by their texts, one by its theme "Économie circulaire".
    assert [len(page) for page in economy] == [1, 1, 1, 0, 0]
    assert len({pk for page in everything for pk in page}) == 4


def test_relevance_puts_title_words_first(engine, home, indexed):
    parent = indexed["siae"].get_parent().specific
    newer = practice(
        parent,
        title="Des vélos pour le quartier",
        summary="Une guinguette où réparer son vélo.",
    )
    index_practices([newer.pk], engine)
    hits = found(engine, "guinguette").hits
    assert [hit.title for hit in hits][:1] == ["Des vélos pour le quartier"]
    title_first = practice(
        parent, title="Une guinguette de quartier", summary="Réemploi et réparation."
    )
    # Published later, but in the title: first whatever the dates.
    index_practices([title_first.pk], engine)
    hits = found(engine, "guinguette").hits
    assert [hit.title for hit in hits] == [
        "Une guinguette de quartier",
        "Des vélos pour le quartier",
    ]
    assert hits[0].score > hits[1].score


def test_related_weighs_themes_over_levers_and_skips_unpublished(engine, indexed):
    from tests.factories import LeverFactory

    parent = indexed["siae"].get_parent().specific
    lever = LeverFactory()
    subject = indexed["ressourcerie"]
    subject.levers.add(lever)
    subject.save_revision().publish()
    by_lever = practice(parent, title="Par le levier", levers=[lever])
    index_practices([subject.pk, by_lever.pk], engine)
    # tiers_lieu shares a theme (×3), the newer practice only a lever (×2).
    assert [hit.title for hit in engine.searcher.related(subject.pk)] == [
        indexed["tiers_lieu"].title,
        "Par le levier",
    ]
    indexed["tiers_lieu"].unpublish()  # the index has not caught up yet
    assert [hit.title for hit in engine.searcher.related(subject.pk)] == [
        "Par le levier"
    ]


def test_a_synonym_edited_in_the_admin_counts_at_the_next_search(
    engine, indexed, client
):
    assert found(engine, "guinguette").total == 0
    editor = UserFactory(username="relecteur")
    editor.groups.add(Group.objects.get(name=EDITORIAL_GROUP_NAME))
    client.force_login(editor)
    client.post(
        reverse("wagtailsnippets_catalogue_search_synonym:add"),
        {"terms": "guinguette, ressourcerie"},
    )
    # No reindexing: the query is expanded.
    assert titles(found(engine, "guinguette")) == {indexed["ressourcerie"].title}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's intarray statement"
)
@pytest.mark.parametrize(
    "text",
    [
        "ressourcerie réemploi SCIC habitants",  # 3 of 4: by combinations
        # 5 of 7 (21 combinations): by counting
        "ressourcerie réemploi SCIC circulaire intercommunale coopérative habitants",
    ],
)
def test_combinations_and_counting_find_the_same_practices(
    engine, indexed, monkeypatch, text
):
    from search.engines import fulltext

    by_default = [hit.page_id for hit in found(engine, text).hits]
    monkeypatch.setattr(fulltext, "MOST_COMBINATIONS", 0)  # always count
    assert [hit.page_id for hit in found(engine, text).hits] == by_default
    assert by_default  # the ressourcerie, at least


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's intarray statement"
)
def test_counting_what_is_not_selected_gives_the_same_counts(
    engine, indexed, monkeypatch
):
    def counts():
        return [
            {
                facet: [(value.value, value.count) for value in values]
                for facet, values in found(engine, **asked).facets.items()
            }
            for asked in (
                {},
                {"text": "économie"},
                {"theme": ["insertion"]},
                {"text": "tiers lieux", "status": ["planned", "ongoing"]},
            )
        ]

    # Postings holding a practice the index no longer has, and one unpublished.
    IndexedPractice.objects.filter(pk=indexed["siae"].pk).delete()
    indexed["achats"].unpublish()
    by_selected = counts()
    assert by_selected[0]["status"] == [("ongoing", 1), ("planned", 1)]
    flip = "2 * icount(selected) > top"
    assert flip in fulltext.REST
    monkeypatch.setattr(fulltext, "REST", fulltext.REST.replace(flip, "true"))
    assert counts() == by_selected


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's ranking shortlist"
)
def test_the_shortlist_ranks_as_ranking_every_practice_does(
    engine, indexed, monkeypatch
):
    Synonym.objects.create(terms="quartier, voisinage")
    Synonym.objects.create(terms="guinguette, buvette")
    Synonym.objects.create(terms="réparation, bricolage")
    parent = indexed["siae"].get_parent().specific
    texts = {  # title, summary, body
        "all, in the title": ("Une guinguette de quartier", "Un lieu.", "Réparation."),
        "all, in the body": (
            "Un lieu",
            "Un lieu.",
            "Guinguette, quartier, réparation.",
        ),
        # Shortlisted (a synonym in its summary), yet below the previous one.
        "all, as synonyms": ("Un lieu", "Une buvette.", "Voisinage, bricolage."),
        "two, one in the title": ("La réparation de vélos", "Un lieu.", "Guinguette."),
        "two, in the body": ("Un lieu", "Un lieu.", "Guinguette de quartier."),
    }
    pages = {
        key: practice(parent, title=title, summary=summary, context=f"<p>{body}</p>")
        for key, (title, summary, body) in texts.items()
    }
    index_practices([page.pk for page in pages.values()], engine)
    shortlists = []
    ranks = PostgresFullText._find

    def shortlisting(self, query, expansion, shortlist):
        found = ranks(self, query, expansion, shortlist)
        shortlists.append((shortlist, found is not None))
        return found

    def ranking_everything(self, query, expansion, shortlist):
        return ranks(self, query, expansion, shortlist=False)

    def hits(text, per_page, page):
        query = SearchQuery(text=text, per_page=per_page, page=page)
        results = engine.searcher.search(query)
        return [hit.page_id for hit in results.hits], results.total

    queries = [
        (text, per_page, page)
        for text in ("guinguette quartier réparation", "guinguette", "buvette lieu")
        for per_page in (1, 2, 3, 20)
        for page in range(1, 7)
    ]
    monkeypatch.setattr(PostgresFullText, "_find", shortlisting)
    by_shortlist = [hits(*asked) for asked in queries]
    monkeypatch.setattr(PostgresFullText, "_find", ranking_everything)
    assert [hits(*asked) for asked in queries] == by_shortlist
    in_order = [pages[key].pk for key in texts]
    assert [ids for ids, _total in by_shortlist[:5]] == [[pk] for pk in in_order]
    # Page 1 from the shortlist; page 2 after it (it did not prove the page).
    assert shortlists[:3] == [(True, True), (True, False), (False, True)]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's intarray statement"
)
def test_an_alternative_holding_another_is_not_looked_up(engine, indexed, monkeypatch):
    Synonym.objects.create(
        terms="SIAE, structure d'insertion, structure d'insertion par l'activité "
        "économique"
    )
    parent = indexed["siae"].get_parent().specific
    pages = [
        practice(parent, title="Structure d'insertion par l'activité économique"),
        practice(parent, title="Une régie", summary="Une structure d'insertion."),
        practice(parent, title="Une structure", summary="L'insertion économique."),
    ]
    index_practices([page.pk for page in pages], engine)
    texts = ["SIAE", "structure d'insertion par l'activité économique", "insertion"]

    def results():
        return [
            ([hit.page_id for hit in found.hits], found.total, found.facets)
            for found in (
                engine.searcher.search(SearchQuery(text=text, per_page=per_page))
                for text in texts
                for per_page in (1, 20)
            )
        ]

    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {fulltext.ASKED.rstrip(',')}"
            f" SELECT count(*) FROM ({fulltext.LOOKED_UP}) AS d",
            {
                "alt": [
                    "siae",
                    "structure insertion",
                    "structure insertion activite economique",
                ],
                "grp": [0, 0, 0],
            },
        )
        assert cursor.fetchone() == (2,)  # the longer synonym left out
    by_default = results()
    for name in ("HOLDING", "IN_FIELDS"):  # every alternative looked up
        statement = getattr(fulltext, name)
        assert fulltext.LOOKED_UP in statement
        every = statement.replace(fulltext.LOOKED_UP, "SELECT DISTINCT tsq FROM asked")
        monkeypatch.setattr(fulltext, name, every)
    assert results() == by_default
    assert by_default[2][0] == [pages[0].pk]  # as typed, in the title

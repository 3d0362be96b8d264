"""Queries on a live node beyond the contract: highlights, related practices,
suggestions, the result window, and the answers to refused or oversized queries."""

from datetime import UTC, datetime

import pytest
from elasticsearch.dsl import Search

from search.engines.base import MAX_RESULT_WINDOW, SearchError, SearchQuery
from tests.factories import indexed_document as document

# Hits are checked against the pages' live flag (`elasticsearch.live_only`).
pytestmark = pytest.mark.django_db


def test_highlights_are_escaped_html_marking_the_words(engine):
    engine.index.add_items(
        [document(1, 1, summary="Clauses <sociales> & achats responsables.")]
    )
    engine.index.refresh()

    (hit,) = engine.searcher.search(SearchQuery(text="achat responsable")).hits

    # The phrase matched too: the two words are marked as one passage.
    assert hit.highlights == [
        "Clauses &lt;sociales&gt; &amp; <mark>achats responsables</mark>."
    ]


def test_a_title_only_match_gives_the_marked_title(engine):
    engine.index.add_items(
        [document(1, 1, title="Une ressourcerie", summary="Réemploi.", body="")]
    )
    engine.index.refresh()

    (hit,) = engine.searcher.search(SearchQuery(text="ressourcerie")).hits

    assert hit.highlights == ["Une <mark>ressourcerie</mark>"]


def test_by_last_news_a_document_without_its_date_counts_its_publication(engine):
    # As one written by an index made before `updated_at` existed (null here).
    older = document(1, 1, published_at=datetime(2024, 5, 2, tzinfo=UTC))
    revised = document(
        2,
        1,
        published_at=datetime(2023, 1, 9, tzinfo=UTC),
        updated_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    engine.index.add_items([older, revised])
    engine.index.refresh()

    hits = engine.searcher.search(SearchQuery(sort="updated")).hits

    assert [(hit.page_id, hit.updated_at) for hit in hits] == [
        (2, datetime(2025, 3, 1, tzinfo=UTC)),
        (1, datetime(2024, 5, 2, tzinfo=UTC)),
    ]


def test_related_practices_share_themes_or_many_words(engine):
    engine.index.add_items(
        [
            document(1, 1, theme=["insertion"], title="Clauses d'insertion"),
            document(2, 1, theme=["insertion"], title="Chantiers d'insertion"),
            document(
                3, 1, theme=["tiers-lieux"], title="Un tiers-lieu", summary="", body=""
            ),
        ]
    )
    engine.index.refresh()

    assert [hit.page_id for hit in engine.searcher.related(1)] == [2]


def test_suggestions_complete_the_last_word_typed(engine):
    engine.index.add_items(
        [
            document(1, 1, title="Tiers-lieux en milieu rural"),
            document(2, 1, title="Un réseau de tiers-lieux nourriciers"),
            document(3, 1, title="Une ressourcerie"),
        ]
    )
    engine.index.refresh()

    assert set(engine.searcher.suggest("tiers-li")) == {
        "Tiers-lieux en milieu rural",
        "Un réseau de tiers-lieux nourriciers",
    }
    assert engine.searcher.suggest("Ressour") == ["Une ressourcerie"]
    assert engine.searcher.suggest("reseau tiers") == [
        "Un réseau de tiers-lieux nourriciers"
    ]
    assert engine.searcher.suggest("   ") == []


@pytest.fixture
def beyond_the_window(engine):
    """More practices than Elasticsearch's result window."""
    count = MAX_RESULT_WINDOW + 30
    engine.index.add_items(
        document(n, 1, title="Pratique", summary="", body="")
        for n in range(1, count + 1)
    )
    engine.index.refresh()
    return count


def test_totals_are_exact_past_the_window_and_deep_pages_are_refused(
    engine, beyond_the_window
):
    last_page = MAX_RESULT_WINDOW // 20

    assert engine.searcher.search(SearchQuery()).total == beyond_the_window
    assert len(engine.searcher.search(SearchQuery(page=last_page)).hits) == 20
    with pytest.raises(SearchError, match="beyond the first 10000"):
        engine.searcher.search(SearchQuery(page=last_page + 1))


@pytest.mark.parametrize(("page", "per_page"), [(0, 20), (-1, 20), (1, 10_001)])
def test_pages_out_of_range_are_refused(engine, page, per_page):
    with pytest.raises(SearchError):
        engine.searcher.search(SearchQuery(page=page, per_page=per_page))


def test_a_very_long_query_is_cut_and_answered(engine):
    engine.index.add_items([document(1, 1)])
    engine.index.refresh()

    results = engine.searcher.search(SearchQuery(text="insertion " * 5000))

    assert [hit.page_id for hit in results.hits] == [1]


def test_a_query_the_node_refuses_is_a_readable_search_error(engine):
    engine.index.add_items([document(1, 1)])
    # Terms aggregations on a text field are refused (400, no fielddata).
    refused = Search(using=engine.index.client, index=engine.index.alias)
    refused.aggs.bucket("titles", "terms", field="title")

    with pytest.raises(SearchError, match="fewer or simpler words"):
        engine.searcher._execute(refused)


def test_unknown_facets_and_empty_selections_are_ignored(engine):
    engine.index.add_items([document(1, 1)])
    engine.index.refresh()

    results = engine.searcher.search(
        SearchQuery(filters={"colour": ("red",), "theme": ()})
    )

    assert results.total == 1

"""Saved searches match in Python as the configured search engine matches them
(the database engine, or Elasticsearch when ELASTICSEARCH_URL is set)."""

import pytest

from search.documents import indexable_practices, practice_document
from search.engines import get_engine
from search.engines.base import SearchQuery
from search.matching import SavedSearch, matchable
from tests.factories import LeverFactory, practice

QUERIES = [
    ("", {}),
    ("insertion", {}),
    ("Insertions professionnelles", {}),
    ("économie circulaire", {}),
    ("economie", {"lever": ["commande-publique"]}),
    ("de la", {}),
    ("tiers-lieux", {}),
    ("recyclerie Hérault", {}),
    ("", {"region": ["76"], "status": ["completed"]}),
    ("introuvable", {}),
]


@pytest.fixture
def catalogue(territory_page, theme, django_capture_on_commit_callbacks):
    lever = LeverFactory(name="Commande publique", slug="commande-publique")
    with django_capture_on_commit_callbacks(execute=True):
        practice(
            territory_page,
            title="Recyclerie solidaire",
            summary="L'économie circulaire au service de l'insertion professionnelle.",
            themes=[theme],
            status="completed",
        )
        practice(
            territory_page,
            title="Tiers-lieux ruraux",
            summary="Des tiers lieux pour l'économie sociale.",
            levers=[lever],
        )
        practice(
            territory_page,
            title="Clauses d'insertion",
            summary="Des marchés publics qui insèrent.",
            levers=[lever],
            status="completed",
        )


@pytest.mark.parametrize(("text", "filters"), QUERIES)
def test_python_matching_agrees_with_the_engine(catalogue, text, filters):
    engine = get_engine()
    query = SearchQuery(
        text=text, filters={k: tuple(v) for k, v in filters.items()}, per_page=50
    )
    expected = {hit.page_id for hit in engine.searcher.search(query).hits}
    saved = SavedSearch.from_saved(text, filters)
    matched = {
        page.pk
        for page in indexable_practices()
        if saved.matches(matchable(practice_document(page)))
    }
    assert matched == expected


def test_malformed_saved_filters_are_dropped_not_fatal():
    saved = SavedSearch.from_saved(
        "x" * 1000, {"theme": "one", "region": [1, "<script>", "76"], "bogus": ["a"]}
    )
    assert saved.filters == {"theme": frozenset({"one"}), "region": frozenset({"76"})}
    assert len(saved.text) == 200
    assert SavedSearch.from_saved("", ["not", "a", "dict"]).filters == {}

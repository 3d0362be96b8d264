"""The search bodies the engine sends, and how it reads Elasticsearch's answers."""

from datetime import UTC, datetime

import pytest

from search.engines.base import SearchError, SearchQuery

from . import responses as R
from .conftest import ALIAS

SEARCH = f"/{ALIAS}/_search"

THEMES = {"terms": {"theme": ["achats-responsables", "tiers-lieux"]}}
LEVERS = {"terms": {"lever": ["clause-marche-public"]}}
BOTH = {"bool": {"must": [THEMES, LEVERS]}}


def facet_agg(name: str, selection: dict) -> dict:
    return {
        "filter": selection,
        "aggs": {name: {"terms": {"field": name, "size": 200}}},
    }


def two_facet_query(**overrides) -> SearchQuery:
    values = {
        "text": "achats responsables",
        "filters": {
            "theme": ("achats-responsables", "tiers-lieux"),
            "lever": ("clause-marche-public",),
        },
        "sort": "newest",
        "page": 3,
        "per_page": 10,
    }
    return SearchQuery(**(values | overrides))


def test_text_two_facets_sort_and_page_body(engine, es_server):
    es_server.reply("POST", SEARCH, R.SEARCH_WITH_FACETS)

    engine.search(two_facet_query())

    (sent,) = es_server.sent("POST", SEARCH)
    assert sent.json() == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "achats responsables",
                            "fields": [
                                "title^3",
                                "summary^2",
                                "body",
                                "partners",
                                "territories",
                            ],
                            "type": "cross_fields",
                            "operator": "and",
                            "zero_terms_query": "all",
                        }
                    }
                ],
                "should": [
                    {
                        "multi_match": {
                            "query": "achats responsables",
                            "fields": ["title^3", "summary^2", "body"],
                            "type": "phrase",
                            "slop": 2,
                        }
                    }
                ],
            }
        },
        # The selections narrow the hits only, after the aggregations ran...
        "post_filter": BOTH,
        # ...and each facet is counted under the other facets' selections.
        "aggs": {
            "_filter_theme": facet_agg("theme", LEVERS),
            "_filter_lever": facet_agg("lever", THEMES),
            **{
                f"_filter_{name}": facet_agg(name, BOTH)
                for name in (
                    "audience",
                    "territory_kind",
                    "region",
                    "departement",
                    "status",
                    "start_year",
                )
            },
        },
        "sort": [
            {"published_at": {"order": "desc", "missing": "_last"}},
            {"id": "desc"},
        ],
        "from": 20,
        "size": 10,
        "track_total_hits": True,
        "_source": ["id", "title", "url", "summary", "territory_name", "published_at"],
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                "title": {"number_of_fragments": 0},
                "summary": {"fragment_size": 200, "number_of_fragments": 1},
                "body": {"fragment_size": 160, "number_of_fragments": 2},
            },
        },
    }


def test_no_text_and_no_facet_matches_all_without_highlight(engine, es_server):
    es_server.reply("POST", SEARCH, R.EMPTY_SEARCH)

    engine.search(SearchQuery(text="  ", sort="oldest"))

    body = es_server.sent("POST", SEARCH)[0].json()
    assert body["query"] == {"match_all": {}}
    assert "post_filter" not in body
    assert "highlight" not in body
    assert body["aggs"]["_filter_theme"]["filter"] == {"match_all": {}}
    assert body["sort"] == [
        {"published_at": {"order": "asc", "missing": "_last"}},
        {"id": "asc"},
    ]
    assert (body["from"], body["size"]) == (0, 20)


def test_relevance_sort_breaks_ties_by_id(engine, es_server):
    es_server.reply("POST", SEARCH, R.EMPTY_SEARCH)

    engine.search(SearchQuery(text="scic", sort="relevance"))

    assert es_server.sent("POST", SEARCH)[0].json()["sort"] == ["_score", {"id": "asc"}]


def test_unknown_facet_names_are_not_sent(engine, es_server):
    es_server.reply("POST", SEARCH, R.EMPTY_SEARCH)

    engine.search(SearchQuery(filters={"colour": ("red",), "theme": ()}))

    assert "post_filter" not in es_server.sent("POST", SEARCH)[0].json()


def test_a_very_long_query_is_cut(engine, es_server):
    es_server.reply("POST", SEARCH, R.EMPTY_SEARCH)

    engine.search(SearchQuery(text="insertion " * 1000))

    must = es_server.sent("POST", SEARCH)[0].json()["query"]["bool"]["must"]
    assert len(must[0]["multi_match"]["query"]) == 500


def test_results_are_read_from_hits_highlights_and_aggregations(engine, es_server):
    es_server.reply("POST", SEARCH, R.SEARCH_WITH_FACETS)

    results = engine.search(two_facet_query())

    assert results.total == 57
    first, second = results.hits
    assert first.page_id == 42
    assert first.title == "Clauses sociales dans les marchés du Val-de-Marne"
    assert first.url == "/territoires/val-de-marne/clauses-sociales/"
    assert first.territory_name == "Val-de-Marne"
    assert first.published_at == datetime(2024, 5, 2, 8, 30, tzinfo=UTC)
    assert first.score == pytest.approx(7.312)
    # Summary then body fragments, as Elasticsearch escaped them (encoder html).
    assert first.highlights == [
        "L&#x27;<mark>achat</mark> public <mark>responsable</mark> au service de "
        "l&#x27;insertion.",
        "des <mark>achats</mark> <mark>responsables</mark> avec une ingénierie dédiée",
        "les structures d&#x27;insertion (SIAE) &amp; les <mark>achats</mark>",
    ]
    # Only the title matched: the marked title is the excerpt.
    assert second.highlights == [
        "<mark>Achats</mark> <mark>responsables</mark> à Lille"
    ]
    assert second.published_at is None

    themes = [(f.value, f.count, f.selected) for f in results.facets["theme"]]
    # "tiers-lieux" is selected but no practice matches: listed with 0.
    assert themes == [
        ("achats-responsables", 57, True),
        ("iae", 22, False),
        ("tiers-lieux", 0, True),
    ]
    assert [(f.value, f.count, f.selected) for f in results.facets["lever"]] == [
        ("clause-marche-public", 57, True),
        ("subvention", 31, False),
    ]
    assert list(results.facets) == [
        "theme",
        "lever",
        "audience",
        "territory_kind",
        "region",
        "departement",
        "status",
        "start_year",
    ]
    assert [f.value for f in results.facets["start_year"]] == ["2009", "2021"]


@pytest.mark.parametrize(
    ("page", "per_page"), [(501, 20), (10**9, 20), (1, 10_001), (0, 20), (-1, 20)]
)
def test_pages_out_of_range_are_refused_without_a_request(
    engine, es_server, page, per_page
):
    with pytest.raises(SearchError):
        engine.search(SearchQuery(page=page, per_page=per_page))
    assert es_server.requests == []


def test_last_page_of_the_window_is_allowed(engine, es_server):
    es_server.reply("POST", SEARCH, R.EMPTY_SEARCH)

    engine.search(SearchQuery(page=500, per_page=20))

    body = es_server.sent("POST", SEARCH)[0].json()
    assert (body["from"], body["size"]) == (9980, 20)


def test_an_unavailable_cluster_is_a_readable_search_error(engine, es_server):
    es_server.reply("POST", SEARCH, R.UNAVAILABLE, status=503)

    with pytest.raises(SearchError, match="temporarily unavailable"):
        engine.search(SearchQuery(text="scic"))


def test_a_query_elasticsearch_refuses_is_a_readable_search_error(engine, es_server):
    es_server.reply("POST", SEARCH, R.TOO_MANY_CLAUSES, status=400)

    with pytest.raises(SearchError, match="fewer or simpler words"):
        engine.search(SearchQuery(text="scic"))


def test_search_before_any_index_creates_one_and_answers_empty(engine, es_server):
    es_server.reply("POST", SEARCH, R.INDEX_NOT_FOUND, status=404)
    es_server.reply("POST", SEARCH, R.EMPTY_SEARCH)
    es_server.forget("HEAD", f"/_alias/{ALIAS}")
    es_server.reply("HEAD", f"/_alias/{ALIAS}", None, status=404)
    es_server.reply_prefix("PUT", f"/{ALIAS}-", R.INDEX_CREATED)
    es_server.reply("GET", f"/_alias/{ALIAS}", R.ALIAS_MISSING, status=404)
    es_server.reply("POST", "/_aliases", R.ALIASES_UPDATED)

    results = engine.search(SearchQuery(text="scic"))

    assert results.total == 0
    assert len(es_server.sent("POST", "/_aliases")) == 1


def test_related_sends_more_like_this_on_the_practice(engine, es_server):
    es_server.reply(
        "POST",
        SEARCH,
        R.hits_only(
            {
                "id": 7,
                "title": "Achats responsables à Lille",
                "url": "/territoires/lille/achats-responsables/",
                "summary": "Clauses sociales.",
                "territory_name": "Lille",
                "published_at": "2023-11-20T14:00:00+00:00",
            }
        ),
    )

    hits = engine.related(42, limit=4)

    assert es_server.sent("POST", SEARCH)[0].json() == {
        "query": {
            "bool": {
                "should": [
                    {
                        "more_like_this": {
                            "fields": ["theme", "lever", "audience"],
                            "like": [{"_index": ALIAS, "_id": "42"}],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "minimum_should_match": 1,
                            "boost": 2,
                        }
                    },
                    {
                        "more_like_this": {
                            "fields": ["title", "summary", "body"],
                            "like": [{"_index": ALIAS, "_id": "42"}],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 25,
                            "minimum_should_match": "30%",
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        },
        "_source": ["id", "title", "url", "summary", "territory_name", "published_at"],
        "size": 4,
    }
    assert [(h.page_id, h.title, h.highlights) for h in hits] == [
        (7, "Achats responsables à Lille", [])
    ]


def test_suggest_sends_bool_prefix_on_the_search_as_you_type_fields(engine, es_server):
    es_server.reply(
        "POST",
        SEARCH,
        R.hits_only(
            {"id": 3, "title": "Tiers-lieux en milieu rural"},
            {"id": 9, "title": "Tiers-lieux nourriciers"},
        ),
    )

    assert engine.suggest("tiers-li", limit=5) == [
        "Tiers-lieux en milieu rural",
        "Tiers-lieux nourriciers",
    ]
    assert es_server.sent("POST", SEARCH)[0].json() == {
        "query": {
            "multi_match": {
                "query": "tiers-li",
                "type": "bool_prefix",
                "fields": [
                    "title.suggest",
                    "title.suggest._2gram",
                    "title.suggest._3gram",
                ],
            }
        },
        "_source": ["title"],
        "size": 5,
    }


def test_blank_suggest_asks_nothing(engine, es_server):
    assert engine.suggest("   ") == []
    assert es_server.requests == []

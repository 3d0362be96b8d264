"""Bulk writes with external versions, deletions, and the reconciliation read."""

from datetime import UTC, datetime

import pytest
from elasticsearch import ApiError, Elasticsearch
from elasticsearch import ConnectionError as EsConnectionError

from search.documents import PracticeDocument
from search.engines.base import EngineUnavailable
from search.engines.elasticsearch import ElasticsearchEngine

from . import responses as R
from .conftest import ALIAS


def practice(page_id: int, version: int, **extra) -> PracticeDocument:
    values = {
        "id": page_id,
        "version": version,
        "title": f"Pratique {page_id}",
        "summary": "L'achat public responsable.",
        "body": "Des clauses d'insertion dans les marchés.",
        "partners": "Réseau des SIAE",
        "territories": "Val-de-Marne Île-de-France",
        "url": f"/territoires/val-de-marne/pratique-{page_id}/",
        "territory_name": "Val-de-Marne",
        "published_at": datetime(2024, 5, 2, 8, 30, tzinfo=UTC),
        "theme": ["achats-responsables"],
        "start_year": ["2009"],
    }
    return PracticeDocument(**(values | extra))


def test_bulk_lines_carry_external_versions_and_require_the_alias(engine, es_server):
    es_server.reply("PUT", "/_bulk", R.BULK_WITH_ERRORS)

    engine.add_items([practice(1, 3), practice(2, 1), practice(3, 4)])

    (bulk,) = es_server.sent("PUT", "/_bulk")
    # Writing to a missing alias must fail, never auto-create an unmapped index.
    assert bulk.query == {"require_alias": "true"}
    lines = bulk.ndjson()
    assert lines[0::2] == [
        {
            "index": {
                "_index": ALIAS,
                "_id": str(page_id),
                "version": version,
                "version_type": "external",
            }
        }
        for page_id, version in [(1, 3), (2, 1), (3, 4)]
    ]
    assert lines[1] == {
        "id": 1,
        "version": 3,
        "title": "Pratique 1",
        "summary": "L'achat public responsable.",
        "body": "Des clauses d'insertion dans les marchés.",
        "partners": "Réseau des SIAE",
        "territories": "Val-de-Marne Île-de-France",
        "url": "/territoires/val-de-marne/pratique-1/",
        "territory_name": "Val-de-Marne",
        "published_at": "2024-05-02T08:30:00+00:00",
        "theme": ["achats-responsables"],
        "lever": [],
        "audience": [],
        "territory_kind": [],
        "region": [],
        "departement": [],
        "status": [],
        "start_year": ["2009"],
    }


def test_bulk_item_errors_are_returned_and_stale_versions_are_not(engine, es_server):
    es_server.reply("PUT", "/_bulk", R.BULK_WITH_ERRORS)

    errors = engine.add_items([practice(1, 3), practice(2, 1), practice(3, 4)])

    # Item 1 went in (201), item 3 was older than the indexed one (409: the index is
    # already right), item 2 was refused by the mapping (400).
    assert errors == [
        "practice 2: 400 document_parsing_exception: [1:215] failed to parse field "
        "[published_at] of type [date] in document with id '2'. Preview of field's "
        "value: 'hier'"
    ]


def test_bulk_is_sent_in_chunks_of_500(engine, es_server):
    es_server.reply(
        "PUT",
        "/_bulk",
        {
            "errors": False,
            "took": 5,
            "items": [
                {"index": {"_index": R.INDEX, "_id": "1", "status": 201}}
                for _ in range(500)
            ],
        },
    )
    es_server.reply(
        "PUT",
        "/_bulk",
        {
            "errors": False,
            "took": 1,
            "items": [{"index": {"_index": R.INDEX, "_id": "1", "status": 200}}],
        },
    )

    errors = engine.add_items(practice(n, 1) for n in range(501))

    assert errors == []
    sizes = [len(r.ndjson()) // 2 for r in es_server.sent("PUT", "/_bulk")]
    assert sizes == [500, 1]


def test_an_unreachable_cluster_raises_so_the_task_can_retry(es_server):
    es_server.stop()  # nothing listens on that port any more
    client = Elasticsearch(es_server.url, request_timeout=1, max_retries=0)
    engine = ElasticsearchEngine(client=client, prefix="rtes-test-")
    engine._alias_checked = True

    with pytest.raises(EngineUnavailable) as raised:
        engine.add_items([practice(1, 1)])
    assert isinstance(raised.value.__cause__, EsConnectionError)


def test_delete_of_a_missing_practice_is_a_success(engine, es_server):
    es_server.reply("DELETE", f"/{ALIAS}/_doc/99", R.DELETE_NOT_FOUND, status=404)

    engine.delete_item(99)

    assert len(es_server.sent("DELETE", f"/{ALIAS}/_doc/99")) == 1


def test_delete_of_an_indexed_practice(engine, es_server):
    es_server.reply("DELETE", f"/{ALIAS}/_doc/42", R.DELETED)

    engine.delete_item(42)

    assert len(es_server.sent("DELETE", f"/{ALIAS}/_doc/42")) == 1


def test_delete_during_an_outage_raises_engine_unavailable(engine, es_server):
    es_server.reply("DELETE", f"/{ALIAS}/_doc/42", R.UNAVAILABLE, status=503)

    with pytest.raises(EngineUnavailable) as raised:
        engine.delete_item(42)
    assert isinstance(raised.value.__cause__, ApiError)


def test_indexed_versions_scrolls_ids_and_versions(engine, es_server):
    es_server.reply("POST", f"/{ALIAS}/_search", R.SCROLL_FIRST)
    es_server.reply("POST", "/_search/scroll", R.SCROLL_END)
    es_server.reply("DELETE", "/_search/scroll", R.SCROLL_CLEARED)

    assert engine.indexed_versions() == {42: 6, 7: 1}

    (first,) = es_server.sent("POST", f"/{ALIAS}/_search")
    assert first.query == {"scroll": "5m"}
    assert first.json() == {"_source": ["id", "version"], "sort": "_doc", "size": 1000}


def test_indexed_versions_of_a_missing_index_is_empty(engine, es_server):
    es_server.reply("POST", f"/{ALIAS}/_search", R.INDEX_NOT_FOUND, status=404)

    assert engine.indexed_versions() == {}


def test_reset_points_the_alias_at_a_new_index_and_drops_the_others(engine, es_server):
    es_server.reply_prefix("PUT", f"/{ALIAS}-", R.INDEX_CREATED)
    es_server.reply("GET", f"/_alias/{ALIAS}", R.alias_of(R.OLD_INDEX))
    es_server.reply("POST", "/_aliases", R.ALIASES_UPDATED)
    es_server.reply("GET", f"/_alias/{ALIAS}", R.alias_of(R.INDEX))
    es_server.reply(
        "GET", f"/{ALIAS}-*", {R.OLD_INDEX: {"aliases": {}}, R.INDEX: {"aliases": {}}}
    )
    es_server.reply("DELETE", f"/{R.OLD_INDEX}", {"acknowledged": True})

    engine.reset()

    (update,) = es_server.sent("POST", "/_aliases")
    remove, add = update.json()["actions"]
    assert remove == {"remove": {"index": R.OLD_INDEX, "alias": ALIAS}}
    assert add["add"]["index"].startswith(f"{ALIAS}-")
    assert len(es_server.sent("DELETE", f"/{R.OLD_INDEX}")) == 1


def test_refresh_refreshes_the_alias(engine, es_server):
    es_server.reply(
        "POST", f"/{ALIAS}/_refresh", {"_shards": {"total": 1, "successful": 1}}
    )

    engine.refresh()

    assert len(es_server.sent("POST", f"/{ALIAS}/_refresh")) == 1

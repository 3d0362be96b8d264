"""The index the engine creates (analysis, mapping) and how it moves the alias."""

import re
from dataclasses import fields

from search.documents import PracticeDocument
from search.engines.elasticsearch import ElasticsearchEngine, make_client

from . import responses as R
from .conftest import ALIAS

FRENCH_ANALYSIS = {
    "analyzer": {
        "rtes_french": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "french_elision",
                "lowercase",
                "french_stop",
                "asciifolding",
                "french_stemmer",
            ],
        },
        "rtes_french_prefix": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding"],
        },
    },
    "filter": {
        "french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": [
                "l",
                "m",
                "t",
                "qu",
                "n",
                "s",
                "j",
                "d",
                "c",
                "jusqu",
                "quoiqu",
                "lorsqu",
                "puisqu",
            ],
        },
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "french_stemmer": {"type": "stemmer", "language": "light_french"},
    },
}

FRENCH_TEXT = {"type": "text", "analyzer": "rtes_french"}
KEYWORD = {"type": "keyword"}

PRACTICE_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "integer"},
        "version": {"type": "long"},
        "title": {
            **FRENCH_TEXT,
            "fields": {
                "suggest": {
                    "type": "search_as_you_type",
                    "analyzer": "rtes_french_prefix",
                }
            },
        },
        "summary": {**FRENCH_TEXT, "index_options": "offsets"},
        "body": {**FRENCH_TEXT, "index_options": "offsets"},
        "partners": FRENCH_TEXT,
        "territories": FRENCH_TEXT,
        "url": {"type": "keyword", "index": False},
        "territory_name": {"type": "keyword", "index": False},
        "published_at": {"type": "date"},
        "theme": KEYWORD,
        "lever": KEYWORD,
        "audience": KEYWORD,
        "territory_kind": KEYWORD,
        "region": KEYWORD,
        "departement": KEYWORD,
        "status": KEYWORD,
        "start_year": KEYWORD,
    },
}


def test_create_index_sends_french_analysis_and_strict_mapping(engine, es_server):
    es_server.reply_prefix("PUT", f"/{ALIAS}-", R.INDEX_CREATED)
    name = engine.create_index()

    assert re.fullmatch(r"rtes-test-practices-\d{20}", name)
    (created,) = [r for r in es_server.requests if r.method == "PUT"]
    assert created.path == f"/{name}"
    assert created.json() == {
        "settings": {
            "number_of_shards": 1,
            "auto_expand_replicas": "0-1",
            "analysis": FRENCH_ANALYSIS,
        },
        "mappings": PRACTICE_MAPPING,
    }


def test_mapping_covers_every_field_of_the_practice_document():
    document_fields = {f.name for f in fields(PracticeDocument)}
    # dynamic: strict would refuse any document field the mapping lacks.
    assert document_fields == set(PRACTICE_MAPPING["properties"])


def test_swap_alias_removes_old_and_adds_new_in_one_call(engine, es_server):
    es_server.reply("GET", f"/_alias/{ALIAS}", R.alias_of(R.OLD_INDEX))
    es_server.reply("POST", "/_aliases", R.ALIASES_UPDATED)

    old = engine.swap_alias(R.INDEX)

    assert old == [R.OLD_INDEX]
    (update,) = es_server.sent("POST", "/_aliases")
    assert update.json() == {
        "actions": [
            {"remove": {"index": R.OLD_INDEX, "alias": ALIAS}},
            {"add": {"index": R.INDEX, "alias": ALIAS}},
        ]
    }


def test_first_swap_only_adds_the_alias(engine, es_server):
    es_server.reply("GET", f"/_alias/{ALIAS}", R.ALIAS_MISSING, status=404)
    es_server.reply("POST", "/_aliases", R.ALIASES_UPDATED)

    assert engine.swap_alias(R.INDEX) == []
    (update,) = es_server.sent("POST", "/_aliases")
    assert update.json() == {"actions": [{"add": {"index": R.INDEX, "alias": ALIAS}}]}


def test_delete_old_indices_keeps_the_live_one_and_the_newest_unused(engine, es_server):
    older = "rtes-test-practices-20240101000000000000"
    es_server.reply("GET", f"/_alias/{ALIAS}", R.alias_of(R.INDEX))
    es_server.reply(
        "GET",
        f"/{ALIAS}-*",
        {name: {"aliases": {}} for name in (older, R.OLD_INDEX, R.INDEX)},
    )
    es_server.reply("DELETE", f"/{older}", {"acknowledged": True})

    assert engine.delete_old_indices(keep=1) == [older]
    assert [r.path for r in es_server.requests if r.method == "DELETE"] == [f"/{older}"]


def test_first_write_creates_an_index_behind_the_alias(es_server):
    es_server.reply("HEAD", f"/_alias/{ALIAS}", None, status=404)
    es_server.reply("GET", f"/_alias/{ALIAS}", R.ALIAS_MISSING, status=404)
    es_server.reply("POST", "/_aliases", R.ALIASES_UPDATED)
    es_server.reply("DELETE", f"/{ALIAS}/_doc/5", R.DELETE_NOT_FOUND, status=404)
    es_server.reply_prefix("PUT", f"/{ALIAS}-", R.INDEX_CREATED)
    engine = ElasticsearchEngine(client=make_client(es_server.url), prefix="rtes-test-")

    engine.delete_item(5)

    assert [(r.method, r.path.split("-2")[0]) for r in es_server.requests] == [
        ("HEAD", f"/_alias/{ALIAS}"),
        ("PUT", f"/{ALIAS}"),
        ("GET", f"/_alias/{ALIAS}"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{ALIAS}/_doc/5"),
    ]

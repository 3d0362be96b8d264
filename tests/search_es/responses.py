"""Elasticsearch 8 responses, in the shape a 8.19 node returns them."""

INDEX = "rtes-test-practices-20250301101500123456"
OLD_INDEX = "rtes-test-practices-20250101090000000000"
SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}
WRITE_SHARDS = {"total": 1, "successful": 1, "failed": 0}

INDEX_CREATED = {"acknowledged": True, "shards_acknowledged": True, "index": INDEX}
ALIASES_UPDATED = {"acknowledged": True, "errors": False}
ALIAS_MISSING = {"error": "alias [rtes-test-practices] missing", "status": 404}


def alias_of(*indices: str) -> dict:
    return {name: {"aliases": {"rtes-test-practices": {}}} for name in indices}


INDEX_NOT_FOUND = {
    "error": {
        "root_cause": [
            {
                "type": "index_not_found_exception",
                "reason": "no such index [rtes-test-practices]",
                "resource.type": "index_or_alias",
                "resource.id": "rtes-test-practices",
                "index_uuid": "_na_",
                "index": "rtes-test-practices",
            }
        ],
        "type": "index_not_found_exception",
        "reason": "no such index [rtes-test-practices]",
        "resource.type": "index_or_alias",
        "resource.id": "rtes-test-practices",
        "index_uuid": "_na_",
        "index": "rtes-test-practices",
    },
    "status": 404,
}

SEARCH_WITH_FACETS = {
    "took": 12,
    "timed_out": False,
    "_shards": SHARDS,
    "hits": {
        "total": {"value": 57, "relation": "eq"},
        "max_score": None,
        "hits": [
            {
                "_index": INDEX,
                "_id": "42",
                "_score": 7.312,
                "_source": {
                    "id": 42,
                    "title": "Clauses sociales dans les marchés du Val-de-Marne",
                    "url": "/territoires/val-de-marne/clauses-sociales/",
                    "summary": "L'achat public responsable au service de l'insertion.",
                    "territory_name": "Val-de-Marne",
                    "published_at": "2024-05-02T08:30:00+00:00",
                },
                "highlight": {
                    "title": [
                        "<mark>Clauses</mark> sociales dans les marchés du Val-de-Marne"
                    ],
                    "summary": [
                        "L&#x27;<mark>achat</mark> public <mark>responsable</mark>"
                        " au service de l&#x27;insertion."
                    ],
                    "body": [
                        "des <mark>achats</mark> <mark>responsables</mark> avec "
                        "une ingénierie dédiée",
                        "les structures d&#x27;insertion (SIAE) &amp; les "
                        "<mark>achats</mark>",
                    ],
                },
                "sort": [1714638600000, 42],
            },
            {
                "_index": INDEX,
                "_id": "7",
                "_score": 3.05,
                "_source": {
                    "id": 7,
                    "title": "Achats responsables à Lille",
                    "url": "/territoires/lille/achats-responsables/",
                    "summary": "",
                    "territory_name": "Lille",
                    "published_at": None,
                },
                "highlight": {
                    "title": ["<mark>Achats</mark> <mark>responsables</mark> à Lille"]
                },
                "sort": [-9223372036854775808, 7],
            },
        ],
    },
    "aggregations": {
        "_filter_theme": {
            "doc_count": 61,
            "theme": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [
                    {"key": "achats-responsables", "doc_count": 57},
                    {"key": "iae", "doc_count": 22},
                ],
            },
        },
        "_filter_lever": {
            "doc_count": 80,
            "lever": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [
                    {"key": "clause-marche-public", "doc_count": 57},
                    {"key": "subvention", "doc_count": 31},
                ],
            },
        },
        **{
            f"_filter_{name}": {
                "doc_count": 57,
                name: {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": buckets,
                },
            }
            for name, buckets in {
                "audience": [{"key": "collectivites", "doc_count": 40}],
                "territory_kind": [
                    {"key": "departement", "doc_count": 30},
                    {"key": "epci-metropole", "doc_count": 27},
                ],
                "region": [{"key": "11", "doc_count": 30}],
                "departement": [{"key": "94", "doc_count": 30}],
                "status": [{"key": "ongoing", "doc_count": 50}],
                "start_year": [
                    {"key": "2009", "doc_count": 12},
                    {"key": "2021", "doc_count": 9},
                ],
            }.items()
        },
    },
}

FACETS = (
    "theme",
    "lever",
    "audience",
    "territory_kind",
    "region",
    "departement",
    "status",
    "start_year",
)

# Nothing matched: Elasticsearch still answers every aggregation, with no buckets.
EMPTY_SEARCH = {
    "took": 1,
    "timed_out": False,
    "_shards": SHARDS,
    "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
    "aggregations": {
        f"_filter_{name}": {
            "doc_count": 0,
            name: {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [],
            },
        }
        for name in FACETS
    },
}


def hits_only(*sources: dict) -> dict:
    return {
        "took": 3,
        "timed_out": False,
        "_shards": SHARDS,
        "hits": {
            "total": {"value": len(sources), "relation": "eq"},
            "max_score": 4.2,
            "hits": [
                {"_index": INDEX, "_id": str(s["id"]), "_score": 4.2, "_source": s}
                for s in sources
            ],
        },
    }


BULK_WITH_ERRORS = {
    "errors": True,
    "took": 30,
    "items": [
        {
            "index": {
                "_index": INDEX,
                "_id": "1",
                "_version": 3,
                "result": "created",
                "_shards": WRITE_SHARDS,
                "_seq_no": 0,
                "_primary_term": 1,
                "status": 201,
            }
        },
        {
            "index": {
                "_index": INDEX,
                "_id": "2",
                "status": 400,
                "error": {
                    "type": "document_parsing_exception",
                    "reason": "[1:215] failed to parse field [published_at] of "
                    "type [date] in document with id '2'. Preview of field's "
                    "value: 'hier'",
                    "caused_by": {
                        "type": "illegal_argument_exception",
                        "reason": "failed to parse date field [hier] with format "
                        "[strict_date_optional_time||epoch_millis]",
                    },
                },
            }
        },
        {
            "index": {
                "_index": INDEX,
                "_id": "3",
                "status": 409,
                "error": {
                    "type": "version_conflict_engine_exception",
                    "reason": "[3]: version conflict, current version [5] is "
                    "higher or equal to the one provided [4]",
                    "index_uuid": "q3b6Z1vPRt2WmUhw1gJp8A",
                    "shard": "0",
                    "index": INDEX,
                },
            }
        },
    ],
}

DELETED = {
    "_index": INDEX,
    "_id": "42",
    "_version": 6,
    "result": "deleted",
    "_shards": WRITE_SHARDS,
    "_seq_no": 12,
    "_primary_term": 1,
}
DELETE_NOT_FOUND = {
    "_index": INDEX,
    "_id": "99",
    "_version": 1,
    "result": "not_found",
    "_shards": WRITE_SHARDS,
    "_seq_no": 13,
    "_primary_term": 1,
}

SCROLL_FIRST = {
    "_scroll_id": "FGluY2x1ZGVfY29udGV4dF91dWlkDXF1ZXJ5QW5kRmV0Y2gBFkV4",
    "took": 2,
    "timed_out": False,
    "_shards": SHARDS,
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "max_score": None,
        "hits": [
            {
                "_index": INDEX,
                "_id": "42",
                "_score": None,
                "_source": {"id": 42, "version": 6},
                "sort": [0],
            },
            {
                "_index": INDEX,
                "_id": "7",
                "_score": None,
                "_source": {"id": 7, "version": 1},
                "sort": [1],
            },
        ],
    },
}
SCROLL_END = {
    "_scroll_id": "FGluY2x1ZGVfY29udGV4dF91dWlkDXF1ZXJ5QW5kRmV0Y2gBFkV4",
    "took": 1,
    "timed_out": False,
    "_shards": SHARDS,
    "hits": {"total": {"value": 2, "relation": "eq"}, "max_score": None, "hits": []},
}
SCROLL_CLEARED = {"succeeded": True, "num_freed": 1}

UNAVAILABLE = {
    "error": {
        "root_cause": [],
        "type": "search_phase_execution_exception",
        "reason": "all shards failed",
        "phase": "query",
        "grouped": True,
        "failed_shards": [],
    },
    "status": 503,
}

TOO_MANY_CLAUSES = {
    "error": {
        "root_cause": [
            {
                "type": "too_many_nested_clauses",
                "reason": "Query contains too many nested clauses; "
                "maxClauseCount is set to 4096",
            }
        ],
        "type": "search_phase_execution_exception",
        "reason": "all shards failed",
        "phase": "query",
        "grouped": True,
        "failed_shards": [
            {
                "shard": 0,
                "index": INDEX,
                "node": "1cXZsvb8QdWQF3uOkbZzXA",
                "reason": {
                    "type": "too_many_nested_clauses",
                    "reason": "Query contains too many nested clauses; "
                    "maxClauseCount is set to 4096",
                },
            }
        ],
    },
    "status": 400,
}

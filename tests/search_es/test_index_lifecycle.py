"""The indices the engine creates on a live node, and how it moves the alias."""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields

from search.documents import SearchDocument
from search.engines.elasticsearch import ElasticsearchEngine, make_client
from search.engines.es_mapping import TEXT_FIELDS, PracticeIndexDocument
from tests.factories import indexed_document as document


def mapping_of(engine, index: str) -> dict:
    return engine.index.client.indices.get_mapping(index=index)[index]["mappings"]


def test_created_index_holds_the_strict_production_mapping(engine):
    name = engine.index.create_index()

    assert re.fullmatch(rf"{engine.index.alias}-\d{{20}}", name)
    mapping = mapping_of(engine, name)
    assert mapping["dynamic"] == "strict"
    assert mapping == PracticeIndexDocument._doc_type.mapping.to_dict()
    analysis = engine.index.client.indices.get_settings(index=name)[name]["settings"]
    assert set(analysis["index"]["analysis"]["analyzer"]) == {
        "rtes_french",
        "rtes_french_prefix",
    }


def test_mapping_covers_every_field_of_the_practice_document(engine):
    name = engine.index.create_index()
    document_fields = {f.name for f in fields(SearchDocument)}
    properties = mapping_of(engine, name)["properties"]
    # dynamic: strict refuses any document field the mapping lacks; `spell` is
    # filled by Elasticsearch, from every text field.
    assert document_fields == set(properties) - {"spell"}
    copied = {name for name, field in properties.items() if field.get("copy_to")}
    assert copied == set(TEXT_FIELDS)


def test_first_write_creates_an_index_behind_the_alias(engine):
    assert engine.index.aliased_indices() == []

    engine.index.delete_item(5)  # not there: not an error

    (index,) = engine.index.aliased_indices()
    assert index.startswith(f"{engine.index.alias}-")


def test_swap_alias_moves_it_in_one_call_and_returns_the_old(engine):
    old = engine.index.create_index()
    engine.index.swap_alias(old)
    new = engine.index.create_index()

    assert engine.index.swap_alias(new) == [old]
    assert engine.index.aliased_indices() == [new]


def test_delete_old_indices_keeps_the_live_one_and_the_newest_unused(engine):
    oldest, older, live = (engine.index.create_index() for _ in range(3))
    engine.index.swap_alias(live)

    assert engine.index.delete_old_indices(keep=1) == [oldest]
    assert engine.index.versioned_indices() == [older, live]


def test_reset_points_the_alias_at_a_new_empty_index_and_drops_the_others(engine):
    engine.index.add_items([])  # creates the first index
    (first,) = engine.index.aliased_indices()

    engine.index.reset()

    (current,) = engine.index.versioned_indices()
    assert current != first
    assert engine.index.aliased_indices() == [current]


def test_writers_finding_no_index_at_once_create_one_between_them(engine, es_url):
    writers = [
        ElasticsearchEngine(client=make_client(es_url), prefix=engine.index.prefix)
        for _ in range(4)
    ]
    with ThreadPoolExecutor(len(writers)) as pool:
        errors = list(
            pool.map(
                lambda w: w.index.add_items([document(writers.index(w), 1)]), writers
            )
        )

    assert errors == [[]] * len(writers)
    assert len(engine.index.aliased_indices()) == 1
    engine.index.refresh()
    assert engine.index.indexed_versions() == {0: 1, 1: 1, 2: 1, 3: 1}


def test_swaps_at_once_leave_the_alias_on_exactly_one_index(engine):
    indices = [engine.index.create_index() for _ in range(4)]

    with ThreadPoolExecutor(len(indices)) as pool:
        list(pool.map(engine.index.swap_alias, indices))

    (live,) = engine.index.aliased_indices()
    assert live in indices

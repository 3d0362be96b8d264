"""Bulk writes with external versions, per-item errors, deletions, on a live node."""

import pytest

from search.engines.base import EngineUnavailable, SearchQuery
from search.engines.elasticsearch import ElasticsearchEngine, make_client
from search.indexing import index_practices
from search.models import PracticeIndexState
from tests.factories import indexed_document as document
from tests.factories import member_page, practice
from tests.indexing_worker.conftest import free_port


def stored(engine, page_id: int) -> dict:
    return engine.index.client.get(index=engine.index.alias, id=str(page_id))


def test_documents_go_in_under_their_external_version(engine):
    assert engine.index.add_items([document(1, 3), document(2, 1)]) == []
    engine.index.refresh()

    assert engine.index.indexed_versions() == {1: 3, 2: 1}
    assert stored(engine, 1)["_version"] == 3
    assert stored(engine, 1)["_source"]["title"] == "Pratique 1"


def test_an_older_version_written_after_a_newer_one_changes_nothing(engine):
    engine.index.add_items([document(1, 5, title="Titre le plus récent")])

    # Refused by the node as a version conflict: the index is already right.
    assert engine.index.add_items([document(1, 3, title="Titre périmé")]) == []

    assert stored(engine, 1)["_version"] == 5
    assert stored(engine, 1)["_source"]["title"] == "Titre le plus récent"


def test_a_stale_sync_counts_as_done(engine, home):
    page = practice(member_page(), title="Une pratique")
    PracticeIndexState.objects.filter(page_id=page.pk).update(version=3, dirty=True)
    engine.index.add_items(
        [document(page.pk, 7, title="Écrite par un passage plus récent")]
    )

    report = index_practices([page.pk], engine)

    assert (report.indexed, report.errors) == (1, [])
    assert not PracticeIndexState.objects.get(page_id=page.pk).dirty
    assert stored(engine, page.pk)["_version"] == 7


def test_a_document_the_mapping_rejects_is_reported_and_the_others_go_in(engine):
    bad = document(2, 1)
    bad.published_at = "hier"  # not a date

    errors = engine.index.add_items([document(1, 1), bad, document(3, 1)])
    engine.index.refresh()

    assert [(error.page_id, error.status, error.kind) for error in errors] == [
        (2, 400, "document_parsing_exception")
    ]
    assert "published_at" in errors[0].reason
    assert engine.index.indexed_versions() == {1: 1, 3: 1}


@pytest.mark.django_db  # the search checks the pages' live flag
def test_more_documents_than_one_bulk_request_holds(engine):
    assert engine.index.add_items(document(n, 1) for n in range(1, 1202)) == []
    engine.index.refresh()

    assert engine.searcher.search(SearchQuery()).total == 1201


def test_deleting_a_practice_removes_it_and_deleting_again_is_fine(engine):
    engine.index.add_items([document(42, 1), document(43, 1)])

    engine.index.delete_item(42)
    engine.index.delete_item(42)
    engine.index.delete_item(99)  # never indexed
    engine.index.refresh()

    assert engine.index.indexed_versions() == {43: 1}


def test_indexed_versions_without_any_index_is_empty(engine):
    assert engine.index.indexed_versions() == {}
    assert engine.index.aliased_indices() == []


def test_an_unreachable_cluster_raises_so_that_the_task_retries():
    # Nothing listens on that port: a real refused connection.
    client = make_client(f"http://127.0.0.1:{free_port()}")
    engine = ElasticsearchEngine(client=client, prefix="rtes-test-unreachable-")

    with pytest.raises(EngineUnavailable):
        engine.index.add_items([document(1, 1)])
    with pytest.raises(EngineUnavailable):
        engine.index.delete_item(1)
    assert not engine.is_available()

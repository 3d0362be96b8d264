"""Index updates follow the database: triggers, outbox, versions, reconciliation."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction

from search import indexing, tasks
from search.engines import get_engine
from search.engines.base import SearchQuery
from search.engines.database import DatabaseSearchEngine
from search.models import PracticeIndexState
from tests.factories import ThemeFactory, member_page, practice


@pytest.fixture
def engine(db):
    """The configured engine: the pipeline is the same for every engine."""
    return get_engine()


def found(engine, text="", **filters) -> set[str]:
    query = SearchQuery(text=text, filters={k: tuple(v) for k, v in filters.items()})
    return {hit.title for hit in engine.searcher.search(query).hits}


def test_publishing_makes_a_practice_searchable(
    engine, home, django_capture_on_commit_callbacks
):
    territory = member_page()
    with django_capture_on_commit_callbacks(execute=True):
        page = practice(territory, title="Une légumerie solidaire")
    assert "Une légumerie solidaire" in found(engine, "légumerie")
    assert not PracticeIndexState.objects.get(page_id=page.pk).dirty


def test_unpublishing_and_deleting_remove_it(
    engine, home, django_capture_on_commit_callbacks
):
    territory = member_page()
    with django_capture_on_commit_callbacks(execute=True):
        first = practice(territory, title="Première ressourcerie")
        second = practice(territory, title="Seconde ressourcerie")
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert found(engine, "ressourcerie") == set()
    assert engine.index.indexed_versions() == {}


def test_a_renamed_theme_slug_changes_the_facet_values(
    engine, home, django_capture_on_commit_callbacks
):
    theme = ThemeFactory(slug="iae", name="Insertion")
    territory = member_page()
    with django_capture_on_commit_callbacks(execute=True):
        page = practice(territory, themes=[theme])
    with django_capture_on_commit_callbacks(execute=True):
        theme.slug = "insertion-activite-economique"
        theme.save()
    assert found(engine, theme=["insertion-activite-economique"]) == {page.title}
    assert found(engine, theme=["iae"]) == set()


def test_a_rolled_back_change_schedules_nothing(
    home, django_capture_on_commit_callbacks
):
    territory = member_page()
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                practice(territory)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not PracticeIndexState.objects.exists()


def test_publishing_succeeds_with_the_broker_down_and_is_indexed_later(
    engine, home, django_capture_on_commit_callbacks
):
    territory = member_page()
    broker_down = ConnectionRefusedError("broker unreachable")
    with (
        mock.patch("search.tasks.sync_practices.delay", side_effect=broker_down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = practice(territory, title="Publiée pendant la panne", indexed=False)
    assert page.live
    assert PracticeIndexState.objects.get(page_id=page.pk).dirty
    assert found(engine, "panne") == set()

    assert indexing.pending_ids(grace=timedelta(0)) == [page.pk]
    indexing.index_practices(indexing.pending_ids(grace=timedelta(0)))
    assert found(engine, "panne") == {page.title}


def test_a_bulk_change_is_sent_in_chunks(home, django_capture_on_commit_callbacks):
    theme = ThemeFactory()
    territory = member_page()
    pages = [practice(territory, themes=[theme]) for _ in range(5)]
    with (
        mock.patch.object(indexing, "CHUNK_SIZE", 2),
        mock.patch("search.tasks.sync_practices.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.schedule([p.pk for p in pages])
    assert [len(call.args[0]) for call in delay.call_args_list] == [2, 2, 1]


def test_reconciliation_repairs_missing_stale_and_extra(engine, home):
    territory = member_page()
    kept, missing, gone = (
        practice(territory, title=f"Fiche {n}", indexed=False) for n in "abc"
    )
    indexing.index_practices([kept.pk, gone.pk], engine)
    indexing.mark_dirty([kept.pk])  # changed since: the index is stale
    gone.unpublish()  # no task ran: the index holds an extra document

    run = indexing.reconcile(engine)

    assert (run.missing, run.stale, run.extra) == (1, 1, 1)
    versions = engine.index.indexed_versions()
    assert set(versions) == {kept.pk, missing.pk}
    assert versions[kept.pk] == PracticeIndexState.objects.get(page_id=kept.pk).version
    assert indexing.reconcile(engine).missing == 0  # nothing left to repair


def test_rebuild_replaces_the_index(engine, home):
    territory = member_page()
    page = practice(territory, title="Reconstruite")
    engine.index.add_items([])  # an empty call is harmless
    run = indexing.rebuild(engine)
    assert run.indexed == 1 and run.errors == []
    assert found(engine, "reconstruite") == {page.title}


def test_a_practice_changed_during_indexing_stays_dirty(home):
    territory = member_page()
    first, second = practice(territory), practice(territory)
    indexing.mark_dirty([first.pk, second.pk])
    indexed = dict(PracticeIndexState.objects.values_list("page_id", "version"))
    indexing.mark_dirty([second.pk])  # a newer change arrives meanwhile
    indexing.mark_clean(indexed)
    dirty = set(
        PracticeIndexState.objects.filter(dirty=True).values_list("page_id", flat=True)
    )
    assert dirty == {second.pk}


def test_documents_in_bulk_are_the_documents_one_by_one(home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.documents import (
        indexable_practices,
        practice_document,
        practice_documents,
    )
    from tests.factories import AudienceFactory, LeverFactory, TerritoryFactory

    themes = [ThemeFactory(name="Zéro déchet"), ThemeFactory(name="Achats")]
    lever, audience = LeverFactory(), AudienceFactory()
    territory = member_page()
    pages = [
        practice(territory, themes=themes, levers=[lever], audiences=[audience])
        for _ in range(3)
    ]
    pages[0].partners.create(name="Régie de quartier", sort_order=1)
    pages[0].partners.create(name="Ressourcerie", sort_order=0)
    pages[0].partner_territories.set([TerritoryFactory(), TerritoryFactory()])
    pages[0].save()
    ids = [page.pk for page in pages]

    one_by_one = [practice_document(page) for page in indexable_practices()]
    assert practice_documents(ids) == sorted(one_by_one, key=lambda d: ids.index(d.id))
    assert practice_documents(ids)[0].partners == "Ressourcerie Régie de quartier"

    with CaptureQueriesContext(connection) as few:
        practice_documents(ids[:1])
    with CaptureQueriesContext(connection) as many:
        practice_documents(ids)
    assert len(many) == len(few)  # per chunk, not per practice


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_writes_chunk_by_chunk_and_searches_keep_answering(home, monkeypatch):
    import threading

    from django.db import connections

    engine = DatabaseSearchEngine()
    territory = member_page()
    pages = [practice(territory, title=f"Coopérative {n}") for n in range(5)]
    indexing.index_practices([p.pk for p in pages], engine)
    indexing.mark_dirty([p.pk for p in pages])  # version 2 for everyone
    seen = []  # what another connection sees after each chunk

    def look_from_elsewhere():
        try:
            versions = DatabaseSearchEngine().index.indexed_versions()
            total = (
                DatabaseSearchEngine().searcher.search(SearchQuery("coopérative")).total
            )
            seen.append((total, sorted(versions.values())))
        finally:
            connections.close_all()

    real_add_items = engine.index.add_items

    def add_items(documents):
        errors = real_add_items(documents)
        reader = threading.Thread(target=look_from_elsewhere)
        reader.start()
        reader.join()
        return errors

    monkeypatch.setattr("search.engines.base.REBUILD_CHUNK", 2)
    monkeypatch.setattr(engine.index, "add_items", add_items)

    run = indexing.rebuild(engine)

    assert run.indexed == 5 and run.errors == []
    # Each chunk was committed on its own (another connection saw it at once), and
    # searches found every practice all along: the catalogue never went blank.
    assert seen[:3] == [
        (5, [1, 1, 1, 2, 2]),
        (5, [1, 2, 2, 2, 2]),
        (5, [2, 2, 2, 2, 2]),
    ]
    assert not PracticeIndexState.objects.filter(dirty=True).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_in_several_processes_gives_the_same_index(home, monkeypatch):
    engine = DatabaseSearchEngine()
    territory = member_page()
    pages = [practice(territory, title=f"Épicerie {n}") for n in range(7)]
    gone = pages.pop()
    indexing.index_practices([p.pk for p in [*pages, gone]], engine)
    gone.unpublish()  # its document is now an extra one
    indexing.mark_dirty([pages[0].pk])  # and this one is stale
    monkeypatch.setattr(indexing, "CHUNK_SIZE", 2)

    run = indexing.rebuild(engine, jobs=2)

    assert run.indexed == 6 and run.errors == []
    expected = dict(PracticeIndexState.objects.values_list("page_id", "version"))
    assert engine.index.indexed_versions() == {p.pk: expected[p.pk] for p in pages}
    assert found(engine, "épicerie") == {p.title for p in pages}
    assert not PracticeIndexState.objects.filter(
        page_id__in=[p.pk for p in pages], dirty=True
    ).exists()

"""An adaptation published, unpublished, deleted or changed reindexes the
practices it names as sources: their "adapted" value follows, and a change
waiting for the index is never lost."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from practices.models import PracticeInspiration, PracticePage
from search import indexing
from search.engines import get_engine
from search.engines.base import SearchQuery
from search.models import PracticeIndexState
from tests.factories import practice

from .catalogue import reindex


def adapted() -> set[str]:
    query = SearchQuery(filters={"adapted": ("yes",)})
    return {hit.title for hit in get_engine().searcher.search(query).hits}


@pytest.fixture
def original(territory_b):
    return practice(territory_b, title="Légumerie solidaire")


@pytest.fixture
def other(territory_b):
    return practice(territory_b, title="Ressourcerie girondine")


def draft_inspired_by(parent, *sources, title="Légumerie du Val"):
    """A new practice, its first revision naming these sources (as the editor
    saves it: the lineage rows wait in the revision until it is published)."""
    page = practice(parent, live=False, title=title)
    return revise(page, *sources)


def revise(page, *sources):
    page = PracticePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    page.inspirations = [PracticeInspiration(source=source) for source in sources]
    return page.save_revision()


def test_publishing_an_adaptation_marks_the_original_adapted(
    territory_a, original, django_capture_on_commit_callbacks
):
    revision = draft_inspired_by(territory_a, original)
    assert adapted() == set()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert adapted() == {original.title}


def test_an_adaptation_in_the_same_territory_does_not_count(
    territory_b, original, django_capture_on_commit_callbacks
):
    """ "Adaptée par d'autres territoires": as the territory page counts them."""
    revision = draft_inspired_by(territory_b, original)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert PracticeInspiration.objects.filter(source=original).exists()
    assert adapted() == set()


def test_unpublishing_the_adaptation_clears_it(
    territory_a, original, django_capture_on_commit_callbacks
):
    revision = draft_inspired_by(territory_a, original)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    reindex([original])  # marked, whatever published it
    assert adapted() == {original.title}
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=revision.object_id).unpublish()
    assert adapted() == set()


def test_deleting_the_adaptation_clears_it(
    territory_a, original, django_capture_on_commit_callbacks
):
    revision = draft_inspired_by(territory_a, original)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    reindex([original])  # marked, whatever published it
    assert adapted() == {original.title}
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=revision.object_id).delete()
    assert adapted() == set()


def test_a_new_source_moves_the_mark_and_a_removed_one_loses_it(
    territory_a, original, other, django_capture_on_commit_callbacks
):
    revision = draft_inspired_by(territory_a, original)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    page = PracticePage.objects.get(pk=revision.object_id)

    with django_capture_on_commit_callbacks(execute=True):
        revise(page, other).publish()
    assert adapted() == {other.title}

    with django_capture_on_commit_callbacks(execute=True):
        revise(page).publish()
    assert adapted() == set()


def test_two_adaptations_keep_the_mark_until_the_last_goes(
    territory_a, original, django_capture_on_commit_callbacks
):
    first = draft_inspired_by(territory_a, original, title="Légumerie A")
    second = draft_inspired_by(territory_a, original, title="Légumerie B")
    with django_capture_on_commit_callbacks(execute=True):
        first.publish()
        second.publish()
    assert adapted() == {original.title}
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=first.object_id).unpublish()
    assert adapted() == {original.title}
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=second.object_id).unpublish()
    assert adapted() == set()


def test_the_original_waits_in_the_outbox_when_no_task_runs(
    territory_a, original, django_capture_on_commit_callbacks
):
    """The broker down: the publication commits, no task is sent; the original
    stays marked dirty and `index_pending` brings it in."""
    revision = draft_inspired_by(territory_a, original)
    with django_capture_on_commit_callbacks(execute=False):
        revision.publish()
    assert PracticeIndexState.objects.get(page_id=original.pk).dirty
    assert adapted() == set()
    pending = indexing.pending_ids(grace=datetime.timedelta(0))
    assert original.pk in pending
    indexing.index_practices(pending)
    assert adapted() == {original.title}


def test_making_the_adaptation_private_clears_it_and_public_again_restores_it(
    territory_a, original, django_capture_on_commit_callbacks
):
    """Only public adaptations count: a view restriction set or lifted on the
    adaptation (or on its territory's page) reindexes the original."""
    revision = draft_inspired_by(territory_a, original)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert adapted() == {original.title}
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=territory_a, restriction_type=PageViewRestriction.LOGIN
        )
    assert adapted() == set()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert adapted() == {original.title}


def test_moving_the_adaptation_into_the_originals_territory_clears_it(
    territory_a, territory_b, original, django_capture_on_commit_callbacks
):
    revision = draft_inspired_by(territory_a, original)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    page = PracticePage.objects.get(pk=revision.object_id)
    with django_capture_on_commit_callbacks(execute=True):
        page.move(territory_b, pos="last-child")
    assert adapted() == set()

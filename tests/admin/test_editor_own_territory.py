"""An editor of territory A works on practices under A; publication needs review."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from practices.models import PracticePage
from tests.factories import practice

from .helpers import add_url, create_practice, denied, edit_practice, latest


@pytest.fixture
def created(as_editor_a, territory_a):
    """A practice the editor of A created through the admin (a draft)."""
    response = create_practice(as_editor_a, territory_a, title="Achats solidaires")
    assert response.status_code == 302, response.content[:2000]
    return PracticePage.objects.get(title="Achats solidaires")


def test_editor_can_open_the_add_form_under_own_territory(as_editor_a, territory_a):
    assert as_editor_a.get(add_url(territory_a)).status_code == 200


def test_created_practice_is_a_draft_under_own_territory(created, territory_a):
    assert (created.get_parent().pk, created.live) == (territory_a.pk, False)


def test_created_practice_keeps_inline_objects(created):
    revision = created.get_latest_revision_as_object()
    assert [p.name for p in revision.partners.all()] == ["Coopérative Exemple"]


def test_editor_can_open_the_edit_form_of_own_practice(as_editor_a, created):
    url = reverse("wagtailadmin_pages:edit", args=[created.pk])
    assert as_editor_a.get(url).status_code == 200


def test_editing_saves_a_draft_revision_not_live(as_editor_a, created):
    response = edit_practice(as_editor_a, created, summary="Résumé revu.")
    assert response.status_code == 302
    page = latest(created)
    draft = page.get_latest_revision_as_object()
    assert (draft.summary, page.live, page.has_unpublished_changes) == (
        "Résumé revu.",
        False,
        True,
    )


def test_submitting_starts_the_workflow_without_publishing(as_editor_a, created):
    edit_practice(as_editor_a, created, action="submit")
    page = latest(created)
    assert (page.workflow_in_progress, page.live) == (True, False)


def test_submitted_to_the_rtes_review_task(as_editor_a, created):
    edit_practice(as_editor_a, created, action="submit")
    state = WorkflowState.objects.get(object_id=str(created.pk))
    assert state.current_task_state.task.name == "Validation par l'équipe éditoriale"


def test_publish_action_does_not_publish(as_editor_a, created):
    edit_practice(as_editor_a, created, action="publish")
    assert latest(created).live is False


def test_publish_action_on_create_does_not_publish(as_editor_a, territory_a):
    create_practice(
        as_editor_a, territory_a, title="Publication directe", action="publish"
    )
    assert PracticePage.objects.get(title="Publication directe").live is False


def test_editor_cannot_approve_own_submission(as_editor_a, created):
    edit_practice(as_editor_a, created, action="submit")
    task_state = latest(created).current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[created.pk, "approve", task_state.pk],
    )
    response = as_editor_a.post(url, {})
    assert (denied(response), latest(created).live) == (True, False)


def test_editor_cannot_unpublish_own_live_practice(as_editor_a, territory_a):
    page = practice(territory_a)
    url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    response = as_editor_a.post(url)
    assert (denied(response), latest(page).live) == (True, True)


@pytest.mark.parametrize("option", ["publish_copies", "alias"])
def test_copying_a_live_practice_does_not_publish_the_copy(
    as_editor_a, territory_a, option
):
    """Copy and alias are no back door around the review either."""
    own = practice(territory_a, title="Fiche en ligne")
    as_editor_a.post(
        reverse("wagtailadmin_pages:copy", args=[own.pk]),
        {
            "new_title": "Copie en ligne",
            "new_slug": "copie-en-ligne",
            "new_parent_page": territory_a.pk,
            option: "on",
        },
    )
    live_copies = PracticePage.objects.filter(slug="copie-en-ligne", live=True)
    assert not live_copies.exists()

"""An editor of territory A can neither see the editor of, nor change, B's pages.

Each case goes through the admin view a browser would use, and checks that the
request was refused and, for POSTs, that nothing changed.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from practices.models import PracticePage
from tests.factories import practice

from .helpers import (
    VIEWS_OF_B,
    create_practice,
    denied,
    edit_practice,
    latest,
    page_url,
)


@pytest.mark.parametrize("view", VIEWS_OF_B)
def test_editor_cannot_open_views_of_another_territory(
    as_editor_a, territory_b, practice_b, view
):
    url = VIEWS_OF_B[view](territory_b, practice_b)
    assert denied(as_editor_a.get(url))


def test_explorer_of_another_territory_sends_editor_home(
    as_editor_a, territory_a, territory_b
):
    """Wagtail does not list B's pages: it redirects to the editor's own subtree."""
    response = as_editor_a.get(reverse("wagtailadmin_explore", args=[territory_b.pk]))
    assert response["Location"] == reverse(
        "wagtailadmin_explore", args=[territory_a.pk]
    )


def test_editor_can_open_the_same_views_of_own_practice(as_editor_a, territory_a):
    """The control case: the refusals above are about territory, not about views."""
    own = practice(territory_a, live=False)
    assert as_editor_a.get(page_url("edit", own)).status_code == 200


def test_cannot_create_a_practice_under_another_territory(as_editor_a, territory_b):
    response = create_practice(as_editor_a, territory_b, title="Intrusion")
    assert (
        denied(response),
        PracticePage.objects.filter(title="Intrusion").exists(),
    ) == (
        True,
        False,
    )


@pytest.mark.parametrize("action", [None, "submit", "publish"])
def test_cannot_edit_another_territorys_practice(as_editor_a, practice_b, action):
    response = edit_practice(as_editor_a, practice_b, action=action, title="Modifié")
    page = latest(practice_b)
    assert (denied(response), page.title, page.latest_revision_id) == (
        True,
        practice_b.title,
        practice_b.latest_revision_id,
    )


def test_cannot_publish_another_territorys_draft(as_editor_a, draft_practice_b):
    response = edit_practice(as_editor_a, draft_practice_b, action="publish")
    assert (denied(response), latest(draft_practice_b).live) == (True, False)


def test_cannot_delete_another_territorys_practice(as_editor_a, practice_b):
    response = as_editor_a.post(page_url("delete", practice_b))
    assert (denied(response), Page.objects.filter(pk=practice_b.pk).exists()) == (
        True,
        True,
    )


def test_cannot_delete_another_territorys_draft(as_editor_a, draft_practice_b):
    response = as_editor_a.post(page_url("delete", draft_practice_b))
    exists = Page.objects.filter(pk=draft_practice_b.pk).exists()
    assert (denied(response), exists) == (True, True)


def test_cannot_unpublish_another_territorys_practice(as_editor_a, practice_b):
    response = as_editor_a.post(page_url("unpublish", practice_b))
    assert (denied(response), latest(practice_b).live) == (True, True)


def test_cannot_move_another_territorys_practice(as_editor_a, practice_b, territory_a):
    response = as_editor_a.post(page_url("move_confirm", practice_b, territory_a))
    parent = latest(practice_b).get_parent()
    assert (denied(response), parent.pk) == (True, practice_b.get_parent().pk)


@pytest.mark.parametrize("live", [True, False], ids=["live", "draft"])
def test_cannot_move_own_practice_under_another_territory(
    as_editor_a, territory_a, territory_b, live
):
    own = practice(territory_a, live=live)
    response = as_editor_a.post(page_url("move_confirm", own, territory_b))
    assert (denied(response), latest(own).get_parent().pk) == (True, territory_a.pk)


def test_move_chooser_offers_no_destination_in_another_territory(
    as_editor_a, territory_a, territory_b
):
    own = practice(territory_a, live=False)
    response = as_editor_a.get(page_url("move", own))
    assert page_url("move_confirm", own, territory_b) not in response.content.decode()


def test_cannot_copy_own_practice_into_another_territory(
    as_editor_a, territory_a, territory_b
):
    own = practice(territory_a, live=False, title="Fiche à copier")
    as_editor_a.post(
        page_url("copy", own),
        {
            "new_title": "Copie chez B",
            "new_slug": "copie-chez-b",
            "new_parent_page": territory_b.pk,
        },
    )
    assert not PracticePage.objects.filter(title="Copie chez B").exists()


def test_cannot_lock_another_territorys_practice(as_editor_a, practice_b):
    response = as_editor_a.post(page_url("lock", practice_b))
    assert (denied(response), latest(practice_b).locked) == (True, False)


def test_bulk_delete_skips_another_territorys_practice(as_editor_a, practice_b):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    as_editor_a.post(f"{url}?id={practice_b.pk}")
    assert Page.objects.filter(pk=practice_b.pk).exists()


def test_bulk_publish_skips_another_territorys_draft(as_editor_a, draft_practice_b):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    as_editor_a.post(f"{url}?id={draft_practice_b.pk}")
    assert latest(draft_practice_b).live is False


def test_bulk_publish_skips_own_draft(as_editor_a, territory_a):
    """Bulk actions are no back door around the workflow either."""
    own = practice(territory_a, live=False)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    as_editor_a.post(f"{url}?id={own.pk}")
    assert latest(own).live is False

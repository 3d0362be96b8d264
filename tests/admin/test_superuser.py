"""A superuser can do everything the editors are refused: the control cases."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from practices.models import PracticePage, Theme
from territories.models import TerritoryPage
from tests.factories import TerritoryFactory, practice

from .helpers import VIEWS_OF_B, create_practice, edit_practice, latest, page_url


@pytest.mark.parametrize("view", VIEWS_OF_B)
def test_superuser_opens_every_view_of_a_territory(
    as_superuser, territory_b, practice_b, view
):
    url = VIEWS_OF_B[view](territory_b, practice_b)
    # "Add subpage" redirects to the add form when one page type is allowed.
    response = as_superuser.get(url, follow=True)
    final_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    assert (response.status_code, final_url == reverse("wagtailadmin_home")) == (
        200,
        False,
    )


def test_superuser_creates_and_publishes_directly(as_superuser, territory_b):
    create_practice(
        as_superuser, territory_b, title="Publiée d'office", action="publish"
    )
    assert PracticePage.objects.get(title="Publiée d'office").live is True


def test_superuser_edits_another_territorys_practice(as_superuser, practice_b):
    edit_practice(as_superuser, practice_b, action="publish", title="Titre revu")
    assert latest(practice_b).title == "Titre revu"


def test_superuser_moves_a_practice_between_territories(
    as_superuser, territory_a, territory_b
):
    page = practice(territory_a)
    as_superuser.post(page_url("move_confirm", page, territory_b))
    moved = latest(page)
    assert (moved.get_parent().pk, moved.territory_id) == (
        territory_b.pk,
        territory_b.territory_id,
    )


def test_superuser_copies_a_practice_into_another_territory(
    as_superuser, territory_a, territory_b
):
    """Same POST as the editor's refused copy: it works when allowed."""
    page = practice(territory_a, live=False)
    as_superuser.post(
        page_url("copy", page),
        {
            "new_title": "Copie chez B",
            "new_slug": "copie-chez-b",
            "new_parent_page": territory_b.pk,
        },
    )
    copy = PracticePage.objects.get(title="Copie chez B")
    assert copy.get_parent().pk == territory_b.pk


def test_superuser_unpublishes(as_superuser, practice_b):
    as_superuser.post(page_url("unpublish", practice_b))
    assert latest(practice_b).live is False


def test_superuser_deletes(as_superuser, practice_b):
    as_superuser.post(page_url("delete", practice_b))
    assert not Page.objects.filter(pk=practice_b.pk).exists()


def test_superuser_bulk_publishes(as_superuser, draft_practice_b):
    """Same POST as the editors' refused bulk publish: it works when allowed."""
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    as_superuser.post(f"{url}?id={draft_practice_b.pk}")
    assert latest(draft_practice_b).live is True


def test_superuser_bulk_deletes(as_superuser, practice_b):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    as_superuser.post(f"{url}?id={practice_b.pk}")
    assert not Page.objects.filter(pk=practice_b.pk).exists()


def test_superuser_locks(as_superuser, practice_b):
    as_superuser.post(page_url("lock", practice_b))
    assert latest(practice_b).locked is True


def test_superuser_approves_a_submission(client, as_editor_a, territory_a, superuser):
    page = practice(territory_a, live=False)
    edit_practice(as_editor_a, page, action="submit")
    client.force_login(superuser)
    task_state = latest(page).current_workflow_task_state
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert latest(page).live is True


def test_superuser_manages_taxonomies(as_superuser, home):
    as_superuser.post(
        reverse("wagtailsnippets_practices_theme:add"),
        {"name": "Finance solidaire", "slug": "finance-solidaire"},
    )
    assert Theme.objects.filter(slug="finance-solidaire").exists()


def test_superuser_makes_a_territory_member(as_superuser, home):
    territory = TerritoryFactory(name="Lille", code="59350", kind="commune")
    as_superuser.post(
        reverse(
            "wagtailsnippets_territories_territory:make_member", args=[territory.pk]
        ),
        {"membership_date": "2025-01-15"},
    )
    assert TerritoryPage.objects.filter(territory=territory).exists()

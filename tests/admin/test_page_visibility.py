"""The page chooser and the page-types report keep other territories' drafts hidden."""

import pytest
from django.urls import reverse

from tests.factories import practice


def browse_b(client, territory_b):
    url = reverse("wagtailadmin_choose_page_child", args=[territory_b.pk])
    return client.get(url).content.decode()


def search_chooser(client, query):
    url = reverse("wagtailadmin_choose_page_search")
    return client.get(url, {"q": query}).content.decode()


def page_types_report(client):
    return client.get(reverse("wagtailadmin_reports:page_types_usage")).content.decode()


def test_chooser_shows_b_published_practice_not_its_draft(
    as_editor_a, territory_b, practice_b, draft_practice_b
):
    html = browse_b(as_editor_a, territory_b)
    assert practice_b.title in html
    assert draft_practice_b.title not in html


def test_chooser_search_does_not_find_b_draft(as_editor_a, draft_practice_b):
    assert draft_practice_b.title not in search_chooser(as_editor_a, "Brouillon")


def test_editor_still_chooses_own_drafts(as_editor_a, territory_a):
    own = practice(territory_a, live=False, title="Brouillon valdemarnais")
    assert own.title in search_chooser(as_editor_a, "Brouillon")


def test_editorial_team_chooses_every_draft(as_editorial, draft_practice_b):
    assert draft_practice_b.title in search_chooser(as_editorial, "Brouillon")


def test_page_types_report_hides_b_draft_title(as_editor_a, draft_practice_b):
    assert draft_practice_b.title not in page_types_report(as_editor_a)


def test_page_types_report_shows_published_title_not_unpublished_edit(
    as_editor_a, practice_b
):
    practice_b.title = "Titre pas encore relu"
    practice_b.save_revision()
    html = page_types_report(as_editor_a)
    assert "Titre pas encore relu" not in html
    assert "Achats responsables en Gironde" in html


@pytest.mark.parametrize("client_fixture", ["as_editorial", "as_superuser"])
def test_page_types_report_shows_drafts_to_those_who_edit_them(
    request, client_fixture, draft_practice_b
):
    client = request.getfixturevalue(client_fixture)
    assert draft_practice_b.title in page_types_report(client)
